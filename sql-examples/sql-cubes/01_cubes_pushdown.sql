-- An OpenSpending / Cubes server as SQL (here the bundled emulator in its DataBrewery Cubes
-- flavor, added by model.json in this folder; on a real server:
-- jdbc:statxplore:api=cubes;url=https://…;flavor=cubes, or babbage, or openspending-v2). The
-- WHERE becomes a cut (a range and a set), GROUP BY a drilldown, SUM and COUNT(*) the model's
-- aggregates amount_sum and record_count, ORDER BY … LIMIT the order and page: ONE aggregate
-- request, which EXPLAIN shows.
EXPLAIN PLAN FOR
SELECT cofog1_name, cofog1_label, SUM(amount) AS spending, COUNT(*) AS entries
FROM ukgov_finances_cra
WHERE time_year BETWEEN 2008 AND 2010 AND region_name IN ('UKC', 'UKI')
GROUP BY cofog1_name, cofog1_label
ORDER BY spending DESC
LIMIT 5;

SELECT cofog1_name, cofog1_label, SUM(amount) AS spending, COUNT(*) AS entries
FROM ukgov_finances_cra
WHERE time_year BETWEEN 2008 AND 2010 AND region_name IN ('UKC', 'UKI')
GROUP BY cofog1_name, cofog1_label
ORDER BY spending DESC
LIMIT 5;

-- What the server cannot compute stays in Calcite over the narrowest exact request: AVG is no
-- aggregate of the model, so the entries of the cut are read (facts, in pages of the server's
-- record limit) and averaged locally.
SELECT from_name, AVG(amount) AS mean_entry
FROM ukgov_finances_cra
WHERE time_year = 2010 AND from_name = 'dept-dh'
GROUP BY from_name;

-- The rest of the API as table functions: a dimension's members.
SELECT name, label
FROM TABLE(cubes.members('ukgov-finances-cra', 'from'))
ORDER BY name;
