"""Which keywords of several taxonomies a posting contains, read straight from its COPY text-format fields. Pure.

:class:`Labeller` answers what :class:`ai_job_share.labelling.classify.Classifier` would (the same keywords, and
whether the posting has any text), without the evidence (offsets, snippets), many times faster: it reads the
still-escaped bytes of the ``SECTIONS`` fields (ai_job_share.layout), with one RE2 set (PyPI ``google-re2``) in a
single pass.

How, with the ``re2`` engine (``python``, or ``auto`` without google-re2, runs the reference Classifier instead):

- The section fields are joined into one row, each preceded by its own marker byte and the last followed by one
  more (from ``0xF5`` up: bytes that never occur in UTF-8). A keyword's pattern starts at the marker of a section
  it applies to, so section rules hold and no match spans two sections.
- Text is NFKC-normalised before the reference reads it. The set says whether the row holds anything but
  characters NFKC leaves alone in any context (:func:`nfkc_stable_ranges`: ASCII, Hangul syllables, most symbols,
  CJK, ...; not full-width letters, decomposed jamo, a no-break space) or invalid UTF-8; such a posting goes to
  the reference, so for every other one the bytes read are the normalised text.
- The patterns read the escaped bytes as they are: whitespace between parts or words may be a byte or its escape
  (``\\n``), and a boundary may be an escape. A row with an escape other than ``\\b \\f \\n \\r \\t \\v``
  (``\\\\``, octal, hexadecimal, ``\\N`` inside a field) is unescaped and read again by a second set, built for
  plain text.
- A keyword's pattern is rendered from its tokens (:mod:`ai_job_share.taxonomy.rules`; no rule type is named
  here). A set only says *whether* each pattern matches somewhere, so a boundary is written by consuming the
  neighbouring byte (``[^A-Z]AI[^A-Za-z]``; the markers make every section start and end with one). Every keyword
  is exact in RE2 (its pattern matches iff the reference counts it) except keywords with exclusions of a shape not
  handled here: a keyword that is one literal between boundaries, if any (a latin_token, a one-part
  korean_compound), which does not overlap itself,
  excluded only by phrases that start with it (and contain it once), is exact with a "not followed by" (trie
  complement) of the phrases' remainders, as strict's ``데이터`` (not in ``데이터베이스`` / ``데이터센터``) and
  ai-role's ``AI`` (not in ``AI 도구``, ``AI team`` ...). Any other keyword with
  exclusions (extended's ``ML``, not in ``ReasonML``) is matched without them in RE2, beside a pattern finding any
  of its exclusions in its sections: when RE2 found the keyword and no exclusion, the keyword counts; when it found
  both, the reference's own expression and exclusions (``classify.matches_in``) decide on its sections.
- A keyword with ``unless_title`` terms has a pattern finding any of them in the title: when it matched, the keyword
  does not count (``classify.vetoed``).
- The set's answer (which patterns matched) maps to the result through a small cache.

Thread-safe: the sets are read-only after construction, the cache only grows.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from ai_job_share.labelling.classify import Classifier, has_text, matches_in, normalize_sections
from ai_job_share.labelling.match_engines import RE2, resolve_engine
from ai_job_share.layout import SECTIONS
from ai_job_share.source import copy_text
from ai_job_share.taxonomy import Keyword, Taxonomy
from ai_job_share.taxonomy.rules import Gap, Text, Token, boundaries, literal_tokens

#: RE2's memory budget per set (its DFA is built lazily within it; see also the sentinel below).
_RE2_MAX_MEM = 256 << 20
#: Distinct set answers remembered (a handful occur in practice).
_PLAN_CACHE_SIZE = 1 << 14

_SECTION_COUNT = len(SECTIONS)
#: Marker byte before section i is _FIRST_MARKER + i; one more ends the row.
_FIRST_MARKER = 0xF5
_MARKERS = bytes(range(_FIRST_MARKER, _FIRST_MARKER + _SECTION_COUNT + 1))
_SECTION_MARKERS = tuple(bytes((marker,)) for marker in _MARKERS[:-1])
_END_MARKER = _MARKERS[-1:]
_join = b"".join

#: Bytes COPY writes as a backslash and a letter, and the letter.
_ESCAPED_AS = {
    0x5C: 0x5C,
    0x08: ord("b"),
    0x0C: ord("f"),
    0x0A: ord("n"),
    0x0D: ord("r"),
    0x09: ord("t"),
    0x0B: ord("v"),
}
#: What str.strip() removes among the ASCII characters (every other whitespace character is not NFKC-stable-safe).
_ASCII_SPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f "
#: Code points looked at for the fast path's character set: the BMP and the emoji planes' common blocks.
_CANDIDATE_RANGES = ((0x0000, 0xFFFF), (0x1F000, 0x1FAFF))


# ------------------------------------------------------------------------------------------------------------
# Characters NFKC leaves alone
# ------------------------------------------------------------------------------------------------------------
#: nfkc_stable_ranges() as computed under one Unicode version, shipped with the package so that a process does not
#: scan all of Unicode (about 0.2 CPU seconds); written by ``python -m ai_job_share.labelling.nfkc_table``.
NFKC_TABLE = Path(__file__).with_name("nfkc_stable_ranges.json")


@cache
def nfkc_stable_ranges() -> tuple[tuple[int, int], ...]:
    """The ranges :func:`scan_nfkc_stable_ranges` computes, without the scan when it can: read from ``NFKC_TABLE``
    when that was computed under the running ``unicodedata``'s Unicode version (a unit test keeps the two equal),
    scanned otherwise."""
    table = json.loads(NFKC_TABLE.read_text(encoding="utf-8"))
    if table["unidata_version"] == unicodedata.unidata_version:
        return tuple((low, high) for low, high in table["ranges"])
    return scan_nfkc_stable_ranges()


def scan_nfkc_stable_ranges() -> tuple[tuple[int, int], ...]:
    """Code point ranges (inclusive) such that any string of these characters is its own NFKC form and
    ``str.strip`` removes none of them but ASCII whitespace, computed from ``unicodedata``.

    A character is in when NFKC maps it to itself, its combining class is 0 and it is not the second half of a
    canonical composition (a combining mark, a Hangul medial vowel or final consonant, a few Indic vowel signs):
    the NFKC quick-check "yes" characters that are starters, so no neighbour can change it. Non-ASCII whitespace
    is left out. Only ``_CANDIDATE_RANGES`` are looked at; anything else takes the reference path.
    """
    seconds = set()  # over all of Unicode: a composite anywhere makes its second half unsafe
    for code in range(0x110000):
        decomposition = unicodedata.decomposition(chr(code))
        if decomposition and not decomposition.startswith("<"):
            parts = [chr(int(part, 16)) for part in decomposition.split()]
            if len(parts) == 2 and unicodedata.normalize("NFC", "".join(parts)) == chr(code):
                seconds.add(ord(parts[1]))
    ranges: list[list[int]] = []
    for low, high in _CANDIDATE_RANGES:
        for code in range(low, high + 1):
            char = chr(code)
            stable = (
                not 0xD800 <= code <= 0xDFFF
                and not 0x1161 <= code <= 0x11C2  # Hangul medial vowels and final consonants compose with a syllable
                and code not in seconds
                and unicodedata.combining(char) == 0
                and unicodedata.normalize("NFKC", char) == char
                and (code < 0x80 or not char.isspace())
            )
            if stable:
                if ranges and ranges[-1][1] == code - 1:
                    ranges[-1][1] = code
                else:
                    ranges.append([code, code])
    return tuple((low, high) for low, high in ranges)


def _without(ranges: Iterable[tuple[int, int]], *codes: int) -> list[tuple[int, int]]:
    """``ranges`` (inclusive) less the code points ``codes``."""
    out = []
    for low, high in ranges:
        for code in sorted(code for code in codes if low <= code <= high):
            if low < code:
                out.append((low, code - 1))
            low = code + 1
        if low <= high:
            out.append((low, high))
    return out


def _utf8_sequences(low: int, high: int) -> list[tuple[tuple[int, int], ...]]:
    """The UTF-8 encodings of code points low..high as sequences of byte ranges (the classic split)."""
    out: list[tuple[tuple[int, int], ...]] = []
    stack = [(low, high)]
    while stack:
        low, high = stack.pop()
        for limit in (0x7F, 0x7FF, 0xFFFF):
            if low <= limit < high:
                stack += [(limit + 1, high), (low, limit)]
                break
        else:
            if high <= 0x7F:
                out.append(((low, high),))
                continue
            for bits in (6, 12, 18):
                mask = (1 << bits) - 1
                if low & ~mask != high & ~mask:
                    if low & mask:
                        stack += [((low | mask) + 1, high), (low, low | mask)]
                        break
                    if high & mask != mask:
                        stack += [(high & ~mask, high), (low, (high & ~mask) - 1)]
                        break
            else:
                out.append(tuple(zip(chr(low).encode(), chr(high).encode(), strict=True)))
    return out


_ACCEPT = ()  # a trie node with no children: a whole character was read


def _byte_trie(sequences: Iterable[tuple[tuple[int, int], ...]]) -> tuple:
    """A deterministic trie over bytes: a node is a tuple of (low, high, child); equal subtrees are shared."""
    memo: dict[frozenset, tuple] = {}

    def build(tails: frozenset) -> tuple:
        if tails == {()}:
            return _ACCEPT
        if () in tails:
            raise ValueError("UTF-8 is prefix-free")
        if tails in memo:
            return memo[tails]
        cuts = sorted({low for (low, _), *_ in tails} | {high + 1 for (_, high), *_ in tails})
        children: list[tuple[int, int, tuple]] = []
        for start, stop in zip(cuts, cuts[1:], strict=False):
            inner = frozenset(tail[1:] for tail in tails if tail[0][0] <= start and stop - 1 <= tail[0][1])
            if not inner:
                continue
            child = build(inner)
            if children and children[-1][1] == start - 1 and children[-1][2] == child:
                children[-1] = (children[-1][0], stop - 1, child)
            else:
                children.append((start, stop - 1, child))
        node = tuple(children)
        memo[tails] = node
        return node

    return build(frozenset(sequences))


# ------------------------------------------------------------------------------------------------------------
# Pattern text (RE2 syntax, Latin-1 mode: every byte written \xHH)
# ------------------------------------------------------------------------------------------------------------
def _hex(byte: int) -> str:
    return f"\\x{byte:02x}"


def _class(ranges: Iterable[tuple[int, int]], *, negate: bool = False) -> str:
    merged: list[list[int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    if not negate and len(merged) == 1 and merged[0][0] == merged[0][1]:
        return _hex(merged[0][0])
    body = "".join(_hex(low) if low == high else f"{_hex(low)}-{_hex(high)}" for low, high in merged)
    return f"[{'^' if negate else ''}{body}]"


def _bytes_of(chars: str) -> list[tuple[int, int]]:
    return [(byte, byte) for byte in chars.encode("ascii")]


def _alternatives(options: list[str]) -> str:
    return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"


def _group_children(node: tuple) -> list[tuple[list[tuple[int, int]], tuple]]:
    """A node's children as (byte ranges, child), one entry per distinct child."""
    grouped: dict[tuple, list[tuple[int, int]]] = {}
    for low, high, child in node:
        grouped.setdefault(child, []).append((low, high))
    return [(ranges, child) for child, ranges in grouped.items()]


