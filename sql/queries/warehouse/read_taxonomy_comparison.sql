-- The AI share of every month under every taxonomy the warehouse holds (reporting.py pivots it for printing).
SELECT to_char(month, 'YYYY-MM') AS month, taxonomy_id, ai_share
FROM reporting.taxonomy_comparison
ORDER BY month, taxonomy_id
