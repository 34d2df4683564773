"""The labeller against the reference classifier, in memory, on one core: postings/s and MB/s.

    .venv/bin/python benchmarks/bench_labeller.py                 # ~20,000 postings, best of 3
    .venv/bin/python benchmarks/bench_labeller.py --postings 50000 --repeat 5

The postings come from the project's generator (``ai_job_share.tools.seed``, one month), as the COPY text-format fields
the pipeline reads (``copy_text.escape``). Every enabled taxonomy at once. Timed:

- ``Labeller`` (re2): the fields as they are;
- ``Labeller`` (python): the fallback, which decodes the fields and runs the reference Classifier;
- the reference ``Classifier``, per match engine: from the fields (decoded with ``copy_text.unescape``, as the
  labeller's callers would otherwise do), and from text already decoded.

MB/s counts the bytes of the six escaped fields. No database is needed.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from ai_job_share.labelling.classify import Classifier
from ai_job_share.labelling.labeller import Labeller
from ai_job_share.labelling.match_engines import PYTHON, RE2, available_engines
from ai_job_share.layout import SECTIONS as POSTING_SECTIONS
from ai_job_share.source import copy_text
from ai_job_share.taxonomy import enabled_taxonomies
from ai_job_share.tools.seed import generate

TARGET = 100_000  # postings/s for the re2 labeller


def corpus(postings: int, seed: int) -> list[list[bytes]]:
    """About ``postings`` generated postings of one month (developer and other), as escaped fields."""
    developer = max(1, round(postings / 1.5))
    _, generated = generate(
        seed=seed, first_month="2023-03", last_month="2023-03", developer_postings_per_month=developer
    )
    return [[copy_text.escape(text) for text in (*posting.text_parts(), None)] for posting in generated][:postings]


def best_of(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postings", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)

    taxonomies = enabled_taxonomies()
    started = time.perf_counter()
    rows = corpus(args.postings, args.seed)
    mb = sum(len(field) for fields in rows for field in fields) / 1e6
    decoded = [dict(zip(POSTING_SECTIONS, map(copy_text.unescape, fields), strict=True)) for fields in rows]
    print(
        f"{len(rows):,} generated postings ({mb:.1f} MB of COPY text fields, {mb * 1e6 / len(rows):,.0f} bytes each), "
        f"taxonomies {', '.join(t.id for t in taxonomies)}; generated in {time.perf_counter() - started:.1f} s; "
        f"best of {args.repeat}:"
    )

    def report(label: str, seconds: float) -> float:
        rate = len(rows) / seconds
        print(f"  {label:<46} {seconds:7.3f} s  {rate:10,.0f} postings/s  {mb / seconds:7.1f} MB/s")
        return rate

    # Whole source rows as ingest reads them (label_row): the sections between the row's other fields.
    head, tail = (
        [b"2023-03-01", b"1", b"7", b"50", b"\xea\xb0\x9c\xeb\xb0\x9c", b"backend"],
        [b"3", b"\\N", b"x", b"x", b"open"],
    )
    whole_rows = [b"\t".join([*head, *fields, *tail]) + b"\n" for fields in rows]
    rates: dict[str, float] = {}
    for engine in available_engines()[::-1]:  # re2 first
        labeller = Labeller(taxonomies, engine=engine, sections_at=len(head))
        label, label_row = labeller.label, labeller.label_row
        rates[f"labeller {engine}"] = report(
            f"Labeller ({engine}), whole rows (label_row)",
            best_of(args.repeat, lambda label_row=label_row: [label_row(row) for row in whole_rows]),
        )
        report(
            f"Labeller ({engine}), sections (label)",
            best_of(args.repeat, lambda label=label: [label(fields) for fields in rows]),
        )
    for engine in available_engines()[::-1]:
        classify = Classifier(taxonomies, engine=engine).classify
        unescape = copy_text.unescape

        def from_fields(classify=classify, unescape=unescape) -> None:
            for fields in rows:
                classify(dict(zip(POSTING_SECTIONS, map(unescape, fields), strict=True)))

        report(f"reference Classifier ({engine}), from the fields", best_of(args.repeat, from_fields))
        report(
            f"reference Classifier ({engine}), decoded text",
            best_of(args.repeat, lambda classify=classify: [classify(texts) for texts in decoded]),
        )

    if RE2 in available_engines():
        fast, slow = Labeller(taxonomies, engine=RE2), Labeller(taxonomies, engine=PYTHON)
        differences = sum(fast.label(fields) != slow.label(fields) for fields in rows)
        rate = rates[f"labeller {RE2}"]
        print(f"re2 labeller: {rate:,.0f} postings/s (target >= {TARGET:,}: {'met' if rate >= TARGET else 'NOT MET'})")
        print(f"re2 and python labellers disagree on {differences} postings")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
