"""The evidence of a posting's matches (``core.match_evidence``), for the keywords its labelling found. Pure.

The ingest's set pass (:class:`ai_job_share.labelling.labeller.Labeller`) records which keywords each posting holds
(``core.postings.keyword_ids``); only those postings need their spans, and only those keywords' exact expressions
(``classify.keyword_pattern``, exclusions, ``unless_title``) need to run, on the sections they apply to. The rows
are the reference :class:`ai_job_share.labelling.classify.Classifier`'s matches, in its order (sections in reading
order, each taxonomy's keywords in file order, then by offset), ranked and counted per taxonomy: a keyword the
labeller did not find has no match in the Classifier either (the labeller's contract,
tests/unit/labelling/test_labeller.py). A keyword several taxonomies share (the same expression and exclusions) is
searched once per posting and section.

Each span is written once, however many taxonomies rank it (docs/adr/0008-evidence-stored-once-per-span.md): a
line of ``copy_evidence_spans_in.sql`` per span with the keyword numbers that matched it and its rank under each,
and a line of ``copy_evidence_totals_in.sql`` per posting with each taxonomy version's match count. The view
``core.match_evidence`` spreads them back into one row per match. Lines are COPY text format, ready to stream.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ai_job_share.labelling.classify import SNIPPET_CONTEXT, counted_matches, keyword_pattern, normalize, vetoed
from ai_job_share.layout import SECTIONS
from ai_job_share.source import copy_text
from ai_job_share.taxonomy import Keyword, Taxonomy
from ai_job_share.taxonomy.rules import Boundary, Text

#: Distinct keyword combinations remembered (a few hundred occur in a month).
_PLAN_CACHE_SIZE = 1 << 14
#: Layouts remembered per combination (about 1,700 occur in a chunk of 47,000 tagged postings, over 581 plans).
_LAYOUT_CACHE_SIZE = 1 << 10
#: A layout not computed yet (None is a layout: nothing counts).
_UNKNOWN = object()


class PostingEvidence(NamedTuple):
    """A posting's evidence as COPY text lines."""

    #: One line per span some taxonomy ranks within the limit (``copy_evidence_spans_in.sql``).
    spans: list[bytes]
    #: Each taxonomy version's count of matches (``copy_evidence_totals_in.sql``).
    totals: bytes
    #: The matches stored (rows of ``core.match_evidence``): per taxonomy, at most the limit.
    stored: int


@dataclass(frozen=True)
class _Search:
    """One keyword's search in one section, for one taxonomy: ``expression`` indexes the distinct expressions."""

    expression: int
    section: int
    #: The keyword's number (``keyword_ids``), as a COPY array element.
    number: bytes
    keyword: Keyword


#: A distinct search of a posting: (its slot in the posting's spans, pattern, a keyword of the expression (for its
#: exclusions), needle, whether the needle is looked for in the text lowered).
_SlotSearch = tuple[int, re.Pattern[str], Keyword, str, bool]
#: A taxonomy entry reading a slot: (taxonomy index, the entry's place in the Classifier's order, keyword number,
#: index into the plan's ``vetoes`` when its keyword has unless_title terms, else None).
_Entry = tuple[int, int, bytes, int | None]


class _Layout(NamedTuple):
    """Where a posting's spans go, for one plan, count of spans per slot and set of vetoed keywords."""

    #: Per stored span, in the lines' order: (slot, the span's index in it, keyword numbers, ranks), the last two
    #: as COPY array elements.
    rows: tuple[tuple[int, int, bytes, bytes], ...]
    #: The totals line after its ``posting\tmonth\t{``: taxonomy version numbers and their match counts.
    totals: bytes
    stored: int


@dataclass(frozen=True)
class _Plan:
    """What to do for postings holding one combination of keywords."""

    #: The sections to read (the title too when a keyword may be vetoed by it), ascending.
    sections: tuple[int, ...]
    #: Per section searched, in reading order: the section and its distinct searches, each run once per posting.
    searches: tuple[tuple[int, tuple[_SlotSearch, ...]], ...]
    #: Per slot, the taxonomy entries reading its spans.
    entries: tuple[tuple[_Entry, ...], ...]
    #: Each keyword with unless_title terms, and the slots (a bit mask) its entries read.
    vetoes: tuple[tuple[Keyword, int], ...]
    #: Whether two searches read the same section (a span may then be found by both).
    shared_sections: bool
    #: Per (count of spans per slot, vetoed keywords as a bit mask): the layout, None when nothing counts (a cache).
    layouts: dict[tuple[tuple[int, ...], int], _Layout | None]


