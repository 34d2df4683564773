"""Every match engine gives identical results: same keywords, sections, offsets, matched text and snippets.

Compared on the synthetic job board and on random text (Hangul, Latin letters, digits, whitespace, punctuation and
fragments of every shipped taxonomy's keywords), for every shipped taxonomy and for all of them read together.
"""

from __future__ import annotations

import sys
import threading

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ai_job_share.labelling import match_engines
from ai_job_share.labelling.classify import Classifier, Matcher
from ai_job_share.labelling.match_engines import (
    ENGINE_ENV,
    PYTHON,
    RE2,
    EngineError,
    available_engines,
    prefilter_pattern,
    resolve_engine,
)
from ai_job_share.taxonomy import SECTIONS, load_taxonomies
from ai_job_share.tools.seed import generate

TAXONOMIES = load_taxonomies()
FAST_ENGINES = [engine for engine in available_engines() if engine != PYTHON]
needs_re2 = pytest.mark.skipif(not match_engines.re2_available(), reason="the google-re2 package is not installed")


def _corpus() -> list[dict[str, str]]:
    _, postings = generate(seed=11, first_month="2022-11", last_month="2022-11", developer_postings_per_month=1200)
    corpus = [dict(zip(SECTIONS, posting.text_parts(), strict=False)) for posting in postings]  # all but body
    # The same texts as free "body" text, and with full-width letters that NFKC folds to ASCII.
    corpus += [{"body": "\n".join(sections.values())} for sections in corpus[:200]]
    corpus += [{"title": "ＡＩ 엔지니어 (ＭＬ／ＬＬＭ)", "intro": "Ｄａｔａ　팀, 머신\u00a0러닝"}]
    return corpus


CORPUS = _corpus()


# ------------------------------------------------------------------------------------------------------------
# Engine selection
# ------------------------------------------------------------------------------------------------------------
def test_auto_picks_re2_when_installed_else_python(monkeypatch):
    monkeypatch.delenv(ENGINE_ENV, raising=False)
    expected = RE2 if match_engines.re2_available() else PYTHON
    assert resolve_engine() == expected
    assert resolve_engine("auto") == expected
    assert Matcher(TAXONOMIES[0]).engine == expected


def test_auto_falls_back_to_python_when_re2_is_missing(monkeypatch):
    monkeypatch.setitem(sys.modules, "re2", None)  # `import re2` now raises ImportError
    monkeypatch.delenv(ENGINE_ENV, raising=False)
    assert resolve_engine() == PYTHON
    assert available_engines() == [PYTHON]
    assert Classifier(TAXONOMIES).engine == PYTHON
    with pytest.raises(EngineError, match="not installed"):
        resolve_engine(RE2)


def test_the_environment_variable_chooses_the_engine(monkeypatch):
    monkeypatch.setenv(ENGINE_ENV, "python")
    assert Matcher(TAXONOMIES[0]).engine == PYTHON
    assert Classifier(TAXONOMIES).engine == PYTHON
    monkeypatch.setenv(ENGINE_ENV, " Auto ")
    assert resolve_engine() in (PYTHON, RE2)
    monkeypatch.setenv(ENGINE_ENV, "re3")
    with pytest.raises(EngineError, match="unknown match engine 're3'"):
        Matcher(TAXONOMIES[0])
    assert resolve_engine("python") == PYTHON  # an explicit argument wins over the environment


@needs_re2
def test_re2_can_be_asked_for(monkeypatch):
    monkeypatch.setenv(ENGINE_ENV, "re2")
    assert Classifier(TAXONOMIES).engine == RE2


def test_prefilter_patterns_are_byte_escaped_and_ascii_caseless_only():
    keywords = {keyword.term: keyword for taxonomy in TAXONOMIES for keyword in taxonomy.keywords}
    assert prefilter_pattern(keywords["AI"]) == rb"\x41\x49"
    assert prefilter_pattern(keywords["머신러닝"]) == rb"\xeb\xa8\xb8\xec\x8b\xa0[ \t\r\n]*\xeb\x9f\xac\xeb\x8b\x9d"
    assert prefilter_pattern(keywords["data"]) == rb"[\x44\x64][\x41\x61][\x54\x74][\x41\x61]"


