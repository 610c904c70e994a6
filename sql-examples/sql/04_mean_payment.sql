-- AVG of a MEAN statistic asks Stat-Xplore for the mean over the records of each group (a
-- weighted mean), in the same request as the count.
SELECT family_type,
       SUM(households_on_universal_credit) AS households,
       ROUND(AVG(mean_of_payment_amount), 2) AS mean_payment
FROM uc_households
WHERE region = 'London'
GROUP BY family_type
ORDER BY mean_payment DESC;
