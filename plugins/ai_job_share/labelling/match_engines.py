"""Match engines: how :mod:`ai_job_share.labelling.classify` finds which keywords to look for in a section. Pure.

- ``python``: every keyword's exact regular expression (``classify.keyword_pattern``) runs over every section it
  applies to. The reference; needs nothing beyond the standard library.
- ``re2``: one RE2 set (PyPI ``google-re2``) holding a *prefilter* pattern per keyword of every taxonomy reads each
  section once, in a single DFA pass, and says which keywords may occur in it; the exact Python expression then runs
  only on those sections. A prefilter pattern accepts everything its exact expression accepts (it only drops the
  lookbehind/lookahead boundary checks RE2 does not support, and the exclusions), so the results - keywords,
  sections, offsets, text, snippets - are identical to ``python`` by construction.

The engine is chosen by ``AI_JOB_SHARE_MATCH_ENGINE`` (``auto``, the default: ``re2`` when the library is installed,
else ``python``), or by the ``engine`` argument of ``Matcher``/``Classifier``.

(Hyperscan was tried first, as it is faster still, but the wheel that installs here - PyPI ``hyperscan`` 0.9.1,
library 5.4.12 - misses matches once a database holds more than one pattern: with ``AI`` and ``abc[ ]*def``
compiled together, ``b"x" * 15 + b"AI"`` reports nothing. A prefilter must never miss, so it is not used.)
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping

from ai_job_share.taxonomy import SECTIONS, Keyword
from ai_job_share.taxonomy.rules import Gap, Text, Token, boundaries

ENGINE_ENV = "AI_JOB_SHARE_MATCH_ENGINE"
AUTO = "auto"
PYTHON = "python"
RE2 = "re2"
ENGINES = (PYTHON, RE2)

#: RE2's memory budget for the set's DFA: far above what a few dozen keywords need (a set whose DFA ran out of
#: memory would report no match, so the budget is generous).
_RE2_MAX_MEM = 64 << 20
#: How a prefilter's class writes whitespace.
_CLASS_ESCAPES = {"\t": rb"\t", "\n": rb"\n", "\r": rb"\r", "\f": rb"\f", "\v": rb"\v"}


class EngineError(ValueError):
    """An unknown engine was asked for, or one whose library is not installed."""


def re2_available() -> bool:
    try:
        import re2  # noqa: F401
    except ImportError:
        return False
    return True


def available_engines() -> list[str]:
    return [engine for engine in ENGINES if engine != RE2 or re2_available()]


def resolve_engine(name: str | None = None) -> str:
    """The engine to use: ``name``, else ``$AI_JOB_SHARE_MATCH_ENGINE``, else ``auto`` (the fastest installed)."""
    requested = (name or os.environ.get(ENGINE_ENV) or AUTO).strip().lower()
    if requested == AUTO:
        return RE2 if re2_available() else PYTHON
    if requested not in ENGINES:
        raise EngineError(f"unknown match engine {requested!r} (expected {AUTO}, {', '.join(ENGINES)})")
    if requested == RE2 and not re2_available():
        raise EngineError("match engine 're2' asked for, but the google-re2 package is not installed")
    return requested


def prefilter_pattern(keyword: Keyword) -> bytes:
    """A pattern over UTF-8 bytes that matches wherever ``keyword``'s exact expression could match: its tokens
    (:mod:`ai_job_share.taxonomy.rules`) without the boundaries, which RE2 cannot check (no look-around).

    Every literal byte is written ``\\xHH`` and the set reads its input as Latin-1 (one byte, one character), so
    the pattern is matched byte by byte; the UTF-8 encoding of an exact match always contains a match of it.
    """
    _, inner, _ = boundaries(keyword.tokens)
    return b"".join(map(_prefilter_token, inner))


def _prefilter_token(token: Token) -> bytes:
    match token:
        case Text(text, caseless):
            # re.IGNORECASE | re.ASCII: only ASCII letters fold, so a class of both ASCII cases is exactly as wide.
            return b"".join(map(_ascii_caseless, text)) if caseless else _literal(text)
        case Gap(chars, least):
            return b"[" + b"".join(map(_class_member, chars)) + (b"]+" if least else b"]*")
    raise ValueError(f"unknown token {token!r}")


def _class_member(char: str) -> bytes:
    return _CLASS_ESCAPES.get(char) or (char.encode("ascii") if char == " " else _literal(char))


def _literal(text: str) -> bytes:
    return "".join(f"\\x{byte:02x}" for byte in text.encode("utf-8")).encode("ascii")


def _ascii_caseless(char: str) -> bytes:
    if char.isascii() and char.isalpha():
        return f"[\\x{ord(char.upper()):02x}\\x{ord(char.lower()):02x}]".encode("ascii")
    return _literal(char)


class Re2Prefilter:
    """One RE2 set for a list of keywords (usually every taxonomy's): which keywords may occur in which section.

    Thread-safe (RE2 sets may be matched from several threads at once).
    """

    engine = RE2

    def __init__(self, keywords: Iterable[Keyword]) -> None:
        import re2

        self._ids: dict[bytes, int] = {}
        for keyword in keywords:
            self._ids.setdefault(prefilter_pattern(keyword), len(self._ids))
        self._set = None
        if self._ids:
            options = re2.Options()
            options.encoding = re2.Options.Encoding.LATIN1
            options.max_mem = _RE2_MAX_MEM
            options.never_capture = True
            self._set = re2.Set.SearchSet(options)
            for pattern, pattern_id in self._ids.items():
                if self._set.Add(pattern) != pattern_id:
                    raise RuntimeError(f"RE2 numbered the prefilter pattern {pattern!r} unexpectedly")
            self._set.Compile()

    def pattern_id(self, keyword: Keyword) -> int:
        return self._ids[prefilter_pattern(keyword)]

    def candidates(self, sections: Mapping[str, str]) -> dict[str, set[int]]:
        """{section: ids of the prefilter patterns found in it} for the (NFKC-normalised) ``sections``, in reading
        order; sections where nothing was found are left out."""
        hits: dict[str, set[int]] = {}
        if self._set is None:
            return hits
        match = self._set.Match
        for name in SECTIONS:
            text = sections.get(name)
            if text:
                found = match(text.encode("utf-8", "surrogatepass"))
                if found:
                    hits[name] = set(found)
        return hits


def build_prefilter(engine: str, keywords: Iterable[Keyword]) -> Re2Prefilter | None:
    """The prefilter of a resolved ``engine`` (None for ``python``, which runs every expression)."""
    if engine == RE2:
        return Re2Prefilter(keywords)
    if engine == PYTHON:
        return None
    raise EngineError(f"unknown match engine {engine!r}")
