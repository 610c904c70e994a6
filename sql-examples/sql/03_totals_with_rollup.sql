-- ROLLUP, CUBE and GROUPING SETS ask Stat-Xplore for its Total items ("total": true).
-- Total rows show NULL in the rolled-up column and carry Stat-Xplore's own total, which is not
-- the sum of the rows above it: every cell is perturbed separately.
SELECT family_type, GROUPING(family_type) AS is_total, SUM(households_on_universal_credit) AS households
FROM uc_households
WHERE month = 'May 2018'
GROUP BY ROLLUP(family_type);
