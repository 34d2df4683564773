"""The article rule (taxonomy wanted-2023), example by example, as the foundation issue specifies it."""

import pytest

from ai_job_share.labelling.classify import Matcher, normalize
from ai_job_share.taxonomy import load_taxonomy

WANTED = Matcher(load_taxonomy("wanted-2023"))


def classify_title(text):
    return WANTED.classify({"title": text})


@pytest.mark.parametrize(
    "text",
    [
        "AI",
        "OpenAI",
        "GenAI",
        "생성형AI",
        '"AI"',
        "123AI",
        "AI엔지니어",
        "AI/ML",
        "AI2",
        "AI_팀",
        "AI's",
        "ＡＩ 플랫폼",
        "(AI)",
        "AI.",
        "AI\n",
        "x AI x",
        "aAI",
    ],
)
def test_ai_token_counts(text):
    assert classify_title(text).is_ai
    assert classify_title(text).keywords == ["AI"]


@pytest.mark.parametrize(
    "text",
    [
        "EMAIL",
        "DETAIL",
        "KAIST",
        "RAID",
        "OPENAI",
        "AIR",
        "AIOps",
        "AIs",
        "ai",
        "Ai",
        "aI",
        "PAID",
        "MAIL",
        "A I",
        "ＥＭＡＩＬ",
        "AIa",
    ],
)
def test_ai_token_does_not_count(text):
    assert not classify_title(text).is_ai


@pytest.mark.parametrize(
    "text",
    [
        "머신러닝",
        "딥러닝",
        "딥러닝엔지니어",
        "머신 러닝",
        "딥 러닝",
        "머신\t러닝",
        "딥\n러닝",
        "머신  \n 러닝",
        "대규모머신러닝플랫폼",
        "머신\u00a0러닝",
        "머신\u3000러닝",
    ],
)
def test_korean_ai_compounds_count_with_or_without_whitespace(text):
    assert classify_title(text).is_ai


@pytest.mark.parametrize("text", ["머신", "러닝", "딥 다이브 러닝", "머신-러닝", "머신_러닝", "러닝머신"])
def test_korean_ai_compounds_need_both_parts_joined_only_by_whitespace(text):
    assert not classify_title(text).is_ai


@pytest.mark.parametrize("text", ["데이터", "데이터베이스", "빅데이터", "데이터센터", "ＤＢ 데이터"])
def test_data_counts_anywhere(text):
    result = classify_title(text)
    assert result.is_data and not result.is_ai


@pytest.mark.parametrize("text", ["데이 터", "데이트", "데이", "data", "DATA"])
def test_data_needs_the_exact_korean_word(text):
    assert not classify_title(text).is_data


def test_every_section_counts_including_company_intro_and_benefits():
    for section in ("title", "intro", "main_tasks", "requirements", "preferred", "benefits"):
        result = WANTED.classify({section: "우리는 AI 기반 회사입니다"})
        assert result.is_ai, section
        assert result.matches[0].section == section


def test_result_lists_every_match_with_offsets_in_normalised_text():
    result = WANTED.classify({"title": "ＡＩ와 데이터", "requirements": "머신 러닝 또는 딥러닝, 데이터베이스"})
    assert result.is_ai and result.is_data
    assert result.keywords == ["AI", "데이터", "머신러닝", "딥러닝"]
    found = {(m.section, m.keyword, m.offset, m.text) for m in result.matches}
    assert ("title", "AI", 0, "AI") in found
    assert ("title", "데이터", 4, "데이터") in found
    assert ("requirements", "머신러닝", 0, "머신 러닝") in found
    assert ("requirements", "데이터", 14, "데이터") in found


def test_empty_and_missing_sections_match_nothing():
    result = WANTED.classify({"title": None, "intro": ""})
    assert not result.is_ai and not result.is_data and result.matches == ()


def test_normalize_is_nfkc():
    assert normalize("ＡＩ") == "AI"
    assert normalize(None) == ""
