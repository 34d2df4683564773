"""The evidence of a posting's matches (``core.match_evidence`` rows), for the keywords its labelling found. Pure.

The ingest's set pass (:class:`ai_job_share.labelling.labeller.Labeller`) records which keywords each posting holds
(``core.postings.keyword_ids``); only those postings need their spans, and only those keywords' exact expressions
(``classify.keyword_pattern``, exclusions, ``unless_title``) need to run, on the sections they apply to. The rows
are the reference :class:`ai_job_share.labelling.classify.Classifier`'s matches, in its order (sections in reading
order, each taxonomy's keywords in file order, then by offset), ranked and counted per taxonomy: a keyword the
labeller did not find has no match in the Classifier either (the labeller's contract,
tests/unit/labelling/test_labeller.py). A keyword several taxonomies share (the same expression and exclusions) is
searched once per posting and section.

Rows come out as lines of COPY text format in ``copy_evidence_in.sql``'s column order, ready to stream.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ai_job_share.labelling.classify import SNIPPET_CONTEXT, counted_matches, keyword_pattern, normalize, vetoed
from ai_job_share.layout import SECTIONS
from ai_job_share.source import copy_text
from ai_job_share.taxonomy import Keyword, Taxonomy
from ai_job_share.taxonomy.rules import Text

#: Distinct keyword combinations remembered (a few hundred occur in a month).
_PLAN_CACHE_SIZE = 1 << 14


@dataclass(frozen=True)
class _Search:
    """One keyword's search in one section, for one taxonomy: ``expression`` indexes the distinct expressions."""

    expression: int
    section: int
    #: ``group\tkeyword\tsection\t`` as COPY fields (constant for the keyword and section).
    fields: bytes
    keyword: Keyword


@dataclass(frozen=True)
class _Plan:
    """What to do for postings holding one combination of keywords."""

    #: The sections to read (the title too when a keyword may be vetoed by it).
    sections: tuple[int, ...]
    #: The distinct (expression, section) searches, each run once per posting.
    searches: tuple[tuple[int, int], ...]
    #: Per taxonomy with a keyword here: its head fields and, in the Classifier's order, (fields, index into
    #: ``searches``, the keyword when it has unless_title terms, else None).
    taxonomies: tuple[tuple[bytes, tuple[tuple[bytes, int, Keyword | None], ...]], ...]


def _needle(keyword: Keyword) -> tuple[str, bool]:
    """A piece of text every match of ``keyword``'s expression contains (looked for in the text lowered, when the
    bool says so): a search is skipped in a section without it. Its first text token; a caseless one (ASCII letters
    in either case) only when it is ASCII, as ``str.lower`` keeps a match's ASCII letters together and lowers them
    alone; else nothing ('' is in every text)."""
    first = next((token for token in keyword.tokens if isinstance(token, Text)), None)
    if first is None or (first.caseless and not first.text.isascii()):
        return "", False
    return (first.text.lower(), True) if first.caseless else (first.text, False)


