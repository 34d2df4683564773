r"""The labeller finds exactly the keywords the reference Classifier finds, and has_text as classify.has_text does.

Compared, for both engines, on the synthetic job board (as COPY text fields), on random text (Hangul, Latin
letters, digits, whitespace and its escapes, punctuation, full-width letters, decomposed Hangul, no-break spaces,
backslashes, every keyword and its parts and exclusions), on octal / hexadecimal / doubled-backslash escapes,
with every enabled taxonomy at once, and with a made-up taxonomy whose exclusions take the Python check.

Mutation checks (each done by hand in labeller.py, the tests run, then restored):

- latin_token "before" boundary dropped (``before_bytes = []``): the job-board, random-text and escapes tests and
  the edge cases (``OPENAI EMAIL``) fail;
- exclusion complement dropped (``add(builder.keyword(keyword, sections))`` for exact keywords): the job-board and
  random tests and the strict ``데이터베이스`` / ``데이터센터`` edge cases fail;
- ``\x1c`` taken out of the has_text whitespace, or ``\b`` (backspace) no longer text: the job-board (``\x1c``
  posting), random-text and mostly-whitespace tests fail;
- a backslash allowed as the byte before a keyword in escaped text (``\nlp`` read as ``nlp``), ``\v`` added to the
  compound gap, ``\f`` taken out of the phrase gap: the gaps-and-boundaries test and an edge case fail;
- Hangul medial vowels / final consonants counted as NFKC-safe: the random tests and the safe-set tests fail;
- one range of the shipped nfkc_stable_ranges.json changed (``[134, 159]`` to ``[134, 158]``), or its Unicode
  version: the shipped-table test fails (and, for the version, the table-reading test);
- the self-overlap check of exact exclusions dropped: the ``다나다나다`` edge case fails (only it);
- the "exclusion contains the keyword once, at its start" check dropped: the random tests and edge cases fail.
"""

from __future__ import annotations

import bisect
import threading
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ai_job_share.labelling import match_engines
from ai_job_share.labelling.classify import Classifier, has_text, normalize_sections
from ai_job_share.labelling.labeller import NFKC_TABLE, Labeller, nfkc_stable_ranges
from ai_job_share.labelling.match_engines import PYTHON, RE2, available_engines
from ai_job_share.labelling.nfkc_table import current_table_text
from ai_job_share.layout import SECTIONS
from ai_job_share.source.copy_text import escape, unescape
from ai_job_share.taxonomy import enabled_taxonomies, parse_taxonomy
from ai_job_share.tools.seed import generate

TAXONOMIES = enabled_taxonomies()
ENGINES = available_engines()
needs_re2 = pytest.mark.skipif(not match_engines.re2_available(), reason="the google-re2 package is not installed")

# A made-up taxonomy: exclusions of every shape (exact in RE2, or checked in Python), section rules, a keyword
# excluded everywhere, one that only applies to free text.
ODD = parse_taxonomy(
    {
        "id": "odd",
        "version": 1,
        "sections": ["title", "main_tasks", "benefits"],
        "groups": {
            "ai": {
                "keywords": [
                    {"term": "AI", "rule": "latin_token", "exclude": ["OpenAI", "AI Lab"]},
                    {
                        "term": "머신러닝",
                        "rule": "korean_compound",
                        "parts": ["머신", "러닝"],
                        "exclude": ["머신러닝옵스"],
                    },
                    {"term": "다나다", "rule": "korean_compound", "exclude": ["다나다나"]},  # overlaps itself
                    {"term": "생성형", "rule": "korean_compound", "exclude": ["생성형"]},  # never counts
                    {
                        "term": "컴퓨터 비전",
                        "rule": "korean_compound",
                        "parts": ["컴퓨터비전"],
                        "exclude": ["컴퓨터 비전 팀"],
                    },
                    {"term": "nlp", "rule": "latin_token", "sections": ["intro", "preferred"]},
                    {"term": "t2", "rule": "latin_token"},
                    {"term": "모델", "rule": "korean_compound", "unless_title": ["영업", "AI 강사"]},
                    {"term": "free text", "rule": "english_phrase", "sections": ["body"]},
                ]
            },
            "data": {
                "keywords": [
                    {"term": "데이터", "rule": "korean_compound", "exclude": ["빅데이터", "데이터베이스"]},
                    {"term": "데이터팀", "rule": "korean_compound", "exclude": ["데이터팀\n장"]},
                    {"term": "data", "rule": "english_phrase", "exclude": ["big data", "data lake"]},
                    {"term": "next step", "rule": "english_phrase", "sections": ["requirements", "benefits"]},
                    {"term": "next phase", "rule": "english_phrase", "hyphen": True, "sections": ["requirements"]},
                    {"term": "빅데이터", "rule": "korean_compound", "exclude": ["빅데이터센터", "빅데이터베이스"]},
                ]
            },
        },
    },
    source="test",
)
ALL = [*TAXONOMIES, ODD]

