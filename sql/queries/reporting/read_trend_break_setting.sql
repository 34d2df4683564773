-- The break month of the interrupted time series and the event it stands for (meta.reporting_settings).
SELECT to_date(max(value) FILTER (WHERE name = 'trend_break_month'), 'YYYY-MM') AS break_month,
       max(value) FILTER (WHERE name = 'trend_break_event')                     AS break_event
FROM meta.reporting_settings