# ------------------------------------------------------------------------------------------------------------
# Identical results
# ------------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("engine", FAST_ENGINES)
@pytest.mark.parametrize("taxonomy", TAXONOMIES, ids=lambda taxonomy: taxonomy.id)
def test_engines_agree_on_the_generated_job_board(taxonomy, engine):
    reference, fast = Matcher(taxonomy, engine=PYTHON), Matcher(taxonomy, engine=engine)
    expected = [reference.classify(sections) for sections in CORPUS]
    assert [fast.classify(sections) for sections in CORPUS] == expected
    assert sum(bool(result.matches) for result in expected) > len(CORPUS) // 10  # the corpus does exercise it


@pytest.mark.parametrize("engine", FAST_ENGINES)
def test_engines_agree_with_every_taxonomy_read_together(engine):
    reference, fast = Classifier(TAXONOMIES, engine=PYTHON), Classifier(TAXONOMIES, engine=engine)
    for sections in CORPUS[:1500]:
        assert fast.classify(sections) == reference.classify(sections)


def _fragments() -> list[str]:
    """Pieces of every shipped keyword: terms, parts, exclusions, their halves and case variants."""
    pieces: set[str] = set()
    for taxonomy in TAXONOMIES:
        for keyword in taxonomy.keywords:
            for text in (keyword.term, *keyword.parts, *keyword.exclude, *keyword.unless_title, *keyword.term.split()):
                pieces.update({text, text.upper(), text.lower(), text.title(), text[: len(text) // 2 or 1]})
                pieces.add(text[len(text) // 2 :])
    return sorted(piece for piece in pieces if piece)


FRAGMENTS = _fragments()
ALPHABET = st.one_of(
    st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),  # Hangul syllables
    st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"),
    st.sampled_from("0123456789"),
    st.sampled_from(" \t\n\r\x0b\x0c\u00a0\u3000\u2003"),  # whitespace, some of it folded to a space by NFKC
    st.sampled_from("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~·•…「」\x00"),
    st.sampled_from("ＡＩＭＬａｉıſKé"),  # full-width and look-alike letters
)
TEXTS = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(ALPHABET, max_size=6)), max_size=30).map("".join)
POSTINGS = st.dictionaries(st.sampled_from(SECTIONS), TEXTS, max_size=len(SECTIONS))
REFERENCE = {taxonomy.id: Matcher(taxonomy, engine=PYTHON) for taxonomy in TAXONOMIES}
FAST = {(engine, t.id): Matcher(t, engine=engine) for engine in FAST_ENGINES for t in TAXONOMIES}
FAST_TOGETHER = {engine: Classifier(TAXONOMIES, engine=engine) for engine in FAST_ENGINES}


@pytest.mark.skipif(not FAST_ENGINES, reason="no engine besides python is installed")
@settings(max_examples=500, deadline=None)
@given(POSTINGS)
# Inputs on which a multi-pattern engine once missed a keyword (Hyperscan 5.4.12, see match_engines).
@example({"title": " 비전generative AI"})
@example({"title": "x" * 15 + "AI", "intro": "\u00a0" + "x" * 26 + " AI", "body": "머신\r\n러닝"})
def test_engines_agree_on_random_text(sections):
    expected = [REFERENCE[taxonomy.id].classify(sections) for taxonomy in TAXONOMIES]
    for engine in FAST_ENGINES:
        assert [FAST[engine, taxonomy.id].classify(sections) for taxonomy in TAXONOMIES] == expected
        assert FAST_TOGETHER[engine].classify(sections) == expected


@needs_re2
def test_a_shared_classifier_is_safe_across_threads():
    classifier = Classifier(TAXONOMIES, engine=RE2)
    expected = [Classifier(TAXONOMIES, engine=PYTHON).classify(sections) for sections in CORPUS[:300]]
    results: list[list] = [[], [], []]

    def work(index: int) -> None:
        results[index] = [classifier.classify(sections) for sections in CORPUS[:300]]

    threads = [threading.Thread(target=work, args=(index,)) for index in range(len(results))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result == expected for result in results)
