-- GROUP BY a CASE over one field: the regions that share a value become one group of the recode,
-- and Stat-Xplore counts each group itself (ONE /table request, shown by EXPLAIN). Adding up the
-- regions' own figures would not give Stat-Xplore's figure for the group.
EXPLAIN PLAN FOR
SELECT CASE WHEN region IN ('London', 'South East', 'East of England') THEN 'London and the South East'
            WHEN region_code IN ('E12000001', 'E12000002', 'E12000003') THEN 'The North'
            ELSE 'The rest of England' END AS area,
       SUM(households_on_universal_credit) AS households
FROM uc_households
WHERE month_code = '201901'
GROUP BY CASE WHEN region IN ('London', 'South East', 'East of England') THEN 'London and the South East'
              WHEN region_code IN ('E12000001', 'E12000002', 'E12000003') THEN 'The North'
              ELSE 'The rest of England' END;

-- The same groups in a derived table, with ROLLUP: the Total row is Stat-Xplore's own total.
-- A CASE of texts of different lengths is CHAR in SQL, padded to the longest: TRIM shows them bare.
SELECT TRIM(area) AS area, SUM(households_on_universal_credit) AS households
FROM (SELECT CASE WHEN region IN ('London', 'South East', 'East of England') THEN 'London and the South East'
                  WHEN region_code IN ('E12000001', 'E12000002', 'E12000003') THEN 'The North'
                  ELSE 'The rest of England' END AS area,
             households_on_universal_credit
      FROM uc_households
      WHERE month_code = '201901')
GROUP BY ROLLUP(area);

-- A grouped condition is two groups: families with children (TRUE) and the rest (FALSE); an
-- IN-list (family_type_code IN ('2', '4')) gives the same two groups.
SELECT family_type LIKE '%with child%' AS with_children,
       SUM(households_on_universal_credit) AS households
FROM uc_households
WHERE month_code = '201901'
GROUP BY family_type LIKE '%with child%';
