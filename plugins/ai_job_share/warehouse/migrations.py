"""Warehouse schema migrations: ordered, idempotent, safe to run from many tasks at once.

- ``sql/warehouse/NNN_*.sql`` are applied once each, in name order, and recorded in ``meta.schema_migrations``;
  an applied file must never change (add a new one instead), and no two share a number.
- A *baseline* (``000_baseline.sql``) stands for the older migrations it names in ``-- replaces:`` lines, as
  Django's squashed migrations do: a new warehouse runs it; one that applied every file it replaces has it recorded
  without running it; one that applied only some of them is refused (the steps it lacks are no longer shipped).
  The numbers of the files it replaces stay taken.
- An applied migration's earlier texts listed in :data:`SAME_OBJECTS_AS` (edits that moved only what a repeatable
  file now does, e.g. comments into docs files) are not a change: the record takes the new checksum, nothing runs.
- ``sql/reporting/`` holds the reporting layer: ``functions.sql``, then one view per file in the folders
  ``staging/``, ``intermediate/`` and ``marts/`` (see :mod:`ai_job_share.reporting.layers`), each with its docs file
  beside it (``<name>.toml``: its description and its columns', :mod:`ai_job_share.reporting.docs`). Each file drops
  and re-creates its view, with CASCADE, and its docs file comments it right after; all are re-applied, each after
  the views it reads, whenever one of them or of their docs files changes or a versioned migration ran, so views
  always match the tables under them. Then ``sql/warehouse/docs/`` comments the tables versioned migrations created.
Everything runs in one transaction under a lock on meta.schema_migrations (only the ETL role may take it):
concurrent callers wait, then find nothing to do.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

import psycopg
from psycopg import sql

from ai_job_share.reporting.docs import DocsError, check_columns, parse_docs, reporting_docs, warehouse_docs
from ai_job_share.reporting.layers import FUNCTIONS_FILE, LAYERS, reporting_views
from ai_job_share.sql_files import SQL_DIR, read_sql

_LOCK_KEY = "ai_job_share.migrate"
_REPLACES = re.compile(r"^-- replaces: (\S+)$", re.MULTILINE)
#: How long a migration waits for another one to finish before it gives up.
LOCK_TIMEOUT = "5min"
#: Earlier texts (sha256) of applied versioned migrations that created exactly the objects their current text
#: creates, with what they had more now done by a repeatable file. A warehouse that recorded one of them has its
#: record set to the current text, nothing run, instead of being refused as changed. Add one only with a test that
#: migrates a warehouse which applied the earlier text (tests/integration/warehouse/fixtures/).
SAME_OBJECTS_AS: dict[str, frozenset[str]] = {
    # 000_baseline.sql before its comments on reporting.chatgpt_trend_break and _placebo moved to
    # sql/warehouse/docs/ (applied after every migration, with the same text): fixtures/baseline_before_docs/.
    "warehouse/000_baseline.sql": frozenset({"4788e2f0dd683d76c107d6b377b0cc7717fc76f8e9f1efe2d795fbc0858b316a"}),
}
#: How COMMENT ON names a relation of each kind (pg_class.relkind).
_COMMENT_ON = {"r": "TABLE", "p": "TABLE", "f": "FOREIGN TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW"}


class MigrationError(RuntimeError):
    pass


def migrate(conn: psycopg.Connection) -> list[str]:
    """Bring the warehouse schema up to date; returns the files applied (empty when already current), a baseline
    only recorded marked as such."""
    versioned, repeatable = _files()
    recorded = _recorded(conn)
    if recorded is not None and all(recorded.get(name) == checksum for name, checksum in _wanted().items()):
        return []  # current: no lock taken, so the many runs of a backfill do not queue up here
    try:
        with conn.transaction(), conn.cursor() as cursor:
            _lock(cursor, first=recorded is None)
            return _migrate_locked(cursor, versioned, repeatable)
    except psycopg.errors.LockNotAvailable:
        raise MigrationError(
            f"another session held the migration lock for over {LOCK_TIMEOUT} ({_lock_holders(conn)}); "
            "retry when it has finished"
        ) from None


def _lock(cursor: psycopg.Cursor, *, first: bool) -> None:
    """The migration lock: a lock on meta.schema_migrations, which only the ETL role may take (an advisory lock,
    which any role may take and hold, orders only the very first migrations, which create that table). Waits up
    to LOCK_TIMEOUT."""
    cursor.execute("SELECT set_config('lock_timeout', %s, true)", (LOCK_TIMEOUT,))
    if first:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (_LOCK_KEY,))
        cursor.execute(read_sql("queries/warehouse/migrations_bootstrap.sql"))
    cursor.execute("LOCK TABLE meta.schema_migrations IN SHARE ROW EXCLUSIVE MODE")
    cursor.execute("SELECT set_config('lock_timeout', '0', true)")


def _lock_holders(conn: psycopg.Connection) -> str:
    """Who holds the migration lock, for the message: user, application and pid of each holder."""
    rows = conn.execute(read_sql("queries/warehouse/migration_lock_holders.sql"), {"key": _LOCK_KEY}).fetchall()
    holders = [f"{user} ({application or 'no application name'}, pid {pid})" for user, application, pid in rows]
    return ", ".join(holders) or "it has gone since"


def _migrate_locked(
    cursor: psycopg.Cursor, versioned: list[Path], repeatable: list[tuple[Path, str | None]]
) -> list[str]:
    """Apply what ``meta.schema_migrations`` does not record yet, the migration lock held."""
    applied: list[str] = []
    cursor.execute("SELECT name, checksum FROM meta.schema_migrations")
    recorded = dict(cursor.fetchall())
    for path in versioned:
        name, text = _name(path), path.read_text(encoding="utf-8")
        if name in recorded:
            if recorded[name] == _checksum(text):
                continue
            if recorded[name] not in SAME_OBJECTS_AS.get(name, ()):
                raise MigrationError(
                    f"{name} changed after it was applied; never edit an applied migration, add a new one"
                )
            _record(cursor, name, text)
            applied.append(f"{name} (recorded, not run: the text applied here created the same objects)")
            continue
        replaces = replaced_names(text)
        if baseline_applied_before(name, replaces, recorded):
            _record(cursor, name, text)
            applied.append(f"{name} (recorded, not run: the {len(replaces)} migrations it replaces were applied)")
            continue
        _apply(cursor, name, text)
        applied.append(name)
    files = [(path, _name(path), path.read_text(encoding="utf-8"), relation) for path, relation in repeatable]
    # A view file drops its view with CASCADE, taking dependent views with it: re-create them all, in order.
    if applied or any(recorded.get(name) != _checksum(text) for _, name, text, _ in files):
        for schema in LAYERS.values():
            cursor.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
        for path, name, text, relation in files:
            if relation is None:
                _apply(cursor, name, text)
            else:
                _apply_docs(cursor, path, text, relation)
            applied.append(name)
    return applied


def _apply_docs(cursor: psycopg.Cursor, path: Path, text: str, relation: str) -> None:
    """Comment ``relation`` and its columns as its docs file says, after checking the file against the relation."""
    name = _name(path)
    cursor.execute(read_sql("queries/warehouse/relation_columns.sql"), {"relation": relation})
    found = cursor.fetchone()
    if found is None:
        raise MigrationError(f"{name} documents {relation}, which does not exist")
    kind, columns = found
    try:
        docs = parse_docs(text, path=path, relation=relation)
        check_columns(docs, columns)
    except DocsError as error:
        raise MigrationError(str(error)) from None
    table = sql.Identifier(*relation.split("."))
    cursor.execute(
        sql.SQL("COMMENT ON {} {} IS {}").format(sql.SQL(_COMMENT_ON[kind]), table, sql.Literal(docs.description))
    )
    for column, description in (docs.columns or {}).items():
        column_name = sql.Identifier(*relation.split("."), column)
        cursor.execute(sql.SQL("COMMENT ON COLUMN {} IS {}").format(column_name, sql.Literal(description)))
    _record(cursor, name, text)


def replaced_names(text: str) -> list[str]:
    """The migrations a baseline file replaces (its ``-- replaces: warehouse/NNN_name.sql`` lines); none for
    another file."""
    return _REPLACES.findall(text)


def baseline_applied_before(name: str, replaces: list[str], recorded: dict[str, str]) -> bool:
    """Whether migration ``name``, not recorded yet, was in effect applied already: it is a baseline and the
    warehouse applied every migration it replaces. Refuses a warehouse that applied only some of them."""
    done = [replaced for replaced in replaces if replaced in recorded]
    if not done or len(done) == len(replaces):
        return bool(done)
    missing = [replaced for replaced in replaces if replaced not in recorded]
    raise MigrationError(
        f"this warehouse was migrated by an older version of ai-job-share, up to {done[-1]}; this version creates "
        f"new warehouses from {name}, which replaces {replaces[0]} .. {replaces[-1]}, and no longer ships the "
        f"{len(missing)} of them this warehouse lacks ({', '.join(missing)}). Nothing was changed. Upgrade in two "
        "steps: run `ai-job-share migrate` with the version before the baseline (in a git checkout: "
        f'git checkout "$(git log -1 --format=%H --diff-filter=A -- sql/{name})~1"), then with this one'
    )


def pending(conn: psycopg.Connection) -> list[str]:
    """The migration and view files ``migrate`` would apply now (new, or changed since applied)."""
    recorded = _recorded(conn) or {}
    return [name for name, checksum in _wanted().items() if recorded.get(name) != checksum]


def _files(sql_dir: Path | None = None) -> tuple[list[Path], list[tuple[Path, str | None]]]:
    """The versioned migrations in name order, and the repeatable files in the order they must run: the reporting
    layer's, each view followed by its docs file, then the docs of the versioned migrations' tables; each with the
    relation it documents (None: SQL to run)."""
    sql_dir = sql_dir or SQL_DIR
    versioned = sorted((sql_dir / "warehouse").glob("[0-9][0-9][0-9]_*.sql"))
    _check_numbers(versioned)
    reporting = sql_dir / "reporting"
    views = reporting_views(reporting)
    try:
        docs = reporting_docs(views, reporting)
        tables = warehouse_docs(sql_dir)
    except DocsError as error:
        raise MigrationError(str(error)) from None
    repeatable: list[tuple[Path, str | None]] = [(reporting / FUNCTIONS_FILE, None)]
    for view in views:
        repeatable += [(view.path, None), (docs[view.name], view.name)]
    return versioned, repeatable + [(path, relation) for relation, path in tables.items()]


def _check_numbers(versioned: list[Path]) -> None:
    """No two migrations share a number, and none takes the number of a migration a baseline replaces (an old
    warehouse would hold both under one number)."""
    numbers = Counter(path.name[:3] for path in versioned)
    taken = {
        Path(replaced).name[:3]: path.name
        for path in versioned
        for replaced in replaced_names(path.read_text(encoding="utf-8"))
    }
    for path in versioned:
        number = path.name[:3]
        if numbers[number] > 1:
            twins = ", ".join(other.name for other in versioned if other.name[:3] == number)
            raise MigrationError(f"migrations share the number {number} ({twins}): renumber the newer one")
        if number in taken:
            raise MigrationError(
                f"{path.name}: number {number} belongs to a migration {taken[number]} replaces; number new "
                f"migrations after {max(taken)}"
            )


def _wanted() -> dict[str, str]:
    """Every migration, view and docs file of this version, with its checksum."""
    versioned, repeatable = _files()
    paths = [*versioned, *(path for path, _ in repeatable)]
    return {_name(path): _checksum(path.read_text(encoding="utf-8")) for path in paths}


def _name(path: Path) -> str:
    """How meta.schema_migrations names a file: its path under sql/, e.g. ``reporting/marts/monthly_ai_share.sql``."""
    return path.relative_to(SQL_DIR).as_posix()


def _recorded(conn: psycopg.Connection) -> dict[str, str] | None:
    """What ``meta.schema_migrations`` records, or None before the first migration."""
    with conn.transaction(), conn.cursor() as cursor:
        cursor.execute("SELECT to_regclass('meta.schema_migrations') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return None
        cursor.execute("SELECT name, checksum FROM meta.schema_migrations")
        return dict(cursor.fetchall())


def _apply(cursor: psycopg.Cursor, name: str, text: str) -> None:
    try:
        cursor.execute(text)
    except psycopg.Error as error:
        raise MigrationError(f"{name} failed: {error}") from error
    _record(cursor, name, text)


def _record(cursor: psycopg.Cursor, name: str, text: str) -> None:
    cursor.execute(
        "INSERT INTO meta.schema_migrations (name, checksum) VALUES (%s, %s) "
        "ON CONFLICT (name) DO UPDATE SET checksum = EXCLUDED.checksum, applied_at = now()",
        (name, _checksum(text)),
    )


def _checksum(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
