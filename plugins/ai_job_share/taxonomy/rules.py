"""Rule types: what a keyword's ``rule`` means, each written once here as a short sequence of tokens. Pure.

A keyword compiles to tokens (:func:`keyword_tokens`); every matcher renders tokens and knows no rule type:
the reference Python expression (``classify.keyword_pattern``), the RE2 prefilter (``match_engines``) and the
COPY-bytes labeller (``labeller``). Exclusions and ``unless_title`` terms are plain text (:func:`literal_tokens`).

Adding a rule type is one entry in :data:`RULE_TYPES` (and a row in docs/taxonomies.md): its tokens, the options it
takes and what it requires of a term.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ai_job_share.taxonomy import Keyword


# ------------------------------------------------------------------------------------------------------------
# Tokens
# ------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Boundary:
    """First, the character before the match; last, the one after: none of the ASCII ``chars`` (or none at all)."""

    chars: str


@dataclass(frozen=True)
class Text:
    """These characters exactly; ``caseless``: ASCII letters in either case (``re.IGNORECASE | re.ASCII``)."""

    text: str
    caseless: bool = False


@dataclass(frozen=True)
class Gap:
    """A run of at least ``least`` (0 or 1) of the ASCII characters ``chars``."""

    chars: str
    least: int


Token = Boundary | Text | Gap

UPPER = string.ascii_uppercase
LETTERS = string.ascii_letters
#: Whitespace between the parts of a korean_compound (after NFKC, no-break and ideographic spaces are spaces).
COMPOUND_SPACE = " \t\r\n"
#: Whitespace between the words of an english_phrase: ``\s`` under re.ASCII.
PHRASE_SPACE = " \t\n\r\f\v"


# ------------------------------------------------------------------------------------------------------------
# Rule types
# ------------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class RuleType:
    doc: str
    tokens: Callable[[Keyword], tuple[Token, ...]]
    #: What is wrong with a term, or None.
    wrong_term: Callable[[str], str | None] = lambda term: None
    #: Options besides term: ``parts`` (how the term splits, whitespace allowed between) and ``hyphen``.
    parts: bool = False
    hyphen: bool = False


def _latin_token(keyword: Keyword) -> tuple[Token, ...]:
    return Boundary(UPPER), Text(keyword.term), Boundary(LETTERS)


def _korean_compound(keyword: Keyword) -> tuple[Token, ...]:
    return _joined([Text(part) for part in keyword.parts], Gap(COMPOUND_SPACE, 0))


def _english_phrase(keyword: Keyword) -> tuple[Token, ...]:
    gap = Gap(PHRASE_SPACE + ("-" if keyword.hyphen else ""), 1)
    words = _joined([Text(word, caseless=True) for word in keyword.term.split()], gap)
    return Boundary(LETTERS), *words, Boundary(LETTERS)


def _joined(pieces: list[Token], gap: Gap) -> tuple[Token, ...]:
    return tuple(token for piece in pieces for token in (gap, piece))[1:]


RULE_TYPES: dict[str, RuleType] = {
    "latin_token": RuleType(
        "case-sensitive; the char before is not A-Z and the char after is not a Latin letter (AI, ML)",
        _latin_token,
        wrong_term=lambda term: (
            None
            if term.isascii() and term.isalnum()
            else f"a latin_token must be ASCII letters or digits, got {term!r}"
        ),
    ),
    "korean_compound": RuleType(
        "anywhere, whitespace allowed between its ``parts`` (머신 러닝)",
        _korean_compound,
        parts=True,
    ),
    "english_phrase": RuleType(
        "case-insensitive words on Latin-letter boundaries, any whitespace between words (with ``hyphen = true``, "
        "any run of whitespace and hyphens: machine-learning, machine learning)",
        _english_phrase,
        hyphen=True,
    ),
}


@cache
def keyword_tokens(keyword: Keyword) -> tuple[Token, ...]:
    """What ``keyword`` (its rule validated) matches, as tokens."""
    return RULE_TYPES[keyword.rule].tokens(keyword)


def literal_tokens(text: str) -> tuple[Token, ...]:
    """``text`` exactly, anywhere: an exclusion or an ``unless_title`` term."""
    return (Text(text),)


def boundaries(tokens: tuple[Token, ...]) -> tuple[str | None, tuple[Token, ...], str | None]:
    """``tokens`` as (the characters that may not come before, the tokens between, those that may not come after),
    None where there is no boundary."""
    before = after = None
    if tokens and isinstance(tokens[0], Boundary):
        before, tokens = tokens[0].chars, tokens[1:]
    if tokens and isinstance(tokens[-1], Boundary):
        after, tokens = tokens[-1].chars, tokens[:-1]
    if any(isinstance(token, Boundary) for token in tokens):
        raise ValueError("a boundary stands first or last")
    return before, tokens, after
