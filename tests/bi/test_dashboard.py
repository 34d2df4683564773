"""The Superset dashboard (bi/) in a real browser: headless Chromium against Superset against a real warehouse.

`make test-bi` runs it (it needs Superset's environment, .venv-bi, and Debian's chromium; `make test` deselects
it). A small synthetic board goes through the pipeline into the test warehouse, Superset is provisioned from
bi/assets exactly as `make bi` does it, and the browser opens the dashboard as the admin. The figures checked are
the ones the page received from Superset's chart data API and the ones it shows in its table.
"""

from __future__ import annotations

import re
import socket
import time
from datetime import date, datetime
from pathlib import Path

import httpx
import pytest
from cdp_browser import Browser

from ai_job_share import databases
from ai_job_share.months import KST, Month
from ai_job_share.taxonomy import load_taxonomies
from ai_job_share.tools import bi
from ai_job_share.tools.seed import seed_source
from ai_job_share.warehouse import pipeline, writes
from ai_job_share.warehouse.migrations import migrate

pytestmark = pytest.mark.bi  # not also `integration`: `-m integration` must not pick it up without Superset

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "img" / "dashboard.png"
CHECKED_MONTH = date(2022, 6, 1)
MONTHS = [Month(2022 + (m - 1) // 12, (m - 1) % 12 + 1) for m in range(1, 18)]  # 2022-01 .. 2023-05
PASSWORD = "dashboard-test"


def _monthly_row(conn, month: date) -> dict:
    row = conn.execute(
        "SELECT ai_share, ai_share_ci_low, ai_share_ci_high FROM reporting.monthly_ai_share"
        " WHERE taxonomy_id = 'wanted-2023' AND month = %s",
        (month,),
    ).fetchone()
    return {"AI share": float(row[0]), "95% interval, low": float(row[1]), "95% interval, high": float(row[2])}


@pytest.fixture(scope="module")
def board(test_databases):
    """The test warehouse holding 17 published months of a small generated board, views refreshed."""
    with databases.connect(test_databases.source_url, autocommit=False) as conn:
        seed_source(conn, developer_postings_per_month=300, replace_imported=True)
    taxonomies = load_taxonomies()
    with (
        databases.connect(test_databases.source_reader_url) as source,
        databases.connect(test_databases.warehouse_url) as conn,
    ):
        migrate(conn)
        for month in MONTHS:
            pipeline.process_month(source, conn, month, taxonomies)
        writes.refresh_reporting(conn)
    return test_databases


@pytest.fixture(scope="module")
def superset(board, tmp_path_factory):
    """Superset provisioned from bi/ (as `make bi` does) on the test warehouse, served on a free port."""
    home = tmp_path_factory.mktemp("superset")
    env = bi.superset_environment(home, bi.bi_database_uri(board), PASSWORD)
    bi.provision(env)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with bi.SupersetServer(env, port, home / "superset.log") as server:
        server.wait_until_healthy()
        yield server


def _login(base_url: str) -> httpx.Client:
    client = httpx.Client(base_url=base_url, timeout=120)
    form = client.get("/login/").text
    token = re.search(r'name="csrf_token"\s+id="csrf_token"\s+value="([^"]+)"', form).group(1)
    client.post("/login/", data={"username": bi.ADMIN_USER, "password": PASSWORD, "csrf_token": token})
    assert "session" in client.cookies, "the admin login was refused"
    return client


def _open_dashboard(browser: Browser, url: str, chart_ids: set[int], timeout: float = 300) -> dict[int, dict]:
    """Load the dashboard and wait until every chart's data has arrived and the page drew every chart;
    returns each chart's chart data API response."""
    browser.navigate(url)
    deadline = time.monotonic() + timeout
    while True:
        browser.pump(1)
        responses = {r.form_data.get("slice_id"): r for r in browser.chart_responses()}
        if chart_ids <= responses.keys() and browser.evaluate(
            "document.querySelectorAll('.dashboard-component-chart-holder .loading').length === 0"
        ):
            break
        assert time.monotonic() < deadline, f"charts still loading after {timeout} s: {chart_ids - responses.keys()}"
    browser.pump(2)  # let the last charts finish drawing
    for chart_id in chart_ids:
        assert responses[chart_id].status == 200, responses[chart_id].body
    return {chart_id: responses[chart_id].body for chart_id in chart_ids}


def _drawn(browser: Browser) -> dict[int, dict]:
    """What the page drew in each chart holder: canvases (ECharts), a table's header and cells, all its text."""
    return {
        int(item["id"]): item
        for item in browser.evaluate(
            """[...document.querySelectorAll('.dashboard-component-chart-holder')].map(holder => ({
                id: holder.querySelector('[data-test-chart-id]').getAttribute('data-test-chart-id'),
                canvases: holder.querySelectorAll('canvas').length,
                header: [...holder.querySelectorAll('thead th')].map(th => th.innerText.trim()),
                rows: [...holder.querySelectorAll('tbody tr')].map(
                    tr => [...tr.querySelectorAll('td')].map(td => td.innerText.trim())),
                text: holder.innerText}))"""
        )
    }


def _share_series(body: dict, month: date) -> dict:
    epoch_ms = int(datetime(month.year, month.month, 1).timestamp() * 1000)
    rows = [row for row in body["result"][0]["data"] if row["month"] == epoch_ms]
    assert len(rows) == 1, f"{month} not in the chart's data"
    return {label: rows[0][label] for label in ("AI share", "95% interval, low", "95% interval, high")}


def _shown_share(drawn: dict, month: date) -> str:
    """The ai_share cell of ``month``'s row, as the table shows it."""
    column = drawn["header"].index("ai_share")
    (row,) = [row for row in drawn["rows"] if row and row[0] == month.strftime("%Y-%m")]
    return row[column]


def test_the_dashboard_renders_the_warehouse_and_follows_a_refresh(board, superset):
    started = time.monotonic()
    client = _login(superset.url)
    listed = client.get("/api/v1/dashboard/ai-job-share/charts").json()["result"]
    charts = {chart["id"]: chart["slice_name"] for chart in listed}
    assert len(charts) == len(list((bi.BI_DIR / "assets" / "charts").glob("*.yaml")))
    share_chart = next(i for i, name in charts.items() if name.startswith("Monthly AI share"))
    table_chart = next(i for i, name in charts.items() if name == "Monthly figures")
    url = superset.url + bi.DASHBOARD_PATH

    with Browser() as browser, databases.connect(board.warehouse_url) as conn:
        browser.set_cookie(superset.url, "session", client.cookies["session"])
        data = _open_dashboard(browser, url, set(charts))
        browser.screenshot(SCREENSHOT)
        drawn = _drawn(browser)

        # Every chart got rows from the warehouse and drew them (a canvas or table rows), with no error shown.
        for chart_id, name in charts.items():
            rowcounts = [query["rowcount"] for query in data[chart_id]["result"]]
            assert all(count > 0 for count in rowcounts), f"{name}: no rows {rowcounts}"
            assert drawn[chart_id]["canvases"] or drawn[chart_id]["rows"], f"{name}: nothing drawn"
            assert "No results" not in drawn[chart_id]["text"] and "Error" not in drawn[chart_id]["text"], name

        # One month's figures, as the chart received them and as the table shows them, equal the view's.
        expected = _monthly_row(conn, CHECKED_MONTH)
        assert _share_series(data[share_chart], CHECKED_MONTH) == pytest.approx(expected)
        shown = _shown_share(drawn[table_chart], CHECKED_MONTH)
        assert shown == f"{expected['AI share']:.1%}"

        # A month reprocessed with more AI postings and the views refreshed: a reload shows the new figures.
        with databases.connect(board.source_url) as source:
            next_id, company = source.execute("SELECT max(id) + 1, min(company_id) FROM job_board.postings").fetchone()
            for offset in range(150):
                source.execute(
                    "INSERT INTO job_board.postings (id, company_id, job_group, job_role, title, main_tasks,"
                    " published_at, status) VALUES (%s, %s, '개발', '머신러닝 엔지니어', 'AI 엔지니어',"
                    " '딥러닝 모델 개발', %s, 'open')",
                    (next_id + offset, company, datetime(2022, 6, 15, 12, tzinfo=KST)),
                )
        with databases.connect(board.source_reader_url) as source:
            pipeline.process_month(source, conn, Month(2022, 6), load_taxonomies())
        writes.refresh_reporting(conn)
        refreshed = _monthly_row(conn, CHECKED_MONTH)
        assert refreshed["AI share"] > expected["AI share"]

        data = _open_dashboard(browser, url, set(charts))
        assert _share_series(data[share_chart], CHECKED_MONTH) == pytest.approx(refreshed)
        shown = _shown_share(_drawn(browser)[table_chart], CHECKED_MONTH)
        assert shown == f"{refreshed['AI share']:.1%}"
    print(f"browser test: {time.monotonic() - started:.1f} s after Superset was up")
