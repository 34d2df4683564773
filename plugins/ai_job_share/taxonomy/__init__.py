"""Taxonomies: which keywords make a posting AI- or data-related, as data files beside this module. Pure.

Each ``*.toml`` file here is one taxonomy (see ``wanted-2023.toml``). ``load_taxonomy(name)`` reads and validates
one; ``available_taxonomies()`` lists them. A file with an error is refused with a message naming the file and the key.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from ai_job_share.layout import SECTIONS
from ai_job_share.taxonomy.rules import RULE_TYPES, Token, keyword_tokens

TAXONOMY_DIR = Path(__file__).resolve().parent
DEFAULT_TAXONOMY = "wanted-2023"


_TAXONOMY_KEYS = {"id", "version", "description", "enabled", "sections", "groups", "examples"}
#: Every taxonomy defines these groups, so every result has ``is_ai`` and ``is_data``.
REQUIRED_GROUPS = ("ai", "data")
_GROUP_KEYS = {"description", "keywords", "unless_title"}
_KEYWORD_KEYS = {"term", "rule", "parts", "sections", "exclude", "hyphen", "unless_title"}


class TaxonomyError(ValueError):
    """A taxonomy file is malformed; the message names the file and the offending key."""


@dataclass(frozen=True)
class Keyword:
    """One keyword of a taxonomy file: the ``group`` it tags, its ``term`` as written, what its ``rule`` type
    (:mod:`ai_job_share.taxonomy.rules`) matches - the term's ``parts`` - in which ``sections``, and when a match
    does not count."""

    group: str
    term: str
    rule: str
    parts: tuple[str, ...]
    sections: tuple[str, ...]
    #: A rule option, like ``parts``: only the rule types taking it (english_phrase) let hyphens join its words as
    #: whitespace does.
    hyphen: bool = False
    exclude: tuple[str, ...] = ()
    #: The keyword does not count in a posting whose title contains one of these (a sales or teaching role around
    #: an AI product): plain text, case-sensitive, like ``exclude``. A group's ``unless_title`` applies to each of
    #: its keywords that does not list its own.
    unless_title: tuple[str, ...] = ()

    @property
    def tokens(self) -> tuple[Token, ...]:
        """What the keyword matches, as its rule type spells it (:mod:`ai_job_share.taxonomy.rules`)."""
        return keyword_tokens(self)


@dataclass(frozen=True)
class Example:
    """A documented example: text by section, and the groups it must be tagged with."""

    sections: dict[str, str]
    groups: frozenset[str]


@dataclass(frozen=True)
class Taxonomy:
    """A taxonomy file, validated: its groups (``ai`` and ``data`` among them) and their keywords. ``version`` and
    ``rules_fingerprint`` name its rules in the warehouse; a disabled one is kept but not applied."""

    id: str
    version: int
    description: str
    groups: tuple[str, ...]
    keywords: tuple[Keyword, ...]
    examples: tuple[Example, ...] = ()
    enabled: bool = True
    file: str = ""  # the file it was read from, for messages

    @property
    def rules_fingerprint(self) -> str:
        """A digest of what decides the results - the groups and every field of each keyword (rule, parts,
        sections, exclusions, ...), keywords in any order - but not the wording (description, examples): the
        warehouse keeps it with the version, so rules changed under the same version are refused instead of
        relabelling published figures."""
        rules = sorted(json.dumps(dataclasses.asdict(k), ensure_ascii=False, sort_keys=True) for k in self.keywords)
        document = json.dumps([sorted(self.groups), rules], ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(document.encode("utf-8")).hexdigest()


def available_taxonomies() -> list[str]:
    return sorted(path.stem for path in TAXONOMY_DIR.glob("*.toml"))


def taxonomy_list_pattern() -> str:
    """A JSON-schema pattern for a run param naming taxonomies: empty, or shipped ids separated by commas."""
    ids = "|".join(re.escape(name) for name in available_taxonomies())
    return rf"^\s*$|^\s*({ids})\s*(,\s*({ids})\s*)*$"


def load_taxonomy(name: str = DEFAULT_TAXONOMY) -> Taxonomy:
    """The taxonomy ``name`` - an id from the taxonomy folder, never a path (a run's conf names it)."""
    available = available_taxonomies()
    if name not in available:
        if any(mark in name for mark in ("/", "\\", "..")):
            raise TaxonomyError(
                f"taxonomy {name!r}: taxonomies are named by id from the taxonomy folder, not by path; "
                f"available: {', '.join(available)}"
            )
        raise TaxonomyError(f"unknown taxonomy {name!r}; available: {', '.join(available)}")
    return parse_taxonomy_file(TAXONOMY_DIR / f"{name}.toml")


def enabled_taxonomies() -> list[Taxonomy]:
    """The shipped taxonomies whose file does not say ``enabled = false``: what the DAG classifies."""
    return [taxonomy for taxonomy in load_taxonomies() if taxonomy.enabled]


def load_taxonomies(names: list[str] | None = None) -> list[Taxonomy]:
    """The named taxonomies (all shipped ones when ``names`` is None); ids must be unique."""
    names = names or available_taxonomies()
    taxonomies = [load_taxonomy(name) for name in names]
    seen: dict[str, str] = {}
    for name, taxonomy in zip(names, taxonomies, strict=True):
        if taxonomy.id in seen:
            raise TaxonomyError(f"{name}.toml: id: duplicate taxonomy id {taxonomy.id!r} (also in {seen[taxonomy.id]})")
        seen[taxonomy.id] = f"{name}.toml"
    return taxonomies


def parse_taxonomy_file(path: Path) -> Taxonomy:
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise TaxonomyError(f"{path.name}: not valid TOML: {error}") from None
    return parse_taxonomy(document, source=path.name)


def parse_taxonomy(document: dict, *, source: str) -> Taxonomy:
    def fail(key: str, message: str) -> TaxonomyError:
        return TaxonomyError(f"{source}: {key}: {message}")

    _reject_unknown_keys(document, _TAXONOMY_KEYS, "", fail)
    taxonomy_id = document.get("id")
    if not isinstance(taxonomy_id, str) or not taxonomy_id.strip():
        raise fail("id", "must be a non-empty string")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise fail("version", "must be a positive integer")
    default_sections = _sections(document.get("sections", list(SECTIONS)), "sections", fail)
    enabled = document.get("enabled", True)
    if not isinstance(enabled, bool):
        raise fail("enabled", "must be true or false")
    groups = document.get("groups")
    if not isinstance(groups, dict) or not groups:
        raise fail("groups", "must define at least one group")
    for required in REQUIRED_GROUPS:
        if required not in groups:
            raise fail(f"groups.{required}", f"missing: every taxonomy defines the groups {', '.join(REQUIRED_GROUPS)}")

    keywords: list[Keyword] = []
    for group_id, group in groups.items():
        where = f"groups.{group_id}"
        if not isinstance(group, dict):
            raise fail(where, "must be a table")
        _reject_unknown_keys(group, _GROUP_KEYS, where + ".", fail)
        entries = group.get("keywords")
        if not isinstance(entries, list) or not entries:
            raise fail(f"{where}.keywords", "must list at least one keyword")
        group_unless = _unless_title(group.get("unless_title", []), f"{where}.unless_title", fail)
        for index, entry in enumerate(entries):
            keyword = _keyword(entry, group_id, f"{where}.keywords[{index}]", default_sections, fail)
            if group_unless and "unless_title" not in entry:
                keyword = replace(keyword, unless_title=group_unless)
            keywords.append(keyword)

    seen_terms: set[tuple[str, str]] = set()
    for keyword in keywords:
        if (keyword.group, keyword.term) in seen_terms:
            raise fail(f"groups.{keyword.group}.keywords", f"duplicate keyword {keyword.term!r}")
        seen_terms.add((keyword.group, keyword.term))

    examples = document.get("examples", [])
    if not isinstance(examples, list):
        raise fail("examples", "must be a list of tables")
    return Taxonomy(
        id=taxonomy_id,
        version=version,
        description=str(document.get("description", "")),
        groups=tuple(groups),
        keywords=tuple(keywords),
        examples=tuple(_example(entry, f"examples[{i}]", set(groups), fail) for i, entry in enumerate(examples)),
        enabled=enabled,
        file=source,
    )


def _example(entry: object, where: str, groups: set[str], fail) -> Example:
    if not isinstance(entry, dict):
        raise fail(where, "must be a table")
    _reject_unknown_keys(entry, {*SECTIONS, "groups"}, where + ".", fail)
    expected = entry.get("groups")
    if not isinstance(expected, list) or any(group not in groups for group in expected):
        raise fail(f"{where}.groups", f"must list groups of this taxonomy ({', '.join(sorted(groups))})")
    sections = {key: value for key, value in entry.items() if key != "groups"}
    if not sections or any(not isinstance(value, str) for value in sections.values()):
        raise fail(where, "needs at least one section with text")
    return Example(sections=sections, groups=frozenset(expected))


def _keyword(entry: object, group: str, where: str, default_sections: tuple[str, ...], fail) -> Keyword:
    if not isinstance(entry, dict):
        raise fail(where, "must be a table")
    _reject_unknown_keys(entry, _KEYWORD_KEYS, where + ".", fail)
    term = entry.get("term")
    if not isinstance(term, str) or not term.strip():
        raise fail(f"{where}.term", "empty keyword")
    rule = entry.get("rule")
    if rule not in RULE_TYPES:
        raise fail(f"{where}.rule", f"unknown rule type {rule!r} (expected one of {', '.join(RULE_TYPES)})")
    rule_type = RULE_TYPES[rule]
    if "parts" in entry and not rule_type.parts:
        raise fail(f"{where}.parts", f"only a {_taking('parts')} has parts")
    parts = tuple(entry.get("parts", [term]))
    if not parts or any(not isinstance(part, str) or not part.strip() for part in parts):
        raise fail(f"{where}.parts", "parts must be non-empty strings")
    if rule_type.parts and "".join(parts) != term.replace(" ", ""):
        raise fail(f"{where}.parts", f"parts {list(parts)} do not spell the term {term!r}")
    wrong = rule_type.wrong_term(term)
    if wrong:
        raise fail(f"{where}.term", wrong)
    exclude = entry.get("exclude", [])
    if not isinstance(exclude, list) or any(not isinstance(item, str) or term not in item for item in exclude):
        raise fail(f"{where}.exclude", f"each exclusion must be a string containing the term {term!r}")
    hyphen = entry.get("hyphen", False)
    if not isinstance(hyphen, bool):
        raise fail(f"{where}.hyphen", "must be true or false")
    if hyphen and (not rule_type.hyphen or len(term.split()) < 2):
        raise fail(f"{where}.hyphen", f"only an {_taking('hyphen')} of several words has hyphens between them")
    unless_title = _unless_title(entry.get("unless_title", []), f"{where}.unless_title", fail)
    sections = _sections(entry["sections"], f"{where}.sections", fail) if "sections" in entry else default_sections
    return Keyword(
        group=group,
        term=term,
        rule=rule,
        parts=parts,
        sections=sections,
        exclude=tuple(exclude),
        hyphen=hyphen,
        unless_title=unless_title,
    )


def _taking(option: str) -> str:
    """The rule types that take ``option``, for a message."""
    return " or ".join(name for name, rule_type in RULE_TYPES.items() if getattr(rule_type, option))


def _unless_title(value: object, key: str, fail) -> tuple[str, ...]:
    if not isinstance(value, list) or any(not isinstance(item, str) or not item.strip() for item in value):
        raise fail(key, "must be a list of non-empty strings")
    return tuple(value)


def _sections(value: object, key: str, fail) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise fail(key, "must be a non-empty list of sections")
    for section in value:
        if section not in SECTIONS:
            raise fail(key, f"unknown section {section!r} (expected one of {', '.join(SECTIONS)})")
    return tuple(value)


def _reject_unknown_keys(table: dict, allowed: set[str], prefix: str, fail) -> None:
    for key in table:
        if key not in allowed:
            raise fail(f"{prefix}{key}", f"unknown key (expected one of {', '.join(sorted(allowed))})")
