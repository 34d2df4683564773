"""A rule type is written in one place (taxonomy.rules.RULE_TYPES): every matcher renders its tokens.

A throwaway rule type, registered there and nowhere else, is matched alike by the reference Python expression,
the RE2 prefilter engine and the COPY-bytes labeller, with exclusions (the Python check) and unless_title.
"""

from __future__ import annotations

import random
import string

import pytest

from ai_job_share.labelling import match_engines
from ai_job_share.labelling.classify import Classifier, Matcher
from ai_job_share.labelling.labeller import Labeller
from ai_job_share.labelling.match_engines import PYTHON, RE2
from ai_job_share.source.copy_text import escape
from ai_job_share.taxonomy import SECTIONS, TaxonomyError, parse_taxonomy
from ai_job_share.taxonomy.rules import (
    LETTERS,
    RULE_TYPES,
    Boundary,
    Gap,
    RuleType,
    Text,
    keyword_tokens,
)

needs_re2 = pytest.mark.skipif(not match_engines.re2_available(), reason="the google-re2 package is not installed")

#: A model name and its version: the name in any case, then the version, a space or hyphens allowed between
#: (GPT4, gpt-4, GPT 4), not inside a longer word or number (ChatGPT4, GPT45).
MODEL_VERSION = RuleType(
    "a name in any case and a version, spaces or hyphens allowed between",
    lambda keyword: (
        Boundary(LETTERS),
        Text(keyword.parts[0], caseless=True),
        Gap(" -", 0),
        Text(keyword.parts[1]),
        Boundary(string.digits),
    ),
    wrong_term=lambda term: None if term[-1:].isdigit() else f"a model_version ends in its version, got {term!r}",
    parts=True,
)


def _taxonomy():
    return parse_taxonomy(
        {
            "id": "models",
            "version": 1,
            "groups": {
                "ai": {
                    "keywords": [
                        {"term": "GPT4", "rule": "model_version", "parts": ["GPT", "4"], "exclude": ["GPT4 mini"]},
                        {"term": "llama3", "rule": "model_version", "parts": ["llama", "3"], "unless_title": ["영업"]},
                        {"term": "AI", "rule": "latin_token"},
                    ]
                },
                "data": {"keywords": [{"term": "데이터", "rule": "korean_compound", "sections": ["intro"]}]},
            },
        },
        source="models",
    )


@pytest.fixture
def models(monkeypatch):
    monkeypatch.setitem(RULE_TYPES, "model_version", MODEL_VERSION)
    return _taxonomy()


def _texts() -> list[str]:
    pieces = ["GPT", "gpt", "Gpt", "4", "45", "LLaMA", "llama", "3", " ", "-", "--", "\n", "\t", "Chat", "mini"]
    pieces += ["GPT4 mini", "AI", "데이터", "영업", "x", "9", "\\", ".", "ＧＰＴ"]
    rng = random.Random(16)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    return texts + ["GPT4", "gpt-4", "GPT 4", "GPT--4", "ChatGPT4", "GPT45", "GPT4o", "GPT4 mini", "GPT4 mini, GPT-4"]


TEXTS = _texts()


def test_the_rule_type_is_a_taxonomy_rule_once_registered(models):
    assert [keyword.rule for keyword in models.keywords[:2]] == ["model_version", "model_version"]
    assert keyword_tokens(models.keywords[0]) == (
        Boundary(LETTERS),
        Text("GPT", caseless=True),
        Gap(" -", 0),
        Text("4"),
        Boundary(string.digits),
    )
    with pytest.raises(TaxonomyError, match="a model_version ends in its version, got 'GPT'"):
        groups = {group: {"keywords": [{"term": "GPT", "rule": "model_version"}]} for group in ("ai", "data")}
        parse_taxonomy({"id": "t", "version": 1, "groups": groups}, source="t")


def test_unregistered_it_is_refused():
    with pytest.raises(TaxonomyError, match="unknown rule type 'model_version'"):
        _taxonomy()


def test_the_reference_expression_reads_the_tokens(models):
    matcher = Matcher(models, engine=PYTHON)

    def found(text):
        return [(m.keyword, m.text) for m in matcher.classify({"main_tasks": text}).matches]

    assert found("GPT4, gpt-4, GPT 4 and Gpt--4") == [("GPT4", "GPT4"), ("GPT4", "gpt-4"), ("GPT4", "GPT 4")] + [
        ("GPT4", "Gpt--4")
    ]
    assert found("ChatGPT4, GPT45, llama31") == []
    assert found("GPT4o, LLaMA-3") == [("GPT4", "GPT4"), ("llama3", "LLaMA-3")]
    assert found("GPT4 mini only") == []  # excluded
    assert found("ＧＰＴ４") == [("GPT4", "GPT4")]  # NFKC
    assert matcher.classify({"title": "AI 영업", "main_tasks": "llama3"}).matches[0].keyword == "AI"  # vetoed


@needs_re2
def test_the_prefilter_engine_agrees(models):
    reference, fast = Matcher(models, engine=PYTHON), Matcher(models, engine=RE2)
    for text in TEXTS:
        sections = {"title": text[:5], "intro": text, "body": text[::-1]}
        assert fast.classify(sections) == reference.classify(sections), text


@pytest.mark.parametrize("engine", [PYTHON, pytest.param(RE2, marks=needs_re2)])
def test_the_labeller_agrees(models, engine):
    reference = Classifier([models], engine=PYTHON)
    labeller = Labeller([models], engine=engine, sections_at=1)
    found_any = 0
    for text in TEXTS:
        texts = {"title": text[:5], "intro": text, "main_tasks": text[::-1], "body": text}
        want = {(m.group, m.keyword) for m in reference.classify(texts)[0].matches}
        fields = [escape(texts.get(name, "")) for name in SECTIONS]
        _, indexes = labeller.label(fields)
        assert labeller.label_row(b"\t".join([b"1", *fields]) + b"\n")[1] == indexes
        got = {(labeller.keywords[i][1].group, labeller.keywords[i][1].term) for i in indexes}
        assert got == want, text
        found_any += bool(want)
    assert found_any > len(TEXTS) // 4
