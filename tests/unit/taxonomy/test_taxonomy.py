"""Taxonomy files: the shipped ones load, and a malformed one is refused naming the file and the key."""

from __future__ import annotations

import tomllib

import pytest

from ai_job_share.labelling.classify import Matcher
from ai_job_share.taxonomy import (
    DEFAULT_TAXONOMY,
    TaxonomyError,
    available_taxonomies,
    enabled_taxonomies,
    load_taxonomies,
    load_taxonomy,
    parse_taxonomy,
    parse_taxonomy_file,
)

VALID = """
id = "t"
version = 1
[[groups.data.keywords]]
term = "데이터"
rule = "korean_compound"
[[groups.ai.keywords]]
term = "AI"
rule = "latin_token"
"""


def test_default_taxonomy_is_the_article_rule():
    taxonomy = load_taxonomy(DEFAULT_TAXONOMY)
    assert (taxonomy.id, taxonomy.version) == ("wanted-2023", 1)
    assert {(k.group, k.term, k.rule) for k in taxonomy.keywords} == {
        ("ai", "AI", "latin_token"),
        ("ai", "머신러닝", "korean_compound"),
        ("ai", "딥러닝", "korean_compound"),
        ("data", "데이터", "korean_compound"),
    }


def test_every_shipped_taxonomy_loads_with_a_unique_id():
    taxonomies = load_taxonomies()
    assert [t.id for t in taxonomies] == available_taxonomies()


def write(tmp_path, text, name="broken.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_file_parses(tmp_path):
    taxonomy = parse_taxonomy_file(write(tmp_path, VALID))
    assert [k.term for k in taxonomy.keywords] == ["데이터", "AI"]
    assert taxonomy.enabled and taxonomy.examples == ()


def test_every_shipped_taxonomy_is_enabled():
    assert [t.id for t in enabled_taxonomies()] == available_taxonomies()
    assert {"wanted-2023", "strict", "extended", "genai", "extended-strict"} <= set(available_taxonomies())


@pytest.mark.parametrize("taxonomy", load_taxonomies(), ids=lambda t: t.id)
def test_every_taxonomy_tags_its_documented_examples(taxonomy):
    matcher = Matcher(taxonomy)
    assert len(taxonomy.examples) >= 5
    for example in taxonomy.examples:
        assert matcher.classify(example.sections).groups == example.groups, example.sections


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        (VALID.replace('"latin_token"', '"regex"'), "groups.ai.keywords[0].rule", "unknown rule type 'regex'"),
        (VALID.replace('term = "AI"', 'term = ""'), "groups.ai.keywords[0].term", "empty keyword"),
        (VALID + 'sections = ["footer"]\n', "groups.ai.keywords[0].sections", "unknown section 'footer'"),
        (VALID.replace("version = 1", 'version = 1\nsections = ["title", "cover"]'), "sections", "'cover'"),
        (VALID + '[[groups.ai.keywords]]\nterm = "AI"\nrule = "latin_token"\n', "groups.ai.keywords", "duplicate"),
        (VALID.replace("version = 1", "version = 0"), "version", "positive integer"),
        (VALID + 'colour = "red"\n', "groups.ai.keywords[0].colour", "unknown key"),
        (VALID.replace('term = "AI"', 'term = "A-I"'), "groups.ai.keywords[0].term", "ASCII letters or digits"),
        (VALID + 'exclude = ["데이터베이스"]\n', "groups.ai.keywords[0].exclude", "containing the term"),
        ('id = "t"\nversion = 1\n', "groups", "at least one group"),
        (VALID.replace("groups.data", "groups.other"), "groups.data", "missing"),
        (VALID.replace("version = 1", "version = 1\nenabled = 'yes'"), "enabled", "true or false"),
        (VALID + '[[examples]]\ntitle = "AI"\ngroups = ["genai"]\n', "examples[0].groups", "must list groups"),
        (VALID + '[[examples]]\nfooter = "AI"\ngroups = []\n', "examples[0].footer", "unknown key"),
        (VALID + "[[examples]]\ngroups = []\n", "examples[0]", "at least one section"),
        (VALID + 'parts = ["A", "I"]\n', "groups.ai.keywords[0].parts", "only a korean_compound"),
        (VALID + "hyphen = true\n", "groups.ai.keywords[0].hyphen", "only an english_phrase of several words"),
        (VALID + 'hyphen = "yes"\n', "groups.ai.keywords[0].hyphen", "true or false"),
        (VALID + 'unless_title = [""]\n', "groups.ai.keywords[0].unless_title", "non-empty strings"),
        (
            VALID.replace("[[groups.ai.keywords]]", "[groups.ai]\nunless_title = 3\n[[groups.ai.keywords]]"),
            "groups.ai.unless_title",
            "non-empty strings",
        ),
        ("id = \n", "", "not valid TOML"),
    ],
)
def test_errors_name_the_file_and_the_key(tmp_path, text, key, message):
    with pytest.raises(TaxonomyError) as raised:
        parse_taxonomy_file(write(tmp_path, text))
    assert str(raised.value).startswith(f"broken.toml: {key}")
    assert message in str(raised.value)


