"""The synthetic job board generator: determinism, Korea-time months, calibration, and trustworthy truth."""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta
from statistics import mean

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ai_job_share.labelling.classify import Classifier, Matcher
from ai_job_share.months import KST, Month, month_range
from ai_job_share.taxonomy import load_taxonomies, load_taxonomy
from ai_job_share.tools.seed import (
    DEVELOPER_GROUP,
    generate,
    posting_reference_flags,
    reference_flags,
    summarize,
)
from ai_job_share.tools.seed.generator import (
    GENAI_BREAK,
    PHRASES_FILE,
    TRAIT_ENGLISH_AI,
    TRAIT_GENAI,
    TRAIT_TRAP,
    genai_rate,
    load_bank,
)

MONTHS = [str(month) for month in month_range("2022-01", "2023-05")]


def kst_month(moment):
    return str(Month.containing(moment))


def month_bounds(month):
    return Month.parse(month).start, Month.parse(month).end


SECTIONS = ("intro", "main_tasks", "requirements", "preferred", "benefits")
DEVELOPER_ROLES = {
    "백엔드",
    "프론트엔드",
    "풀스택",
    "데이터 엔지니어",
    "머신러닝 엔지니어",
    "데이터 사이언티스트",
    "DevOps",
    "QA",
    "안드로이드",
    "iOS",
    "보안",
}


@pytest.fixture(scope="module")
def default_board():
    companies, postings = generate()
    return companies, list(postings)


@pytest.fixture(scope="module")
def small_board():
    companies, postings = generate(developer_postings_per_month=100)
    return companies, list(postings)


# ---------------------------------------------------------------------------------------------------------
# The reference checker
# ---------------------------------------------------------------------------------------------------------
AI_POSITIVE = [
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
    "ＡＩ 기반",
    "머신러닝",
    "머신 러닝",
    "머신\t러닝",
    "머신\n러닝",
    "딥러닝",
    "딥 러닝",
]
AI_NEGATIVE = ["EMAIL", "DETAIL", "KAIST", "RAID", "PAID", "MAIL", "OPENAI", "AIR", "AIOps", "AIs", "ai", "Ai"]
AI_NEGATIVE += ["머신비전", "딥링크", "러닝 크루"]


@pytest.mark.parametrize("text", AI_POSITIVE)
def test_reference_checker_ai_positive(text):
    assert reference_flags(text) == (True, False)


@pytest.mark.parametrize("text", AI_NEGATIVE)
def test_reference_checker_ai_negative(text):
    assert reference_flags(text) == (False, False)


@pytest.mark.parametrize(
    ("text", "is_data"),
    [("데이터", True), ("데이터베이스", True), ("빅데이터", True)]
    + [("데이 터", False), ("데이트", False), ("업데이트", False)],
)
def test_reference_checker_data(text, is_data):
    assert reference_flags(text) == (False, is_data)


def _regex_flags(text: str) -> tuple[bool, bool]:
    s = unicodedata.normalize("NFKC", text)
    is_ai = bool(re.search(r"(?<![A-Z])AI(?![A-Za-z])", s) or re.search(r"(머신|딥)[ \t\n\r\f\v]*러닝", s))
    return is_ai, "데이터" in s


PIECES = ["A", "I", "AI", "a", "i", "N", "s", "1", "_", "/", " ", "\n", "\t", "'", "ＡＩ", "Ａ", "Ｉ"]
PIECES += ["머신", "딥", "러닝", "데이", "터", "데이터", "가"]


@given(st.lists(st.sampled_from(PIECES), max_size=12))
def test_reference_checker_agrees_with_a_regex_implementation(pieces):
    text = "".join(pieces)
    assert reference_flags(text) == _regex_flags(text)


def test_keyword_across_a_section_boundary_is_refused():
    with pytest.raises(ValueError):
        posting_reference_flags(["백엔드 개발자 머신", "러닝 크루"])
    assert posting_reference_flags(["머신러닝 엔지니어", "데이터"]) == (True, True)


def test_phrase_bank_labels_are_checked(tmp_path):
    original = PHRASES_FILE.read_text(encoding="utf-8")
    broken = original.replace('"주 4.5일 근무",', '"주 4.5일 근무, 데이터 요금 지원",', 1)
    assert broken != original
    path = tmp_path / "phrases.toml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ValueError, match="disagrees with the label"):
        load_bank(path)