# Whole rows (label_row): the sections between fields that hold keywords, escapes and NULLs, which must be ignored.
HEAD = [b"2022-03-01", b"17", b"\\N", b"\\\\AI", b"AI \\N\\t\xeb\x8d\xb0\xec\x9d\xb4\xed\x84\xb0", b"\\N"]
TAIL = [b"3", b"\\N", b"2022-03-01 00:00:00+00", b"\\x", b"AI"]

REFERENCE = Classifier(ALL, engine=PYTHON)
LABELLERS = {engine: Labeller(ALL, engine=engine, sections_at=len(HEAD)) for engine in ENGINES}
ENABLED_LABELLERS = {engine: Labeller(TAXONOMIES, engine=engine, sections_at=len(HEAD)) for engine in ENGINES}


def row_of(fields) -> bytes:
    return b"\t".join([*HEAD, *fields, *TAIL]) + b"\n"


def expected(fields, taxonomies=ALL, classifier=REFERENCE):
    """(has_text, [{(group, term)} per taxonomy]) as the reference says, for escaped ``fields``."""
    texts = dict(zip(SECTIONS, map(unescape, fields), strict=True))
    normalized = normalize_sections(texts)
    results = classifier.classify(texts)
    assert [result.taxonomy_id for result in results] == [taxonomy.id for taxonomy in taxonomies]
    return has_text(normalized), [{(m.group, m.keyword) for m in result.matches} for result in results]


def labelled(labeller, fields):
    """The labeller's answer in the same shape as ``expected``; read from the whole row, it is the same."""
    text, indexes = labeller.label(fields)
    assert labeller.label_row(row_of(fields)) == (text, indexes), fields
    assert list(indexes) == sorted(set(indexes))
    chosen = [set() for _ in labeller.taxonomies]
    for index in indexes:
        taxonomy_index, keyword = labeller.keywords[index]
        chosen[taxonomy_index].add((keyword.group, keyword.term))
    return text, chosen


def assert_same(fields, labellers=LABELLERS, taxonomies=ALL, classifier=REFERENCE):
    try:
        want = expected(fields, taxonomies, classifier)
    except UnicodeDecodeError:
        for labeller in labellers.values():
            with pytest.raises(UnicodeDecodeError):
                labeller.label(fields)
            with pytest.raises(UnicodeDecodeError):
                labeller.label_row(row_of(fields))
        return None
    for engine, labeller in labellers.items():
        assert labelled(labeller, fields) == want, (engine, fields)
    return want


def fields_of(**sections: str | None) -> list[bytes]:
    return [escape(sections.get(name, "")) for name in SECTIONS]


