"""SQL lives in the repository's ``sql/`` folder as files; this module finds and reads them."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

#: ``sql/`` beside ``plugins/``; a deployment that ships the package elsewhere sets AI_JOB_SHARE_SQL_DIR.
SQL_DIR = Path(os.environ.get("AI_JOB_SHARE_SQL_DIR") or Path(__file__).resolve().parents[2] / "sql")


@cache
def read_sql(relative_path: str) -> str:
    """The text of ``sql/<relative_path>``, e.g. ``read_sql("queries/source/extract_month.sql")``."""
    path = SQL_DIR / relative_path
    if not path.is_file():
        raise FileNotFoundError(f"SQL file not found: {path} (set AI_JOB_SHARE_SQL_DIR if sql/ lives elsewhere)")
    return path.read_text(encoding="utf-8")
