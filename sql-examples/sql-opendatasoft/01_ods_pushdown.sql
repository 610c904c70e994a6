-- An OpenDataSoft portal as SQL (here the bundled ODS emulator, added by model.json in this
-- folder; on a real portal: jdbc:statxplore:api=opendatasoft;platform=public). The filter, the
-- grouping with its aggregates, the order and the limit all go to the portal as ODSQL in ONE
-- /records call: EXPLAIN shows it.
EXPLAIN PLAN FOR
SELECT cou_name_en, COUNT(*) AS towns, SUM(population) AS people, AVG(elevation) AS mean_elevation
FROM world_cities
WHERE population >= 10000 AND country_code IN ('FR', 'BE', 'DE') AND modification_date >= DATE '2018-01-01'
GROUP BY cou_name_en
ORDER BY people DESC
LIMIT 3;

SELECT cou_name_en, COUNT(*) AS towns, SUM(population) AS people, AVG(elevation) AS mean_elevation
FROM world_cities
WHERE population >= 10000 AND country_code IN ('FR', 'BE', 'DE') AND modification_date >= DATE '2018-01-01'
GROUP BY cou_name_en
ORDER BY people DESC
LIMIT 3;

-- A geo point is two columns; LIKE 'prefix%' goes as startswith() and is checked again locally.
SELECT name, population, coordinates_lat, coordinates_lon
FROM world_cities
WHERE name LIKE 'Sa%' AND elevation IS NOT NULL
ORDER BY population DESC
LIMIT 5;
