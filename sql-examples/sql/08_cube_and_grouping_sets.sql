-- CUBE asks for the Total item of every grouped field: one request returns the month × gender
-- table, the total per month, the total per gender and the grand total. GROUPING() tells
-- Total rows (1) from ordinary ones (0).
SELECT month, gender,
       GROUPING(month) AS all_months, GROUPING(gender) AS all_genders,
       SUM(people_on_universal_credit) AS people
FROM uc_monthly
WHERE month_code >= '201902'
GROUP BY CUBE(month, gender)
ORDER BY all_months, all_genders, month, gender;

-- GROUPING SETS keep only the combinations asked for: here the total per month and the total per
-- gender, without the month × gender cells.
SELECT month, gender, SUM(people_on_universal_credit) AS people
FROM uc_monthly
WHERE month_code >= '201902'
GROUP BY GROUPING SETS ((month), (gender));