class _PatternBuilder:
    """The set's patterns, for escaped COPY text (``escaped``) or for plain text, over a marked row (``_row``), or
    (``sections_at``, escaped only) over a whole COPY row whose section fields start at ``sections_at``:
    the sections: there a raw tab ends a section (a tab in a value is escaped), a raw newline ends the row, and
    the patterns count tabs from the row's start to know the section."""

    def __init__(self, escaped: bool, sections_at: int | None = None) -> None:
        if sections_at is not None and not escaped:
            raise ValueError("only escaped text is read as whole rows")
        self.escaped = escaped
        self.sections_at = sections_at
        #: Bytes that end a section (never inside one): the markers, or a tab and the row's newline.
        self.ends = [(_MARKERS[0], _MARKERS[-1])] if sections_at is None else [(0x09, 0x0A)]
        self._inside = _class(self.ends, negate=True)
        self._unit_memo: dict[tuple, str] = {}
        self._bad_memo: dict[tuple, str] = {}

    def _raw(self, byte: int) -> bool:
        """Whether ``byte`` can stand for itself inside a section (not so for a row's tab and newline)."""
        return self.sections_at is None or byte not in (0x09, 0x0A)

    def section_start(self, sections: Sequence[int]) -> str:
        """Matches from the row's start up to the first byte of one of ``sections``."""
        if self.sections_at is None:
            return _class([(_MARKERS[index],) * 2 for index in sections])
        field = f"(?:{self._inside}*\\x09)"
        first = self.sections_at
        if len(sections) == _SECTION_COUNT:
            return f"^{field}{{{first},{first + _SECTION_COUNT - 1}}}"
        return "^" + _alternatives([f"{field}{{{first + index}}}" for index in sections])

    # -- characters ------------------------------------------------------------------------------------------
    def unit(self, chars: str) -> str:
        """One of ``chars``, as a byte or (escaped) as its escape."""
        options = [_class([byte for byte in _bytes_of(chars) if self._raw(byte[0])])]
        letters = [(_ESCAPED_AS[ord(c)],) * 2 for c in chars if ord(c) in _ESCAPED_AS and c != "\\"]
        if self.escaped and letters:
            options.append("\\x5c" + _class(letters))
        return _alternatives(options)

    def literal(self, text: str) -> str:
        out = []
        for byte in text.encode("utf-8"):
            if self.escaped and byte in _ESCAPED_AS:
                escape = "\\x5c" + _hex(_ESCAPED_AS[byte])
                out.append(escape if byte == 0x5C or not self._raw(byte) else f"(?:{_hex(byte)}|{escape})")
            else:
                out.append(_hex(byte))
        return "".join(out)

    def caseless(self, word: str) -> str:
        """re.IGNORECASE | re.ASCII: only ASCII letters fold."""
        return "".join(
            _class([(ord(c.upper()),) * 2, (ord(c.lower()),) * 2]) if c.isascii() and c.isalpha() else self.literal(c)
            for c in word
        )

    def escape_pair(self) -> str:
        """An escape standing for one (non-letter, non-space-only) character: b f n r t v."""
        return "\\x5c" + _class(_bytes_of("bfnrtv"))

    # -- the fast path's character set -------------------------------------------------------------------------
    def unsafe(self) -> str:
        """Matches iff the row is not: marker 0, safe characters, marker 1, ..., marker 6 (end); or, over a whole
        row, iff a section holds anything but safe characters (each of the first five ends at a tab, the last at
        a tab or the newline)."""
        if self.sections_at is None:
            root = _byte_trie(seq for low, high in nfkc_stable_ranges() for seq in _utf8_sequences(low, high))
            character = self._unit(root)
            tail = _hex(_MARKERS[-1]) + "[\\x00-\\xff]"  # anything after the last marker
            for index in reversed(range(_SECTION_COUNT)):
                bad = self._bad(root, [_MARKERS[index + 1]])
                tail = f"{_hex(_MARKERS[index])}{character}*(?:{bad}|{tail})"
            return "^" + tail
        safe = [(low, high) for low, high in _without(nfkc_stable_ranges(), 0x09, 0x0A)]
        root = _byte_trie(seq for low, high in safe for seq in _utf8_sequences(low, high))
        character = self._unit(root)
        tail = f"{character}*{self._bad(root, [0x09, 0x0A])}"
        for _index in range(_SECTION_COUNT - 1):
            tail = f"{character}*(?:{self._bad(root, [0x09])}|\\x09{tail})"
        return self.section_start([0]) + tail

    def _unit(self, node: tuple) -> str:
        if node not in self._unit_memo:
            options = [
                _class(ranges) + ("" if child == _ACCEPT else self._unit(child))
                for ranges, child in _group_children(node)
            ]
            self._unit_memo[node] = _alternatives(options)
        return self._unit_memo[node]

    def _bad(self, node: tuple, allowed: Sequence[int] = ()) -> str:
        """At a character boundary (``allowed``: the bytes that may end the section there) or inside a character:
        what starts no character of the set, or cannot continue this one."""
        key = (node, tuple(allowed))
        if key not in self._bad_memo:
            taken = [(low, high) for low, high, _ in node]
            taken += [(byte, byte) for byte in allowed]
            options = [_class(taken, negate=True)]
            options += [
                _class(ranges) + self._bad(child) for ranges, child in _group_children(node) if child != _ACCEPT
            ]
            self._bad_memo[key] = _alternatives(options)
        return self._bad_memo[key]

    # -- has_text, escapes -----------------------------------------------------------------------------------
    def has_text(self) -> str:
        """A section holds a character str.strip() keeps (safe rows only). (A NULL field, ``\\N``, holds none.)"""
        if not self.escaped:
            return _class(_bytes_of(_ASCII_SPACE) + self.ends, negate=True)
        spaces = [byte for byte in _bytes_of(_ASCII_SPACE) if self._raw(byte[0])]
        space = _alternatives([_class(spaces), "\\x5c" + _class(_bytes_of("fnrtv"))])
        text = _alternatives([_class([*_bytes_of(_ASCII_SPACE + "\\"), *self.ends], negate=True), "\\x5c\\x62"])
        start = self.section_start(range(_SECTION_COUNT))
        if self.sections_at is None:
            start = _class([(_MARKERS[0], _MARKERS[-2])])
        return f"{start}{space}*{text}"

    def unusual_escape(self) -> str:
        """A backslash not followed by b f n r t v: the row must be unescaped first (escaped patterns only). Over a
        whole row, only in a section, and a section that is exactly ``\\N`` (NULL) is not unusual."""
        if self.sections_at is None:
            return "\\x5c" + _class(_bytes_of("bfnrtv"), negate=True)
        inside = self._inside
        unusual = _alternatives(
            [
                "\\x5c" + _class(_bytes_of("bfnrtvN"), negate=True),
                f"{inside}\\x5c\\x4e",  # \N after something
                f"\\x5c\\x4e{inside}",  # \N before something
            ]
        )
        return f"{self.section_start(range(_SECTION_COUNT))}{inside}*{unusual}"

    # -- keywords --------------------------------------------------------------------------------------------
    def keyword(self, tokens: tuple[Token, ...], sections: tuple[int, ...], after: str = "") -> str:
        """Matches iff the reference expression of ``tokens`` (:mod:`ai_job_share.taxonomy.rules`) matches in one
        of ``sections`` (indexes of SECTIONS), with ``after`` (an exclusion complement) required right after it."""
        not_before, inner, not_after = boundaries(tokens)
        not_before = not_before or ""
        core = "".join(map(self._token, inner))
        if not_after is not None:
            # A boundary after is the byte after, not a letter; ``after`` (exclusions) includes it: _exact_exclusion.
            core, after = core + (after or _class(_bytes_of(not_after), negate=True)), ""
        core += after
        # A boundary before is the byte before, or an escape (one character) whose letter the boundary refuses;
        # escaped, that byte is never a backslash (the match would start inside an escape).
        before_bytes = _bytes_of(not_before) + ([(0x5C, 0x5C)] if self.escaped else [])
        before_extra = [self.escape_pair()] if self.escaped and set(not_before) & set("bfnrtv") else []
        if len(sections) == _SECTION_COUNT and self.sections_at is None:
            # Unanchored: the markers around each section are boundaries, and no keyword reads one.
            if not before_bytes:
                return core
            return _alternatives([_class(before_bytes, negate=True), *before_extra]) + core
        start = self.section_start(sections)
        if not before_bytes:
            return f"{start}{self._inside}*{core}"
        before = _alternatives([_class(before_bytes + self.ends, negate=True), *before_extra])
        return f"{start}(?:{self._inside}*{before})?{core}"

    def _token(self, token: Token) -> str:
        match token:
            case Text(text, caseless):
                return self.caseless(text) if caseless else self.literal(text)
            case Gap(chars, least):
                return self.unit(chars) + ("+" if least else "*")
        raise ValueError(f"unknown token {token!r}")


