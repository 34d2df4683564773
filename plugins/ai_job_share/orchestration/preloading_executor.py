"""A LocalExecutor whose worker processes have the DAG files' modules imported before they fork task processes.

Airflow's LocalExecutor forks its workers from the scheduler, and each worker forks one process per task, which
parses the DAG file: every task imports this project's operators and what they use (common-sql, the Postgres
hook, psycopg, the pipeline) anew, about 0.35 CPU seconds, for 136 tasks in the demo's backfill. Importing them
once in the scheduler, before the workers are forked, lets every task process inherit them; parsing the DAG file
then costs a few milliseconds. It is what Airflow's DAG processor does for the ``airflow.*`` modules a DAG file
imports (``[dag_processor] parsing_pre_import_modules``), done here for every module the DAG files import.

Select it with ``AIRFLOW__CORE__EXECUTOR=ai_job_share.orchestration.preloading_executor.PreloadingLocalExecutor``
(``make demo`` does); it behaves as the LocalExecutor otherwise.
"""

from __future__ import annotations

import ast
import importlib
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from airflow.executors.local_executor import LocalExecutor

log = logging.getLogger(__name__)


def imported_modules(dag_file: Path) -> Iterator[str]:
    """The absolute imports of a Python file, in order (``from x import y`` gives ``x``)."""
    for node in ast.walk(ast.parse(dag_file.read_bytes(), filename=str(dag_file))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


def preload(dag_files: Iterable[Path]) -> list[str]:
    """Import every module the DAG files import; returns those imported. A module that fails to import is left
    for the task to import (and report) itself."""
    loaded = []
    for dag_file in dag_files:
        for module in imported_modules(dag_file):
            if module in loaded:
                continue
            try:
                importlib.import_module(module)
            except Exception as error:  # the task's own parse reports it properly
                log.warning("could not pre-import %s (from %s): %s", module, dag_file, error)
            else:
                loaded.append(module)
    return loaded


class PreloadingLocalExecutor(LocalExecutor):
    """LocalExecutor that imports the DAG files' modules before it starts (forks) its workers."""

    def start(self) -> None:
        from airflow.configuration import conf

        dags_folder = Path(conf.get("core", "dags_folder"))
        modules = preload(sorted(dags_folder.glob("*.py")))
        log.info("pre-imported %d modules of the DAG files in %s", len(modules), dags_folder)
        super().start()
