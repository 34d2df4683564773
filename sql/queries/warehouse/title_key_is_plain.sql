-- Whether meta.title_key here does to printable ASCII and Hangul syllables what ai_job_share.warehouse.pipeline.title_key
-- does (drop spaces, A-Z to a-z): not so under a collation whose lower() maps I to a dotless i (Turkish). If not,
-- the pipeline leaves every title_key to the warehouse (set_title_keys.sql).
SELECT meta.title_key(' !"#$%&''()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`{|}~ 가나힣')
       = '!"#$%&''()*+,-./0123456789:;<=>?@abcdefghijklmnopqrstuvwxyz[]^_`{|}~가나힣'