class EvidenceFinder:
    """Finds the evidence of postings under several taxonomies (keywords numbered as ``Labeller.keywords``: the
    taxonomies in order, each one's keywords in file order). ``limit``: matches stored per posting and taxonomy
    (the rest are only counted). Thread-safe: only its caches grow."""

    def __init__(self, taxonomies: Sequence[Taxonomy], limit: int) -> None:
        self.taxonomies = tuple(taxonomies)
        self.limit = limit
        self.keywords = tuple((index, keyword) for index, t in enumerate(self.taxonomies) for keyword in t.keywords)
        expressions: dict[tuple, int] = {}
        #: Per distinct expression: (pattern, a keyword of it, needle, whether the needle is looked for lowered).
        self._expressions: list[tuple[re.Pattern[str], Keyword, str, bool]] = []
        #: Per keyword (Labeller numbering): its searches, one per section it applies to, in reading order.
        self._searches: list[list[_Search]] = []
        for _taxonomy, keyword in self.keywords:
            pattern = keyword_pattern(keyword)
            key = (pattern.pattern, pattern.flags, keyword.exclude)
            if key not in expressions:
                expressions[key] = len(self._expressions)
                self._expressions.append((pattern, keyword, *_needle(keyword)))
            self._searches.append(
                [
                    _Search(
                        expressions[key],
                        section,
                        b"\t".join(map(copy_text.escape, (keyword.group, keyword.term, name))) + b"\t",
                        keyword,
                    )
                    for section, name in enumerate(SECTIONS)
                    if name in keyword.sections
                ]
            )
        self._heads = [b"\t%s\t%d\t" % (copy_text.escape(t.id), t.version) for t in self.taxonomies]
        self._plans: dict[tuple[int, ...], _Plan] = {}

    def _plan(self, hits: tuple[int, ...]) -> _Plan:
        plan = self._plans.get(hits)
        if plan is not None:
            return plan
        per_taxonomy: list[list[_Search]] = [[] for _ in self.taxonomies]
        for index in hits:
            per_taxonomy[self.keywords[index][0]].extend(self._searches[index])
        for searches in per_taxonomy:
            # Stable: the keywords of one section stay in file order (hits ascend, so they come in file order).
            searches.sort(key=lambda search: search.section)
        slots: dict[tuple[int, int], int] = {}
        taxonomies = []
        for taxonomy, searches in enumerate(per_taxonomy):
            if searches:
                entries = tuple(
                    (
                        search.fields,
                        slots.setdefault((search.expression, search.section), len(slots)),
                        search.keyword if search.keyword.unless_title else None,
                    )
                    for search in searches
                )
                taxonomies.append((self._heads[taxonomy], entries))
        sections = {section for _, section in slots}
        if any(keyword for _, entries in taxonomies for _, _, keyword in entries):
            sections.add(0)  # the title, for the vetoes
        plan = _Plan(tuple(sorted(sections)), tuple(slots), tuple(taxonomies))
        if len(self._plans) < _PLAN_CACHE_SIZE:
            self._plans[hits] = plan
        return plan

    def lines(self, posting_id: bytes, month: bytes, sections: Sequence[bytes], hits: tuple[int, ...]) -> list[bytes]:
        """The evidence rows, as COPY text lines, of posting ``posting_id`` of ``month`` (both as COPY fields) whose
        section fields (COPY text, escaped, ``\\N`` for NULL, in ``SECTIONS`` order) hold the keywords ``hits``
        (ascending indexes into :attr:`keywords`)."""
        if not hits:
            return []
        plan = self._plan(hits)
        texts = [""] * len(SECTIONS)
        for section in plan.sections:
            texts[section] = normalize(copy_text.unescape(sections[section]))
        lowered: dict[int, str] = {}
        spans: list[list[bytes]] = []
        for expression, section in plan.searches:
            text = texts[section]
            pattern, keyword, needle, caseless = self._expressions[expression]
            if caseless:
                haystack = lowered.get(section)
                if haystack is None:
                    haystack = lowered[section] = text.lower()
            else:
                haystack = text
            spans.append(self._spans(text, pattern, keyword) if needle in haystack else [])
        named = None
        out = []
        for head, entries in plan.taxonomies:
            matches: list[bytes] = []
            for fields, slot, veto in entries:
                found = spans[slot]
                if not found:
                    continue
                if veto is not None:
                    named = named or dict(zip(SECTIONS, texts, strict=True))
                    if vetoed(veto, named):
                        continue
                matches.extend([fields + span for span in found])
            total = len(matches)
            start = posting_id + head + month
            for rank, match in enumerate(matches[: self.limit], start=1):
                out.append(b"%s\t%d\t%s\t%d\n" % (start, rank, match, total))
        return out

    @staticmethod
    def _spans(text: str, pattern: re.Pattern[str], keyword: Keyword) -> list[bytes]:
        """``offset\\tmatched text\\tsnippet`` as COPY fields, for each match that counts (``keyword`` gives the
        exclusions) of an expression in a section."""
        spans = []
        for found in counted_matches(keyword, pattern, text):
            start, end = found.span()
            snippet = text[max(0, start - SNIPPET_CONTEXT) : end + SNIPPET_CONTEXT]
            spans.append(b"%d\t%s\t%s" % (start, copy_text.escape(found.group()), copy_text.escape(snippet)))
        return spans
