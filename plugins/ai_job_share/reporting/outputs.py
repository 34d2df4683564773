"""Report outputs written after each load: a PNG chart per taxonomy, a self-contained HTML page, CSV exports.

- ``monthly_share_<taxonomy>.png``: the monthly AI and AI-or-data shares of developer postings with their 95% Wilson
  interval bands, the break month (``meta.reporting_settings`` trend_break_month: ChatGPT's release) marked and the
  interrupted time series' fitted segments drawn over them (matplotlib, Agg canvas: no display, no global state);
- ``report.html``: the charts embedded (base64), the trend-break result in a sentence and a table, the pooled
  before/after comparison and the monthly tables; one file, no external resources;
- ``<view>.csv``: every table and view of schema ``reporting``, with a header row; a text cell a spreadsheet would
  run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return: OWASP's rule) is written
  behind a single quote, so a hostile job role or taxonomy id is shown, never run.

Everything is read in one read-only REPEATABLE READ transaction, so the files agree with each other, and each file
is replaced atomically (written beside it, then renamed): a reader never sees half a file. Files get the mode the
umask allows. No Airflow here: the
CLI (``ai-job-share export-reports``), the demo and the report DAG all call :func:`write_reports`.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import math
import os
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.rows import dict_row

from ai_job_share.databases import DEMO_DIR
from ai_job_share.reporting.trend_break import months_between, segment_value
from ai_job_share.reporting.trend_break_tables import (
    BreakSetting,
    format_change,
    format_p_value,
    format_p_values,
    format_ranks,
    read_break_setting,
)
from ai_job_share.sql_files import read_sql
from ai_job_share.taxonomy import DEFAULT_TAXONOMY

REPORT_DIR_ENV = "AI_JOB_SHARE_REPORT_DIR"
HTML_NAME = "report.html"


@dataclass(frozen=True)
class ReportFiles:
    directory: Path
    html: Path
    charts: dict[str, Path] = field(default_factory=dict)  # taxonomy id -> PNG
    csvs: list[Path] = field(default_factory=list)


def default_report_dir() -> Path:
    """``$AI_JOB_SHARE_REPORT_DIR``, else ``.demo/reports`` in the repository."""
    return Path(os.environ.get(REPORT_DIR_ENV) or DEMO_DIR / "reports")


def write_reports(conn: psycopg.Connection, out_dir: Path | str | None = None) -> ReportFiles:
    """Read the reporting views and write the chart(s), the HTML page and the CSVs into ``out_dir``."""
    directory = Path(out_dir) if out_dir else default_report_dir()
    directory.mkdir(parents=True, exist_ok=True)
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        with conn.cursor(row_factory=dict_row) as cursor:
            monthly = cursor.execute(read_sql("queries/reporting/read_monthly_stats.sql")).fetchall()
            comparison = cursor.execute(read_sql("queries/reporting/read_chatgpt_comparison.sql")).fetchall()
            trend_breaks = cursor.execute(read_sql("queries/reporting/read_trend_breaks.sql")).fetchall()
        setting = read_break_setting(conn)
        csvs = _export_csvs(conn, directory)

    by_taxonomy = _group(monthly, "taxonomy_id")
    trend_by_taxonomy = _group(trend_breaks, "taxonomy_id")
    charts: dict[str, Path] = {}
    pngs: dict[str, bytes] = {}
    for taxonomy_id, rows in by_taxonomy.items():
        pngs[taxonomy_id] = render_share_chart(rows, taxonomy_id, setting, trend_by_taxonomy.get(taxonomy_id, []))
        charts[taxonomy_id] = directory / f"monthly_share_{_file_safe(taxonomy_id)}.png"
        _write_atomic(charts[taxonomy_id], pngs[taxonomy_id])
    page = render_html(
        by_taxonomy,
        _group(comparison, "taxonomy_id"),
        trend_by_taxonomy,
        setting,
        pngs,
        [path.name for path in csvs],
    )
    html_path = directory / HTML_NAME
    _write_atomic(html_path, page.encode("utf-8"))
    return ReportFiles(directory=directory, html=html_path, charts=charts, csvs=csvs)


def render_share_chart(
    rows: list[dict], taxonomy_id: str, setting: BreakSetting, trend_breaks: list[dict] | None = None
) -> bytes:
    """A PNG line chart of the AI and AI-or-data shares (percent) with 95% Wilson bands, the break month marked and,
    for all postings, the fitted segments of the interrupted time series (dashed: the trend before the break
    carried on); rows in month order."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import DateFormatter, MonthLocator
    from matplotlib.figure import Figure
    from matplotlib.ticker import PercentFormatter

    figure = Figure(figsize=(10, 5.5), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    months = [row["month"] for row in rows]
    series = (("ai", "AI", "tab:blue"), ("ai_or_data", "AI or data", "tab:orange"))
    fits = {row["measure"]: row for row in trend_breaks or [] if row["population"] == "all"}
    highest = 0.0
    for measure, label, colour in series:
        column = f"{measure}_share"
        share = [_percent(row[column]) for row in rows]
        low = [_percent(row[f"{column}_ci_low"]) for row in rows]
        high = [_percent(row[f"{column}_ci_high"]) for row in rows]
        highest = max([highest, *(value for value in high if not math.isnan(value))])
        axes.fill_between(
            months, low, high, color=colour, alpha=0.18, linewidth=0, label=f"{label}: 95% Wilson interval"
        )
        axes.plot(months, share, color=colour, marker="o", markersize=4, label=f"{label} share")
        fit = fits.get(measure)
        if fit is not None and fit["pre_level_pp"] is not None:
            _plot_segments(axes, months, setting.month, fit, colour, label)
    axes.axvline(setting.month, color="dimgray", linestyle="--", linewidth=1.2)
    axes.annotate(
        f"{setting.event}\nbreak: {setting.month:%Y-%m}",
        xy=(setting.month, 0.02),
        xycoords=("data", "axes fraction"),
        xytext=(6, 0),
        textcoords="offset points",
        color="dimgray",
        fontsize=9,
    )
    axes.set_ylim(0, min(100.0, max(10.0, highest * 1.15)))
    axes.yaxis.set_major_formatter(PercentFormatter(decimals=0))
    axes.xaxis.set_major_locator(MonthLocator(bymonth=range(1, 13, 2)))
    axes.xaxis.set_major_formatter(DateFormatter("%Y-%m"))
    axes.tick_params(axis="x", labelrotation=45)
    axes.grid(axis="y", alpha=0.3)
    axes.set_ylabel("share of developer postings")
    axes.set_title(f"AI share of developer job postings per month (taxonomy {taxonomy_id})")
    axes.legend(loc="lower left", fontsize=8, ncols=2)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _plot_segments(axes, months: list[date], break_month: date, fit: dict, colour: str, label: str) -> None:
    """The two fitted lines of the interrupted time series, and the first one carried on past the break, dashed."""
    coefficients = [fit[f"{name}_pp"] for name in ("pre_level", "pre_slope", "level_change", "slope_change")]

    def line(segment: list[date], *values: float) -> list[float]:
        return [segment_value(months_between(break_month, month), *values) for month in segment]

    before = [month for month in months if month < break_month]
    after = [month for month in months if month >= break_month]
    axes.plot(before, line(before, *coefficients), color=colour, linewidth=2.2, alpha=0.6)
    axes.plot(after, line(after, *coefficients), color=colour, linewidth=2.2, alpha=0.6, label=f"{label}: fitted")
    carried = before[-1:] + after
    axes.plot(
        carried,
        line(carried, *coefficients[:2]),
        color=colour,
        linewidth=1.2,
        linestyle=":",
        alpha=0.8,
        label=f"{label}: trend before, carried on",
    )


def render_html(
    monthly_by_taxonomy: dict[str, list[dict]],
    comparison_by_taxonomy: dict[str, list[dict]],
    trend_by_taxonomy: dict[str, list[dict]],
    setting: BreakSetting,
    pngs: dict[str, bytes],
    csv_names: Iterable[str],
    generated_at: datetime | None = None,
) -> str:
    """The report page: one section per taxonomy (chart, trend break, pooled comparison, monthly table), then the
    CSV files."""
    generated = (generated_at or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<title>AI share of developer job postings</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>AI share of developer job postings</h1>",
        f"<p>Generated {_e(generated)} from the warehouse views in schema <code>reporting</code>. Developer postings:"
        " the job groups the warehouse setting developer_job_groups names, deleted postings excluded; months in"
        " Korea time. Intervals are 95% (Wilson for shares, Wald for differences); the pooled comparison's p-value is"
        " a two-proportion z-test. The trend break is an"
        " interrupted time series: a segmented regression of the monthly share (level and slope before, their"
        " changes at the break month) with Newey&ndash;West standard errors; with few months these errors are too"
        " narrow, so a change counts as significant only when the classical errors agree, and the placebo rank says"
        " whether the break month stands out (1 = no other month shows a clearer change).</p>",
    ]
    if not monthly_by_taxonomy:
        parts.append("<p><strong>No data yet:</strong> reporting.monthly_ai_share is empty.</p>")
    for taxonomy_id, rows in monthly_by_taxonomy.items():
        parts.append(f"<h2>Taxonomy {_e(taxonomy_id)}</h2>")
        if taxonomy_id in pngs:
            encoded = base64.b64encode(pngs[taxonomy_id]).decode("ascii")
            parts.append(
                f'<img alt="monthly AI share, taxonomy {_e(taxonomy_id)}" src="data:image/png;base64,{encoded}">'
            )
        parts.append(_trend_break_section(trend_by_taxonomy.get(taxonomy_id, []), setting))
        parts.append(_comparison_table(comparison_by_taxonomy.get(taxonomy_id, []), setting))
        parts.append(_monthly_table(rows))
    names = list(csv_names)
    if names:
        parts.append("<h2>CSV exports</h2><ul>")
        parts.extend(f'<li><a href="{_e(name)}">{_e(name)}</a></li>' for name in names)
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _trend_break_section(rows: list[dict], setting: BreakSetting) -> str:
    if not rows:
        return ""
    headline = next((row for row in rows if (row["population"], row["measure"]) == ("all", "ai")), rows[0])
    sentence = (
        f"<p><strong>Did the {_e(_MEASURES[headline['measure']])} share change at {setting.month:%Y-%m}"
        f" ({_e(setting.event)})?</strong> For {_e(_POPULATIONS[headline['population']])}: {_e(headline['verdict'])}."
        "</p>"
    )
    header = (
        "population",
        "measure",
        "months before + after",
        "level before the break",
        "trend before (pp/month)",
        "level change (pp) [95% CI]",
        "p-value (classical)",
        "slope change (pp/month) [95% CI]",
        "p-value (classical)",
        "placebo rank (level, slope)",
    )
    body = [
        (
            row["population"],
            row["measure"],
            f"{row['months_before']} + {row['months_after']}",
            _num(row["pre_level_pp"], "%"),
            _num(row["pre_slope_pp"], "", signed=True),
            format_change(row, "level_change"),
            format_p_values(row, "level_change"),
            format_change(row, "slope_change"),
            format_p_values(row, "slope_change"),
            format_ranks(row),
        )
        for row in rows
    ]
    return f"<h3>Trend break at {setting.month:%Y-%m} (interrupted time series)</h3>{sentence}" + _table(header, body)


def _comparison_table(rows: list[dict], setting: BreakSetting) -> str:
    if not rows:
        return ""
    header = (
        "population",
        "measure",
        f"pooled before {setting.month:%Y-%m}",
        f"pooled from {setting.month:%Y-%m}",
        "difference (pp) [95% CI]",
        "z",
        "p-value",
    )
    body = [
        (
            row["population"],
            row["measure"],
            f"{_pct(row['before_share'])} of {_int(row['before_postings'])}",
            f"{_pct(row['after_share'])} of {_int(row['after_postings'])}",
            _difference(row),
            "–" if row["z_statistic"] is None else f"{row['z_statistic']:.2f}",
            format_p_value(row["p_value"]),
        )
        for row in rows
    ]
    return (
        f"<h3>Pooled before and after {setting.month:%Y-%m} (months 2022-01..2023-05)</h3>"
        "<p>The shares of all months on each side pooled and compared: a steady trend shows here as a difference,"
        " which is why the trend break above is the answer to &ldquo;did it change at the break?&rdquo;</p>"
        + _table(header, body)
    )


def _monthly_table(rows: list[dict]) -> str:
    header = (
        "month",
        "developer postings",
        "AI share [95% CI]",
        "AI 3-month avg",
        "AI-or-data share [95% CI]",
        "AI-or-data 3-month avg",
        "reposts",
        "AI share, first postings",
        "note",
    )
    body = [
        (
            row["month"].strftime("%Y-%m"),
            _int(row["developer_postings"]),
            f"{_pct(row['ai_share'])} [{_pct(row['ai_share_ci_low'])}, {_pct(row['ai_share_ci_high'])}]",
            _pct(row["ai_share_ma3"]),
            f"{_pct(row['ai_or_data_share'])} "
            f"[{_pct(row['ai_or_data_share_ci_low'])}, {_pct(row['ai_or_data_share_ci_high'])}]",
            _pct(row["ai_or_data_share_ma3"]),
            _int(row["repost_postings"]),
            _pct(row["first_ai_share"]),
            "small sample" if row["small_sample"] else "",
        )
        for row in rows
    ]
    return "<h3>Monthly shares</h3>" + _table(header, body)


def _table(header: tuple[str, ...], body: list[tuple[str, ...]]) -> str:
    head = "".join(f"<th>{_e(cell)}</th>" for cell in header)
    rows = "".join("<tr>" + "".join(f"<td>{_e(cell)}</td>" for cell in row) + "</tr>" for row in body)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def _export_csvs(conn: psycopg.Connection, directory: Path) -> list[Path]:
    template = read_sql("queries/reporting/export_relation_csv.sql")
    relations = conn.execute(read_sql("queries/reporting/list_reporting_relations.sql")).fetchall()
    written = []
    for relation, columns in relations:
        query = sql.SQL(template).format(
            relation=sql.Identifier(relation),
            order_by=sql.SQL(", ").join(sql.SQL(str(position)) for position in range(1, columns + 1)),
        )
        buffer = io.BytesIO()
        with conn.cursor() as cursor, cursor.copy(query) as copy:
            for block in copy:
                buffer.write(block)
        path = directory / f"{_file_safe(relation)}.csv"
        _write_atomic(path, neutralise_csv(buffer.getvalue().decode("utf-8")).encode("utf-8"))
        written.append(path)
    return written


#: What a spreadsheet starts a formula with (OWASP, CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def neutralise_csv(text: str) -> str:
    """``text`` (CSV) with every cell that starts like a formula - but a plain number - behind a single quote."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180; a cell holding a CR is then quoted
    for row in csv.reader(io.StringIO(text, newline="")):
        writer.writerow([_neutralise_cell(cell) for cell in row])
    return out.getvalue()


def _neutralise_cell(cell: str) -> str:
    if cell.startswith(_FORMULA_START) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` beside ``path`` and rename it over ``path``; created 0666 less the umask, as any file is."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        with open(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _group(rows: list[dict], key: str) -> dict[str, list[dict]]:
    """Rows grouped by ``key``, the default taxonomy first, then by name."""
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row[key], []).append(row)
    return dict(sorted(grouped.items(), key=lambda item: (item[0] != DEFAULT_TAXONOMY, item[0])))


def _file_safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)


def _percent(value) -> float:
    """A fraction as a percentage for the chart; NaN (a gap) when missing."""
    return math.nan if value is None else float(value) * 100


def _pct(value) -> str:
    return "–" if value is None else f"{float(value) * 100:.1f}%"


def _int(value) -> str:
    return "–" if value is None else f"{value:,}"


def _num(value, suffix: str, signed: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value:+.2f}{suffix}" if signed else f"{value:.1f}{suffix}"


_MEASURES = {"ai": "AI", "ai_or_data": "AI-or-data"}
_POPULATIONS = {"all": "all developer postings", "first_postings": "first postings (reposts excluded)"}


def _difference(row: dict) -> str:
    if row["difference_pp"] is None:
        return "–"
    low, high = float(row["difference_ci_low_pp"]), float(row["difference_ci_high_pp"])
    return f"{float(row['difference_pp']):+.2f} [{low:+.2f}, {high:+.2f}]"


def _e(text: str) -> str:
    return html.escape(str(text), quote=True)


_CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }
img { max-width: 100%; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.9em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
th { background: #f3f3f3; }
td:first-child, th:first-child { text-align: left; }
""".strip()
