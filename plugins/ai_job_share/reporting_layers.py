"""The reporting SQL's layers and their order, derived from the SQL itself (pure: no database).

``sql/reporting/`` holds the statistics functions (``functions.sql``) and one view per file in three layers, as dbt
projects keep them; each layer is a folder and a schema:

- ``staging/`` → schema ``staging``: the warehouse's tables and settings, columns named explicitly;
- ``intermediate/`` → schema ``intermediate``: shared building blocks (e.g. developer postings × keyword set);
- ``marts/`` → schema ``reporting``: what BI tools, the report files and the command line read.

A view may read views of its own layer or of the layers before it. Which views a view reads is found in its SQL
(every ``schema.name`` that names another view of these folders, outside comments and string literals), so a new
view is one file: the migrations create the views, and the refresh refreshes the materialised ones, in that order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

#: The layers in order: folder under sql/reporting/ -> the schema its views live in.
LAYERS: dict[str, str] = {"staging": "staging", "intermediate": "intermediate", "marts": "reporting"}
#: Functions the views use (schema reporting); applied before any view.
FUNCTIONS_FILE = "functions.sql"

_CREATE = re.compile(r"\bCREATE\s+(MATERIALIZED\s+)?VIEW\s+([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)", re.IGNORECASE)
_QUALIFIED_NAME = re.compile(r"\b([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)\b", re.IGNORECASE)
_COMMENTS_AND_LITERALS = re.compile(r"--[^\n]*|'(?:[^']|'')*'")


class ReportingLayerError(ValueError):
    pass


@dataclass(frozen=True)
class ReportingView:
    name: str  # schema-qualified, e.g. "reporting.monthly_ai_share"
    layer: str  # a key of LAYERS
    path: Path
    materialized: bool
    reads: frozenset[str]  # the other reporting views it reads

    @property
    def schema(self) -> str:
        return LAYERS[self.layer]


def reporting_views(root: Path) -> list[ReportingView]:
    """Every view under ``root`` (``sql/reporting``), in an order where each comes after the views it reads (and,
    among views free to go, by layer and name, so the order is stable)."""
    found: dict[str, tuple[str, Path, bool, str]] = {}
    for layer, schema in LAYERS.items():
        for path in sorted((root / layer).glob("*.sql")):
            code = _COMMENTS_AND_LITERALS.sub(" ", path.read_text(encoding="utf-8"))
            created = _CREATE.findall(code)
            if len(created) != 1:
                raise ReportingLayerError(f"{path}: one view per file, found {len(created)}")
            materialized, view_schema, view_name = created[0]
            name = f"{view_schema}.{view_name}".lower()
            if view_schema.lower() != schema:
                raise ReportingLayerError(f"{path}: a view of layer {layer} belongs in schema {schema}, not {name}")
            if name in found:
                raise ReportingLayerError(f"{path}: {name} is also defined in {found[name][1]}")
            found[name] = (layer, path, bool(materialized), code)
    views = {
        name: ReportingView(
            name=name,
            layer=layer,
            path=path,
            materialized=materialized,
            reads=frozenset(
                read
                for read in (f"{schema}.{table}".lower() for schema, table in _QUALIFIED_NAME.findall(code))
                if read in found and read != name
            ),
        )
        for name, (layer, path, materialized, code) in found.items()
    }
    order = list(LAYERS)
    for view in views.values():
        for read in view.reads:
            if order.index(views[read].layer) > order.index(view.layer):
                raise ReportingLayerError(f"{view.path}: {view.name} ({view.layer}) reads {read}, a later layer")
    return _dependency_order(views)


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


def refresh_statements(views: list[ReportingView]) -> list[str]:
    """``REFRESH MATERIALIZED VIEW`` for each materialised view, in dependency order. The marts are refreshed
    ``CONCURRENTLY`` (BI tools keep reading the previous contents; each has a unique index); the layers under them
    are read by the refresh alone, so a plain refresh is enough and cheaper."""
    return [
        f"REFRESH MATERIALIZED VIEW {'CONCURRENTLY ' if view.layer == 'marts' else ''}{view.name}"
        for view in views
        if view.materialized
    ]
