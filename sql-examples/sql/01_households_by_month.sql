-- Households on Universal Credit by month.
-- GROUP BY a field becomes the request's "dimensions"; SUM of a count asks Stat-Xplore for that
-- count, so each figure is Stat-Xplore's own (disclosure-controlled) number. One /table request.
SELECT month, SUM(households_on_universal_credit) AS households
FROM uc_households
GROUP BY month;
