"""Taxonomies are only data: a taxonomy file added to the folder shows up in every reporting view, in the command
line's output and in the report files, with no other change (nothing outside the folder names a taxonomy id)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from psycopg import sql

from ai_job_share.months import Month
from ai_job_share.reporting.outputs import write_reports
from ai_job_share.taxonomy import TAXONOMY_DIR, available_taxonomies, enabled_taxonomies
from ai_job_share.warehouse import pipeline, writes

EXTRA = "zz-extra-test"


@pytest.fixture
def extra_taxonomy():
    """A temporary extra taxonomy file (the article's rule under another id), removed afterwards."""
    path = TAXONOMY_DIR / f"{EXTRA}.toml"
    text = (TAXONOMY_DIR / "wanted-2023.toml").read_text(encoding="utf-8")
    path.write_text(re.sub(r'(?m)^id = ".*"$', f'id = "{EXTRA}"', text), encoding="utf-8")
    try:
        yield EXTRA
    finally:
        path.unlink()


def test_an_added_taxonomy_file_reaches_every_view_the_cli_and_the_reports(
    extra_taxonomy, hand_made_postings, insert_postings, source_conn, warehouse_conn, test_databases, tmp_path
):
    assert extra_taxonomy in available_taxonomies()
    # 2022-01's postings, and again a year later (new ids), so that the views comparing a month with the month a
    # year earlier have rows too.
    year_later = [
        (posting_id + 100, group, title, tasks, published.replace(year=2023), status)
        for posting_id, group, title, tasks, published, status in hand_made_postings
        if (published.year, published.month) == (2022, 1)
    ]
    insert_postings(source_conn, [*hand_made_postings, *year_later])
    for month in (Month(2022, 1), Month(2023, 1)):
        pipeline.process_month(source_conn, warehouse_conn, month, enabled_taxonomies())
    writes.refresh_reporting(warehouse_conn)

    # Every view with a row per taxonomy (views about postings alone, such as monthly_posting_issues, have none).
    views = [
        row[0]
        for row in warehouse_conn.execute(
            "SELECT c.relname FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace"
            " JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attname = 'taxonomy_id' AND NOT a.attisdropped"
            " WHERE n.nspname = 'reporting' AND c.relkind IN ('v', 'm') ORDER BY 1"
        )
    ]
    assert len(views) >= 5
    for relation in views:
        rows = warehouse_conn.execute(
            sql.SQL("SELECT count(*) FROM reporting.{} WHERE taxonomy_id = %s").format(sql.Identifier(relation)),
            (extra_taxonomy,),
        ).fetchone()[0]
        assert rows > 0, f"reporting.{relation} has no row of the added taxonomy"

    cli = str(Path(sys.executable).with_name("ai-job-share"))
    env = {"AI_JOB_SHARE_WAREHOUSE_URL": test_databases.warehouse_url, "PATH": "/usr/bin:/bin"}

    def cli_output(*command: str) -> str:
        completed = subprocess.run([cli, *command], capture_output=True, text=True, env=env, timeout=120)
        assert completed.returncode == 0, completed.stderr
        return completed.stdout

    assert extra_taxonomy in cli_output("taxonomies")
    comparison = cli_output("report", "--taxonomy", "all").splitlines()
    assert extra_taxonomy in comparison[0].split() and comparison[2].startswith("2022-01")
    assert "2022-01" in cli_output("report", "--taxonomy", extra_taxonomy)

    files = write_reports(warehouse_conn, tmp_path)
    assert extra_taxonomy in files.charts and files.charts[extra_taxonomy].stat().st_size > 0
    assert extra_taxonomy in files.html.read_text(encoding="utf-8")
    view_csvs = [csv for csv in files.csvs if csv.stem in views]
    assert len(view_csvs) == len(views)
    for csv in view_csvs:
        assert extra_taxonomy in csv.read_text(encoding="utf-8"), csv.name
