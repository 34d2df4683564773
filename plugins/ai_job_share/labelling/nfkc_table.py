"""Writes the labeller's shipped table of NFKC-stable ranges (``labeller.NFKC_TABLE``) from the running Python's
``unicodedata``: ``.venv/bin/python -m ai_job_share.labelling.nfkc_table``. Run it when the unit test comparing the
table with the scan fails (a Python with another Unicode version, or a change to the scan), under the Python the
deployment runs: the table is used only under the Unicode version it was computed under."""

from __future__ import annotations

import json
import unicodedata

from ai_job_share.labelling.labeller import NFKC_TABLE, scan_nfkc_stable_ranges


def table_text(unidata_version: str, ranges: tuple[tuple[int, int], ...]) -> str:
    """The table as JSON, one range a line (so a change reads as a short diff)."""
    lines = ",\n".join(f"    {json.dumps([low, high])}" for low, high in ranges)
    return f'{{\n  "unidata_version": {json.dumps(unidata_version)},\n  "ranges": [\n{lines}\n  ]\n}}\n'


def current_table_text() -> str:
    """What the table should hold under the running Python."""
    return table_text(unicodedata.unidata_version, scan_nfkc_stable_ranges())


if __name__ == "__main__":
    NFKC_TABLE.write_text(current_table_text(), encoding="utf-8")
    print(f"wrote {NFKC_TABLE} (Unicode {unicodedata.unidata_version})")
