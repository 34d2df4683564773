"""What a refresh writes, as lineage declares it, follows the SQL: a new materialised view or per-month table is in
it without a list to edit, and the trend-break tables are the ones their replace statement locks."""

from __future__ import annotations

import re

from ai_job_share.reporting.layers import VIEW, reporting_views
from ai_job_share.sql_files import SQL_DIR, read_sql
from ai_job_share.warehouse import writes


def test_every_written_reporting_relation_is_declared_in_refresh_order():
    views = reporting_views(SQL_DIR / "reporting")
    written = [view.name for view in views if view.kind != VIEW]
    assert written and "reporting.monthly_ai_share" in written
    assert writes.refreshed_relations() == [*written, *writes.TREND_BREAK_TABLES]
    assert not {view.name for view in views if view.kind == VIEW} & set(writes.refreshed_relations())


def test_the_trend_break_tables_are_those_the_refresh_replaces():
    locked = re.search(r"LOCK TABLE ([^;]+?) IN", read_sql("queries/reporting/replace_trend_breaks.sql")).group(1)
    assert tuple(name.strip() for name in locked.split(",")) == writes.TREND_BREAK_TABLES
