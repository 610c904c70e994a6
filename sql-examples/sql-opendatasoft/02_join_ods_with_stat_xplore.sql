-- One query over two APIs: the runner's connection is the Stat-Xplore emulator (schema
-- statxplore) and model.json adds the ODS emulator (schema opendatasoft). Each side is one
-- request computed by its API -- UC households per year from Stat-Xplore, mean NO2 per year
-- from the ODS air_quality dataset -- and Calcite joins the two small results on the year.
SELECT h.yr, h.households, a.mean_no2, a.measurements
FROM (SELECT SUBSTRING(month_code FROM 1 FOR 4) AS yr, SUM(households_on_universal_credit) AS households
      FROM statxplore.uc_households
      GROUP BY SUBSTRING(month_code FROM 1 FOR 4)) AS h
JOIN (SELECT CAST(year AS VARCHAR(4)) AS yr, AVG("value") AS mean_no2, COUNT(*) AS measurements
      FROM opendatasoft.air_quality
      WHERE pollutant = 'NO2'
      GROUP BY year) AS a
  ON a.yr = h.yr
ORDER BY h.yr;
