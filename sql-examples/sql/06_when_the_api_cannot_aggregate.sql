-- A filter on a measure cannot be sent to Stat-Xplore: the driver reads the cells at the finest
-- grain and sums them itself, with an SQLWarning, because a sum of perturbed cells may differ
-- from Stat-Xplore's own figure. (AVG of a mean would be refused instead: a mean of means is wrong.)
SELECT region, SUM(households_on_universal_credit) AS households_in_large_cells
FROM uc_households
WHERE households_on_universal_credit > 1000 AND month = 'May 2018'
GROUP BY region
ORDER BY region;