# ------------------------------------------------------------------------------------------------------------
# The API
# ------------------------------------------------------------------------------------------------------------
def test_keywords_are_numbered_by_taxonomy_then_file_order():
    labeller = Labeller(TAXONOMIES)
    assert labeller.taxonomies == tuple(TAXONOMIES)
    assert labeller.keywords == tuple(
        (i, keyword) for i, taxonomy in enumerate(TAXONOMIES) for keyword in taxonomy.keywords
    )


def test_the_engine_is_resolved_as_the_classifier_does(monkeypatch):
    monkeypatch.setenv(match_engines.ENGINE_ENV, "python")
    assert Labeller(TAXONOMIES).engine == PYTHON
    monkeypatch.delenv(match_engines.ENGINE_ENV)
    assert Labeller(TAXONOMIES).engine == (RE2 if match_engines.re2_available() else PYTHON)


@needs_re2
def test_a_wrong_number_of_fields_is_refused():
    with pytest.raises(ValueError, match="expected the fields title, intro"):
        LABELLERS[RE2].label([b"AI"] * 5)


def test_a_row_without_all_its_sections_is_refused():
    for labeller in LABELLERS.values():
        message = f"a row of 9 fields has no {len(SECTIONS)} section fields from field 6 on"
        with pytest.raises(ValueError, match=message):
            labeller.label_row(b"\t".join([*HEAD, b"AI", b"x"]) + b"\t\n")
    with pytest.raises(ValueError, match="made without sections_at"):
        Labeller(TAXONOMIES).label_row(row_of([b"AI"] * len(SECTIONS)))


@needs_re2
def test_an_empty_set_answer_is_an_error_not_no_keywords():
    # RE2 answers nothing at all when its DFA runs out of memory; the always-matching sentinel tells.
    with pytest.raises(RuntimeError, match="no match at all"):
        LABELLERS[RE2]._escaped.plan(())


# ------------------------------------------------------------------------------------------------------------
# The generated job board
# ------------------------------------------------------------------------------------------------------------
def _corpus() -> list[list[bytes]]:
    _, postings = generate(seed=7, first_month="2022-11", last_month="2022-12", developer_postings_per_month=1000)
    corpus = [[escape(text) for text in (*posting.text_parts(), None)] for posting in postings]  # no body
    # Variants: NULL sections, NFKC-folded look-alikes, whitespace-only postings.
    for number, fields in enumerate(corpus[:300]):
        variant = list(fields)
        variant[number % len(SECTIONS)] = b"\\N"
        variant[(number + 3) % 6] = variant[(number + 3) % 6].replace(b"AI", "ＡＩ".encode())
        corpus.append(variant)
    # Boards with one description: the same texts in body alone.
    corpus += [[b"\\N"] * 6 + [b"\\n".join(fields[:6])] for fields in corpus[:200]]
    corpus += [[b"\\N"] * 7, [b""] * 7, [b" \\t\\n", b"\\N", b"\\r\\n", b"", b"\\v\\f", b"\x1c", b" "]]
    return corpus


CORPUS = _corpus()


@pytest.mark.parametrize("engine", ENGINES)
def test_identical_to_the_reference_on_the_generated_job_board(engine):
    reference = Classifier(TAXONOMIES, engine=PYTHON)
    labeller = ENABLED_LABELLERS[engine]
    found = 0
    for fields in CORPUS:
        want = assert_same(fields, {engine: labeller}, TAXONOMIES, reference)
        found += any(want[1])
    assert len(CORPUS) > 3000
    assert found > len(CORPUS) // 3  # the corpus does exercise the keywords


