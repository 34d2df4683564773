"""Taxonomies are only data: no code outside the taxonomy folder names a taxonomy id.

Read: every string literal of the package and the DAGs that is not a docstring (comments and docstrings may give
an id as an example), and every quoted literal of the SQL that is not a COMMENT (column documentation). Left out:
the synthetic board's generator (``seed``), whose posting traits (``genai``: generative-AI work) are its own
vocabulary, not taxonomies. The integration test tests/integration/taxonomy/test_taxonomy_registry.py adds a fifth
taxonomy file and finds it everywhere; this one keeps a named taxonomy from creeping back in.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from ai_job_share.taxonomy import TAXONOMY_DIR, available_taxonomies

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = TAXONOMY_DIR.parent
IDS = available_taxonomies()
NAMED = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, IDS)) + r")(?![\w-])")


def _outside_the_taxonomy_folder(folder: Path, pattern: str) -> list[Path]:
    return [
        path
        for path in sorted(folder.rglob(pattern))
        if TAXONOMY_DIR not in path.parents and not {"seed", "__pycache__"} & set(path.relative_to(folder).parts)
    ]


def _strings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    documented = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, documented) and node.body and isinstance(node.body[0], ast.Expr)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
    ]


def test_the_taxonomies_are_found():
    assert len(IDS) >= 4 and NAMED.search("x wanted-2023 y")


def test_no_python_outside_the_taxonomy_folder_names_a_taxonomy():
    files = _outside_the_taxonomy_folder(PACKAGE, "*.py") + sorted((ROOT / "dags").glob("*.py"))
    named = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in files
        for line, text in _strings(path)
        if NAMED.search(text)
    ]
    assert named == []


def test_no_sql_outside_comments_names_a_taxonomy():
    named = []
    for path in _outside_the_taxonomy_folder(ROOT / "sql", "*.sql"):
        if path.name.endswith("generator_truth.sql"):
            continue  # the generator's traits (see the module's docstring)
        text = re.sub(r"--[^\n]*", "", path.read_text(encoding="utf-8"))
        text = re.sub(r"(?is)COMMENT ON .*?;", "", text)
        named += [
            f"{path.relative_to(ROOT)}: {found!r}"
            for found in re.findall(r"'(?:[^']|'')*'", text)
            if NAMED.search(found)
        ]
    assert named == []
