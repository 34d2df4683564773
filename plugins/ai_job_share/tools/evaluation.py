"""How well each taxonomy agrees with people: precision, recall and F1 against a hand-labelled gold set. Pure.

A gold set is JSON Lines, one posting a line: ``id``, the text sections (``title``, ``intro``, ``main_tasks``,
``requirements``, ``preferred``, ``benefits`` or ``body``; any may be missing), and two labels a person decided
by reading the posting: ``ai_job`` (the role builds, trains, deploys or researches AI/ML models or AI features)
and ``ai_mention`` (the text mentions AI at all). Other keys (``lang``, ``case``, ``why``) are kept as notes.
A taxonomy's ``is_ai`` is its prediction for both labels.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ai_job_share.labelling.classify import Classification, Classifier
from ai_job_share.taxonomy import SECTIONS, Taxonomy

LABELS = ("ai_job", "ai_mention")
_NOTES = {"lang", "case", "why"}


class GoldSetError(ValueError):
    """A gold-set line is malformed; the message names the file, the line and what to fix."""


@dataclass(frozen=True)
class GoldPosting:
    id: str
    sections: dict[str, str]
    labels: dict[str, bool]
    notes: dict[str, str]


@dataclass(frozen=True)
class Score:
    taxonomy: str
    version: int
    label: str
    true_positives: int
    false_positives: int
    false_negatives: int
    true_negatives: int

    @property
    def precision(self) -> float:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 0.0

    @property
    def recall(self) -> float:
        actual = self.true_positives + self.false_negatives
        return self.true_positives / actual if actual else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass(frozen=True)
class Confusion:
    """A posting a taxonomy got wrong for a label: ``kind`` is ``FP`` (tagged, people say no) or ``FN``."""

    taxonomy: str
    label: str
    kind: str
    posting: GoldPosting
    result: Classification


def read_gold(path: Path) -> list[GoldPosting]:
    postings: list[GoldPosting] = []
    seen: set[str] = set()
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                raise GoldSetError(f"{where}: not valid JSON: {error.msg}") from None
            if not isinstance(record, dict):
                raise GoldSetError(f"{where}: each line must be a JSON object")
            postings.append(_posting(record, where, seen))
    if not postings:
        raise GoldSetError(f"{path}: no postings")
    return postings


def _posting(record: dict, where: str, seen: set[str]) -> GoldPosting:
    unknown = set(record) - {"id", *SECTIONS, *LABELS, *_NOTES}
    if unknown:
        raise GoldSetError(
            f"{where}: unknown keys {sorted(unknown)} (expected id, {', '.join(SECTIONS)}, labels, notes)"
        )
    posting_id = record.get("id")
    if not isinstance(posting_id, str | int) or isinstance(posting_id, bool) or str(posting_id) in seen:
        raise GoldSetError(f"{where}: id must be a unique string or number, got {posting_id!r}")
    seen.add(str(posting_id))
    labels = {}
    for label in LABELS:
        if not isinstance(record.get(label), bool):
            raise GoldSetError(
                f"{where}: {label} must be true or false (a person's judgement), got {record.get(label)!r}"
            )
        labels[label] = record[label]
    sections = {name: record[name] for name in SECTIONS if record.get(name) is not None}
    if any(not isinstance(text, str) for text in sections.values()) or not any(sections.values()):
        raise GoldSetError(f"{where}: the sections must be strings, and at least one must hold text")
    notes = {key: str(record[key]) for key in _NOTES if key in record}
    return GoldPosting(str(posting_id), sections, labels, notes)


def evaluate(postings: Sequence[GoldPosting], taxonomies: Iterable[Taxonomy]) -> tuple[list[Score], list[Confusion]]:
    """Scores per taxonomy and label (taxonomies in the given order, labels as LABELS), and every confusion."""
    taxonomies = list(taxonomies)
    classifier = Classifier(taxonomies)
    results = [classifier.classify(posting.sections) for posting in postings]
    scores, confusions = [], []
    for index, taxonomy in enumerate(taxonomies):
        for label in LABELS:
            counts = {"TP": 0, "FP": 0, "FN": 0, "TN": 0}
            for posting, posting_results in zip(postings, results, strict=True):
                result = posting_results[index]
                predicted, actual = result.is_ai, posting.labels[label]
                kind = ("T" if predicted == actual else "F") + ("P" if predicted else "N")
                counts[kind] += 1
                if kind in ("FP", "FN"):
                    confusions.append(Confusion(taxonomy.id, label, kind, posting, result))
            scores.append(
                Score(taxonomy.id, taxonomy.version, label, counts["TP"], counts["FP"], counts["FN"], counts["TN"])
            )
    return scores, confusions


def format_scores(scores: Sequence[Score]) -> str:
    header = ("taxonomy", "label", "precision", "recall", "F1", "TP", "FP", "FN", "TN")
    rows = [header]
    for score in scores:
        rows.append(
            (
                f"{score.taxonomy} v{score.version}",
                score.label,
                f"{score.precision:.3f}",
                f"{score.recall:.3f}",
                f"{score.f1:.3f}",
                *(
                    str(n)
                    for n in (score.true_positives, score.false_positives, score.false_negatives, score.true_negatives)
                ),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(
            cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def format_confusion(confusion: Confusion) -> str:
    """One line per case: which posting, what people said, and the evidence the taxonomy went by."""
    posting = confusion.posting
    evidence = "; ".join(
        f"{match.keyword} in {match.section}: …{match.snippet.replace(chr(10), ' ')}…"
        for match in confusion.result.matches
        if match.group == "ai"
    )
    why = posting.notes.get("why", "")
    title = posting.sections.get("title", "")
    return f"  {confusion.kind} {posting.id} {title!r}: {why or 'no note'}" + (
        f"\n      evidence: {evidence}" if evidence else ""
    )
