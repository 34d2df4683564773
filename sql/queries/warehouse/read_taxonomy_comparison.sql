SELECT to_char(month, 'YYYY-MM') AS month,
       wanted_2023_ai_share AS "wanted-2023", strict_ai_share AS strict,
       extended_ai_share AS extended, genai_ai_share AS genai, extended_strict_ai_share AS "extended-strict",
       ai_role_ai_share AS "ai-role"
FROM reporting.taxonomy_comparison
ORDER BY month
