"""evaluate: precision, recall and F1 against hand labels; the shipped gold set and the ai-role target on it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ai_job_share.taxonomy import available_taxonomies, load_taxonomy
from ai_job_share.tools.evaluation import LABELS, GoldSetError, Score, evaluate, read_gold

ROOT = Path(__file__).resolve().parents[3]
GOLD = ROOT / "data" / "gold" / "ai_jobs.jsonl"


def write(tmp_path, *records) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_scores_count_each_kind_of_agreement(tmp_path):
    postings = read_gold(
        write(
            tmp_path,
            {"id": 1, "title": "ML 엔지니어", "ai_job": True, "ai_mention": True},  # TP
            {"id": 2, "intro": "AI 기반 회사", "title": "백엔드", "ai_job": False, "ai_mention": True},  # FP for ai_job
            {"id": 3, "title": "데이터 사이언티스트", "ai_job": True, "ai_mention": False},  # FN for ai_job
            {"id": 4, "title": "QA", "ai_job": False, "ai_mention": False},  # TN
        )
    )
    scores, confusions = evaluate(postings, [load_taxonomy("wanted-2023")])
    job, mention = scores
    assert (job.label, job.true_positives, job.false_positives, job.false_negatives, job.true_negatives) == (
        "ai_job",
        0,  # wanted-2023 reads no "ML"
        1,
        2,
        1,
    )
    assert (mention.true_positives, mention.false_positives, mention.false_negatives) == (1, 0, 1)
    assert {(c.label, c.kind, c.posting.id) for c in confusions} == {
        ("ai_job", "FP", "2"),
        ("ai_job", "FN", "1"),
        ("ai_job", "FN", "3"),
        ("ai_mention", "FN", "1"),
    }


def test_precision_recall_f1():
    score = Score("t", 1, "ai_job", true_positives=8, false_positives=2, false_negatives=8, true_negatives=5)
    assert (score.precision, score.recall) == (0.8, 0.5)
    assert score.f1 == pytest.approx(2 * 0.8 * 0.5 / 1.3)
    assert Score("t", 1, "ai_job", 0, 0, 0, 3).f1 == 0.0


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": 1, "title": "x", "ai_job": true}', "ai_mention must be true or false"),
        ('{"id": 1, "title": "x", "ai_job": "yes", "ai_mention": true}', "ai_job must be true or false"),
        ('{"id": 1, "ai_job": true, "ai_mention": true}', "at least one must hold text"),
        ('{"id": 1, "title": 3, "ai_job": true, "ai_mention": true}', "must be strings"),
        ('{"id": 1, "footer": "x", "title": "x", "ai_job": true, "ai_mention": true}', "unknown keys ['footer']"),
        ('{"title": "x", "ai_job": true, "ai_mention": true}', "id must be"),
        ("[1]", "must be a JSON object"),
        ("{", "not valid JSON"),
    ],
)
def test_a_bad_line_is_refused_naming_the_line(tmp_path, line, message):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": 0, "title": "x", "ai_job": false, "ai_mention": false}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(GoldSetError, match=rf"gold.jsonl:2: .*{message[:20]}".replace("[", r"\[")):
        read_gold(path)


def test_duplicate_ids_are_refused(tmp_path):
    record = {"id": "a", "title": "x", "ai_job": False, "ai_mention": False}
    with pytest.raises(GoldSetError, match="gold.jsonl:2: id must be a unique"):
        read_gold(write(tmp_path, record, record))


def test_the_shipped_gold_set_covers_the_cases_people_disagree_with_keywords_on():
    postings = read_gold(GOLD)
    assert len(postings) >= 300
    assert {p.notes["lang"] for p in postings} == {"ko", "en"}
    assert all(p.notes["why"] for p in postings)  # every label has its reason beside it
    text = "\n".join(" ".join(p.sections.values()) for p in postings)
    for trap in ("HTML", "XML", "OCaml", "ReasonML", "EMAIL", "데이터베이스", "ChatGPT Plus", "인공지능", "기계학습"):
        assert trap in text, trap
    cases = {p.notes["case"] for p in postings}
    assert {"data_engineering", "llm_app", "data_scientist", "ai_sales", "ai_teaching", "research"} <= cases
    ai_elsewhere = [p for p in postings if not p.labels["ai_job"] and p.labels["ai_mention"]]
    assert len(ai_elsewhere) >= 100  # AI in the intro, the perks, a nice-to-have, or around the product
    assert sum(p.labels["ai_job"] and not p.labels["ai_mention"] for p in postings) >= 5  # data scientists


def test_evaluate_prints_every_taxonomy_and_ai_role_reaches_its_target():
    cli = str(Path(sys.executable).with_name("ai-job-share"))
    completed = subprocess.run([cli, "evaluate", str(GOLD)], capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    rows = {}
    for line in completed.stdout.splitlines():
        cells = line.split()
        if len(cells) == 10 and cells[2] in LABELS:
            rows[cells[0], cells[2]] = float(cells[5])
    assert {taxonomy for taxonomy, _ in rows} == set(available_taxonomies())
    assert rows["ai-role", "ai_job"] >= 0.9
    assert rows["ai-role", "ai_job"] > rows["wanted-2023", "ai_job"] + 0.2
    assert "wanted-2023 ai_job FP:" in completed.stdout and "evidence: AI in " in completed.stdout


def test_evaluate_fails_clearly_on_a_missing_file(tmp_path):
    cli = str(Path(sys.executable).with_name("ai-job-share"))
    completed = subprocess.run([cli, "evaluate", str(tmp_path / "nope.jsonl")], capture_output=True, text=True)
    assert completed.returncode == 2
    assert "no gold set at" in completed.stderr