def _row(fields: Sequence[bytes]) -> bytes:
    """The section fields, each after its marker, then the end marker."""
    if len(fields) != _SECTION_COUNT:
        raise ValueError(f"expected {_SECTION_COUNT} section fields, got {len(fields)}")
    return _join([part for pair in zip(_SECTION_MARKERS, fields, strict=True) for part in pair]) + _END_MARKER


_NEVER = object()  # a keyword every match of which is excluded


def _exact_exclusion(keyword: Keyword) -> str | None | object:
    """The "not followed by" pattern that makes ``keyword``'s exclusions exact ('' when it has none), _NEVER when
    they exclude every match, or None when they are of a shape handled by the Python check instead."""
    if not keyword.exclude:
        return ""
    _, inner, not_after = boundaries(keyword.tokens)
    if len(inner) != 1 or not isinstance(inner[0], Text) or inner[0].caseless:
        return None  # not one literal (a gap, a caseless word)
    literal = inner[0].text
    if any(literal[:size] == literal[-size:] for size in range(1, len(literal))):
        return None  # occurrences may overlap: finditer skips some, so which ones are excluded matters
    remainders = []
    for phrase in keyword.exclude:
        offsets = [i for i in range(len(phrase) - len(literal) + 1) if phrase.startswith(literal, i)]
        if not offsets:
            continue  # no match can lie inside it
        if offsets != [0]:
            return None
        remainder = phrase[len(literal) :]
        if not remainder:
            return _NEVER
        if not_after is not None and remainder[0] in not_after:
            continue  # the literal is no match there (its boundary after refuses what follows): nothing to exclude
        if any(ord(char) in _ESCAPED_AS for char in remainder):
            return None
        remainders.append(remainder.encode("utf-8"))
    if not remainders:
        return ""
    trie: dict = {}
    for remainder in remainders:
        node = trie
        for byte in remainder:
            node = node.setdefault(byte, {})
        node[None] = True

    def not_followed(node: dict, also_not: Sequence[tuple[int, int]] = ()) -> str:
        options = [_class([(byte, byte) for byte in node if byte is not None] + list(also_not), negate=True)]
        for byte, child in sorted((b, c) for b, c in node.items() if b is not None):
            if None not in child:  # a whole remainder read: excluded, no way on
                options.append(_hex(byte) + not_followed(child))
        return _alternatives(options)

    # With a boundary after, the keyword's pattern reads the byte after it: here that byte is the trie's first.
    return not_followed(trie, _bytes_of(not_after or ""))


