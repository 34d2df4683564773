"""No credential is committed: passwords come from Airflow connections or the environment only.

Every tracked file is scanned except tests/, whose throwaway servers get visibly fake passwords ("etl-secret").
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# Values that are visibly not secrets: placeholders, variable references, and the fake one a test uses.
PLACEHOLDER = re.compile(r"^(change-me.*|\.\.\.|.*\$\{.*|\$\w+|<[^>]+>|\*+|[A-Z_]+)$")
ASSIGNED = re.compile(r"""(?i)(?:password|passwd|secret|token)\w*["']?\s*(?:=|:\s)\s*["']([^"'\s]+)["']""")
IN_URL = re.compile(r"://[^/\s:@'\"]+:([^@\s/'\"]+)@")


def tracked_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    return [REPO / name for name in listed.splitlines() if not name.startswith("tests/") and not name.endswith(".lock")]


def test_no_password_is_written_in_the_repository():
    found = []
    for path in tracked_files():
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for pattern in (ASSIGNED, IN_URL):
            for match in pattern.finditer(text):
                if not PLACEHOLDER.match(match.group(1)):
                    found.append(f"{path.relative_to(REPO)}: {match.group(0)}")
    assert found == []


def test_the_scan_would_see_a_committed_password():
    assert ASSIGNED.search('password = "hunter2"').group(1) == "hunter2"
    assert ASSIGNED.search('AIRFLOW_DB_PASSWORD: "hunter2"').group(1) == "hunter2"
    assert IN_URL.search("postgresql://etl:hunter2@db:5432/warehouse").group(1) == "hunter2"
    assert not PLACEHOLDER.match("hunter2")


def test_env_files_with_secrets_are_ignored_and_only_the_example_is_committed():
    listed = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    names = {Path(name).name for name in listed.splitlines()}
    assert ".env.example" in names and ".env" not in names
    ignored = subprocess.run(["git", "check-ignore", ".env"], cwd=REPO, capture_output=True, text=True)
    assert ignored.returncode == 0
