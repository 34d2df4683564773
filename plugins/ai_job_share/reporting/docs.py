"""The descriptions of the reporting relations and their columns, kept in a docs file beside each relation's SQL, as
dbt keeps a model's column descriptions beside the model (pure: no database; docs/adr/0007-docs-beside-models.md).

``sql/reporting/<layer>/<name>.toml`` documents the relation ``<name>.sql`` defines; ``sql/warehouse/docs/
<schema>.<name>.toml`` documents a table a versioned migration creates. A docs file holds::

    description = "What one row is, where it comes from"

    [columns]
    month = "First day of the Korea-time month"

``[columns]`` names every column of the relation, and no other; it may be left out only for a relation outside
schema ``reporting`` (staging and intermediate: BI tools do not read them). The migrations apply a docs file as
``COMMENT ON`` statements right after the relation is created, and check its columns against the database.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ai_job_share.reporting.layers import LAYERS, ReportingView

#: A docs file is the relation's SQL file with this suffix.
DOCS_SUFFIX = ".toml"
#: Docs of the tables the versioned migrations create, named ``<schema>.<name>.toml``, under sql/.
WAREHOUSE_DOCS = "warehouse/docs"
#: The schema whose every column must be documented: what BI tools and the report files read.
READ_BY_USERS = "reporting"


class DocsError(ValueError):
    pass


@dataclass(frozen=True)
class RelationDocs:
    relation: str  # schema-qualified, e.g. "reporting.monthly_ai_share"
    path: Path
    description: str
    columns: dict[str, str] | None  # None: the columns are not documented (outside schema reporting only)


def reporting_docs(views: Iterable[ReportingView], root: Path) -> dict[str, Path]:
    """The docs file of each reporting view (under ``root``, ``sql/reporting``), by view name. Every view has one,
    and every docs file documents a view."""
    views = list(views)
    found = {view.name: view.path.with_suffix(DOCS_SUFFIX) for view in views}
    if missing := [
        f"{view.path} has no docs file {found[view.name].name}" for view in views if not found[view.name].is_file()
    ]:
        raise DocsError("; ".join(missing))
    stray = sorted(
        path
        for layer in LAYERS
        for path in (root / layer).glob(f"*{DOCS_SUFFIX}")
        if not path.with_suffix(".sql").is_file()
    )
    if stray:
        raise DocsError(f"docs files of no relation (no .sql file beside them): {', '.join(map(str, stray))}")
    return found


def warehouse_docs(sql_dir: Path) -> dict[str, Path]:
    """The docs files of tables the versioned migrations create, by relation name (their file name)."""
    found = {}
    for path in sorted((sql_dir / WAREHOUSE_DOCS).glob(f"*{DOCS_SUFFIX}")):
        relation = path.name.removesuffix(DOCS_SUFFIX)
        if relation.count(".") != 1:
            raise DocsError(f"{path}: name a warehouse docs file <schema>.<relation>{DOCS_SUFFIX}")
        found[relation] = path
    return found


def read_docs(path: Path, relation: str) -> RelationDocs:
    """The docs file ``path`` of ``relation``, checked for form (:func:`parse_docs`)."""
    return parse_docs(path.read_text(encoding="utf-8"), path=path, relation=relation)


def parse_docs(text: str, *, path: Path, relation: str) -> RelationDocs:
    """The docs of ``relation`` that ``text`` (the file ``path``) holds, checked for form: a non-empty description,
    and a table of non-empty column descriptions (required in schema reporting)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DocsError(f"{path}: not valid TOML: {error}") from None
    if unknown := sorted(set(data) - {"description", "columns"}):
        raise DocsError(f"{path}: unknown keys {', '.join(unknown)} (a docs file has description and [columns])")
    description = data.get("description")
    if not isinstance(description, str) or not description.strip():
        raise DocsError(f'{path}: needs description = "..." (what {relation} holds)')
    columns = data.get("columns")
    if columns is None and relation.split(".")[0] == READ_BY_USERS:
        raise DocsError(f"{path}: {relation} is read by users: describe each of its columns under [columns]")
    if columns is not None:
        if not isinstance(columns, dict):
            raise DocsError(f'{path}: columns must be a table: [columns] with name = "text" lines')
        if empty := [name for name, text in columns.items() if not isinstance(text, str) or not text.strip()]:
            raise DocsError(f"{path}: column {', '.join(empty)}: the description must be non-empty text")
    return RelationDocs(relation=relation, path=path, description=description, columns=columns)


def check_columns(docs: RelationDocs, columns: Iterable[str]) -> None:
    """Refuse docs whose [columns] are not exactly ``columns``, the relation's columns as the database has them."""
    if docs.columns is None:
        return
    columns = list(columns)
    problems = [f"column {name} is not a column of {docs.relation}" for name in docs.columns if name not in columns] + [
        f"column {name} of {docs.relation} is not described" for name in columns if name not in docs.columns
    ]
    if problems:
        raise DocsError(f"{docs.path}: {'; '.join(problems)}")
