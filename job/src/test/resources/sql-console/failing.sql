-- SqlConsoleIT: the second statement fails; the client itself would still exit 0.
SELECT aqi_pm25(35.4) AS aqi;
SELECT * FROM no_such_table;
SELECT 1 AS never_reached;
