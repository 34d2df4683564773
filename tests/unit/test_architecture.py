"""The package's layers hold (read from the source with ``ast``, nothing imported): what Airflow workers run never
reaches ``ai_job_share.tools``, and the pure parts reach neither Airflow nor a database driver. Imports are followed
through the package, so a pure module cannot reach psycopg by way of another of our modules either."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

import ai_job_share

PACKAGE = Path(ai_job_share.__file__).resolve().parent
#: What Airflow workers import: the runtime subpackages and the shared top-level modules.
RUNTIME = ["source", "labelling", "warehouse", "reporting", "orchestration", "taxonomy"]
SHARED = ["layout", "months", "limits", "sql_files", "databases"]
#: Pure: tested without a database, importable without Airflow.
PURE = ["labelling", "taxonomy", "layout", "months"]
FORBIDDEN_IN_PURE = ("airflow", "psycopg", "psycopg2")


def module_file(name: str) -> Path | None:
    """The file of module ``ai_job_share...`` ``name``, if it is one of ours."""
    if name != "ai_job_share" and not name.startswith("ai_job_share."):
        return None
    path = PACKAGE.joinpath(*name.split(".")[1:])
    for candidate in (path.with_suffix(".py"), path / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def direct_imports(path: Path) -> frozenset[str]:
    """Every module ``path`` imports (anywhere in it, function bodies included), with the parent packages that
    importing it runs."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names if module_file(f"{base}.{alias.name}"))
    with_parents = set(names)
    for name in names:
        parts = name.split(".")
        with_parents.update(".".join(parts[:i]) for i in range(1, len(parts)))
    return frozenset(with_parents)


def reachable(path: Path) -> dict[str, list[str]]:
    """Every module ``path`` imports, directly or through our modules: name -> the chain of our modules to it."""
    chains: dict[str, list[str]] = {}
    todo = [(path, [module_name(path)])]
    seen = {path}
    while todo:
        current, chain = todo.pop()
        for name in direct_imports(current):
            chains.setdefault(name, chain)
            target = module_file(name)
            if target and target not in seen:
                seen.add(target)
                todo.append((target, [*chain, name]))
    return chains


def modules_of(names: list[str]) -> list[Path]:
    paths = []
    for name in names:
        folder = PACKAGE / name
        paths += sorted(folder.rglob("*.py")) if folder.is_dir() else [PACKAGE / f"{name}.py"]
    return paths


def test_the_layers_cover_every_module():
    """A new top-level module or subpackage is placed in a layer (or in tools) on purpose."""
    placed = set(RUNTIME) | set(SHARED) | {"tools", "__init__"}
    found = {path.stem if path.is_file() else path.name for path in PACKAGE.iterdir() if path.name != "__pycache__"}
    found = {name for name in found if not name.endswith(".egg-info")}
    assert found <= placed, f"place {sorted(found - placed)} in RUNTIME, SHARED or tools (in this test)"


@pytest.mark.parametrize("path", modules_of(RUNTIME + SHARED), ids=lambda path: module_name(path))
def test_runtime_modules_never_reach_the_tools(path):
    tools = {name: chain for name, chain in reachable(path).items() if name.startswith("ai_job_share.tools")}
    assert not tools, "\n".join(f"{' -> '.join(chain)} imports {name}" for name, chain in sorted(tools.items()))


@pytest.mark.parametrize("path", modules_of(PURE), ids=lambda path: module_name(path))
def test_pure_modules_reach_neither_airflow_nor_a_database_driver(path):
    bad = {
        name: chain
        for name, chain in reachable(path).items()
        if name.split(".")[0] in FORBIDDEN_IN_PURE or name.startswith("ai_job_share.tools")
    }
    assert not bad, "\n".join(f"{' -> '.join(chain)} imports {name}" for name, chain in sorted(bad.items()))