# ------------------------------------------------------------------------------------------------------------
# The labeller
# ------------------------------------------------------------------------------------------------------------
class _Check:
    """A keyword RE2 only prefilters: the reference expression and exclusions decide, per section."""

    __slots__ = ("index", "sections", "find", "excluded_id")

    def __init__(self, index: int, keyword: Keyword, sections: tuple[int, ...], excluded_id: int) -> None:
        self.index = index
        #: The set's pattern that finds any of the exclusions in the keyword's sections (else no check is needed).
        self.excluded_id = excluded_id
        self.sections = sections
        self.find = matches_in(keyword)

    def counts_in(self, text: str) -> bool:
        return next(self.find(text), None) is not None


class _Plan:
    """What a set answer means, when it is not the result itself."""

    __slots__ = ("has_text", "exact", "checks")

    def __init__(self, has_text: bool, exact: frozenset[int], checks: tuple[_Check, ...]) -> None:
        self.has_text = has_text
        self.exact = exact
        self.checks = checks


_SLOW = "slow"  # characters NFKC may change, or invalid UTF-8: the reference decides
_UNESCAPE = "unescape"  # escapes the escaped set does not read: unescape, then read with the plain-text set


class _Reader:
    """One RE2 set over a marked row (or a whole COPY row: ``sections_at``), and what its answers mean."""

    def __init__(self, escaped: bool, keywords: Sequence[Keyword], sections_at: int | None = None) -> None:
        import re2

        builder = _PatternBuilder(escaped, sections_at)
        self.escaped = escaped
        patterns: dict[str, int] = {}
        self._exact: dict[int, list[int]] = {}
        self._checks: dict[int, list[_Check]] = {}
        #: (keyword index, the pattern finding one of its unless_title terms in the title)
        self._vetoes: list[tuple[int, int]] = []

        def add(pattern: str) -> int:
            return patterns.setdefault(pattern, len(patterns))

        # Always matches: an empty answer means RE2 failed.
        self._sentinel = add(_hex(_MARKERS[0]) if sections_at is None else "^")
        self._unsafe = add(builder.unsafe())
        self._has_text = add(builder.has_text())
        self._unusual = add(builder.unusual_escape()) if escaped else None
        for index, keyword in enumerate(keywords):
            sections = tuple(i for i, name in enumerate(SECTIONS) if name in keyword.sections)
            if not sections:
                continue
            after = _exact_exclusion(keyword)
            if after is _NEVER:
                continue
            if keyword.unless_title:
                titles = [literal_tokens(term) for term in keyword.unless_title]
                self._vetoes.append((index, add(_alternatives([builder.keyword(term, (0,)) for term in titles]))))
            if after is None:
                pattern_id = add(builder.keyword(keyword.tokens, sections))
                # Where none of its exclusions occurs in its sections, the keyword's own pattern is exact.
                phrases = [literal_tokens(phrase) for phrase in keyword.exclude]
                excluded_id = add(_alternatives([builder.keyword(phrase, sections) for phrase in phrases]))
                self._checks.setdefault(pattern_id, []).append(_Check(index, keyword, sections, excluded_id))
            else:
                pattern_id = add(builder.keyword(keyword.tokens, sections, after))
                self._exact.setdefault(pattern_id, []).append(index)

        options = re2.Options()
        options.encoding = re2.Options.Encoding.LATIN1
        options.max_mem = _RE2_MAX_MEM
        options.never_capture = True
        options.log_errors = False
        regex_set = re2.Set.SearchSet(options)
        for pattern, pattern_id in patterns.items():
            if regex_set.Add(pattern.encode("ascii")) != pattern_id:
                raise RuntimeError("RE2 numbered the labeller's patterns unexpectedly")
        regex_set.Compile()
        self._set = regex_set
        self.match = regex_set._set.Match  # the wrapper's Match only turns [] into None
        self.plans: dict[tuple[int, ...], object] = {}
        self.patterns = patterns

    def read(self, text: bytes) -> object:
        """What the set says of ``text``: the result, or a _Plan, or _SLOW / _UNESCAPE."""
        answer = self.match(text)
        answer.sort()
        key = tuple(answer)
        return self.plans.get(key) or self.plan(key)

    def plan(self, answer: tuple[int, ...]) -> object:
        """The result, or a _Plan, or _SLOW / _UNESCAPE, for the (sorted) pattern ids the set reported."""
        plan = self.plans.get(answer)
        if plan is not None:
            return plan
        found = set(answer)
        if self._sentinel not in found:
            raise RuntimeError("the RE2 set reported no match at all: out of memory?")
        if self._unusual in found:
            plan = _UNESCAPE
        elif self._unsafe in found:
            plan = _SLOW
        else:
            exact = {index for pattern_id in found for index in self._exact.get(pattern_id, ())}
            checks = []
            for pattern_id in sorted(found):
                for check in self._checks.get(pattern_id, ()):
                    if check.excluded_id not in found:
                        exact.add(check.index)
                    elif check.index not in exact:
                        checks.append(check)
            vetoed = {index for index, veto_id in self._vetoes if veto_id in found}
            checks = tuple(check for check in checks if check.index not in exact and check.index not in vetoed)
            exact = frozenset(exact - vetoed)
            text = self._has_text in found
            plan = _Plan(text, exact, checks) if checks else (text, tuple(sorted(exact)))
        if len(self.plans) < _PLAN_CACHE_SIZE:
            self.plans[answer] = plan
        return plan


