"""The migration runner's rules that need no database: migration numbers, and when a baseline counts as applied."""

from __future__ import annotations

from pathlib import Path

import pytest

from ai_job_share.warehouse.migrations import MigrationError, _files, baseline_applied_before, replaced_names

REPLACES = ["warehouse/001_a.sql", "warehouse/002_b.sql", "warehouse/002_c.sql"]


def sql_dir(tmp_path: Path, *migrations: tuple[str, str]) -> Path:
    (tmp_path / "warehouse").mkdir()
    (tmp_path / "reporting").mkdir()
    (tmp_path / "reporting" / "functions.sql").write_text("SELECT 1;", encoding="utf-8")
    for name, text in migrations:
        (tmp_path / "warehouse" / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_two_migrations_of_one_number_are_refused(tmp_path):
    root = sql_dir(tmp_path, ("011_drop.sql", "SELECT 1;"), ("011_add.sql", "SELECT 2;"))
    with pytest.raises(MigrationError, match=r"share the number 011 \(011_add.sql, 011_drop.sql\)"):
        _files(root)


def test_a_number_a_baseline_replaced_stays_taken(tmp_path):
    baseline = "".join(f"-- replaces: {name}\n" for name in REPLACES)
    root = sql_dir(tmp_path, ("000_baseline.sql", baseline), ("002_new.sql", "SELECT 1;"))
    with pytest.raises(MigrationError, match="002_new.sql: number 002 belongs to a migration 000_baseline.sql"):
        _files(root)
    (root / "warehouse" / "002_new.sql").rename(root / "warehouse" / "003_new.sql")
    assert [path.name for path in _files(root)[0]] == ["000_baseline.sql", "003_new.sql"]


@pytest.mark.parametrize(
    ("recorded", "applied_before"),
    [
        ({}, False),  # a new warehouse: the baseline runs
        ({"reporting/functions.sql": "x"}, False),
        ({name: "x" for name in REPLACES}, True),  # every replaced migration applied: recorded, not run
    ],
)
def test_a_baseline_counts_as_applied_when_every_migration_it_replaces_was(recorded, applied_before):
    assert baseline_applied_before("warehouse/000_baseline.sql", REPLACES, recorded) is applied_before


def test_a_warehouse_with_part_of_the_replaced_migrations_is_refused_with_what_to_do():
    with pytest.raises(MigrationError) as refused:
        baseline_applied_before("warehouse/000_baseline.sql", REPLACES, {"warehouse/001_a.sql": "x"})
    message = str(refused.value)
    assert "up to warehouse/001_a.sql" in message
    assert "lacks (warehouse/002_b.sql, warehouse/002_c.sql)" in message
    assert "Nothing was changed" in message
    assert "git log -1 --format=%H --diff-filter=A -- sql/warehouse/000_baseline.sql" in message


def test_a_file_that_is_no_baseline_replaces_nothing():
    assert replaced_names("-- replaces nothing\nCREATE TABLE t (replaces text);") == []
    assert baseline_applied_before("warehouse/017_x.sql", [], {"warehouse/001_a.sql": "x"}) is False


def test_the_shipped_baseline_replaces_the_seventeen_migrations_before_it():
    versioned, _ = _files()
    assert versioned[0].name == "000_baseline.sql"
    replaced = replaced_names(versioned[0].read_text(encoding="utf-8"))
    assert len(replaced) == 17 and len(set(replaced)) == 17
    old = Path(__file__).parents[2] / "integration" / "warehouse" / "fixtures" / "migrations_before_baseline"
    assert replaced == [f"warehouse/{path.name}" for path in sorted(old.glob("*.sql"))]