def test_decoy_phrases_fool_a_naive_matcher():
    bank = load_bank()
    decoys = {
        phrase
        for group in bank.groups
        for role in group.roles
        for labels in role.pools.values()
        for phrase in labels["decoy"]
    }
    assert len(decoys) >= 20
    for phrase in decoys:
        naive = "ai" in phrase.lower() or "데이" in phrase or "러닝" in phrase
        assert naive, phrase


# ---------------------------------------------------------------------------------------------------------
# Determinism
# ---------------------------------------------------------------------------------------------------------
def test_same_seed_gives_identical_board():
    first = generate(seed=7, developer_postings_per_month=300)
    second = generate(seed=7, developer_postings_per_month=300)
    assert first[0] == second[0]
    assert list(first[1]) == list(second[1])


def test_different_seed_gives_a_different_board():
    companies_a, postings_a = generate(seed=1, developer_postings_per_month=100, last_month="2022-03")
    companies_b, postings_b = generate(seed=2, developer_postings_per_month=100, last_month="2022-03")
    assert companies_a != companies_b
    assert list(postings_a) != list(postings_b)


def test_months_do_not_depend_on_the_range_start():
    _, whole = generate(developer_postings_per_month=100, first_month="2022-01", last_month="2022-03")
    _, tail = generate(developer_postings_per_month=100, first_month="2022-03", last_month="2022-03")
    march = [p for p in whole if kst_month(p.published_at) == "2022-03"]
    tail = list(tail)
    assert [p.title for p in march] == [p.title for p in tail]


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError):
        generate(first_month="2022-13")
    with pytest.raises(ValueError):
        generate(first_month="2023-01", last_month="2022-12")
    with pytest.raises(ValueError):
        generate(developer_postings_per_month=0)


# ---------------------------------------------------------------------------------------------------------
# Korea-time months
# ---------------------------------------------------------------------------------------------------------
def test_month_bounds_are_korea_time():
    start, end = month_bounds("2022-12")
    assert start.isoformat() == "2022-12-01T00:00:00+09:00"
    assert end.isoformat() == "2023-01-01T00:00:00+09:00"


def test_every_posting_falls_in_its_kst_month(default_board):
    _, postings = default_board
    months_seen = []
    previous = None
    for p in postings:
        assert p.published_at.utcoffset() == timedelta(hours=9)
        assert p.updated_at >= p.published_at
        month = kst_month(p.published_at)
        start, end = month_bounds(month)
        assert start <= p.published_at < end
        if month != previous:
            months_seen.append(month)
            previous = month
        assert p.status in {"open", "closed", "deleted"}
    assert months_seen == MONTHS  # contiguous, in order, none missing
    assert [p.id for p in postings] == list(range(1, len(postings) + 1))
    assert all(a.published_at <= b.published_at for a, b in zip(postings, postings[1:], strict=False))


def test_edge_timestamps_are_present(default_board):
    _, postings = default_board
    stamps = {p.published_at for p in postings}
    for month in MONTHS:
        start, end = month_bounds(month)
        assert start in stamps
        assert end - timedelta(seconds=1) in stamps
        assert end - timedelta(microseconds=1) in stamps
    last_second_of_january = month_bounds("2022-02")[0] - timedelta(seconds=1)
    assert last_second_of_january.isoformat() == "2022-01-31T23:59:59+09:00"
    assert kst_month(next(p.published_at for p in postings if p.published_at == last_second_of_january)) == "2022-01"


# ---------------------------------------------------------------------------------------------------------
# Calibration
# ---------------------------------------------------------------------------------------------------------
def _assert_calibrated(postings, per_month):
    summary = summarize(postings)
    assert list(summary) == MONTHS
    for month, s in summary.items():
        assert per_month * 0.97 <= s.developer <= per_month * 1.03, month
        assert 0.33 <= s.developer_ai_share <= 0.41, (month, s)
        assert 0.44 <= s.developer_ai_or_data_share <= 0.50, (month, s)
        others = s.postings - s.developer
        assert 0.45 <= others / s.developer <= 0.55, month
        assert s.deleted <= 0.03 * s.postings, month
    before = [s.developer_ai_share for m, s in summary.items() if m <= "2022-11"]
    after = [s.developer_ai_share for m, s in summary.items() if m >= "2022-12"]
    assert abs(mean(after) - mean(before)) < 0.02  # flat: no ChatGPT jump in the synthetic board


def _check_recount(postings):
    """The summary's shares recomputed by hand over non-deleted 개발 postings."""
    for month in MONTHS:
        live = [
            p
            for p in postings
            if kst_month(p.published_at) == month and p.job_group == DEVELOPER_GROUP and p.status != "deleted"
        ]
        assert 0.33 <= sum(p.is_ai for p in live) / len(live) <= 0.41
        assert 0.44 <= sum(p.is_ai or p.is_data for p in live) / len(live) <= 0.50


