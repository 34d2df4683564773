"""Every data file of the package is shipped: pyproject.toml's package-data covers each file under
plugins/ai_job_share that is not Python (an editable install reads the tree, a wheel carries only those)."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "plugins" / "ai_job_share"


def test_package_data_covers_every_data_file():
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    patterns = setuptools["package-data"]["ai_job_share"]
    data = {path for path in PACKAGE.rglob("*") if path.is_file() and path.suffix not in (".py", ".pyc")}
    shipped = {path for pattern in patterns for path in PACKAGE.glob(pattern)}
    assert sorted(str(path.relative_to(PACKAGE)) for path in data - shipped) == []
