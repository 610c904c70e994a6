-- Any predicate on the labels or codes of one field is evaluated against that field's item
-- list, so LIKE, ranges, NOT IN and UPPER/LOWER still give one exact recode: Stat-Xplore
-- computes the figure for exactly the items that match.
SELECT westminster_parliamentary_constituencies AS constituency,
       SUM(people_on_universal_credit) AS people
FROM uc_monthly
WHERE westminster_parliamentary_constituencies LIKE 'Sheffield%'
  AND month_code BETWEEN '201810' AND '201812'
GROUP BY westminster_parliamentary_constituencies
ORDER BY constituency;

-- NOT IN sends the complement from the item list: every employment indicator but one.
SELECT employment_indicator, SUM(people_on_universal_credit) AS people
FROM uc_monthly
WHERE employment_indicator_code NOT IN ('1')
  AND month = 'April 2019'
GROUP BY employment_indicator;
