-- Children in relative low income families, Sheffield constituencies by year, with the
-- constituencies' total per year: the seed harvester's query, written in SQL. The Total rows
-- (NULL constituency) are Stat-Xplore's own totals for the five constituencies together.
SELECT year, westminster_parliamentary_constituencies AS constituency,
       SUM(relative_low_income) AS children
FROM cilif_rel
WHERE westminster_parliamentary_constituencies LIKE 'Sheffield%'
GROUP BY year, ROLLUP(westminster_parliamentary_constituencies)
ORDER BY year, constituency NULLS LAST;
