"""reporting.chatgpt_trend_break and its placebo table against real PostgreSQL: filled by the refresh of the
reporting views, the same figures as the model on the same series, replaced whole, the break month a setting."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from psycopg.rows import dict_row

from ai_job_share.months import KST
from ai_job_share.reporting.trend_break import analyse
from ai_job_share.reporting.trend_break_tables import (
    TrendBreakSettingError,
    format_trend_breaks,
    read_break_setting,
    read_trend_breaks,
)
from ai_job_share.warehouse import writes

CLI = str(Path(sys.executable).with_name("ai-job-share"))
MONTHS = [date(2022 + i // 12, i % 12 + 1, 1) for i in range(17)]  # 2022-01 .. 2023-05
POSTINGS = 40
# AI postings of 40 per month: 'jump' jumps from about 10 to about 22 at 2022-12; 'flat' wanders around 14.
JUMP = [10, 11, 9, 10, 12, 10, 9, 11, 10, 12, 10, 22, 23, 21, 22, 24, 22]
FLAT = [14, 15, 13, 14, 16, 14, 13, 15, 14, 15, 13, 14, 15, 13, 16, 14, 15]


def fill(conn, insert_tagged_posting) -> None:
    posting_id = 0
    for month, jump, flat in zip(MONTHS, JUMP, FLAT, strict=True):
        for i in range(POSTINGS):
            posting_id += 1
            # A posting shows under every taxonomy of its month; AI under the one whose keyword it carries.
            taxonomy_id, ai = ("jump", True) if i < jump else ("flat", True) if i < jump + flat else ("jump", False)
            insert_tagged_posting(
                conn,
                posting_id=posting_id,
                taxonomy_id=taxonomy_id,
                month=month,
                ai_keywords=["AI"] if ai else [],
                job_group="개발",
                status="open",
                title=f"포지션 {posting_id}",
                company_id=posting_id,
                published_at=datetime(month.year, month.month, 10, tzinfo=KST),
            )


def shares(conn, taxonomy_id: str) -> list[float]:
    rows = conn.execute(
        "SELECT 100.0 * ai_postings / developer_postings FROM reporting.monthly_ai_share"
        " WHERE taxonomy_id = %s ORDER BY month",
        (taxonomy_id,),
    ).fetchall()
    return [float(share) for (share,) in rows]


def table(conn, name: str) -> list[dict]:
    with conn.cursor(row_factory=dict_row) as cursor:
        return cursor.execute(f"SELECT * FROM reporting.{name} ORDER BY 1, 2, 3, 4").fetchall()


def test_the_refresh_fills_the_trend_break_tables(insert_tagged_posting, warehouse_conn):
    fill(warehouse_conn, insert_tagged_posting)
    writes.refresh_reporting(warehouse_conn)
    rows = {
        (row["taxonomy_id"], row["population"], row["measure"]): row
        for row in table(warehouse_conn, "chatgpt_trend_break")
    }
    assert sorted(rows) == [
        (taxonomy, population, measure)
        for taxonomy in ("flat", "jump")
        for population in ("all", "first_postings")
        for measure in ("ai", "ai_or_data")
    ]
    for taxonomy_id in ("flat", "jump"):
        expected = analyse(MONTHS, shares(warehouse_conn, taxonomy_id), date(2022, 12, 1))
        row = rows[(taxonomy_id, "all", "ai")]
        assert (row["break_month"], row["first_month"], row["last_month"]) == (MONTHS[11], MONTHS[0], MONTHS[-1])
        assert (row["months_before"], row["months_after"], row["hac_lags"]) == (11, 6, 2)
        assert row["level_change_pp"] == pytest.approx(expected.fit.level_change.value, rel=1e-9)
        assert row["level_change_ci_low_pp"] == pytest.approx(expected.fit.level_change.ci_low, rel=1e-9)
        assert row["slope_change_p_value"] == pytest.approx(expected.fit.slope_change.p_value, rel=1e-9)
        assert row["level_change_classical_p_value"] == pytest.approx(
            expected.fit.level_change.classical_p_value, rel=1e-9
        )
        assert row["significant_level_change"] == expected.fit.level_change.significant
        assert row["pre_level_pp"] == pytest.approx(expected.fit.pre_level.value, rel=1e-9)
        assert (row["level_change_rank"], row["placebo_months"]) == (expected.level_change_rank, 12)
        assert row["verdict"] == expected.verdict
    jump = rows[("jump", "all", "ai")]
    assert jump["level_change_ci_low_pp"] < 30.0 < jump["level_change_ci_high_pp"]  # (22 - 10) of 40 postings
    assert jump["significant_level_change"] is True and jump["level_change_rank"] == 1
    assert jump["verdict"].startswith("significant level change at 2022-12")

    placebo = table(warehouse_conn, "chatgpt_trend_break_placebo")
    jump_placebo = [row for row in placebo if row["taxonomy_id"] == "jump" and row["population"] == "all"]
    assert [row["break_month"] for row in jump_placebo if row["measure"] == "ai"] == MONTHS[3:15]
    chosen = [row for row in jump_placebo if row["is_break_month"] and row["measure"] == "ai"]
    assert len(chosen) == 1 and chosen[0]["level_change_rank"] == 1
    assert chosen[0]["level_change_pp"] == pytest.approx(jump["level_change_pp"])

    # Refreshed again on the same data: the same rows, replaced rather than added.
    writes.refresh_reporting(warehouse_conn)
    assert table(warehouse_conn, "chatgpt_trend_break_placebo") == placebo
    assert len(table(warehouse_conn, "chatgpt_trend_break")) == 8

    printed = format_trend_breaks(read_trend_breaks(warehouse_conn, ["jump"]))
    assert "jump, all, ai: significant level change at 2022-12" in printed
    assert "flat" not in printed


def test_the_break_month_is_one_setting(insert_tagged_posting, warehouse_conn):
    fill(warehouse_conn, insert_tagged_posting)
    assert read_break_setting(warehouse_conn).month == date(2022, 12, 1)
    assert read_break_setting(warehouse_conn).event == "ChatGPT released 2022-11-30"
    with warehouse_conn.transaction(force_rollback=True):
        warehouse_conn.execute("UPDATE meta.reporting_settings SET value = '2023-02' WHERE name = 'trend_break_month'")
        writes.refresh_reporting(warehouse_conn)
        row = warehouse_conn.execute(
            "SELECT break_month, months_before, months_after FROM reporting.chatgpt_trend_break"
            " WHERE taxonomy_id = 'jump' AND population = 'all' AND measure = 'ai'"
        ).fetchone()
        assert row == (date(2023, 2, 1), 13, 4)
        # The pooled comparison splits at the same month.
        assert warehouse_conn.execute(
            "SELECT before_months, after_months FROM reporting.chatgpt_comparison"
            " WHERE taxonomy_id = 'jump' AND population = 'all' AND measure = 'ai'"
        ).fetchone() == (13, 4)
        with pytest.raises(Exception, match="reporting_settings_month_values"):
            warehouse_conn.execute(
                "UPDATE meta.reporting_settings SET value = '2023-13' WHERE name = 'trend_break_month'"
            )


def test_a_missing_setting_is_a_clear_error(warehouse_conn):
    with warehouse_conn.transaction(force_rollback=True):
        warehouse_conn.execute("DELETE FROM meta.reporting_settings WHERE name = 'trend_break_month'")
        with pytest.raises(TrendBreakSettingError, match="lacks trend_break_month"):
            read_break_setting(warehouse_conn)


def test_refresh_and_report_commands(insert_tagged_posting, warehouse_conn):
    fill(warehouse_conn, insert_tagged_posting)
    env = {**os.environ, "AI_JOB_SHARE_WAREHOUSE_URL": warehouse_conn.info.dsn}
    refreshed = subprocess.run([CLI, "refresh"], capture_output=True, text=True, env=env, timeout=300)
    assert refreshed.returncode == 0, refreshed.stderr
    assert warehouse_conn.execute("SELECT count(*) FROM reporting.chatgpt_trend_break").fetchone() == (8,)
    report = subprocess.run([CLI, "report", "--taxonomy", "jump"], capture_output=True, text=True, env=env, timeout=300)
    assert report.returncode == 0, report.stderr
    assert "jump, all, ai: significant level change at 2022-12" in report.stdout
    assert "flat" not in report.stdout
