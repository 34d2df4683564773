"""The evidence found for the labeller's keywords only is exactly the evidence of the full pass it replaced.

The reference is what ``collect_evidence`` wrote before: every posting classified again in full by the reference
Classifier (every keyword of every taxonomy, python engine), the first EVIDENCE_LIMIT matches per posting and
taxonomy ranked and counted. Compared on the generated job board and on random text (keyword pieces, exclusions,
unless_title terms, escapes, full-width letters, whitespace between parts), with every enabled taxonomy and a
made-up one whose keywords share expressions with them under other exclusions and sections, and postings a
prefilter finds but the exact expression does not (``OPENAI``, ``AIs``, ``데이터베이스``).

Mutation checks (each done by hand in evidence.py, the tests run, then restored):
- expressions shared without their exclusions (the key without ``keyword.exclude``): the job-board and random tests
  fail;
- a taxonomy's searches not sorted by section (file order kept instead): the job-board and random tests fail;
- the title not read for a veto (``veto`` ignored): the vetoed-keyword test fails;
- a caseless search started at its needle's offset in the lowered text when lowering changed the text's length
  (``\u0130``): the random-text test fails;
- sections normalised joined without the fallback for a NUL made by an escape: the escapes test and the
  normalized_texts test fail.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ai_job_share.labelling.classify import Classifier, normalize, normalize_sections
from ai_job_share.labelling.evidence import EvidenceFinder, normalized_texts
from ai_job_share.labelling.labeller import Labeller
from ai_job_share.labelling.match_engines import PYTHON, available_engines
from ai_job_share.layout import SECTIONS
from ai_job_share.source.copy_text import escape, split_row, unescape
from ai_job_share.taxonomy import enabled_taxonomies, parse_taxonomy
from ai_job_share.tools.seed import generate

LIMIT = 20
TAXONOMIES = enabled_taxonomies()
# Keywords the enabled taxonomies also have, under other exclusions, sections and vetoes; and a keyword that
# matches more than LIMIT times in a long posting.
ODD = parse_taxonomy(
    {
        "id": "odd",
        "version": 3,
        "sections": ["title", "main_tasks", "requirements", "body"],
        "groups": {
            "ai": {
                "keywords": [
                    {"term": "AI", "rule": "latin_token", "exclude": ["OpenAI", "AI 도구"]},
                    {
                        "term": "머신러닝",
                        "rule": "korean_compound",
                        "parts": ["머신", "러닝"],
                        "exclude": ["머신러닝옵스"],
                    },
                    {"term": "모델", "rule": "korean_compound", "unless_title": ["영업", "AI 강사"]},
                    {"term": "machine learning", "rule": "english_phrase", "hyphen": True, "sections": ["body"]},
                    {"term": "다나다", "rule": "korean_compound", "exclude": ["다나다나"]},
                    {"term": "LLM", "rule": "latin_token", "sections": ["main_tasks"], "unless_title": ["강사"]},
                ]
            },
            "data": {
                "keywords": [
                    {"term": "데이터", "rule": "korean_compound", "exclude": ["데이터베이스"]},
                    {"term": "data", "rule": "english_phrase", "exclude": ["big data"], "sections": ["intro"]},
                ]
            },
        },
    },
    source="test",
)
ALL = [*TAXONOMIES, ODD]
REFERENCE = {id(taxonomies): Classifier(taxonomies, engine=PYTHON) for taxonomies in (TAXONOMIES, ALL)}
LABELLERS = {
    (id(taxonomies), engine): Labeller(taxonomies, engine=engine)
    for taxonomies in (TAXONOMIES, ALL)
    for engine in available_engines()
}
FINDERS = {id(taxonomies): EvidenceFinder(taxonomies, LIMIT) for taxonomies in (TAXONOMIES, ALL)}
MONTH = b"2022-03-01"


def reference(fields: list[bytes], taxonomies) -> list[tuple]:
    """The rows the full pass wrote for a posting (without its id and month)."""
    texts = dict(zip(SECTIONS, map(unescape, fields), strict=True))
    rows = []
    for result in REFERENCE[id(taxonomies)].classify_normalized(normalize_sections(texts)):
        total = len(result.matches)
        for rank, match in enumerate(result.matches[:LIMIT], start=1):
            rows.append(
                (
                    result.taxonomy_id,
                    result.taxonomy_version,
                    rank,
                    match.group,
                    match.keyword,
                    match.section,
                    match.offset,
                    match.text,
                    match.snippet,
                    total,
                )
            )
    return rows


def found(fields: list[bytes], hits: tuple[int, ...], taxonomies) -> list[tuple]:
    """The finder's rows for a posting, its COPY lines read back as the warehouse would and spread into one row per
    taxonomy and match as core.match_evidence does (the finder numbers keywords and taxonomies by their indexes)."""
    finder = FINDERS[id(taxonomies)]
    evidence = finder.lines(b"17", MONTH, fields, hits)
    if evidence is None:
        return []
    assert evidence.totals.endswith(b"\n")
    posting, month, versions, totals = map(unescape, split_row(evidence.totals))
    assert (posting, month) == ("17", MONTH.decode())
    total_of = dict(zip(_numbers(versions), _numbers(totals), strict=True))
    rows = []
    for line in evidence.spans:
        assert line.endswith(b"\n")
        posting, month, numbers, ranks, section, offset, text, snippet = map(unescape, split_row(line))
        assert (posting, month) == ("17", MONTH.decode())
        for number, rank in zip(_numbers(numbers), _numbers(ranks), strict=True):
            taxonomy_index, keyword = finder.keywords[number]
            taxonomy = finder.taxonomies[taxonomy_index]
            rows.append(
                (
                    taxonomy_index,
                    (taxonomy.id, taxonomy.version, rank, keyword.group, keyword.term, SECTIONS[int(section)]),
                    (int(offset), text, snippet, total_of[taxonomy_index]),
                )
            )
    assert evidence.stored == len(rows)
    return [(*head, *tail) for _, head, tail in sorted(rows, key=lambda row: (row[0], row[1][2]))]


def _numbers(array: str) -> list[int]:
    """The elements of a COPY text array of integers, e.g. ``{3,12}``."""
    assert array.startswith("{") and array.endswith("}")
    return [int(number) for number in array[1:-1].split(",")]


def assert_same(fields: list[bytes], taxonomies=ALL) -> None:
    try:
        want = reference(fields, taxonomies)
    except UnicodeDecodeError:
        return  # the ingest refuses such a posting before it is stored
    every_keyword = tuple(range(len(FINDERS[id(taxonomies)].keywords)))
    assert found(fields, every_keyword, taxonomies) == want, fields
    for (key, engine), labeller in LABELLERS.items():
        if key == id(taxonomies):
            _has_text, hits = labeller.label(fields)
            assert found(fields, hits, taxonomies) == want, (engine, fields)


def test_keywords_are_numbered_as_the_labeller_numbers_them():
    assert FINDERS[id(ALL)].keywords == LABELLERS[id(ALL), PYTHON].keywords


def test_no_keywords_no_evidence():
    assert FINDERS[id(ALL)].lines(b"1", MONTH, [escape("AI 머신러닝 데이터")] * len(SECTIONS), ()) is None


def test_a_keyword_vetoed_by_the_title_finds_nothing_even_when_asked_for():
    """The labeller never reports it; a finder asked for it alone (the title holds no keyword) still reads the title."""
    finder = FINDERS[id(ALL)]
    llm = next(
        index
        for index, (taxonomy, keyword) in enumerate(finder.keywords)
        if keyword.term == "LLM" and finder.taxonomies[taxonomy] is ODD
    )
    fields = [escape(text) for text in ("강사", "", "LLM", "", "", "", "")]
    assert finder.lines(b"1", MONTH, fields, (llm,)) is None
    assert len(finder.lines(b"1", MONTH, [b"", *fields[1:]], (llm,)).spans) == 1


def _board() -> list[list[bytes]]:
    _, postings = generate(seed=11, first_month="2022-11", last_month="2022-12", developer_postings_per_month=700)
    board = [[escape(text) for text in (*posting.text_parts(), None)] for posting in postings]
    board += [[b"\\N"] * 6 + [b"\\n".join(fields[:6])] for fields in board[:200]]  # one description (body)
    return board


@pytest.mark.parametrize("taxonomies", [TAXONOMIES, ALL], ids=["enabled", "enabled+odd"])
def test_identical_to_the_full_pass_on_the_generated_job_board(taxonomies):
    board = _board()
    with_evidence = 0
    for fields in board:
        assert_same(fields, taxonomies)
        with_evidence += bool(reference(fields, taxonomies))
    assert len(board) > 2000
    assert len(board) // 5 < with_evidence < len(board)  # the board exercises the keywords, and their absence


def _fragments() -> list[str]:
    pieces = {
        "OPENAI",
        "AIs",
        "xAI",
        "ＡＩ",
        "데이터베이스",
        "big data",
        "machine-learning",
        "머신 러닝",
        "\u00a0",
        "\\",
        "\u0130",  # lowers to two characters: offsets in the lowered text are not the text's after it
    }
    for taxonomy in ALL:
        for keyword in taxonomy.keywords:
            for text in (keyword.term, *keyword.parts, *keyword.exclude, *keyword.unless_title, *keyword.term.split()):
                pieces.update({text, text.upper(), text.lower(), text[: len(text) // 2 or 1], text[len(text) // 2 :]})
    return sorted(piece for piece in pieces if piece)


PIECES = st.one_of(
    st.sampled_from(_fragments()),
    st.text(st.sampled_from("가나다 \t\n\r-.,:AIaiML데이터\u3000\u00a0①"), max_size=4),
)
SECTION_TEXTS = st.one_of(st.none(), st.lists(PIECES, max_size=14).map("".join))


@settings(max_examples=600, deadline=None)
@given(st.lists(SECTION_TEXTS, min_size=len(SECTIONS), max_size=len(SECTIONS)))
@example(
    ["영업 AI 모델", "OpenAI data", "AI 도구 AI", "데이터베이스 데이터", "OPENAI AIs xAI", "모델", "machine-learning"]
)
@example(["AI 강사", "모델 " * 30, "머신 러닝 " * 25, "다나다나다", "ＡＩ 엔지니어", None, "big data data"])
@example([None, None, None, None, None, None, "AI\nAI\tAI\\AI " * 10])
@example(["\u0130 data", "\u0130\u0130 PyTorch pytorch", None, None, None, "\u0130ai AI", "\u0130 Data"])
@example(["강사", None, "LLM", None, None, None, None])
def test_identical_to_the_full_pass_on_random_text(texts):
    assert_same([escape(text) for text in texts])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.just(b"\\N"),
            st.sampled_from(
                [b"\\101\\111", b"\\x41I \\\\AI", b"\\n\\xea\\xb0\\x80AI", b"AI\\", b"AI\\000AI", b"\\x0AI"]
            ),
        ),
        min_size=len(SECTIONS),
        max_size=len(SECTIONS),
    )
)
def test_identical_to_the_full_pass_on_octal_and_hexadecimal_escapes(fields):
    assert_same(fields)


#: Text NFKC changes in context: combining marks, conjoining Hangul jamo, full-width and compatibility characters.
NORMALISED = st.text(
    st.one_of(
        st.characters(codec="utf-8"),  # no lone surrogate: PostgreSQL text is UTF-8
        st.sampled_from("\u0301\u0308\u0345\u1100\u1161\u11a8\uac00ＡＩ①\u00a0\ufb01\u3000e"),
    ),
    max_size=20,
)


@settings(max_examples=500, deadline=None)
@given(st.lists(NORMALISED.map(lambda text: text.replace("\x00", "")), min_size=1, max_size=8))
@example(["\u1100", "\u1161"])  # the jamo of 가, which compose when joined without the NUL
@example(["e", "\u0301"])  # é, likewise
def test_nfkc_never_composes_across_a_nul(parts):
    """What normalized_texts relies on: normalising texts joined by a NUL normalises each alone."""
    assert normalize("\x00".join(parts)) == "\x00".join(map(normalize, parts))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.none(), NORMALISED), min_size=1, max_size=8))
@example(["AI", "\x00", None])  # a NUL in a value (PostgreSQL text has none): read field by field
def test_normalized_texts_are_each_fields_own(texts):
    fields = [escape(text) for text in texts]
    assert normalized_texts(fields) == [normalize(text) for text in texts]
    escaped_nul = [b"AI\\000", *fields]  # octal or hexadecimal escapes make a NUL only in hand-written input
    assert normalized_texts(escaped_nul) == ["AI\x00", *map(normalize, texts)]