@needs_re2
def test_whole_rows_are_answered_in_one_pass(monkeypatch):
    """Only rows with characters NFKC may change or unusual escapes, or holding an exclusion RE2 cannot decide
    alone (``ReasonML`` for ``ML``), are split and read again (NULL sections and the usual escapes are not)."""
    labeller = Labeller(TAXONOMIES, engine=RE2, sections_at=len(HEAD))
    split = []
    monkeypatch.setattr(labeller, "_sections_of", lambda row: split.append(row) or Labeller._sections_of(labeller, row))
    plain = [fields for fields in CORPUS if all(_safe(unescape(field) or "") for field in fields)]
    assert len(plain) > 3000
    assert any(b"\\N" in fields for fields in plain) and any(b"\\n" in b"".join(fields) for fields in plain)
    for fields in plain:
        labeller.label_row(row_of(fields))
    assert all(b"ReasonML" in row for row in split)
    assert len(split) < len(plain) // 20
    before = len(split)
    labeller.label_row(row_of([b"\\101I", b"", b"", b"", b"", b""]))
    assert len(split) == before + 1


@pytest.mark.parametrize("engine", ENGINES)
def test_identical_with_the_odd_taxonomy_on_the_job_board(engine):
    for fields in CORPUS[:1000]:
        assert_same(fields, {engine: LABELLERS[engine]})


