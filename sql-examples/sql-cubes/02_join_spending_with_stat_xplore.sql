-- One query over two APIs: the runner's connection is the Stat-Xplore emulator (schema
-- statxplore) and model.json adds the Cubes emulator (schema cubes). Each side is one request
-- computed by its API -- public spending on social protection (COFOG 10) per region from the
-- Country Regional Analysis, Universal Credit households per region from Stat-Xplore -- and
-- Calcite joins the two small results on the region's name.
SELECT s.region, s.social_protection, h.households,
       s.social_protection / h.households AS spending_per_household
FROM (SELECT region_label AS region, SUM(amount) AS social_protection
      FROM cubes.ukgov_finances_cra
      WHERE cofog1_name = '10'
      GROUP BY region_name, region_label) AS s
JOIN (SELECT region, SUM(households_on_universal_credit) AS households
      FROM statxplore.uc_households
      GROUP BY region) AS h
  ON UPPER(h.region) = UPPER(s.region)
ORDER BY spending_per_household DESC;