def _merged(ranked: list[tuple[bytes, bytes, bytes]]) -> list[tuple[bytes, bytes, bytes]]:
    """One entry per span (the same section, offset and text; found by expressions that differ only in their
    exclusions, or in rules that match the same text), with the keyword numbers and ranks of all its entries."""
    merged: dict[bytes, tuple[bytes, bytes]] = {}
    for numbers, ranks, span in ranked:
        earlier = merged.get(span)
        merged[span] = (numbers, ranks) if earlier is None else (earlier[0] + b"," + numbers, earlier[1] + b"," + ranks)
    return [(numbers, ranks, span) for span, (numbers, ranks) in merged.items()]


def _needle(keyword: Keyword) -> tuple[str, bool]:
    """A piece of text every match of ``keyword``'s expression starts with (looked for in the text lowered, when
    the bool says so): a search is skipped in a section without it, and tries the expression only where it occurs
    (:func:`_matches_at`). Its first text token when only boundaries come before it; a caseless one (ASCII letters
    in either case) only when it is ASCII, as ``str.lower`` keeps a match's ASCII letters together and lowers them
    alone; else nothing ('' starts every text)."""
    first = next((token for token in keyword.tokens if not isinstance(token, Boundary)), None)
    if not isinstance(first, Text) or (first.caseless and not first.text.isascii()):
        return "", False
    return (first.text.lower(), True) if first.caseless else (first.text, False)


def _matches_at(pattern: re.Pattern[str], text: str, needle: str, haystack: str) -> list[re.Match[str]]:
    """``pattern.finditer(text)``, for a pattern whose every match starts with ``needle``: tried only where
    ``haystack`` (the text, or the text lowered with the same offsets) holds the needle, as the expressions'
    leading boundaries leave Python's ``re`` no literal prefix to skip ahead with."""
    matches = []
    at = haystack.find(needle)
    while at >= 0:
        found = pattern.match(text, at)
        if found is None:
            at = haystack.find(needle, at + 1)
        else:
            matches.append(found)
            at = haystack.find(needle, found.end())
    return matches


def normalized_texts(fields: Sequence[bytes]) -> list[str]:
    """The NFKC-normalised values of COPY text ``fields`` ('' for NULL), unescaped, decoded and normalised at once:
    joined by a NUL, which PostgreSQL text never holds and NFKC never composes across (a starter that composes with
    nothing), so each part is its own field's normalised value. Fields whose escapes make a NUL (octal,
    hexadecimal) are read one by one."""
    joined = b"\x00".join([b"" if field == copy_text.NULL else field for field in fields])
    texts = normalize(copy_text.unescape(joined)).split("\x00")
    if len(texts) != len(fields):
        return [normalize(copy_text.unescape(field)) for field in fields]
    return texts


