-- GROUP BY a CASE over one field is Protari's custom groups: the postcodes that share a value are
-- one group, perturbed by Protari as a whole. Where the groups hold every value, the largest is the
-- API's own "other" group: group_by=POSTCODE:6722;6725:6710;6429 (ONE request, shown by EXPLAIN).
EXPLAIN PLAN FOR
SELECT CASE WHEN postcode_code IN ('6722', '6725') THEN 'west'
            WHEN postcode_code IN ('6429', '6710') THEN 'east'
            ELSE 'elsewhere' END AS area,
       SUM(people) AS people
FROM sample
GROUP BY CASE WHEN postcode_code IN ('6722', '6725') THEN 'west'
              WHEN postcode_code IN ('6429', '6710') THEN 'east'
              ELSE 'elsewhere' END;

-- Ranges of an integer field as groups, by dwelling type; the CASE's texts are CHAR, padded to the
-- longest, which TRIM removes. Sentinel values (ROOMS 'Not stated', 'Not applicable') fall in the
-- ELSE group here, as in Protari's "other".
SELECT dwell, TRIM(bedrooms) AS bedrooms, SUM(people) AS people
FROM (SELECT dwell,
             CASE WHEN rooms_code IN ('0', '1') THEN 'up to 1'
                  WHEN rooms_code IN ('2', '3', '4') THEN '2 to 4'
                  WHEN rooms_code IN ('5', '6', '7', '>=8') THEN '5 or more'
                  ELSE 'not stated' END AS bedrooms,
             people
      FROM sample)
GROUP BY dwell, bedrooms
ORDER BY dwell, bedrooms;