def test_duplicate_taxonomy_ids_are_refused(monkeypatch, tmp_path):
    import ai_job_share.taxonomy as taxonomy_module

    write(tmp_path, VALID, "one.toml")
    write(tmp_path, VALID, "two.toml")
    monkeypatch.setattr(taxonomy_module, "TAXONOMY_DIR", tmp_path)
    with pytest.raises(TaxonomyError, match=r"two.toml: id: duplicate taxonomy id 't' \(also in one.toml\)"):
        load_taxonomies()


def test_unknown_taxonomy_lists_the_available_ones():
    with pytest.raises(TaxonomyError, match="available: .*wanted-2023"):
        load_taxonomy("nope")


def test_a_groups_unless_title_applies_to_its_keywords_that_list_none():
    text = VALID.replace("[[groups.ai.keywords]]", '[groups.ai]\nunless_title = ["영업"]\n[[groups.ai.keywords]]')
    text += '[[groups.ai.keywords]]\nterm = "ML"\nrule = "latin_token"\nunless_title = ["Sales"]\n'
    taxonomy = parse_taxonomy(tomllib.loads(text), source="t")
    assert {k.term: k.unless_title for k in taxonomy.keywords} == {"데이터": (), "AI": ("영업",), "ML": ("Sales",)}
    matcher = Matcher(taxonomy)
    assert matcher.classify({"title": "AI 솔루션 영업", "main_tasks": "AI, 데이터"}).keywords == ["데이터"]
    assert matcher.classify({"title": "Sales", "main_tasks": "AI ML"}).keywords == ["AI"]


@pytest.mark.parametrize("as_path", ["absolute", "relative"])
def test_a_taxonomy_is_named_by_id_never_by_path(tmp_path, as_path):
    import os

    from ai_job_share.taxonomy import TAXONOMY_DIR

    evil = write(tmp_path, VALID, "evil.toml").with_suffix("")
    name = str(evil) if as_path == "absolute" else os.path.relpath(evil, TAXONOMY_DIR)
    with pytest.raises(TaxonomyError, match=r"named by id from the taxonomy folder, not by path.*available: "):
        load_taxonomy(name)


def test_the_rules_fingerprint_follows_the_rules_not_the_wording(tmp_path):
    import dataclasses

    taxonomy = parse_taxonomy_file(write(tmp_path, VALID, "t.toml"))
    assert taxonomy.file == "t.toml"
    reworded = parse_taxonomy_file(write(tmp_path, 'description = "other words"\n' + VALID, "t.toml"))
    assert reworded.rules_fingerprint == taxonomy.rules_fingerprint
    reordered = dataclasses.replace(taxonomy, keywords=taxonomy.keywords[::-1])
    assert reordered.rules_fingerprint == taxonomy.rules_fingerprint
    narrowed = dataclasses.replace(
        taxonomy, keywords=tuple(dataclasses.replace(k, sections=("title",)) for k in taxonomy.keywords)
    )
    assert narrowed.rules_fingerprint != taxonomy.rules_fingerprint
    fewer = dataclasses.replace(taxonomy, keywords=taxonomy.keywords[:1])
    assert fewer.rules_fingerprint != taxonomy.rules_fingerprint
