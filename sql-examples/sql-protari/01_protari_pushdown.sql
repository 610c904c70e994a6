-- A Protari API as SQL (here the bundled Protari emulator with the guide's sample datasets, added
-- by model.json in this folder; on a real one: jdbc:statxplore:api=protari;url=https://<host>/v1).
-- GROUP BY becomes group_by, the filters one where condition per field (a run of intervals as a
-- range, all leaves of a parent as the parent), SUM of the count function=count: ONE request,
-- which EXPLAIN shows as the guide writes it.
EXPLAIN PLAN FOR
SELECT dwell, sex, SUM(people) AS people
FROM sample
WHERE rooms_code IN ('3', '4', '5') AND country_code IN ('1101', '1102', '1199')
GROUP BY dwell, sex;

SELECT dwell, sex, SUM(people) AS people
FROM sample
WHERE rooms_code IN ('3', '4', '5') AND country_code IN ('1101', '1102', '1199')
GROUP BY dwell, sex;

-- ROLLUP is totals=true: the rolled-up rows carry Protari's own perturbed totals (NULL in the
-- rolled-up column), never a sum of the perturbed cells, which would differ.
SELECT dwell, SUM(people) AS people, GROUPING(dwell) AS is_total
FROM sample
GROUP BY ROLLUP(dwell);

-- A mean is function=mean ROOMS (sentinel values such as 999 'Not applicable' excluded by the API).
SELECT amount_code, AVG(mean_rooms) AS mean_rooms
FROM sample
WHERE amount_code >= '50'
GROUP BY amount_code;
