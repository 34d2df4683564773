-- The break month of the interrupted time series and the event it stands for, as the reporting views read them
-- (staging.reporting_settings: the one place the settings are looked up and typed).
SELECT break_month, break_event FROM staging.reporting_settings
