-- Filters on label or code columns become recodes: Stat-Xplore computes only the items asked for.
-- A field that is filtered but not grouped (region here) becomes one grouped item: the figure is
-- Stat-Xplore's count for London and the North East together, not a sum of the two.
SELECT month_code, month, SUM(households_on_universal_credit) AS households
FROM uc_households
WHERE region IN ('London', 'North East')
  AND month_code >= '201901'
GROUP BY month_code, month
ORDER BY month_code;

-- Codes are the last segment of the item URI: ONS region codes here.
SELECT region_code, region, SUM(households_on_universal_credit) AS households
FROM uc_households
WHERE region_code <> 'E12000007'
GROUP BY region_code, region
ORDER BY households DESC;
