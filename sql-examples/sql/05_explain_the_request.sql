-- EXPLAIN PLAN FOR shows the /table request the driver would send, without sending it.
EXPLAIN PLAN FOR
SELECT month, SUM(households_on_universal_credit)
FROM uc_households
WHERE region IN ('London', 'North East')
GROUP BY CUBE(month);
