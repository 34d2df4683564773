"""Source mappings: how an existing job board's tables give the posting layout, read in place (SELECT only).

A mapping is a TOML data file (like the taxonomies): ``mappings/*.toml`` beside this module ships three, and a
deployment may name its own file. It says which relation holds the postings (``relation``, read as alias ``p``),
which relations to join (``[[joins]]``: relation, alias, ``on``), and for each field of
:data:`ai_job_share.layout.SOURCE_FIELDS` a source: a column of ``p`` (``field = "column"`` or
``{ column = "..." }``), a SQL expression (``{ expression = "..." }``) or a constant (``{ constant = ... }``).
Fields not named are NULL; ``id`` and ``published_at`` must be named. ``duplicate_ids`` says what an id that
several rows of a month share means: ``"fail"`` (the default: the run stops and says so) or
``"keep_last_updated"`` (the built-in contract's rule: the row updated last is read, the others are recorded).

Relation, alias and column names are checked and quoted; expressions and ``on`` conditions are SQL written by the
deployer, trusted as configuration (like a view definition): they are checked only for a statement separator or
a comment, then against the database by :func:`validate` (ai_job_share.source.reader), which names the file and
the field of any error. Pure: no database here.

The mapping a run uses: the DAG param ``source_mapping``, else the Airflow Variable ``ai_job_share_source_mapping``,
else the environment variable ``AI_JOB_SHARE_SOURCE_MAPPING``, else ``contract``; each is the name of a shipped
mapping or a path to a ``.toml`` file.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from psycopg import sql

from ai_job_share.layout import BY_NAME, SOURCE_FIELDS

MAPPING_DIR = Path(__file__).resolve().parent / "mappings"
MAPPING_ENV = "AI_JOB_SHARE_SOURCE_MAPPING"
MAPPING_VARIABLE = "ai_job_share_source_mapping"
DEFAULT_MAPPING = "contract"
DUPLICATE_RULES = ("fail", "keep_last_updated")
MAIN_ALIAS = "p"

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_$]{0,62}")
_ALIAS = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_NOT_IN_EXPRESSIONS = re.compile(r";|--|/\*")
_TOP_KEYS = {"description", "relation", "joins", "fields", "duplicate_ids"}
_JOIN_KEYS = {"relation", "alias", "on", "kind"}
_JOIN_KINDS = {"left": "LEFT JOIN", "inner": "JOIN"}


class SourceMappingError(ValueError):
    """A mapping file is malformed or does not fit the database; the message names the file and the field."""


@dataclass(frozen=True)
class FieldSource:
    field: str
    kind: str  # column, expression or constant
    value: object


@dataclass(frozen=True)
class Join:
    relation: tuple[str, ...]
    alias: str
    on: str
    kind: str


@dataclass(frozen=True)
class SourceMapping:
    name: str  # the file, for messages
    description: str
    relation: tuple[str, ...]  # (schema, table) or (table,)
    joins: tuple[Join, ...]
    fields: dict[str, FieldSource]
    duplicate_ids: str

    def fail(self, field: str, message: str) -> SourceMappingError:
        return SourceMappingError(f"source mapping {self.name}, {field}: {message}")

    @property
    def relation_name(self) -> str:
        return ".".join(self.relation)

    def id_column(self) -> str | None:
        """The column of the main relation that gives ``id``, when it is a plain column."""
        source = self.fields["id"]
        return source.value if source.kind == "column" else None

    def field_sql(self, field: str) -> sql.Composable:
        """The expression that gives ``field`` (cast to its layout type), NULL when the mapping does not name it."""
        pg_type = sql.SQL(BY_NAME[field].pg_type)
        source = self.fields.get(field)
        if source is None:
            return sql.SQL("NULL::{}").format(pg_type)
        if source.kind == "column":  # a cast to the column's own type costs nothing and keeps its indexes usable
            return sql.SQL("{}::{}").format(sql.Identifier(MAIN_ALIAS, source.value), pg_type)
        if source.kind == "constant":
            return sql.SQL("CAST({} AS {})").format(sql.Literal(source.value), pg_type)
        return sql.SQL("({})::{}").format(sql.SQL(source.value), pg_type)

    def from_clause(self) -> sql.Composable:
        parts = [sql.SQL("{} AS {}").format(sql.Identifier(*self.relation), sql.Identifier(MAIN_ALIAS))]
        for join in self.joins:
            parts.append(
                sql.SQL("{} {} AS {} ON ({})").format(
                    sql.SQL(_JOIN_KINDS[join.kind]),
                    sql.Identifier(*join.relation),
                    sql.Identifier(join.alias),
                    sql.SQL(join.on),
                )
            )
        return sql.SQL(" ").join(parts)

    def postings_sql(self, *, row_ids: bool) -> str:
        """A SELECT giving every source field under its layout name (and ``row_ctid``, the row's physical id, for
        telling rows with the same id apart), as text ready to be placed in a parameterised query (``%`` doubled).
        ``row_ids``: whether the main relation has physical row ids (a table; a view has none)."""
        columns = [sql.SQL("{} AS {}").format(self.field_sql(f.name), sql.Identifier(f.name)) for f in SOURCE_FIELDS]
        ctid = sql.SQL("{}.ctid").format(sql.Identifier(MAIN_ALIAS)) if row_ids else sql.SQL("NULL::tid")
        columns.append(sql.SQL("{} AS row_ctid").format(ctid))
        query = sql.SQL("SELECT {} FROM {}").format(sql.SQL(", ").join(columns), self.from_clause())
        return query.as_string(None).replace("%", "%%")


def configured_mapping(name: str | None = None) -> SourceMapping:
    """The mapping ``name`` names (a shipped mapping or a .toml path), else ``AI_JOB_SHARE_SOURCE_MAPPING``'s,
    else the built-in contract."""
    return load_mapping((name or "").strip() or os.environ.get(MAPPING_ENV, "").strip() or DEFAULT_MAPPING)


def available_mappings() -> list[str]:
    return sorted(path.stem for path in MAPPING_DIR.glob("*.toml"))


def load_mapping(name: str) -> SourceMapping:
    path = Path(name)
    if path.suffix != ".toml":
        path = MAPPING_DIR / f"{name}.toml"
        if not path.is_file():
            raise SourceMappingError(
                f"unknown source mapping {name!r}: give a path to a .toml file or one of "
                f"{', '.join(available_mappings())}"
            )
    elif not path.is_file():
        raise SourceMappingError(f"source mapping file {path} does not exist")
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SourceMappingError(f"source mapping {path}: not valid TOML: {error}") from None
    return parse_mapping(document, str(path))


def parse_mapping(document: dict, name: str) -> SourceMapping:
    def fail(key: str, message: str) -> SourceMappingError:
        return SourceMappingError(f"source mapping {name}, {key}: {message}")

    unknown = set(document) - _TOP_KEYS
    if unknown:
        raise fail(", ".join(sorted(unknown)), f"unknown key (expected {', '.join(sorted(_TOP_KEYS))})")
    relation = _relation(document.get("relation"), "relation", fail)
    joins = []
    aliases = {MAIN_ALIAS}
    for index, entry in enumerate(document.get("joins", [])):
        where = f"joins[{index}]"
        if not isinstance(entry, dict) or set(entry) - _JOIN_KEYS or not {"relation", "alias", "on"} <= set(entry):
            raise fail(where, "needs relation, alias and on (and optionally kind = left or inner), nothing else")
        alias = entry["alias"]
        if not isinstance(alias, str) or not _ALIAS.fullmatch(alias) or alias in aliases:
            raise fail(f"{where}.alias", f"{alias!r} must be a new lowercase SQL name (p is the postings relation)")
        aliases.add(alias)
        kind = entry.get("kind", "left")
        if kind not in _JOIN_KINDS:
            raise fail(f"{where}.kind", f"{kind!r} is not one of {', '.join(_JOIN_KINDS)}")
        on = _expression(entry["on"], f"{where}.on", fail)
        joins.append(Join(_relation(entry["relation"], f"{where}.relation", fail), alias, on, kind))
    fields_doc = document.get("fields")
    if not isinstance(fields_doc, dict):
        raise fail("fields", "a table of field = source is required")
    known = {field.name for field in SOURCE_FIELDS}
    unknown = set(fields_doc) - known
    if unknown:
        raise fail(
            f"fields.{sorted(unknown)[0]}", f"not a field of the posting layout (known: {', '.join(sorted(known))})"
        )
    fields = {key: _field_source(key, value, fail) for key, value in fields_doc.items()}
    for required in (field.name for field in SOURCE_FIELDS if field.required):
        if required not in fields or fields[required].kind == "constant":
            raise fail(f"fields.{required}", "is required, from a column or an expression")
    duplicate_ids = document.get("duplicate_ids", "fail")
    if duplicate_ids not in DUPLICATE_RULES:
        raise fail("duplicate_ids", f"{duplicate_ids!r} is not one of {', '.join(DUPLICATE_RULES)}")
    description = document.get("description", "")
    if not isinstance(description, str):
        raise fail("description", "must be text")
    return SourceMapping(name, description, relation, tuple(joins), fields, duplicate_ids)


def _relation(value: object, key: str, fail) -> tuple[str, ...]:
    parts = value.split(".") if isinstance(value, str) else []
    if not 1 <= len(parts) <= 2 or not all(_NAME.fullmatch(part) for part in parts):
        raise fail(key, f"{value!r} must be a table or view name, schema.name or name")
    return tuple(parts)


def _expression(value: object, key: str, fail) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fail(key, "must be a non-empty SQL expression")
    if _NOT_IN_EXPRESSIONS.search(value):
        raise fail(key, "an expression may not hold ';' or a comment")
    return value


def _field_source(field: str, value: object, fail) -> FieldSource:
    key = f"fields.{field}"
    if isinstance(value, str):
        value = {"column": value}
    if not isinstance(value, dict) or len(value) != 1 or next(iter(value)) not in ("column", "expression", "constant"):
        raise fail(key, 'give exactly one of column = "...", expression = "..." or constant = ...')
    kind, source = next(iter(value.items()))
    if kind == "column":
        if not isinstance(source, str) or not _NAME.fullmatch(source):
            raise fail(key, f"column {source!r} is not a column name (use expression = for anything else)")
    elif kind == "expression":
        source = _expression(source, key, fail)
    elif not isinstance(source, str | int) or isinstance(source, bool):
        raise fail(key, "a constant is text or an integer")
    return FieldSource(field, kind, source)