class EvidenceFinder:
    """Finds the evidence of postings under several taxonomies (keywords indexed as ``Labeller.keywords``: the
    taxonomies in order, each one's keywords in file order). ``limit``: matches stored per posting and taxonomy
    (the rest are only counted). ``keyword_ids`` and ``taxonomy_version_ids`` number the keywords (in that order)
    and the taxonomies in the lines written (the warehouse's meta.taxonomy_keywords and meta.taxonomy_versions);
    by default their indexes. Thread-safe: only its caches grow."""

    def __init__(
        self,
        taxonomies: Sequence[Taxonomy],
        limit: int,
        *,
        keyword_ids: Sequence[int] | None = None,
        taxonomy_version_ids: Sequence[int] | None = None,
    ) -> None:
        self.taxonomies = tuple(taxonomies)
        self.limit = limit
        self.keywords = tuple((index, keyword) for index, t in enumerate(self.taxonomies) for keyword in t.keywords)
        self.keyword_ids = tuple(range(len(self.keywords)) if keyword_ids is None else keyword_ids)
        self.taxonomy_version_ids = tuple(
            range(len(self.taxonomies)) if taxonomy_version_ids is None else taxonomy_version_ids
        )
        if len(self.keyword_ids) != len(self.keywords) or len(self.taxonomy_version_ids) != len(self.taxonomies):
            raise ValueError("one number per keyword and one per taxonomy")
        expressions: dict[tuple, int] = {}
        #: Per distinct expression: (pattern, a keyword of it, needle, whether the needle is looked for lowered).
        self._expressions: list[tuple[re.Pattern[str], Keyword, str, bool]] = []
        #: Per keyword (Labeller numbering): its searches, one per section it applies to, in reading order.
        self._searches: list[list[_Search]] = []
        for (_taxonomy, keyword), number in zip(self.keywords, self.keyword_ids, strict=True):
            pattern = keyword_pattern(keyword)
            key = (pattern.pattern, pattern.flags, keyword.exclude)
            if key not in expressions:
                expressions[key] = len(self._expressions)
                self._expressions.append((pattern, keyword, *_needle(keyword)))
            self._searches.append(
                [
                    _Search(expressions[key], section, b"%d" % number, keyword)
                    for section, name in enumerate(SECTIONS)
                    if name in keyword.sections
                ]
            )
        self._versions = [b"%d" % number for number in self.taxonomy_version_ids]
        self._ranks = [b"%d" % rank for rank in range(limit + 1)]
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
        entries: list[list[_Entry]] = []
        vetoes: dict[Keyword, int] = {}  # each keyword with unless_title terms: the slots its entries read
        for taxonomy, searches in enumerate(per_taxonomy):
            for place, search in enumerate(searches):
                slot = slots.setdefault((search.expression, search.section), len(slots))
                if slot == len(entries):
                    entries.append([])
                veto = None
                if search.keyword.unless_title:
                    veto = list(vetoes).index(search.keyword) if search.keyword in vetoes else len(vetoes)
                    vetoes[search.keyword] = vetoes.get(search.keyword, 0) | 1 << slot
                entries[slot].append((taxonomy, place, search.number, veto))
        by_section: dict[int, list[_SlotSearch]] = {}
        for (expression, section), slot in slots.items():
            by_section.setdefault(section, []).append((slot, *self._expressions[expression]))
        sections = set(by_section) | ({0} if vetoes else set())  # the title, for the vetoes
        plan = _Plan(
            tuple(sorted(sections)),
            tuple((section, tuple(by_section[section])) for section in sorted(by_section)),
            tuple(map(tuple, entries)),
            tuple(vetoes.items()),
            len(by_section) < len(slots),
            {},
        )
        if len(self._plans) < _PLAN_CACHE_SIZE:
            self._plans[hits] = plan
        return plan

    def lines(
        self, posting_id: bytes, month: bytes, sections: Sequence[bytes], hits: tuple[int, ...]
    ) -> PostingEvidence | None:
        """The evidence of posting ``posting_id`` of ``month`` (both as COPY fields) whose section fields (COPY
        text, escaped, ``\\N`` for NULL, in ``SECTIONS`` order) hold the keywords ``hits`` (ascending indexes into
        :attr:`keywords`); None when nothing matched."""
        if not hits:
            return None
        plan = self._plan(hits)
        texts = [""] * len(SECTIONS)
        needed = normalized_texts([sections[section] for section in plan.sections])
        for section, text in zip(plan.sections, needed, strict=True):
            texts[section] = text
        spans: list[list[bytes]] = [[]] * len(plan.entries)
        found = 0  # a bit per slot with spans
        for section, searches in plan.searches:
            text = texts[section]
            if not text:
                continue
            lowered = aligned = None
            for slot, pattern, keyword, needle, caseless in searches:
                if caseless:
                    if lowered is None:
                        lowered = text.lower()
                        # Unless some character lowered to several, the offsets in the lowered text are the text's.
                        aligned = lowered if len(lowered) == len(text) else None
                    if needle not in lowered:
                        continue
                    slot_spans = self._spans(text, section, pattern, keyword, needle, aligned)
                elif needle in text:
                    slot_spans = self._spans(text, section, pattern, keyword, needle, text)
                else:
                    continue
                if slot_spans:
                    spans[slot] = slot_spans
                    found |= 1 << slot
        if not found:
            return None
        vetoed_keywords = 0  # a bit per plan.vetoes entry vetoed by the title, among those reading a slot with spans
        for bit, (keyword, slots) in enumerate(plan.vetoes):
            if found & slots and vetoed(keyword, {"title": texts[0]}):
                vetoed_keywords |= 1 << bit
        key = (tuple(map(len, spans)), vetoed_keywords)
        layout = plan.layouts.get(key, _UNKNOWN)
        if layout is _UNKNOWN:
            layout = self._layout(plan, *key)
            if len(plan.layouts) < _LAYOUT_CACHE_SIZE:
                plan.layouts[key] = layout
        if layout is None:
            return None
        # (keyword numbers, ranks, span) of each stored span, as COPY array elements and fields.
        ranked = [(numbers, ranks, spans[slot][index]) for slot, index, numbers, ranks in layout.rows]
        if plan.shared_sections:
            ranked = _merged(ranked)
        head = b"%s\t%s\t{" % (posting_id, month)
        out = [b"%s%s}\t{%s}\t%s\n" % (head, numbers, ranks, span) for numbers, ranks, span in ranked]
        return PostingEvidence(out, head + layout.totals, layout.stored)

    def _layout(self, plan: _Plan, counts: tuple[int, ...], vetoed_keywords: int) -> _Layout | None:
        """Where the spans go when each slot of ``plan`` has ``counts`` spans and the keywords of the bit mask
        ``vetoed_keywords`` (indexes into ``plan.vetoes``) are vetoed by the title: the first ``limit`` matches per
        taxonomy, in the Classifier's order, ranked; None when no match counts."""
        limit = self.limit
        # The entries reading a slot with spans, in the Classifier's order.
        uses = sorted((entry, slot) for slot, entries in enumerate(plan.entries) if counts[slot] for entry in entries)
        # Per slot with a stored span: the keyword numbers ranking its spans, and for each the matches of its
        # taxonomy before the slot's (its first span ranks one more).
        marks: dict[int, tuple[list[bytes], list[int]]] = {}
        cut = False  # whether the limit leaves out some span of a slot with stored spans
        total_of: dict[int, int] = {}  # per taxonomy with a match (in order), its matches
        for (taxonomy, _, number, veto), slot in uses:
            if veto is not None and vetoed_keywords >> veto & 1:
                continue
            before = total_of.get(taxonomy, 0)
            if before < limit:
                numbers, befores = marks.setdefault(slot, ([], []))
                numbers.append(number)
                befores.append(before)
                cut = cut or before + counts[slot] > limit
            total_of[taxonomy] = before + counts[slot]
        if not total_of:
            return None
        rows: list[tuple[int, int, bytes, bytes]] = []
        for slot, (numbers, befores) in marks.items():
            if cut:
                cut_ranks = self._cut_ranks(counts[slot], numbers, befores)
                rows += [(slot, index, *ranking) for index, ranking in enumerate(cut_ranks)]
                continue
            joined = b",".join(numbers)
            ranks = self._ranks
            rows += [
                (slot, index, joined, b",".join([ranks[before + index + 1] for before in befores]))
                for index in range(counts[slot])
            ]
        versions = b",".join([self._versions[taxonomy] for taxonomy in total_of])
        totals = b",".join([b"%d" % total for total in total_of.values()])
        return _Layout(tuple(rows), b"%s}\t{%s}\n" % (versions, totals), sum(min(t, limit) for t in total_of.values()))

    def _cut_ranks(self, spans: int, numbers: list[bytes], befores: list[int]) -> list[tuple[bytes, bytes]]:
        """(keyword numbers, ranks) of a slot's first spans (of ``spans``) when the limit may leave out some under
        some taxonomies: as many as some taxonomy stores."""
        ranks, ranked = self._ranks, []
        for index in range(spans):
            ranking = [
                (number, ranks[before + index + 1])
                for number, before in zip(numbers, befores, strict=True)
                if before + index < self.limit
            ]
            if not ranking:
                return ranked
            ranked.append((b",".join([number for number, _ in ranking]), b",".join([rank for _, rank in ranking])))
        return ranked

    @staticmethod
    def _spans(
        text: str, section: int, pattern: re.Pattern[str], keyword: Keyword, needle: str, haystack: str | None
    ) -> list[bytes]:
        """``section\\toffset\\tmatched text\\tsnippet`` as COPY fields, for each match that counts (``keyword``
        gives the exclusions) of an expression in a section, whose matches start with ``needle``. ``haystack``: the
        text, or the text lowered for a caseless needle, where the needle's offsets are the text's (None: they are
        not)."""
        spans = []
        matches = _matches_at(pattern, text, needle, haystack) if needle and haystack is not None else None
        for found in counted_matches(keyword, pattern, text, matches):
            begin, end = found.span()
            snippet = text[max(0, begin - SNIPPET_CONTEXT) : end + SNIPPET_CONTEXT]
            spans.append(
                b"%d\t%d\t%s\t%s" % (section, begin, copy_text.escape(found.group()), copy_text.escape(snippet))
            )
        return spans
