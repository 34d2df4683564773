"""The matcher: a posting's text sections in, matched keywords (with evidence) out. Pure: no Airflow, no database.

Every section is NFKC-normalised first, so full-width ``ＡＩ`` reads as ``AI`` and a no-break space as a space.
Offsets in a :class:`Match` count characters of the normalised section.

How keywords are found is the match engine's business (:mod:`ai_job_share.labelling.match_engines`, chosen by
``AI_JOB_SHARE_MATCH_ENGINE``); every engine gives identical results.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache, cached_property, partial

from ai_job_share.labelling.match_engines import Re2Prefilter, build_prefilter, resolve_engine
from ai_job_share.taxonomy import SECTIONS, Keyword, Taxonomy
from ai_job_share.taxonomy.rules import Gap, Text, Token, boundaries

#: Characters of context kept either side of a match in its evidence snippet.
SNIPPET_CONTEXT = 30


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

    @cached_property  # read several times per result (is_ai, is_data) on the hot path; matches never change
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
    """The reference expression of ``keyword``: what every engine and the labeller must find."""
    return python_pattern(keyword.tokens)


@cache
def python_pattern(tokens: tuple[Token, ...]) -> re.Pattern[str]:
    """Tokens (:mod:`ai_job_share.taxonomy.rules`) as a Python expression over NFKC-normalised text."""
    before, inner, after = boundaries(tokens)
    pattern = "".join(map(_python_token, inner))
    if before is not None:
        pattern = f"(?<!{_python_class(before)}){pattern}"
    if after is not None:
        pattern += f"(?!{_python_class(after)})"
    # re.ASCII: case folding (caseless) stays within ASCII, so no Unicode look-alike (dotless ı, Kelvin K) matches.
    return re.compile(pattern, re.ASCII)


def _python_token(token: Token) -> str:
    match token:
        case Text(text, caseless):
            return f"(?i:{re.escape(text)})" if caseless else re.escape(text)
        case Gap(chars, least):
            return _python_class(chars) + ("+" if least else "*")
    raise ValueError(f"unknown token {token!r}")


def _python_class(chars: str) -> str:
    """A class of ``chars``, runs of three or more consecutive characters written as ranges (``[A-Za-z]``)."""
    runs: list[list[str]] = []
    for char in sorted(set(chars)):
        if runs and ord(char) == ord(runs[-1][-1]) + 1:
            runs[-1].append(char)
        else:
            runs.append([char])
    body = (
        re.escape(run[0]) + "-" + re.escape(run[-1]) if len(run) > 2 else "".join(map(re.escape, run)) for run in runs
    )
    return "[" + "".join(body) + "]"


def matches_in(keyword: Keyword) -> Callable[[str], Iterator[re.Match[str]]]:
    """A function giving the matches of ``keyword`` that count in a (normalised) text (:func:`counted_matches`)."""
    pattern = keyword_pattern(keyword)
    return partial(counted_matches, keyword, pattern) if keyword.exclude else pattern.finditer


def counted_matches(
    keyword: Keyword, pattern: re.Pattern[str], text: str, matches: Iterable[re.Match[str]] | None = None
) -> Iterator[re.Match[str]]:
    """The matches of ``keyword``'s ``pattern`` in (normalised) ``text`` that count: not inside an occurrence of
    one of its exclusions (plain text, case-sensitive). The one place exclusions are decided. ``matches``: the
    pattern's matches in the text, when found otherwise than by ``pattern.finditer(text)``."""
    if matches is None:
        matches = pattern.finditer(text)
    excluded = _excluded_spans(text, keyword.exclude) if keyword.exclude else None
    if not excluded:  # no exclusion, or none occurs in the text
        return iter(matches)
    return (
        found for found in matches if not any(low <= found.start() and found.end() <= high for low, high in excluded)
    )


