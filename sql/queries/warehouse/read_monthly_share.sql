SELECT to_char(month, 'YYYY-MM') AS month, developer_postings, ai_postings, ai_share,
       ai_or_data_postings, ai_or_data_share
FROM reporting.monthly_ai_share
WHERE taxonomy_id = %(taxonomy_id)s
ORDER BY month
