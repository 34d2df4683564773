"""`ai-job-share classify` and `taxonomies`, run as the installed console command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CLI = str(Path(sys.executable).with_name("ai-job-share"))


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([CLI, *args], input=stdin, capture_output=True, text=True, timeout=60)


def test_classify_writes_one_object_per_line_in_input_order():
    lines = [
        {"id": 3, "title": "백엔드 개발자", "body": "EMAIL, DETAIL, KAIST 우대"},
        {"id": "a", "title": "ML 엔지니어", "requirements": "머신 러닝 경험", "intro": "OpenAI API 활용"},
        {"id": 1, "main_tasks": "빅데이터 플랫폼"},
        {"id": 2},
    ]
    completed = run_cli("classify", stdin="".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines))
    assert completed.returncode == 0, completed.stderr
    output = [json.loads(line) for line in completed.stdout.splitlines()]
    assert output == [
        {"id": 3, "is_ai": False, "is_data": False, "matches": []},
        {"id": "a", "is_ai": True, "is_data": False, "matches": ["AI", "머신러닝"]},
        {"id": 1, "is_ai": False, "is_data": True, "matches": ["데이터"]},
        {"id": 2, "is_ai": False, "is_data": False, "matches": []},
    ]


def test_classify_reports_malformed_lines_with_their_number_and_exits_non_zero():
    stdin = (
        '{"id": 1, "title": "AI"}\nnot json\n{"title": "no id"}\n{"id": 4, "title": 5}\n{"id": 5, "title": "데이터"}\n'
    )
    completed = run_cli("classify", stdin=stdin)
    assert completed.returncode != 0
    assert "line 2" in completed.stderr and "line 3" in completed.stderr and "line 4" in completed.stderr
    assert [json.loads(line)["id"] for line in completed.stdout.splitlines()] == [1, 5]


def test_classify_refuses_an_unknown_taxonomy():
    completed = run_cli("classify", "--taxonomy", "nope", stdin='{"id": 1}\n')
    assert completed.returncode == 2
    assert "unknown taxonomy 'nope'" in completed.stderr


def test_taxonomies_lists_the_default_with_its_version():
    completed = run_cli("taxonomies")
    assert completed.returncode == 0
    assert "wanted-2023\tv1" in completed.stdout


def test_every_subcommand_help_says_what_it_reads_the_environment_and_the_exit_codes():
    from ai_job_share.tools.cli import _parser

    commands = next(action for action in _parser()._actions if action.dest == "command").choices
    assert {"explain", "issues", "doctor", "import", "classify", "serve"} <= set(commands)
    for name, command in commands.items():
        text = command.format_help()
        for part in ("reads and writes:", "environment variables:", "exit codes:"):
            assert part in text, f"`ai-job-share {name} --help` lacks {part!r}"
    assert "AI_JOB_SHARE_SOURCE_URL" in commands["import"].format_help()
    assert all(field in commands["classify"].format_help() for field in ("title", "main_tasks", "body"))
