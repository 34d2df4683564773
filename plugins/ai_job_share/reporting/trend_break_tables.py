"""The interrupted time series in the warehouse: ``reporting.chatgpt_trend_break`` and its placebo table, computed
from ``reporting.monthly_ai_share`` by :mod:`ai_job_share.reporting.trend_break` and replaced by every refresh of the
reporting views (:func:`ai_job_share.warehouse.writes.refresh_reporting`); read back for the report outputs, the
demo and the CLI. No Airflow here.

The statsmodels fit runs in Python, so the tables are written rather than materialised: both are replaced in one
transaction that also reads the series, so a reader sees either the previous figures or the new ones, and running
it again on the same views writes the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import groupby

import psycopg
from psycopg.rows import dict_row

from ai_job_share.reporting.trend_break import Estimate, SegmentedFit, TrendBreak, analyse, p_value_rank
from ai_job_share.sql_files import read_sql


class TrendBreakSettingError(RuntimeError):
    pass


@dataclass(frozen=True)
class BreakSetting:
    month: date  # the first month after the event
    event: str  # e.g. "ChatGPT released 2022-11-30"


def read_break_setting(conn: psycopg.Connection) -> BreakSetting:
    """The break month and its event from ``meta.reporting_settings`` (the one place they are set)."""
    month, event = conn.execute(read_sql("queries/reporting/read_trend_break_setting.sql")).fetchone()
    if month is None or event is None:
        raise TrendBreakSettingError(
            "meta.reporting_settings lacks trend_break_month or trend_break_event; restore them with e.g. "
            "INSERT INTO meta.reporting_settings (name, value, description) VALUES "
            "('trend_break_month', '2022-12', 'break month'), ('trend_break_event', 'ChatGPT released 2022-11-30', "
            "'the event')"
        )
    return BreakSetting(month, event)


def refresh_trend_breaks(conn: psycopg.Connection) -> int:
    """Fit every series of ``reporting.monthly_ai_share`` and replace both tables; returns the series fitted."""
    with conn.transaction(), conn.cursor() as cursor:
        setting = read_break_setting(conn)
        cursor.execute(read_sql("queries/reporting/replace_trend_breaks.sql"))
        rows = cursor.execute(read_sql("queries/reporting/read_trend_break_series.sql")).fetchall()
        results, placebo = [], []
        for (taxonomy_id, population, measure), series in groupby(rows, key=lambda row: row[:3]):
            months, shares = zip(*((row[3], float(row[4])) for row in series), strict=True)
            key = {"taxonomy_id": taxonomy_id, "population": population, "measure": measure}
            result = analyse(months, shares, setting.month)
            results.append(_result_row(key, result, months))
            placebo.extend(_placebo_row(key, fit, result) for fit in result.placebo)
        cursor.executemany(read_sql("queries/reporting/insert_trend_break.sql"), results)
        cursor.executemany(read_sql("queries/reporting/insert_trend_break_placebo.sql"), placebo)
    return len(results)


def read_trend_breaks(conn: psycopg.Connection, taxonomy_ids: list[str] | None = None) -> list[dict]:
    """The rows of ``reporting.chatgpt_trend_break``, all taxonomies or those named, in taxonomy order."""
    with conn.cursor(row_factory=dict_row) as cursor:
        rows = cursor.execute(read_sql("queries/reporting/read_trend_breaks.sql")).fetchall()
    return [row for row in rows if taxonomy_ids is None or row["taxonomy_id"] in taxonomy_ids]


def format_trend_breaks(rows: list[dict]) -> str:
    """A plain-text table of the level and slope changes (pp, 95% interval, p-value, placebo rank), then the verdict
    of each series."""
    header = (
        "taxonomy",
        "population",
        "measure",
        "months",
        "level change pp [95% CI]",
        "p (classical p)",
        "slope change pp/month [95% CI]",
        "p (classical p)",
        "placebo rank (level, slope)",
    )
    lines = [header]
    for row in rows:
        lines.append(
            (
                row["taxonomy_id"],
                row["population"],
                row["measure"],
                f"{row['months_before']}+{row['months_after']}",
                format_change(row, "level_change"),
                format_p_values(row, "level_change"),
                format_change(row, "slope_change"),
                format_p_values(row, "slope_change"),
                format_ranks(row),
            )
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    rendered = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) for line in lines]
    rendered.insert(1, "  ".join("-" * width for width in widths))
    verdicts = [f"  {row['taxonomy_id']}, {row['population']}, {row['measure']}: {row['verdict']}" for row in rows]
    return "\n".join([*rendered, "", *verdicts])


def _result_row(key: dict, result: TrendBreak, months: tuple[date, ...]) -> dict:
    fit = result.fit
    row = {
        **key,
        "break_month": result.break_month,
        "first_month": min(months),
        "last_month": max(months),
        "months_before": result.months_before,
        "months_after": result.months_after,
        "hac_lags": fit.hac_lags if fit else None,
        "placebo_months": len(result.placebo),
        "level_change_rank": result.level_change_rank,
        "slope_change_rank": result.slope_change_rank,
        "verdict": result.verdict,
        "significant_level_change": fit.level_change.significant if fit else None,
        "significant_slope_change": fit.slope_change.significant if fit else None,
    }
    for name in ("pre_level", "pre_slope", "level_change", "slope_change"):
        row.update(_estimate_columns(name, getattr(fit, name) if fit else None))
    for name in ("level_change", "slope_change"):
        row[f"{name}_classical_p_value"] = getattr(fit, name).classical_p_value if fit else None
    return row


def _placebo_row(key: dict, fit: SegmentedFit, result: TrendBreak) -> dict:
    row = {
        **key,
        "break_month": fit.break_month,
        "is_break_month": fit.break_month == result.break_month,
        "months_before": fit.months_before,
        "months_after": fit.months_after,
        "level_change_rank": p_value_rank(fit, result.placebo, "level_change"),
        "slope_change_rank": p_value_rank(fit, result.placebo, "slope_change"),
    }
    for name in ("level_change", "slope_change"):
        row.update(_estimate_columns(name, getattr(fit, name)))
    return row


def _estimate_columns(name: str, estimate: Estimate | None) -> dict:
    return {
        f"{name}_pp": estimate.value if estimate else None,
        f"{name}_ci_low_pp": estimate.ci_low if estimate else None,
        f"{name}_ci_high_pp": estimate.ci_high if estimate else None,
        f"{name}_p_value": estimate.p_value if estimate else None,
    }


def format_change(row: dict, name: str) -> str:
    """``name``_pp with its 95% interval, e.g. '+0.42 [-1.10, +1.94]'."""
    if row[f"{name}_pp"] is None:
        return "-"
    if row[f"{name}_ci_low_pp"] is None:
        return f"{row[f'{name}_pp']:+.2f}"
    return f"{row[f'{name}_pp']:+.2f} [{row[f'{name}_ci_low_pp']:+.2f}, {row[f'{name}_ci_high_pp']:+.2f}]"


def format_p_value(value: float | None) -> str:
    return "-" if value is None else f"{value:.3g}"


def format_p_values(row: dict, name: str) -> str:
    """The Newey-West p-value of ``name`` with the classical one, e.g. '0.014 (0.19)'."""
    if row[f"{name}_p_value"] is None:
        return "-"
    return f"{format_p_value(row[f'{name}_p_value'])} ({format_p_value(row[f'{name}_classical_p_value'])})"


def format_ranks(row: dict) -> str:
    """The placebo ranks of the level and the slope change, e.g. '1, 4 of 12'."""
    if row["level_change_rank"] is None:
        return "-"
    return f"{row['level_change_rank']}, {row['slope_change_rank']} of {row['placebo_months']}"
