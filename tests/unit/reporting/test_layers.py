"""The reporting views' order comes from the SQL: each view after the views it reads, whatever the file names."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ai_job_share.reporting.layers import (
    PER_MONTH_TABLE,
    ReportingLayerError,
    months_to_recompute,
    refresh_statements,
    reporting_views,
)
from ai_job_share.sql_files import SQL_DIR


def write(root: Path, layer: str, name: str, sql: str) -> None:
    (root / layer).mkdir(parents=True, exist_ok=True)
    (root / layer / f"{name}.sql").write_text(sql, encoding="utf-8")


def test_a_view_comes_after_the_views_it_reads_whatever_its_file_name(tmp_path):
    write(tmp_path, "staging", "zz_rows", "CREATE VIEW staging.zz_rows AS SELECT 1 AS x FROM core.postings;")
    write(tmp_path, "marts", "a_share", "CREATE MATERIALIZED VIEW reporting.a_share AS SELECT * FROM reporting.b_base;")
    write(tmp_path, "marts", "b_base", "CREATE MATERIALIZED VIEW reporting.b_base AS SELECT x FROM staging.zz_rows;")
    views = reporting_views(tmp_path)
    assert [view.name for view in views] == ["staging.zz_rows", "reporting.b_base", "reporting.a_share"]
    assert views[2].reads == {"reporting.b_base"}
    assert refresh_statements(views) == [
        "REFRESH MATERIALIZED VIEW CONCURRENTLY reporting.b_base",
        "REFRESH MATERIALIZED VIEW CONCURRENTLY reporting.a_share",
    ]


def test_names_in_comments_and_string_literals_are_not_dependencies(tmp_path):
    write(tmp_path, "marts", "a", "-- unlike reporting.b\nCREATE VIEW reporting.a AS SELECT 'reporting.b' AS note;")
    write(tmp_path, "marts", "b", "CREATE VIEW reporting.b AS SELECT * FROM reporting.a;")
    assert [view.name for view in reporting_views(tmp_path)] == ["reporting.a", "reporting.b"]


def test_layers_below_the_marts_are_refreshed_plainly(tmp_path):
    write(tmp_path, "intermediate", "sets", "CREATE MATERIALIZED VIEW intermediate.sets AS SELECT 1 AS x;")
    write(tmp_path, "marts", "share", "CREATE MATERIALIZED VIEW reporting.share AS SELECT x FROM intermediate.sets;")
    assert refresh_statements(reporting_views(tmp_path)) == [
        "REFRESH MATERIALIZED VIEW intermediate.sets",
        "REFRESH MATERIALIZED VIEW CONCURRENTLY reporting.share",
    ]


PER_MONTH = (
    "CREATE TABLE intermediate.counts (month date, n bigint);\n"
    "CREATE FUNCTION intermediate.counts_of(months date[]) RETURNS SETOF intermediate.counts LANGUAGE sql AS $$\n"
    "    SELECT month, count(*) FROM intermediate.sets WHERE months IS NULL OR month = ANY(months) GROUP BY 1 $$;"
)


def test_a_per_month_table_is_refreshed_by_month_and_read_through_its_function(tmp_path):
    write(tmp_path, "intermediate", "sets", "CREATE VIEW intermediate.sets AS SELECT DATE '2022-01-01' AS month;")
    write(tmp_path, "intermediate", "counts", PER_MONTH)
    write(
        tmp_path,
        "intermediate",
        "all_of",
        "CREATE VIEW intermediate.all_of AS SELECT * FROM intermediate.counts_of(NULL);",
    )
    write(tmp_path, "marts", "share", "CREATE MATERIALIZED VIEW reporting.share AS SELECT * FROM intermediate.counts;")
    views = reporting_views(tmp_path)
    assert [view.name for view in views] == [
        "intermediate.sets",
        "intermediate.counts",
        "intermediate.all_of",
        "reporting.share",
    ]
    assert views[1].kind == PER_MONTH_TABLE and views[1].reads == {"intermediate.sets"}
    assert views[2].reads == {"intermediate.counts"}
    assert refresh_statements(views, full=False) == [
        "DELETE FROM intermediate.counts WHERE month = ANY(%(months)s::date[])",
        "INSERT INTO intermediate.counts SELECT * FROM intermediate.counts_of(%(months)s::date[])",
        "REFRESH MATERIALIZED VIEW CONCURRENTLY reporting.share",
    ]
    assert refresh_statements(views, full=True)[:2] == [
        "TRUNCATE intermediate.counts",
        "INSERT INTO intermediate.counts SELECT * FROM intermediate.counts_of(NULL)",
    ]


MONTHS = [date(2022, month, 1) for month in range(1, 13)]


@pytest.mark.parametrize(
    ("changed", "window", "expected"),
    [
        ([date(2022, 3, 1)], 30, [3, 4]),  # 31 March + 30 days = 30 April
        ([date(2022, 1, 1)], 30, [1, 2, 3]),  # 31 January + 30 days = 2 March
        ([date(2022, 2, 1)], 30, [2, 3]),  # 28 February + 30 days = 30 March
        ([date(2022, 3, 1)], 0, [3]),
        ([date(2022, 3, 1)], None, [3]),  # the setting missing: no reposts
        ([date(2022, 3, 1), date(2022, 9, 1)], 45, [3, 4, 5, 9, 10, 11]),  # to 15 May, to 14 November
        ([date(2022, 11, 1)], 400, [11, 12]),  # only the months known
        ([], 30, []),
    ],
)
def test_a_changed_month_is_recomputed_with_the_later_months_its_repost_window_reaches(changed, window, expected):
    assert months_to_recompute(changed, MONTHS, window) == [date(2022, month, 1) for month in expected]


def test_a_month_no_longer_published_is_recomputed_too():
    gone = date(2021, 12, 1)
    assert months_to_recompute([gone], [gone, *MONTHS], 30) == [gone, date(2022, 1, 1)]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({("marts", "a"): "CREATE VIEW reporting.a AS SELECT 1; CREATE VIEW reporting.b AS SELECT 2;"}, "one view"),
        ({("marts", "a"): "SELECT 1;"}, "one view or table per file, found 0"),
        ({("intermediate", "a"): "CREATE TABLE intermediate.a (month date);"}, r"needs its function intermediate.a_of"),
        ({("staging", "a"): "CREATE VIEW reporting.a AS SELECT 1;"}, "belongs in schema staging"),
        (
            {
                ("staging", "a"): "CREATE VIEW staging.a AS SELECT * FROM reporting.b;",
                ("marts", "b"): "CREATE VIEW reporting.b AS SELECT 1;",
            },
            "a later layer",
        ),
        (
            {
                ("marts", "a"): "CREATE VIEW reporting.a AS SELECT * FROM reporting.b;",
                ("marts", "b"): "CREATE VIEW reporting.b AS SELECT * FROM reporting.a;",
            },
            "cycle: reporting.a, reporting.b",
        ),
    ],
)
def test_malformed_layers_are_refused_with_the_reason(tmp_path, files, message):
    for (layer, name), sql in files.items():
        write(tmp_path, layer, name, sql)
    with pytest.raises(ReportingLayerError, match=message):
        reporting_views(tmp_path)


def test_the_shipped_views_are_layered():
    views = reporting_views(SQL_DIR / "reporting")
    assert {view.layer for view in views} == {"staging", "intermediate", "marts"}
    # The marts read the shared intermediate relations, not the warehouse's tables.
    marts = [view for view in views if view.layer == "marts"]
    assert all(view.reads for view in marts)
    # The marts are refreshed from per-month tables, never from the postings.
    per_month = {view.name for view in views if view.kind == PER_MONTH_TABLE}
    assert "intermediate.developer_keyword_sets" in per_month
    for mart in marts:
        assert not mart.reads & {"intermediate.developer_postings", "intermediate.developer_keyword_sets"}
