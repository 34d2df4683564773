-- Publish: the month now shows this load.
WITH published AS (
    UPDATE meta.loads SET published_at = now() WHERE load_id = %(load_id)s RETURNING month, published_at
)
INSERT INTO meta.month_loads (month, load_id, published_at)
SELECT month, %(load_id)s, published_at FROM published
ON CONFLICT (month) DO UPDATE SET load_id = EXCLUDED.load_id, published_at = EXCLUDED.published_at
