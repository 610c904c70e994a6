-- sample_longitudinal breaks every answer down by YEAR, its longitudinal field, so group by it
-- (or filter it to one year); a query that does neither is refused before any request, since the
-- sum of perturbed per-year figures is not a figure Protari gave.
SELECT year, sex, SUM(people) AS people
FROM sample_longitudinal
GROUP BY year, sex;

-- Several measures are one request each (Protari would drop every function field's sentinel
-- records from all functions of one multi-function request), joined on the group keys.
SELECT year, AVG(mean_rooms) AS mean_rooms, SUM(people) AS people
FROM sample_longitudinal
WHERE dwell_code = '002'
GROUP BY year;

-- Fields of related resources are <relationship>_<field> columns: a person counts under each
-- transaction type they bought at least once, so the groups overlap.
SELECT buyer_transactions_type AS type, SUM(people) AS buyers
FROM joined_person
WHERE household_state_code = 'WA'
GROUP BY buyer_transactions_type;
