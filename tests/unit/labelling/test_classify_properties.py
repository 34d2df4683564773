"""Property tests: the regex matcher agrees with a deliberately simple reference implementation of every rule,
and results do not depend on how postings are batched or which taxonomies are read together."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from ai_job_share.labelling.classify import Classifier, Matcher
from ai_job_share.taxonomy import SECTIONS, Keyword, load_taxonomies

TAXONOMIES = load_taxonomies()
ASCII_LETTERS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
COMPOUND_GAP = set(" \t\r\n")
PHRASE_GAP = set(" \t\n\r\f\v")


def reference_offsets(keyword: Keyword, text: str) -> list[int]:
    """Character-by-character reading of the rule, with no regular expressions."""
    found = []
    for start in range(len(text)):
        end = _match_end(keyword, text, start)
        if end is None:
            continue
        if any(
            text[low : low + len(phrase)] == phrase and low <= start and end <= low + len(phrase)
            for phrase in keyword.exclude
            for low in range(len(text))
        ):
            continue
        found.append(start)
        # finditer does not report overlapping matches of the same keyword
    return _non_overlapping(keyword, text, found)


def _match_end(keyword: Keyword, text: str, start: int) -> int | None:
    if keyword.rule == "latin_token":
        end = start + len(keyword.term)
        if text[start:end] != keyword.term:
            return None
        if start > 0 and "A" <= text[start - 1] <= "Z":
            return None
        if end < len(text) and text[end] in ASCII_LETTERS:
            return None
        return end
    if keyword.rule == "korean_compound":
        position = start
        for index, part in enumerate(keyword.parts):
            if index > 0:
                while position < len(text) and text[position] in COMPOUND_GAP:
                    position += 1
            if text[position : position + len(part)] != part:
                return None
            position += len(part)
        return position
    # english_phrase
    if start > 0 and text[start - 1] in ASCII_LETTERS:
        return None
    position = start
    gap = PHRASE_GAP | {"-"} if keyword.hyphen else PHRASE_GAP
    for index, word in enumerate(keyword.term.split()):
        if index > 0:
            if position >= len(text) or text[position] not in gap:
                return None
            while position < len(text) and text[position] in gap:
                position += 1
        if (
            text[position : position + len(word)].lower() != word.lower()
            or not text[position : position + len(word)].isascii()
        ):
            return None
        position += len(word)
    if position < len(text) and text[position] in ASCII_LETTERS:
        return None
    return position


def _non_overlapping(keyword: Keyword, text: str, starts: list[int]) -> list[int]:
    kept, free_from = [], 0
    for start in starts:
        if start >= free_from:
            kept.append(start)
            free_from = _match_end(keyword, text, start)
    return kept


def reference_classify(taxonomy, sections: dict[str, str]) -> set[tuple[str, str, int]]:
    result = set()
    title = unicodedata.normalize("NFKC", sections.get("title") or "")
    for keyword in taxonomy.keywords:
        if any(term in title for term in keyword.unless_title):
            continue  # a sales or teaching role: the keyword does not count anywhere
        for section in keyword.sections:
            text = unicodedata.normalize("NFKC", sections.get(section) or "")
            result.update((keyword.term, section, offset) for offset in reference_offsets(keyword, text))
    return result


FRAGMENTS = [
    "AI",
    "영업",
    "Sales",
    "Instructor",
    "-",
    "머신\r\n",
    "딥\t",
    "자연어 ",
    "machine\x0b",
    "A",
    "I",
    "ai",
    "Ai",
    "E",
    "M",
    "L",
    "ML",
    "LLM",
    "NLP",
    "GPT",
    "Chat",
    "RAG",
    "MLOps",
    "OPEN",
    "Open",
    "머신",
    "러닝",
    "딥",
    "데이터",
    "데이",
    "터",
    "베이스",
    "센터",
    "인공",
    "지능",
    "생성형",
    "자연어",
    "처리",
    "컴퓨터",
    "비전",
    "프롬프트",
    "data",
    "Data",
    "machine",
    "learning",
    "deep",
    "computer",
    "vision",
    "generative",
    "prompt",
    "engineering",
    " ",
    "  ",
    "\t",
    "\n",
    "\r",
    "\u00a0",
    "\u3000",
    "1",
    "2",
    "/",
    "'",
    ".",
    "_",
    "-",
    "(",
    ")",
    "ＡＩ",
    "ı",
    "é",
    "ſ",
    "K",
    "가",
    "힣",
    "\u1103\u1166\u110b\u1175\u1110\u1165",  # NFD 데이터
]
# Two-part keywords with a random gap between the parts (whitespace that counts, and characters that do not).
PAIRS = [
    ("머신", "러닝"),
    ("딥", "러닝"),
    ("인공", "지능"),
    ("자연어", "처리"),
    ("컴퓨터", "비전"),
    ("machine", "learning"),
    ("Deep", "Learning"),
    ("computer", "vision"),
    ("prompt", "engineering"),
    ("generative", "AI"),
    ("generative", "ai"),
    ("데이", "터"),
]
GAPPED = st.builds(
    lambda pair, gap: pair[0] + gap + pair[1],
    st.sampled_from(PAIRS),
    st.text(alphabet=" \t\r\n\x0b\x0c\u00a0\u3000\u2003-_.", max_size=3),
)
texts = st.one_of(
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), GAPPED), max_size=25).map("".join),
    st.text(max_size=40),
)
postings = st.dictionaries(st.sampled_from(SECTIONS), texts, max_size=4)


@settings(max_examples=400, deadline=None)
@given(postings)
def test_matcher_agrees_with_the_reference_on_random_text(sections):
    for taxonomy in TAXONOMIES:
        matches = Matcher(taxonomy).classify(sections).matches
        assert {(m.keyword, m.section, m.offset) for m in matches} == reference_classify(taxonomy, sections)


@settings(max_examples=100, deadline=None)
@given(st.lists(postings, max_size=8), st.integers(min_value=1, max_value=5))
def test_results_do_not_depend_on_batching_or_taxonomy_grouping(batch, size):
    together = Classifier(TAXONOMIES)
    whole = [together.classify(sections) for sections in batch]
    chunked = []
    for first in range(0, len(batch), size):
        chunk_classifier = Classifier(TAXONOMIES)
        chunked.extend(chunk_classifier.classify(sections) for sections in batch[first : first + size])
    assert chunked == whole
    one_by_one = [[Matcher(t).classify(sections) for t in TAXONOMIES] for sections in batch]
    assert one_by_one == whole
