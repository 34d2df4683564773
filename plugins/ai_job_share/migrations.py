"""Warehouse schema migrations: ordered, idempotent, safe to run from many tasks at once.

- ``sql/warehouse/NNN_*.sql`` are applied once each, in name order, and recorded in ``meta.schema_migrations``;
  an applied file must never change (add a new one instead).
- ``sql/reporting/*.sql`` define the BI views; each is re-applied whenever its text changes or a versioned
  migration ran, so a view always matches the tables under it.
Everything runs in one transaction under an advisory lock: concurrent callers wait, then find nothing to do.
"""

from __future__ import annotations

import hashlib

import psycopg

from ai_job_share.sql_files import SQL_DIR, read_sql

_LOCK_KEY = "ai_job_share.migrate"


class MigrationError(RuntimeError):
    pass


def migrate(conn: psycopg.Connection) -> list[str]:
    """Bring the warehouse schema up to date; returns the files applied (empty when already current)."""
    versioned = sorted((SQL_DIR / "warehouse").glob("*.sql"))
    repeatable = sorted((SQL_DIR / "reporting").glob("*.sql"))
    applied: list[str] = []
    with conn.transaction(), conn.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (_LOCK_KEY,))
        cursor.execute(read_sql("queries/warehouse/migrations_bootstrap.sql"))
        cursor.execute("SELECT name, checksum FROM meta.schema_migrations")
        recorded = dict(cursor.fetchall())
        for path in versioned:
            name, text = f"warehouse/{path.name}", path.read_text(encoding="utf-8")
            if name in recorded:
                if recorded[name] != _checksum(text):
                    raise MigrationError(
                        f"{name} changed after it was applied; never edit an applied migration, add a new one"
                    )
                continue
            _apply(cursor, name, text)
            applied.append(name)
        for path in repeatable:
            name, text = f"reporting/{path.name}", path.read_text(encoding="utf-8")
            if applied or recorded.get(name) != _checksum(text):
                _apply(cursor, name, text)
                applied.append(name)
    return applied


def _apply(cursor: psycopg.Cursor, name: str, text: str) -> None:
    try:
        cursor.execute(text)
    except psycopg.Error as error:
        raise MigrationError(f"{name} failed: {error}") from error
    cursor.execute(
        "INSERT INTO meta.schema_migrations (name, checksum) VALUES (%s, %s) "
        "ON CONFLICT (name) DO UPDATE SET checksum = EXCLUDED.checksum, applied_at = now()",
        (name, _checksum(text)),
    )


def _checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