def test_calibration_at_3000_per_month(default_board):
    _assert_calibrated(default_board[1], 3000)
    _check_recount(default_board[1])


def test_calibration_at_100_per_month(small_board):
    _assert_calibrated(small_board[1], 100)
    _check_recount(small_board[1])


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 2023])
def test_calibration_at_100_per_month_other_seeds(seed):
    _, postings = generate(seed=seed, developer_postings_per_month=100)
    _assert_calibrated(list(postings), 100)


def test_non_developer_groups_have_a_lower_ai_share(default_board):
    others = [p for p in default_board[1] if p.job_group != DEVELOPER_GROUP and p.status != "deleted"]
    share = sum(p.is_ai for p in others) / len(others)
    assert 0.05 <= share <= 0.15
    assert any(p.is_data and not p.is_ai for p in others)


# ---------------------------------------------------------------------------------------------------------
# Truth and content
# ---------------------------------------------------------------------------------------------------------
def test_reference_checker_agrees_with_recorded_truth(default_board, small_board):
    for postings in (default_board[1], small_board[1]):
        for p in postings:
            assert reference_flags("\n".join(p.text_parts())) == (p.is_ai, p.is_data), p.id
            assert _regex_flags(" ".join(p.text_parts())) == (p.is_ai, p.is_data), p.id


def test_all_flag_combinations_and_deleted_truth_present(default_board):
    postings = default_board[1]
    combos = {(p.is_ai, p.is_data) for p in postings if p.job_group == DEVELOPER_GROUP}
    assert combos == {(True, True), (True, False), (False, True), (False, False)}
    deleted = [p for p in postings if p.status == "deleted"]
    assert 0.003 * len(postings) <= len(deleted) <= 0.02 * len(postings)
    assert any(p.is_ai for p in deleted) and any(not p.is_ai for p in deleted)


DECOYS = ["EMAIL", "DETAIL", "KAIST", "RAID", "PAID", "MAIL", "OPENAI", "AIR", "AIOps", ".ai", "Airflow"]


@pytest.mark.parametrize("decoy", DECOYS)
def test_ai_decoys_appear_in_non_ai_postings(default_board, decoy):
    assert any(decoy in "\n".join(p.text_parts()) for p in default_board[1] if not p.is_ai and not p.is_data)


@pytest.mark.parametrize("decoy", ["데이 터", "데이트", "업데이트", "러닝 크루"])
def test_korean_decoys_appear_in_non_keyword_postings(default_board, decoy):
    assert any(decoy in "\n".join(p.text_parts()) for p in default_board[1] if not p.is_ai and not p.is_data)


@pytest.mark.parametrize(
    "form", ["AI/ML", "OpenAI", "생성형AI", "머신 러닝", "딥 러닝", "ＡＩ", "GenAI", "AI엔지니어", '"AI']
)
def test_keyword_forms_appear(default_board, form):
    assert any(form in "\n".join(p.text_parts()) for p in default_board[1] if p.is_ai)


def test_database_mentions_count_as_data(default_board):
    assert any("데이터베이스" in p.main_tasks and p.is_data for p in default_board[1])


@pytest.mark.parametrize("section", ["title", "intro", "main_tasks", "requirements", "preferred", "benefits"])
def test_keywords_appear_in_every_section(default_board, section):
    ai_only_here = data_only_here = 0
    for p in default_board[1]:
        flags = {name: reference_flags(getattr(p, name)) for name in ("title", *SECTIONS)}
        others = [f for name, f in flags.items() if name != section]
        if flags[section][0] and not any(f[0] for f in others):
            ai_only_here += 1
        if flags[section][1] and not any(f[1] for f in others):
            data_only_here += 1
    assert ai_only_here > 0
    assert data_only_here > 0