# ------------------------------------------------------------------------------------------------------------
# Random text
# ------------------------------------------------------------------------------------------------------------
def _fragments() -> list[str]:
    pieces: set[str] = set()
    for taxonomy in ALL:
        for keyword in taxonomy.keywords:
            for text in (keyword.term, *keyword.parts, *keyword.exclude, *keyword.unless_title, *keyword.term.split()):
                pieces.update({text, text.upper(), text.lower(), text.title(), text[: len(text) // 2 or 1]})
                pieces.add(text[len(text) // 2 :])
                pieces.add(unicodedata.normalize("NFD", text))  # decomposed Hangul
    return sorted(piece for piece in pieces if piece)


FRAGMENTS = _fragments()


_STABLE_LOWS = [low for low, _ in nfkc_stable_ranges()]


def _safe(text: str) -> bool:
    """Every character of ``text`` in one of the NFKC-stable ranges (sorted, disjoint: the last that starts at or
    before it)."""
    ranges = nfkc_stable_ranges()
    for char in set(text):
        index = bisect.bisect_right(_STABLE_LOWS, ord(char)) - 1
        if index < 0 or ord(char) > ranges[index][1]:
            return False
    return True


SAFE_CHARACTERS = st.one_of(
    st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),  # Hangul syllables
    st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
    st.sampled_from("0123456789"),
    st.sampled_from(" \t\n\r\x0b\x0c\x1c\x1f"),
    st.sampled_from("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~·•「」★\x00\x08"),
    st.sampled_from("\\n\\t\\\\"),  # backslashes and the letters escapes use
)
# What NFKC changes: whitespace it folds (or str.strip removes), full-width and look-alike letters, jamo,
# combining marks, compatibility characters.
UNSAFE_CHARACTERS = st.sampled_from(
    "\x85\u00a0\u3000\u2003\u2028\u1680ＡＩＭＬａｉıſKé\u0301\u1100\u1161\u11a8\u3131①㈜ﬁ…"
)
WHITESPACE = " \t\n\r\x0b\x0c\x08\x1c\\"
UNSAFE_WHITESPACE = "\u00a0\u3000"
# Two parts (words) of a keyword with whitespace (or not quite) between; a fragment after whitespace or a backslash,
# and one whose first letter became a control character (a raw "\\n" + "lp" must not read as "nlp").
PAIRS = sorted(
    {
        (left, right)
        for taxonomy in ALL
        for keyword in taxonomy.keywords
        for pieces in (keyword.parts, keyword.term.split())
        for left, right in zip(pieces, pieces[1:], strict=False)
    }
)


def texts(safe: bool, pieces: int = 12) -> st.SearchStrategy[str]:
    fragments = [fragment for fragment in FRAGMENTS if _safe(fragment)] if safe else FRAGMENTS
    characters = SAFE_CHARACTERS if safe else st.one_of(SAFE_CHARACTERS, UNSAFE_CHARACTERS)
    spaces = WHITESPACE if safe else WHITESPACE + UNSAFE_WHITESPACE
    gapped = st.builds(
        lambda pair, gap: pair[0] + gap + pair[1],
        st.sampled_from(PAIRS),
        st.one_of(st.text(st.sampled_from(spaces), max_size=2), st.sampled_from(["", "-", "x", "\\n"])),
    )
    after_space = st.builds(
        lambda space, text, whole: space + (text if whole else text[1:]),
        st.sampled_from(spaces),
        st.sampled_from(fragments),
        st.booleans(),
    )
    piece = st.one_of(st.sampled_from(fragments), st.text(characters, max_size=5), gapped, after_space)
    return st.lists(piece, max_size=pieces).map("".join)


def postings(section_texts: st.SearchStrategy[str]) -> st.SearchStrategy[list[str | None]]:
    return st.lists(st.one_of(st.none(), section_texts), min_size=len(SECTIONS), max_size=len(SECTIONS))


@settings(max_examples=800, deadline=None)
@given(postings(texts(safe=False)))
@example([None, "", " ", "\t\n", None, "\x1c", None])
@example(["ＡＩ 엔지니어", "머신\n러닝", "데이터베이스", "데이터 베이스", "OpenAI", "xAI aAI AIs", "머신 러닝 body"])
@example(["빅데이터베이스", "데이터팀\n장", "다다다익선", "컴퓨터비전", "nlp", "\\nlp t2", "데이터센터 AI"])
@example(["data", "\\data", "\\\\ndata", "\\n머신 러닝", "AI\u0301", "가\u11a8", "\\nAI"])
def test_identical_to_the_reference_on_random_text(texts):
    assert_same([escape(text) for text in texts])


@settings(max_examples=800, deadline=None)
@given(postings(texts(safe=True)))
def test_identical_to_the_reference_on_text_nfkc_leaves_alone(texts):
    """What the fast path reads itself (a posting with any other character goes to the reference)."""
    assert_same([escape(text) for text in texts])


@settings(max_examples=800, deadline=None)
@given(postings(texts(safe=True, pieces=3)))
def test_identical_to_the_reference_around_gaps_and_boundaries(texts):
    """Fewer, keyword-shaped pieces per section: gaps and boundaries of every kind come up more often."""
    assert_same([escape(text) for text in texts])


@settings(max_examples=500, deadline=None)
@given(
    postings(
        st.text(st.sampled_from(" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x08\x85\u00a0\u3000\u2028\u2003\\nx"), max_size=4)
    )
)
def test_has_text_as_the_reference_on_mostly_whitespace(texts):
    assert_same([escape(text) for text in texts])


# Escaped fields written as COPY FROM also reads them: octal, hexadecimal, doubled backslashes, \N in a field.
RAW_PIECES = st.one_of(
    st.sampled_from(FRAGMENTS).map(escape),
    st.sampled_from(
        [b"\\\\", b"\\\\n", b"\\101\\111", b"\\x41\\x49", b"\\x41I", b"\\N", b"\\q", b"\\355\\225\\234", b"\\xea"]
        + [b"\\n", b"\\t", b"\\r", b"\\b", b"\\f", b"\\v", b" ", b"\\011", b"\\x0a", b"\\", b"\xef\xbc\xa1"]
    ),
    st.text(st.one_of(SAFE_CHARACTERS, UNSAFE_CHARACTERS), max_size=4).map(escape),
)
RAW_FIELDS = st.one_of(st.just(b"\\N"), st.lists(RAW_PIECES, max_size=10).map(b"".join))


@settings(max_examples=800, deadline=None)
@given(st.lists(RAW_FIELDS, min_size=len(SECTIONS), max_size=len(SECTIONS)))
@example([b"\\101\\111", b"\\x41\\x49\\\\", b"\\355\\225\\234\\\\", b"\\xf8", b"\\376\\370", b"\\", b"\\365"])
@example([b"\\NAI", b"\\\\AI", b"a\\AI", b"\\\\nAI", b"\\n\\\\", b"\\x41I", b"\\N"])
def test_identical_to_the_reference_on_any_escapes(fields):
    assert_same(fields)


# ------------------------------------------------------------------------------------------------------------
# Edge cases
# ------------------------------------------------------------------------------------------------------------
def keyword_terms(fields, taxonomy_id="wanted-2023"):
    """The labeller's (re2 if installed) terms for one taxonomy, after checking every engine agrees with the
    reference."""
    want = assert_same(fields)
    index = [taxonomy.id for taxonomy in ALL].index(taxonomy_id)
    return want[0], sorted(term for _, term in want[1][index])


@pytest.mark.parametrize(
    ("sections", "taxonomy_id", "has_text_", "terms"),
    [
        ({}, "wanted-2023", False, []),
        ({name: None for name in SECTIONS}, "wanted-2023", False, []),
        ({"title": " \t\n\r", "intro": "\x0b\x0c", "benefits": "\x1c\x1d\x1e\x1f"}, "wanted-2023", False, []),
        ({"title": "\u00a0\u3000", "intro": "\u2028"}, "wanted-2023", False, []),  # NFKC spaces, line separator
        ({"title": "\x08 \n", "benefits": " "}, "wanted-2023", True, []),  # a backspace is text
        ({"title": "AI"}, "wanted-2023", True, ["AI"]),
        ({"benefits": "데이터"}, "wanted-2023", True, ["데이터"]),
        ({"title": "xx AI"}, "wanted-2023", True, ["AI"]),
        ({"benefits": "x AI"}, "strict", True, []),  # benefits is not a strict section
        ({"title": "A", "intro": "I"}, "wanted-2023", True, []),  # across a section border
        ({"title": "머신", "intro": "러닝"}, "wanted-2023", True, []),
        ({"title": "데이", "intro": "터"}, "wanted-2023", True, []),
        ({"title": "machine", "intro": "learning"}, "extended", True, []),
        ({"title": "머신\n러닝"}, "wanted-2023", True, ["머신러닝"]),
        ({"title": "머신 \t\r\n러닝"}, "wanted-2023", True, ["머신러닝"]),
        ({"title": "머신\x0b러닝"}, "wanted-2023", True, []),  # \v is no compound gap
        ({"title": "deep\x0b\x0clearning"}, "extended", True, ["deep learning"]),  # but a phrase gap
        ({"title": "AIs"}, "wanted-2023", True, []),
        ({"title": "xAI"}, "wanted-2023", True, ["AI"]),
        ({"title": "aAI"}, "wanted-2023", True, ["AI"]),
        ({"title": "OPENAI EMAIL"}, "wanted-2023", True, []),
        ({"title": "AI2 AI_팀"}, "wanted-2023", True, ["AI"]),
        ({"title": "\\AI"}, "wanted-2023", True, ["AI"]),
        ({"title": "ＡＩ"}, "wanted-2023", True, ["AI"]),
        ({"title": "A\u0301I"}, "wanted-2023", True, []),
        ({"requirements": "데이터베이스"}, "strict", True, []),
        ({"requirements": "데이터센터, 데이터베이스"}, "strict", True, []),
        ({"requirements": "데이터 베이스"}, "strict", True, ["데이터"]),  # the exclusion has no space
        ({"requirements": "데이터베이스와 데이터"}, "strict", True, ["데이터"]),
        ({"requirements": "데이터베이"}, "strict", True, ["데이터"]),
        ({"requirements": "데이터\n베이스"}, "strict", True, ["데이터"]),
        ({"requirements": "데이터베이스"}, "wanted-2023", True, ["데이터"]),
        ({"title": "\\ndata"}, "extended", True, []),
        ({"title": "\\data"}, "extended", True, ["data"]),
        ({"title": "\nData"}, "extended", True, ["data"]),
        ({"intro": "x\\nlp"}, "odd", True, ["nlp"]),
        ({"intro": "x\nlp"}, "odd", True, []),
        ({"title": "x\nt2", "intro": "\tnlp"}, "odd", True, ["nlp", "t2"]),
        ({"title": "OpenAI", "main_tasks": "AI Lab"}, "odd", True, []),
        ({"title": "OpenAI AI"}, "odd", True, ["AI"]),
        ({"title": "머신러닝옵스 머신 러닝옵스"}, "odd", True, ["머신러닝"]),
        ({"title": "다나다나"}, "odd", True, []),
        ({"title": "다나다 다나다나"}, "odd", True, ["다나다"]),
        ({"title": "다나다나다"}, "odd", True, []),  # finditer skips the 다나다 at 2, which no exclusion covers
        ({"title": "생성형"}, "odd", True, []),
        ({"title": "컴퓨터 비전 팀 컴퓨터비전"}, "odd", True, ["컴퓨터 비전"]),
        ({"title": "빅데이터", "benefits": "데이터베이스"}, "odd", True, ["빅데이터"]),
        ({"title": "빅데이터센터 빅데이터베이스"}, "odd", True, []),
        ({"title": "데이터팀\n장"}, "odd", True, ["데이터"]),
        ({"title": "데이터팀 장"}, "odd", True, ["데이터", "데이터팀"]),
        ({"title": "big data, data lake"}, "odd", True, []),
        ({"title": "Data lake"}, "odd", True, ["data"]),
        ({"title": "free text"}, "odd", True, []),  # a body-only keyword does not read the title
        ({"body": "free text"}, "odd", True, ["free text"]),  # body is a section of every posting
        # Hyphens between the words of a phrase (hyphen = true), escaped gaps, and exclusions of a latin_token.
        ({"title": "machine-learning"}, "extended", True, ["machine learning"]),
        ({"title": "deep -\n\t- learning"}, "extended", True, ["deep learning"]),
        ({"title": "machine-"}, "extended", True, []),
        ({"title": "-learning machine_learning"}, "extended", True, []),
        ({"title": "data-science"}, "odd", True, ["data"]),
        ({"requirements": "next-step, next step"}, "odd", True, ["next step"]),  # no hyphen = true
        ({"requirements": "next-step"}, "odd", True, []),
        ({"title": "next-phase", "requirements": "next -- phase"}, "odd", True, ["next phase"]),
        ({"title": "ReasonML ReasonMLs"}, "extended", True, []),
        ({"title": "ReasonML AutoML"}, "extended", True, ["ML"]),
        ({"title": "HTML XML OCaml"}, "extended", True, []),
        ({"title": "A.I. a.i."}, "extended", True, ["A.I."]),
        ({"title": "A.I.s A.I"}, "extended", True, []),
        ({"title": "Artificial\nIntelligence"}, "extended", True, ["artificial intelligence"]),
        # unless_title: a title holding one of the terms vetoes the keyword in every section.
        ({"main_tasks": "모델 개발"}, "odd", True, ["모델"]),
        ({"title": "기술영업", "main_tasks": "모델 개발"}, "odd", True, []),
        ({"title": "AI\n강사", "main_tasks": "모델"}, "odd", True, ["AI", "모델"]),  # "AI 강사" has a space
        ({"title": "AI 강사 모델"}, "odd", True, ["AI"]),
        ({"intro": "영업", "main_tasks": "모델"}, "odd", True, ["모델"]),  # only the title vetoes
        ({"title": "Account Executive, AI Platform", "main_tasks": "machine learning"}, "ai-role", True, []),
        ({"title": "ML Engineer", "benefits": "Sales kickoff"}, "ai-role", True, ["ML"]),
        ({"title": "AI 솔루션 기술영업", "requirements": "딥러닝"}, "ai-role", True, []),
    ],
)
def test_edge_cases(sections, taxonomy_id, has_text_, terms):
    assert keyword_terms(fields_of(**sections), taxonomy_id) == (has_text_, terms)


def test_escapes_between_compound_parts_are_whitespace():
    assert keyword_terms([b"\xeb\xa8\xb8\xec\x8b\xa0\\n\xeb\x9f\xac\xeb\x8b\x9d"] + [b""] * (len(SECTIONS) - 1)) == (
        True,
        ["머신러닝"],
    )
    # An escaped backslash before n is no newline.
    assert keyword_terms([b"\xeb\xa8\xb8\xec\x8b\xa0\\\\n\xeb\x9f\xac\xeb\x8b\x9d"] + [b""] * (len(SECTIONS) - 1)) == (
        True,
        [],
    )


# ------------------------------------------------------------------------------------------------------------
# The fast path's character set
# ------------------------------------------------------------------------------------------------------------
SAFE = st.sampled_from(nfkc_stable_ranges()).flatmap(lambda r: st.integers(r[0], r[1])).map(chr)


@settings(max_examples=500, deadline=None)
@given(st.text(SAFE, max_size=20))
def test_text_of_safe_characters_is_its_own_nfkc_form(text):
    assert unicodedata.normalize("NFKC", text) == text
    assert (text.strip() == "") == all(char in "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f " for char in text)


def test_no_safe_character_changes_beside_a_starter():
    starters = ["가", "e", "A", "ᄀ", "ﬁ", "한"]
    for low, high in nfkc_stable_ranges():
        for code in range(low, min(high, low + 4096) + 1):
            char = chr(code)
            for other in starters:
                for text in (other + char, char + other):
                    assert unicodedata.normalize("NFKC", text) == unicodedata.normalize("NFKC", text[0]) + (
                        unicodedata.normalize("NFKC", text[1:])
                    ), hex(code)


def test_the_shipped_nfkc_table_is_the_scan_under_this_python():
    """Stale (another Unicode version, or the scan changed): rewrite it with the command in nfkc_table.py."""
    shipped = NFKC_TABLE.read_text(encoding="utf-8")
    assert shipped == current_table_text(), "stale: run python -m ai_job_share.labelling.nfkc_table"


def test_the_nfkc_table_is_read_only_under_its_unicode_version(monkeypatch):
    monkeypatch.setattr("ai_job_share.labelling.labeller.scan_nfkc_stable_ranges", lambda: "scanned")
    assert nfkc_stable_ranges.__wrapped__() == nfkc_stable_ranges() != "scanned"
    monkeypatch.setattr(unicodedata, "unidata_version", "1.0.0")
    assert nfkc_stable_ranges.__wrapped__() == "scanned"


def test_the_safe_set_covers_what_postings_are_written_in():
    codes = [ord(char) for char in "aZ09 \t\n\x1c가힣•·–—…「」→★○※①漢字あア😀"]
    inside = {code for code in codes if any(low <= code <= high for low, high in nfkc_stable_ranges())}
    # NFKC changes these, or they compose with a neighbour, or are whitespace besides ASCII's.
    outside = {ord(char) for char in "…①\u00a0\u3000\u2028\u1161\u11a8\u0301Ａﬁ\u2126"}
    assert inside == set(codes) - {ord("…"), ord("①")}
    assert not outside & {code for low, high in nfkc_stable_ranges() for code in range(low, high + 1)}


# ------------------------------------------------------------------------------------------------------------
# Threads
# ------------------------------------------------------------------------------------------------------------
@needs_re2
def test_a_shared_labeller_is_safe_across_threads():
    labeller = Labeller(ALL, engine=RE2)
    want = [labeller.label(fields) for fields in CORPUS[:800]]
    results: list[list] = [[], [], [], []]

    def work(index: int) -> None:
        results[index] = [labeller.label(fields) for fields in CORPUS[:800]]

    threads = [threading.Thread(target=work, args=(index,)) for index in range(len(results))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result == want for result in results)
