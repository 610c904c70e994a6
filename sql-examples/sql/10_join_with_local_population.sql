-- API figures joined with your own data. The runner connects with model.json (next to these
-- files), which adds schema "local" reading the CSV files in data/ through Calcite's file
-- adapter: jdbc:statxplore:model=sql-examples/sql/model.json. Stat-Xplore computes the regional
-- counts in one request; Calcite joins them with the population table and divides.
SELECT h.region,
       h.households,
       p.population,
       ROUND(100000 * h.households / p.population, 1) AS households_per_100k_people
FROM (SELECT region_code, region, SUM(households_on_universal_credit) AS households
      FROM uc_households
      WHERE month = 'April 2019'
      GROUP BY region_code, region) AS h
JOIN local.population_by_region AS p ON p.code = h.region_code
ORDER BY households_per_100k_people DESC;
