"""Database and role names from one prefix (AI_JOB_SHARE_DB_PREFIX), without a server."""

from __future__ import annotations

import pytest
from psycopg.conninfo import conninfo_to_dict

from ai_job_share import databases

SERVER = "postgresql://setup@db.example:5433/postgres"


def test_the_prefix_names_the_databases_and_the_roles(monkeypatch):
    monkeypatch.setenv(databases.PREFIX_ENV, "acme_ai")
    dbs = databases.databases_on(SERVER)
    assert dbs.prefix == "acme_ai"
    assert dbs.roles == databases.Roles("acme_ai_source_reader", "acme_ai_etl", "acme_ai_bi", "acme_ai_airflow")
    wanted = {
        "source_url": ("acme_ai_source", "setup"),
        "source_reader_url": ("acme_ai_source", "acme_ai_source_reader"),
        "warehouse_url": ("acme_ai_warehouse", "acme_ai_etl"),
        "warehouse_admin_url": ("acme_ai_warehouse", "setup"),
        "airflow_url": ("acme_ai_airflow", "acme_ai_airflow"),
    }
    for field, (dbname, user) in wanted.items():
        params = conninfo_to_dict(getattr(dbs, field))
        assert (params["dbname"], params["user"]) == (dbname, user)
        assert (params["host"], params["port"]) == ("db.example", "5433")


def test_without_a_setting_the_names_are_the_historical_ones(monkeypatch):
    monkeypatch.delenv(databases.PREFIX_ENV, raising=False)
    dbs = databases.databases_on(SERVER)
    assert conninfo_to_dict(dbs.warehouse_url)["dbname"] == "ai_job_share_warehouse"
    assert dbs.roles.bi == "ai_job_share_bi"


@pytest.mark.parametrize("prefix", ["Acme", "acme-ai", "1acme", "a" * 49, 'x"; DROP ROLE postgres; --'])
def test_a_prefix_that_is_not_a_plain_name_is_refused(monkeypatch, prefix):
    monkeypatch.setenv(databases.PREFIX_ENV, prefix)
    with pytest.raises(databases.ConfigurationError, match=databases.PREFIX_ENV):
        databases.databases_on(SERVER)


def test_the_setup_files_take_their_role_names_from_the_prefix():
    roles = databases.Roles.for_prefix("acme_ai")
    for name in ("setup/roles.sql", "setup/source_grants.sql"):
        text = databases._setup_sql(name, roles).as_string(None)
        assert "ai_job_share_" not in text.replace("ai_job_share.", "")
        assert '"acme_ai_source_reader"' in text


def test_the_compose_init_script_uses_the_default_names():
    """deploy/postgres-init creates, by hand, what create_databases creates under the default prefix."""
    from ai_job_share.orchestration.airflow_env import REPO_ROOT

    script = (REPO_ROOT / "deploy" / "postgres-init" / "10-ai-job-share.sh").read_text(encoding="utf-8")
    dbs = databases.databases_on(SERVER, prefix=databases.DEFAULT_PREFIX)
    for name in (dbs.roles.source_reader, dbs.roles.etl, dbs.roles.bi):
        assert f"'{name}'" in script
    for url in (dbs.source_url, dbs.warehouse_url):
        assert f"'{conninfo_to_dict(url)['dbname']}'" in script
