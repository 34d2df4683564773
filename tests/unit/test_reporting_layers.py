"""The reporting views' order comes from the SQL: each view after the views it reads, whatever the file names."""

from __future__ import annotations

from pathlib import Path

import pytest

from ai_job_share.reporting_layers import ReportingLayerError, refresh_statements, reporting_views
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


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({("marts", "a"): "CREATE VIEW reporting.a AS SELECT 1; CREATE VIEW reporting.b AS SELECT 2;"}, "one view"),
        ({("marts", "a"): "SELECT 1;"}, "one view per file, found 0"),
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
    # The marts read the shared intermediate view, not the warehouse's tables.
    marts = [view for view in views if view.layer == "marts"]
    assert all(view.reads for view in marts)
