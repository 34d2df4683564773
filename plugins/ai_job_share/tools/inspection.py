"""Answers about what the warehouse holds, for ``ai-job-share explain`` and ``ai-job-share issues``: why a posting was
tagged or left out, and which issues a month's loads recorded. Read-only; plain dicts, so ``--json`` prints them as
they are and the text forms below print a dash for what is missing (never ``None``)."""

from __future__ import annotations

from collections.abc import Sequence

import psycopg
from psycopg.rows import dict_row

from ai_job_share.months import Month
from ai_job_share.sql_files import read_sql
from ai_job_share.tools.progress import DASH


def explain_postings(conn: psycopg.Connection, posting_ids: Sequence[int]) -> list[dict]:
    """One answer per id, in the order asked: ``found`` (loaded, or recorded as an issue), ``month``,
    ``job_group``, ``job_role``, ``counted`` (in core.tagged_postings), ``taxonomies`` (result and evidence under
    each) and ``issues`` (its own, and its load's caveats that concern every posting)."""
    ids = list(dict.fromkeys(posting_ids))
    with conn.cursor(row_factory=dict_row) as cursor:
        tagged = cursor.execute(read_sql("queries/warehouse/explain_posting.sql"), {"posting_ids": ids}).fetchall()
        months = sorted({Month.parse(row["month"]).first_day for row in tagged})
        issues = cursor.execute(
            read_sql("queries/warehouse/issues_of_postings.sql"), {"posting_ids": ids, "months": months}
        ).fetchall()
    answers = []
    for posting_id in ids:
        rows = [row for row in tagged if row["posting_id"] == posting_id]
        own = [_issue(row) for row in issues if row["posting_id"] == posting_id]
        month = rows[0]["month"] if rows else next((issue["month"] for issue in own), None)
        load_wide = [_issue(row) for row in issues if row["posting_id"] is None and rows and row["month"] == month]
        answers.append(
            {
                "posting_id": posting_id,
                "found": bool(rows or own),
                "counted": bool(rows),
                "month": month,
                "job_group": rows[0]["job_group"] if rows else None,
                "job_role": rows[0]["job_role"] if rows else None,
                "taxonomies": [_taxonomy(row) for row in rows],
                "issues": own + load_wide,
            }
        )
    return answers


#: What an answer tells of an issue and of a posting's result under a taxonomy: answer key -> the query's column.
_ISSUE_FIELDS = {key: key for key in ("reason", "action", "detail", "stage", "month", "postings")}
_TAXONOMY_FIELDS = {
    "taxonomy": "taxonomy_id",
    "version": "taxonomy_version",
    **{key: key for key in ("is_ai", "is_data", "match_count", "evidence")},
}


def _issue(row: dict) -> dict:
    return {**_fields(row, _ISSUE_FIELDS), "whole_load": row["posting_id"] is None}


def _taxonomy(row: dict) -> dict:
    return _fields(row, _TAXONOMY_FIELDS)


def _fields(row: dict, fields: dict[str, str]) -> dict:
    return {key: row[column] for key, column in fields.items()}


def text(value: object) -> str:
    """A value for a person: a dash when it is missing or empty."""
    return DASH if value is None or value == "" else str(value)


def format_explanation(answer: dict) -> str:
    posting_id = answer["posting_id"]
    if not answer["found"]:
        return f"posting {posting_id}: not in the warehouse (neither loaded nor recorded in core.posting_issues)"
    lines = []
    if answer["counted"]:
        lines.append(
            f"posting {posting_id}: {text(answer['month'])}, {text(answer['job_group'])} / {text(answer['job_role'])}"
        )
    else:
        lines.append(f"posting {posting_id}: {text(answer['month']) if answer['month'] else 'no month'}, not counted")
    for issue in answer["issues"]:
        scope = f"every posting of the {text(issue['month'])} load ({issue['postings']})" if issue["whole_load"] else ""
        lines.append(
            f"  {issue['action']}: {issue['reason']} - {text(issue['detail'])}"
            f" (recorded by the {issue['stage']} of {text(issue['month']) if issue['month'] else 'no month'})"
            + (f"; concerns {scope}" if scope else "")
        )
    for result in answer["taxonomies"]:
        labels = [name for name, flag in (("AI", result["is_ai"]), ("data", result["is_data"])) if flag]
        verdict = " and ".join(labels) + "-related" if labels else "not tagged"
        lines.append(f"  {result['taxonomy']} v{result['version']}: {verdict} ({result['match_count']} matches)")
        for match in result["evidence"]:
            snippet = match["snippet"].replace("\n", " ")
            matched = match["text"].replace("\n", " ")
            lines.append(
                f"    {match['group']:<5} {match['keyword']:<12} {match['section']:<12} @{match['offset']:<5} "
                f"…{snippet.replace(matched, '[' + matched + ']', 1)}…"
            )
        if result["match_count"] > len(result["evidence"]):
            lines.append(
                f"    … and {result['match_count'] - len(result['evidence'])} more matches (only the first are stored)"
            )
    return "\n".join(lines)


def issue_summary(conn: psycopg.Connection, month: Month | None, *, examples: int = 5) -> list[dict]:
    """Recorded issues by month and reason (``month`` None: every month): postings concerned, whether recorded once
    for a whole load, example posting ids, one detail."""
    with conn.cursor(row_factory=dict_row) as cursor:
        return cursor.execute(
            read_sql("queries/warehouse/issue_summary.sql"),
            {"month": month.first_day if month else None, "examples": examples},
        ).fetchall()


def format_issue_summary(rows: list[dict]) -> str:
    if not rows:
        return "no issues recorded"
    lines: list[str] = []
    month = object()
    for row in rows:
        if row["month"] != month:
            month = row["month"]
            in_month = [r for r in rows if r["month"] == month]
            postings = sum(r["postings"] for r in in_month)
            lines.append(f"{month or 'no month'}: {postings} posting issue(s), {len(in_month)} reason(s)")
        if row["whole_load"]:
            where = "every posting of the load"
        elif not row["examples"]:
            where = "rows without an id"
        else:
            more = ", …" if row["postings"] > len(row["examples"]) else ""
            where = "e.g. " + ", ".join(str(posting_id) for posting_id in row["examples"]) + more
        lines.append(f"  {row['action']:<8} {row['reason']:<20} {row['postings']:>7}  {where} ({text(row['detail'])})")
    return "\n".join(lines)
