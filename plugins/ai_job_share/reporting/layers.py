"""The reporting SQL's layers and their order, derived from the SQL itself (pure: no database).

``sql/reporting/`` holds the statistics functions (``functions.sql``) and one view per file in three layers, as dbt
projects keep them; each layer is a folder and a schema:

- ``staging/`` → schema ``staging``: the warehouse's tables and settings, columns named explicitly;
- ``intermediate/`` → schema ``intermediate``: shared building blocks (e.g. developer postings × keyword set);
- ``marts/`` → schema ``reporting``: what BI tools, the report files and the command line read.

Each file defines one relation: a view, a materialised view, or a *per-month table* (``CREATE TABLE``, first column
``month``) with the function ``<schema>.<name>_of(months date[])`` that gives its rows of the given months (NULL: of
every month). A relation may read relations of its own layer or of the layers before it. Which ones it reads is
found in its SQL (every ``schema.name`` or ``schema.name_of`` that names another relation of these folders, outside
comments and string literals), so a new one is one file, with its docs file beside it (:mod:`.docs`): the
migrations create them, and the refresh refreshes them, in that order - a per-month table by deleting the months it
recomputes and inserting them again, a materialised view whole (they read the small per-month tables;
docs/adr/0006-incremental-reporting-refresh.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

#: The layers in order: folder under sql/reporting/ -> the schema its views live in.
LAYERS: dict[str, str] = {"staging": "staging", "intermediate": "intermediate", "marts": "reporting"}
#: Functions the views use (schema reporting); applied before any view.
FUNCTIONS_FILE = "functions.sql"

#: The kinds of relation a file may define.
VIEW, MATERIALIZED_VIEW, PER_MONTH_TABLE = "view", "materialized view", "per-month table"
#: The suffix of a per-month table's function: ``intermediate.monthly_counts_of(months date[])``.
ROWS_OF = "_of"

_CREATE = re.compile(
    r"\bCREATE\s+(MATERIALIZED\s+VIEW|VIEW|TABLE)\s+([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)", re.IGNORECASE
)
_QUALIFIED_NAME = re.compile(r"\b([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)\b", re.IGNORECASE)
_COMMENTS_AND_LITERALS = re.compile(r"--[^\n]*|'(?:[^']|'')*'")


class ReportingLayerError(ValueError):
    pass


@dataclass(frozen=True)
class ReportingView:
    name: str  # schema-qualified, e.g. "reporting.monthly_ai_share"
    layer: str  # a key of LAYERS
    path: Path
    kind: str  # VIEW, MATERIALIZED_VIEW or PER_MONTH_TABLE
    reads: frozenset[str]  # the other reporting relations it reads

    @property
    def schema(self) -> str:
        return LAYERS[self.layer]

    @property
    def materialized(self) -> bool:
        return self.kind == MATERIALIZED_VIEW


def reporting_views(root: Path) -> list[ReportingView]:
    """Every view under ``root`` (``sql/reporting``), in an order where each comes after the views it reads (and,
    among views free to go, by layer and name, so the order is stable)."""
    found: dict[str, tuple[str, Path, str, str]] = {}
    for layer, schema in LAYERS.items():
        for path in sorted((root / layer).glob("*.sql")):
            code = _COMMENTS_AND_LITERALS.sub(" ", path.read_text(encoding="utf-8"))
            created = _CREATE.findall(code)
            if len(created) != 1:
                raise ReportingLayerError(f"{path}: one view or table per file, found {len(created)}")
            created_kind, view_schema, view_name = created[0]
            name = f"{view_schema}.{view_name}".lower()
            kind = {"view": VIEW, "table": PER_MONTH_TABLE}.get(created_kind.lower(), MATERIALIZED_VIEW)
            if kind == PER_MONTH_TABLE and not re.search(
                rf"\bCREATE\s+FUNCTION\s+{re.escape(name + ROWS_OF)}\s*\(\s*months\s+date\[\]", code, re.IGNORECASE
            ):
                raise ReportingLayerError(
                    f"{path}: a per-month table needs its function {name}{ROWS_OF}(months date[])"
                )
            if view_schema.lower() != schema:
                raise ReportingLayerError(f"{path}: a view of layer {layer} belongs in schema {schema}, not {name}")
            if name in found:
                raise ReportingLayerError(f"{path}: {name} is also defined in {found[name][1]}")
            found[name] = (layer, path, kind, code)
    views = {
        name: ReportingView(
            name=name,
            layer=layer,
            path=path,
            kind=kind,
            reads=frozenset(
                read
                for read in (
                    _relation(f"{schema}.{table}".lower(), found) for schema, table in _QUALIFIED_NAME.findall(code)
                )
                if read in found and read != name
            ),
        )
        for name, (layer, path, kind, code) in found.items()
    }
    order = list(LAYERS)
    for view in views.values():
        for read in view.reads:
            if order.index(views[read].layer) > order.index(view.layer):
                raise ReportingLayerError(f"{view.path}: {view.name} ({view.layer}) reads {read}, a later layer")
    return _dependency_order(views)


def _relation(name: str, relations: dict) -> str:
    """The relation a qualified name refers to: itself, or the per-month table whose function it is."""
    if name not in relations and name.endswith(ROWS_OF) and name.removesuffix(ROWS_OF) in relations:
        return name.removesuffix(ROWS_OF)
    return name


def _dependency_order(views: dict[str, ReportingView]) -> list[ReportingView]:
    layer_rank = {layer: rank for rank, layer in enumerate(LAYERS)}
    ordered: list[ReportingView] = []
    done: set[str] = set()
    while len(ordered) < len(views):
        ready = [view for name, view in views.items() if name not in done and view.reads <= done]
        if not ready:
            stuck = sorted(name for name in views if name not in done)
            raise ReportingLayerError(f"reporting views that read each other in a cycle: {', '.join(stuck)}")
        ready.sort(key=lambda view: (layer_rank[view.layer], view.name))
        ordered.append(ready[0])
        done.add(ready[0].name)
    return ordered


def refresh_statements(views: list[ReportingView], *, full: bool = True) -> list[str]:
    """What refreshes the reporting layer, in dependency order. A per-month table: in ``full``, emptied and filled
    with every month; else the months of the parameter ``months`` (a list of dates) deleted and inserted again. A
    materialised view: ``REFRESH MATERIALIZED VIEW``, the marts ``CONCURRENTLY`` (BI tools keep reading the previous
    contents; each has a unique index). Plain views need nothing."""
    statements = []
    for view in views:
        if view.kind == PER_MONTH_TABLE:
            rows_of = f"{view.name}{ROWS_OF}"
            if full:
                statements += [f"TRUNCATE {view.name}", f"INSERT INTO {view.name} SELECT * FROM {rows_of}(NULL)"]
            else:
                statements += [
                    f"DELETE FROM {view.name} WHERE month = ANY(%(months)s::date[])",
                    f"INSERT INTO {view.name} SELECT * FROM {rows_of}(%(months)s::date[])",
                ]
        elif view.kind == MATERIALIZED_VIEW:
            concurrently = "CONCURRENTLY " if view.layer == "marts" else ""
            statements.append(f"REFRESH MATERIALIZED VIEW {concurrently}{view.name}")
    return statements


def months_to_recompute(changed: Iterable[date], known: Iterable[date], repost_window_days: int | None) -> list[date]:
    """The months (first days) whose per-month rows a refresh recomputes: those whose inputs ``changed``, and the
    ``known`` months after each that its repost window reaches (a posting of a changed month makes one published up
    to ``repost_window_days`` after it a repost, or no longer one; an earlier month is never affected)."""
    window = timedelta(days=max(repost_window_days or 0, 0))
    changed, known = set(changed), set(known)
    months = set(changed)
    for month in changed:
        last_day = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        months |= {later for later in known if month < later <= last_day + window}
    return sorted(months)