class Labeller:
    """Labels postings under several taxonomies at once, from their COPY text-format fields.

    ``keywords``: (index of the taxonomy in ``taxonomies``, keyword) for every keyword: taxonomies in the given
    order, each one's keywords in file order. :meth:`label` names keywords by their position here.
    ``engine``: as :func:`ai_job_share.labelling.match_engines.resolve_engine`; ``re2`` reads bytes with RE2 sets,
    ``python`` decodes each posting and runs the reference :class:`~ai_job_share.labelling.classify.Classifier`.
    ``sections_at``: for :meth:`label_row`, the index of the first section field in a whole row.
    """

    def __init__(
        self, taxonomies: Sequence[Taxonomy], *, engine: str | None = None, sections_at: int | None = None
    ) -> None:
        self.taxonomies: tuple[Taxonomy, ...] = tuple(taxonomies)
        self.engine = resolve_engine(engine)
        self.sections_at = sections_at
        self.keywords: tuple[tuple[int, Keyword], ...] = tuple(
            (taxonomy_index, keyword)
            for taxonomy_index, taxonomy in enumerate(self.taxonomies)
            for keyword in taxonomy.keywords
        )
        self._index = [{} for _ in self.taxonomies]
        for index, (taxonomy_index, keyword) in enumerate(self.keywords):
            self._index[taxonomy_index][keyword.group, keyword.term] = index
        self._classifier = Classifier(self.taxonomies, engine=self.engine)
        self._escaped: _Reader | None = None
        self._plain: _Reader | None = None
        self._rows: _Reader | None = None
        if self.engine == RE2:
            keywords = [keyword for _, keyword in self.keywords]
            self._escaped = _Reader(True, keywords)
            self._plain = _Reader(False, keywords)
            if sections_at is not None:
                self._rows = _Reader(True, keywords, sections_at)

    def label_row(self, row: bytes) -> tuple[bool, tuple[int, ...]]:
        """As :meth:`label`, from a whole COPY text row (ending in its newline) whose section fields start at
        ``sections_at``: one RE2 pass over the row as it came, nothing split or copied. A row the set cannot answer
        alone (escapes besides ``\\b \\f \\n \\r \\t \\v``, characters NFKC may change, a keyword only prefiltered)
        is split and read as :meth:`label` reads its sections."""
        if self.sections_at is None:
            raise ValueError("this Labeller was made without sections_at: it reads sections, not rows")
        reader = self._rows
        if reader is None:
            return self._reference(self._sections_of(row))
        plan = reader.read(row)
        if plan.__class__ is tuple:
            return plan
        if plan.__class__ is _Plan:
            return self._check(plan, self._sections_of(row), escaped=True)
        return self.label(self._sections_of(row))

    def _sections_of(self, row: bytes) -> list[bytes]:
        fields = copy_text.split_row(row)
        sections = fields[self.sections_at : self.sections_at + _SECTION_COUNT]
        if len(sections) != _SECTION_COUNT:
            raise ValueError(
                f"a row of {len(fields)} fields has no {_SECTION_COUNT} section fields from field {self.sections_at} on"
            )
        return sections

    def label(self, sections: Sequence[bytes]) -> tuple[bool, tuple[int, ...]]:
        """``(has_text, keyword indexes)`` of one posting, from its SECTIONS fields as COPY text-format
        writes them (escaped, ``\\N`` for NULL).

        ``has_text`` is ``classify.has_text`` of the normalised sections; the indexes (into :attr:`keywords`,
        ascending) are the keywords the reference Classifier finds in a section they apply to. Raises
        UnicodeDecodeError where the reference would (a field that is not UTF-8).
        """
        reader = self._escaped
        if reader is None:
            return self._reference(sections)
        fields = sections if copy_text.NULL not in sections else [b"" if f == copy_text.NULL else f for f in sections]
        try:
            row = _row(fields)
        except ValueError:
            raise ValueError(f"expected the fields {', '.join(SECTIONS)}, got {len(sections)}") from None
        plan = reader.read(row)
        if plan.__class__ is tuple:
            return plan
        if plan is _UNESCAPE:
            # (An octal or hexadecimal escape may give a marker's byte: it breaks the row's shape, which is unsafe.)
            fields = [copy_text.unescape_bytes(field) or b"" for field in fields]
            reader = self._plain
            plan = reader.read(_row(fields))
            if plan.__class__ is tuple:
                return plan
        if plan is _SLOW:
            return self._reference(sections)
        return self._check(plan, fields, reader.escaped)

    @staticmethod
    def _check(plan: _Plan, fields: Sequence[bytes], escaped: bool) -> tuple[bool, tuple[int, ...]]:
        chosen = set(plan.exact)
        texts: dict[int, str] = {}
        for check in plan.checks:
            for section in check.sections:
                text = texts.get(section)
                if text is None:
                    text = texts[section] = copy_text.unescape(fields[section]) if escaped else fields[section].decode()
                if text and check.counts_in(text):
                    chosen.add(check.index)
                    break
        return plan.has_text, tuple(sorted(chosen))

    def _reference(self, sections: Sequence[bytes]) -> tuple[bool, tuple[int, ...]]:
        """The reference Classifier on the decoded fields."""
        texts = dict(zip(SECTIONS, map(copy_text.unescape, sections), strict=True))
        normalized = normalize_sections(texts)
        chosen = set()
        for taxonomy_index, result in enumerate(self._classifier.classify_normalized(normalized)):
            index = self._index[taxonomy_index]
            chosen.update(index[match.group, match.keyword] for match in result.matches)
        return has_text(normalized), tuple(sorted(chosen))
