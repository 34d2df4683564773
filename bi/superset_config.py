"""Superset's configuration for the ai-job-share dashboard (read by Superset through SUPERSET_CONFIG_PATH).

Everything local, nothing fetched from the internet: Superset's own metadata in a SQLite file under
AI_JOB_SHARE_BI_HOME (default .demo/superset), no example data, no thumbnails, no async queries. The warehouse
connection itself is not configured here: it is a file of the dashboard bundle (bi/assets/databases/), imported by
bi/provision.py with the BI role's URI.
"""

import os
from pathlib import Path

BI_HOME = Path(os.environ.get("AI_JOB_SHARE_BI_HOME") or Path(__file__).resolve().parents[1] / ".demo" / "superset")
BI_HOME.mkdir(parents=True, exist_ok=True)

# Superset refuses to start with its placeholder key; provision.py writes a random one per installation.
SECRET_KEY = os.environ.get("SUPERSET_SECRET_KEY") or (BI_HOME / "secret_key").read_text(encoding="utf-8").strip()
SQLALCHEMY_DATABASE_URI = os.environ.get("SUPERSET_DATABASE_URI") or f"sqlite:///{BI_HOME / 'superset.db'}"
DATA_DIR = str(BI_HOME)

# A local tool on plain HTTP: no HTTPS redirects or CSP nonces from Talisman, no examples, no telemetry.
TALISMAN_ENABLED = False
CONTENT_SECURITY_POLICY_WARNING = False
SUPERSET_LOAD_EXAMPLES = False
FEATURE_FLAGS = {"THUMBNAILS": False, "GLOBAL_ASYNC_QUERIES": False, "ALERT_REPORTS": False}
# The views change only when the DAG refreshes them: do not cache chart data, so a reload shows the refresh.
DATA_CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
EXPLORE_FORM_DATA_CACHE_CONFIG = {"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": 3600}
FILTER_STATE_CACHE_CONFIG = {"CACHE_TYPE": "SimpleCache", "CACHE_DEFAULT_TIMEOUT": 3600}
