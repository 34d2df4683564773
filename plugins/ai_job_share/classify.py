"""The matcher: a posting's text sections in, matched keywords (with evidence) out. Pure: no Airflow, no database.

Every section is NFKC-normalised first, so full-width ``ＡＩ`` reads as ``AI`` and a no-break space as a space.
Offsets in a :class:`Match` count characters of the normalised section.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ai_job_share.taxonomy import SECTIONS, Keyword, Taxonomy

#: Characters of context kept either side of a match in its evidence snippet.
SNIPPET_CONTEXT = 30

# Whitespace a Korean compound may have between its parts (after NFKC, no-break and ideographic spaces are spaces).
_COMPOUND_GAP = r"[ \t\r\n]*"


@dataclass(frozen=True)
class Match:
    group: str
    keyword: str
    section: str
    offset: int
    text: str
    snippet: str


@dataclass(frozen=True)
class Classification:
    taxonomy_id: str
    taxonomy_version: int
    matches: tuple[Match, ...]

    @property
    def groups(self) -> frozenset[str]:
        return frozenset(match.group for match in self.matches)

    @property
    def is_ai(self) -> bool:
        return "ai" in self.groups

    @property
    def is_data(self) -> bool:
        return "data" in self.groups

    @property
    def keywords(self) -> list[str]:
        """Matched keyword terms, each once, in reading order (title, intro, main_tasks, ...)."""
        return list(dict.fromkeys(match.keyword for match in self.matches))


def normalize(text: str | None) -> str:
    return unicodedata.normalize("NFKC", text) if text else ""


def keyword_pattern(keyword: Keyword) -> re.Pattern[str]:
    if keyword.rule == "latin_token":
        return re.compile(rf"(?<![A-Z]){re.escape(keyword.term)}(?![A-Za-z])")
    if keyword.rule == "korean_compound":
        return re.compile(_COMPOUND_GAP.join(re.escape(part) for part in keyword.parts))
    if keyword.rule == "english_phrase":
        words = r"\s+".join(re.escape(word) for word in keyword.term.split())
        # ASCII: case folding and whitespace stay within ASCII, so no Unicode look-alike (dotless ı) matches.
        return re.compile(rf"(?<![A-Za-z]){words}(?![A-Za-z])", re.IGNORECASE | re.ASCII)
    raise ValueError(f"unknown rule {keyword.rule!r}")


class Matcher:
    """Compiled form of one taxonomy. Build once, then call :meth:`classify` per posting."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self._by_section: dict[str, list[tuple[Keyword, re.Pattern[str], tuple[str, ...]]]] = {
            section: [] for section in SECTIONS
        }
        for keyword in taxonomy.keywords:
            compiled = (keyword, keyword_pattern(keyword), keyword.exclude)
            for section in keyword.sections:
                self._by_section[section].append(compiled)

    def classify(self, sections: Mapping[str, str | None]) -> Classification:
        """Classify one posting given its text sections by name (unknown names are ignored)."""
        return self.classify_normalized(normalize_sections(sections))

    def classify_normalized(self, sections: Mapping[str, str]) -> Classification:
        matches: list[Match] = []
        for section in SECTIONS:
            text = sections.get(section, "")
            if not text:
                continue
            for keyword, pattern, exclude in self._by_section[section]:
                excluded = _excluded_spans(text, exclude) if exclude else ()
                for found in pattern.finditer(text):
                    start, end = found.span()
                    if not any(low <= start and end <= high for low, high in excluded):
                        snippet = text[max(0, start - SNIPPET_CONTEXT) : end + SNIPPET_CONTEXT]
                        matches.append(Match(keyword.group, keyword.term, section, start, found.group(), snippet))
        return Classification(self.taxonomy.id, self.taxonomy.version, tuple(matches))


class Classifier:
    """Several taxonomies at once: a posting's text is normalised once and read by every taxonomy's matcher."""

    def __init__(self, taxonomies: Iterable[Taxonomy]) -> None:
        self.matchers = [Matcher(taxonomy) for taxonomy in taxonomies]

    def classify(self, sections: Mapping[str, str | None]) -> list[Classification]:
        return self.classify_normalized(normalize_sections(sections))

    def classify_normalized(self, sections: Mapping[str, str]) -> list[Classification]:
        return [matcher.classify_normalized(sections) for matcher in self.matchers]


def normalize_sections(sections: Mapping[str, str | None]) -> dict[str, str]:
    """Every known section, NFKC-normalised ('' where missing)."""
    return {name: normalize(sections.get(name)) for name in SECTIONS}


def has_text(normalized_sections: Mapping[str, str]) -> bool:
    """False when the title and every section are empty or whitespace only."""
    return any(text.strip() for text in normalized_sections.values())


def _excluded_spans(text: str, exclusions: tuple[str, ...]) -> list[tuple[int, int]]:
    spans = []
    for phrase in exclusions:
        start = text.find(phrase)
        while start != -1:
            spans.append((start, start + len(phrase)))
            start = text.find(phrase, start + 1)
    return spans
