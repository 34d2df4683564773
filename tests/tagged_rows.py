"""Rows of core.tagged_postings for tests of the reporting layer, written the way a published load holds them."""

from __future__ import annotations


def insert_tagged_posting(
    conn,
    *,
    posting_id: int,
    taxonomy_id: str,
    month,
    ai_keywords: list[str] = (),
    data_keywords: list[str] = (),
    **columns,
) -> None:
    """One published posting of ``month`` under taxonomy ``taxonomy_id`` (version 1), as if a load had written it
    (core.postings, the month's load, the taxonomy's keywords); ``columns`` are other core.postings columns. For
    the reporting tests, which need rows of a given shape rather than a classifier's output. Every posting of a
    month shows under every taxonomy used in that month, as in a real load."""
    version_id = conn.execute(
        "INSERT INTO meta.taxonomy_versions (taxonomy_id, taxonomy_version) VALUES (%s, 1)"
        " ON CONFLICT (taxonomy_id, taxonomy_version) DO UPDATE SET taxonomy_version = 1 RETURNING taxonomy_version_id",
        (taxonomy_id,),
    ).fetchone()[0]
    keyword_ids = [
        conn.execute(
            "INSERT INTO meta.taxonomy_keywords (taxonomy_version_id, group_id, term) VALUES (%s, %s, %s)"
            " ON CONFLICT (taxonomy_version_id, group_id, term) DO UPDATE SET term = EXCLUDED.term"
            " RETURNING keyword_id",
            (version_id, group, term),
        ).fetchone()[0]
        for group, terms in (("ai", ai_keywords), ("data", data_keywords))
        for term in terms
    ]
    load = conn.execute("SELECT load_id FROM meta.month_loads WHERE month = %s", (month,)).fetchone()
    if load is None:
        load_id = conn.execute(
            "INSERT INTO meta.loads (month, origin, taxonomy_version_ids, chunks) VALUES (%s, 'source', '{}', 0)"
            " RETURNING load_id",
            (month,),
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO meta.month_loads (month, load_id, published_at) VALUES (%s, %s, now())", (month, load_id)
        )
    else:
        load_id = load[0]
    conn.execute(
        "UPDATE meta.loads SET taxonomy_version_ids = taxonomy_version_ids || %(v)s::smallint"
        " WHERE load_id = %(load)s AND NOT %(v)s::smallint = ANY(taxonomy_version_ids)",
        {"v": version_id, "load": load_id},
    )
    names = ["posting_id", "load_id", "month", "has_text", "keyword_ids", *columns]
    conn.execute(
        f"INSERT INTO core.postings ({', '.join(names)}, title_key)"
        f" VALUES ({', '.join(['%s'] * len(names))}, meta.title_key(%s))",
        [posting_id, load_id, month, True, keyword_ids, *columns.values(), columns.get("title")],
    )