def test_groups_roles_and_companies(default_board):
    companies, postings = default_board
    groups = {p.job_group for p in postings}
    assert {"개발", "디자인", "마케팅", "영업", "경영·비즈니스"} <= groups
    assert {p.job_role for p in postings if p.job_group == DEVELOPER_GROUP} == DEVELOPER_ROLES
    assert 200 <= len(companies) <= 1000
    assert len({c.name for c in companies}) == len(companies)
    sizes = sorted(c.employee_count for c in companies)
    assert sizes[0] >= 5 and sizes[-1] <= 5000
    assert sizes[len(sizes) // 2] < 200  # skewed towards small companies
    assert sizes[-1] > 1000
    company_ids = {c.id for c in companies}
    assert {p.company_id for p in postings} <= company_ids
    for p in postings:
        assert 0 <= p.required_years_min <= p.required_years_max <= 10
    assert any(p.required_years_min == 0 for p in postings)


def test_posting_length(default_board):
    lengths = [sum(len(part) for part in p.text_parts()) for p in default_board[1]]
    assert min(lengths) >= 450 and max(lengths) <= 1600
    assert sum(600 <= n <= 1500 for n in lengths) >= 0.95 * len(lengths)


def test_english_tech_terms_mixed_in(default_board):
    corpus = "\n".join(p.main_tasks + p.requirements + p.preferred for p in default_board[1][:3000])
    for term in ("Kubernetes", "Spring Boot", "React", "AWS", "Kafka", "PostgreSQL"):
        assert term in corpus
    assert KST.key == "Asia/Seoul"


# ---------------------------------------------------------------------------------------------------------
# What the taxonomies differ on
# ---------------------------------------------------------------------------------------------------------
def _shares_by_month(postings, taxonomy_ids):
    """{taxonomy: {month: AI share of live developer postings}} under the shipped taxonomies."""
    classifier = Classifier(load_taxonomies(taxonomy_ids))
    counts: dict[str, list[int]] = {}
    tagged = {taxonomy: {} for taxonomy in taxonomy_ids}
    for p in postings:
        if p.job_group != DEVELOPER_GROUP or p.status == "deleted":
            continue
        month = kst_month(p.published_at)
        counts.setdefault(month, [0])[0] += 1
        for result in classifier.classify(dict(zip(("title", *SECTIONS), p.text_parts(), strict=True))):
            tagged[result.taxonomy_id][month] = tagged[result.taxonomy_id].get(month, 0) + result.is_ai
    return {t: {m: tagged[t].get(m, 0) / counts[m][0] for m in counts} for t in taxonomy_ids}


def test_traits_are_recorded_and_true_of_the_text(default_board):
    matchers = {t: Matcher(load_taxonomy(t)) for t in ("wanted-2023", "extended", "genai")}
    seen = set()
    for p in default_board[1]:
        sections = dict(zip(("title", *SECTIONS), p.text_parts(), strict=True))
        seen.update(p.traits)
        if TRAIT_ENGLISH_AI in p.traits:
            assert not p.is_ai and matchers["extended"].classify(sections).is_ai, p.id
        if TRAIT_GENAI in p.traits:
            assert p.is_ai and matchers["genai"].classify(sections).is_ai, p.id
        if p.traits:
            assert p.job_group == DEVELOPER_GROUP
    assert seen == {TRAIT_ENGLISH_AI, TRAIT_GENAI, TRAIT_TRAP}


def test_trap_phrases_are_ai_to_no_taxonomy():
    bank = load_bank()
    for taxonomy in load_taxonomies():
        matcher = Matcher(taxonomy)
        for section, phrases in bank.traps.items():
            for phrase in phrases:
                assert not matcher.classify({section: phrase}).is_ai, (taxonomy.id, phrase)
    text = " ".join(phrase for phrases in bank.traps.values() for phrase in phrases)
    assert all(trap in text for trap in ("HTML", "XML", "OCaml", "ReasonML", "EMAIL"))


def test_extended_differs_and_genai_breaks_after_chatgpt_while_the_article_stays_flat(default_board):
    shares = _shares_by_month(default_board[1], ["wanted-2023", "extended", "genai"])
    before = [m for m in MONTHS if m < GENAI_BREAK]
    after = [m for m in MONTHS if m >= GENAI_BREAK]
    for month in MONTHS:
        assert 0.33 <= shares["wanted-2023"][month] <= 0.41, month
        assert shares["extended"][month] >= shares["wanted-2023"][month] + 0.02, month  # English-only AI postings
    article = shares["wanted-2023"]
    assert abs(mean(article[m] for m in after) - mean(article[m] for m in before)) < 0.02
    genai = shares["genai"]
    assert mean(genai[m] for m in after[-3:]) > mean(genai[m] for m in before) + 0.06
    assert max(genai[m] for m in before) - min(genai[m] for m in before) < 0.05  # flat before the break


def test_genai_rate_is_low_before_the_break_and_rises_after():
    assert genai_rate("2022-01") == genai_rate("2022-11") < genai_rate("2022-12") < genai_rate("2023-05") <= 0.5
