-- The monthly table the report outputs chart and print, every taxonomy.
SELECT month, taxonomy_id, developer_postings,
       ai_postings, ai_share, ai_share_ci_low, ai_share_ci_high, ai_share_ma3,
       ai_or_data_postings, ai_or_data_share, ai_or_data_share_ci_low, ai_or_data_share_ci_high, ai_or_data_share_ma3,
       small_sample, repost_postings, first_postings, first_ai_share, first_ai_or_data_share
FROM reporting.monthly_ai_share
ORDER BY taxonomy_id, month