class Matcher:
    """Compiled form of one taxonomy. Build once, then call :meth:`classify` per posting.

    ``engine``: see :mod:`ai_job_share.labelling.match_engines` (default: ``$AI_JOB_SHARE_MATCH_ENGINE``, else
    ``auto``);
    ``prefilter``: a prefilter shared with other matchers (what :class:`Classifier` passes), covering this taxonomy.
    """

    def __init__(self, taxonomy: Taxonomy, *, engine: str | None = None, prefilter: Re2Prefilter | None = None) -> None:
        self.taxonomy = taxonomy
        self.engine = prefilter.engine if prefilter else resolve_engine(engine)
        self._prefilter = prefilter or build_prefilter(self.engine, taxonomy.keywords)
        self._by_section: dict[str, list[tuple[Keyword, Callable[[str], Iterator[re.Match[str]]], int | None]]] = {
            section: [] for section in SECTIONS
        }
        for keyword in taxonomy.keywords:
            pattern_id = self._prefilter.pattern_id(keyword) if self._prefilter else None
            compiled = (keyword, matches_in(keyword), pattern_id)
            for section in keyword.sections:
                self._by_section[section].append(compiled)

    def classify(self, sections: Mapping[str, str | None]) -> Classification:
        """Classify one posting given its text sections by name (unknown names are ignored)."""
        return self.classify_normalized(normalize_sections(sections))

    def classify_normalized(
        self, sections: Mapping[str, str], candidates: Mapping[str, set[int]] | None = None
    ) -> Classification:
        """``candidates``: the prefilter's answer for these sections, when the caller already scanned them."""
        if candidates is None and self._prefilter is not None:
            candidates = self._prefilter.candidates(sections)
        matches: list[Match] = []
        # Without a prefilter every section is read; with one, only the sections it found something in.
        for section in SECTIONS if candidates is None else [name for name in SECTIONS if name in candidates]:
            text = sections.get(section, "")
            if not text:
                continue
            possible = None if candidates is None else candidates[section]
            for keyword, find, pattern_id in self._by_section[section]:
                if possible is not None and pattern_id not in possible:
                    continue
                if keyword.unless_title and vetoed(keyword, sections):
                    continue
                for found in find(text):
                    start, end = found.span()
                    snippet = text[max(0, start - SNIPPET_CONTEXT) : end + SNIPPET_CONTEXT]
                    matches.append(Match(keyword.group, keyword.term, section, start, found.group(), snippet))
        return Classification(self.taxonomy.id, self.taxonomy.version, tuple(matches))


class Classifier:
    """Several taxonomies at once: a posting's text is normalised once and read by every taxonomy's matcher."""

    def __init__(self, taxonomies: Iterable[Taxonomy], *, engine: str | None = None) -> None:
        taxonomies = list(taxonomies)
        self.engine = resolve_engine(engine)
        # One prefilter for every taxonomy: a posting is scanned once, however many taxonomies read it.
        self._prefilter = build_prefilter(self.engine, [k for taxonomy in taxonomies for k in taxonomy.keywords])
        self.matchers = [Matcher(taxonomy, engine=self.engine, prefilter=self._prefilter) for taxonomy in taxonomies]

    def classify(self, sections: Mapping[str, str | None]) -> list[Classification]:
        return self.classify_normalized(normalize_sections(sections))

    def classify_normalized(self, sections: Mapping[str, str]) -> list[Classification]:
        candidates = self._prefilter.candidates(sections) if self._prefilter is not None else None
        return [matcher.classify_normalized(sections, candidates) for matcher in self.matchers]


def normalize_sections(sections: Mapping[str, str | None]) -> dict[str, str]:
    """Every known section, NFKC-normalised ('' where missing)."""
    return {name: normalize(sections.get(name)) for name in SECTIONS}


def has_text(normalized_sections: Mapping[str, str]) -> bool:
    """False when the title and every section are empty or whitespace only."""
    return any(text.strip() for text in normalized_sections.values())


def vetoed(keyword: Keyword, normalized_sections: Mapping[str, str]) -> bool:
    """Whether the (normalised) title holds one of ``keyword.unless_title``: then the keyword does not count."""
    title = normalized_sections.get("title", "")
    return any(term in title for term in keyword.unless_title)


def _excluded_spans(text: str, exclusions: tuple[str, ...]) -> list[tuple[int, int]]:
    spans = []
    for phrase in exclusions:
        start = text.find(phrase)
        while start != -1:
            spans.append((start, start + len(phrase)))
            start = text.find(phrase, start + 1)
    return spans
