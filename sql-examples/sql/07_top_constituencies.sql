-- ORDER BY and LIMIT run in Calcite over the one request: Stat-Xplore returns every
-- constituency's figure for the month asked, and the driver keeps the ten largest.
SELECT westminster_parliamentary_constituencies AS constituency,
       SUM(people_on_universal_credit) AS people
FROM uc_monthly
WHERE month = 'April 2019'
GROUP BY westminster_parliamentary_constituencies
ORDER BY people DESC
LIMIT 10;
