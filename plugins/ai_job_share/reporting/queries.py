"""Reading the BI views back, for the command line and the demo."""

from __future__ import annotations

import psycopg
from psycopg.rows import dict_row

from ai_job_share.sql_files import read_sql
from ai_job_share.taxonomy import DEFAULT_TAXONOMY


def read_monthly_share(conn: psycopg.Connection, taxonomy_id: str) -> list[dict]:
    with conn.cursor(row_factory=dict_row) as cursor:
        cursor.execute(read_sql("queries/warehouse/read_monthly_share.sql"), {"taxonomy_id": taxonomy_id})
        return cursor.fetchall()


def format_monthly_table(rows: list[dict]) -> str:
    """A plain-text table; shares are shown as percentages."""
    header = ("month", "developer", "ai", "ai share", "ai|data", "ai|data share")
    lines = [header]
    for row in rows:
        lines.append(
            (
                row["month"],
                str(row["developer_postings"]),
                str(row["ai_postings"]),
                f"{float(row['ai_share']) * 100:.1f}%",
                str(row["ai_or_data_postings"]),
                f"{float(row['ai_or_data_share']) * 100:.1f}%",
            )
        )
    return _render(lines)


def _render(lines: list[tuple[str, ...]]) -> str:
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    rendered = ["  ".join(cell.rjust(width) for cell, width in zip(line, widths, strict=True)) for line in lines]
    rendered.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(rendered)


def read_taxonomy_comparison(conn: psycopg.Connection) -> list[dict]:
    """One row per month: ``month`` and the AI share under every taxonomy the warehouse holds (the default
    taxonomy first, then by id; None where a taxonomy has no figure for the month)."""
    with conn.cursor(row_factory=dict_row) as cursor:
        cursor.execute(read_sql("queries/warehouse/read_taxonomy_comparison.sql"))
        rows = cursor.fetchall()
    taxonomies = sorted(
        {row["taxonomy_id"] for row in rows}, key=lambda taxonomy: (taxonomy != DEFAULT_TAXONOMY, taxonomy)
    )
    months: dict[str, dict] = {}
    for row in rows:
        months.setdefault(row["month"], {"month": row["month"], **dict.fromkeys(taxonomies)})
        months[row["month"]][row["taxonomy_id"]] = row["ai_share"]
    return list(months.values())


def format_taxonomy_comparison(rows: list[dict]) -> str:
    """Month by month AI share under each taxonomy, as percentages."""
    columns = [key for key in (rows[0] if rows else {}) if key != "month"]
    lines = [("month", *columns)]
    lines += [
        (row["month"], *("-" if row[c] is None else f"{float(row[c]) * 100:.1f}%" for c in columns)) for row in rows
    ]
    return _render(lines)
