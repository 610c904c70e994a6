-- Personal Independence Payment: the mean weekly award per quarter and gender, computed by
-- Stat-Xplore over the records of each group (AVG of a MEAN statistic), next to the caseload.
-- Codes sort in time order where labels do not.
SELECT quarter, gender,
       SUM(pip_cases_with_entitlement) AS cases,
       ROUND(AVG(mean_of_weekly_award_amount), 2) AS mean_weekly_award
FROM pip_monthly
GROUP BY quarter_code, quarter, gender
ORDER BY quarter_code, gender;

-- A median cannot be combined across cells, so it is read per cell: each row is one cell as
-- Stat-Xplore publishes it, here for one local authority in its latest quarters.
SELECT quarter, gender, median_of_weekly_award_amount
FROM pip_monthly
WHERE local_authority = 'Local Authority 1'
ORDER BY quarter_code DESC, gender
LIMIT 4;
