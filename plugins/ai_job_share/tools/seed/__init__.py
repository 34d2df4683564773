"""The synthetic job board: a deterministic generator of companies and postings with recorded ground truth
(``generator``, pure) and the writer that loads it into a PostgreSQL source database (``writer``)."""

from ai_job_share.tools.seed.generator import (
    DEVELOPER_GROUP,
    Company,
    MonthSummary,
    Posting,
    generate,
    posting_reference_flags,
    reference_flags,
    summarize,
)
from ai_job_share.tools.seed.writer import SeedRefused, SeedSummary, apply_source_schema, seed_source

__all__ = [
    "DEVELOPER_GROUP",
    "Company",
    "MonthSummary",
    "Posting",
    "SeedRefused",
    "SeedSummary",
    "apply_source_schema",
    "generate",
    "posting_reference_flags",
    "reference_flags",
    "seed_source",
    "summarize",
]
