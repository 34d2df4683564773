"""The dashboard bundle in bi/assets: every reference resolves, and provisioning puts the warehouse URI in."""

from __future__ import annotations

import importlib.util
import zipfile

import yaml

from ai_job_share.tools.bi import BI_DIR

ASSETS = BI_DIR / "assets"


def _load(kind: str) -> dict[str, dict]:
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in (ASSETS / kind).rglob("*.yaml")}


def _provision_module():
    spec = importlib.util.spec_from_file_location("bi_provision", BI_DIR / "provision.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_reference_of_the_bundle_resolves():
    databases, datasets, charts = _load("databases"), _load("datasets"), _load("charts")
    (dashboard,) = _load("dashboards").values()
    database_uuids = {database["uuid"] for database in databases.values()}
    dataset_uuids = {dataset["uuid"] for dataset in datasets.values()}
    assert all(dataset["database_uuid"] in database_uuids for dataset in datasets.values())
    assert all(dataset["schema"] == "reporting" for dataset in datasets.values())
    assert all(chart["dataset_uuid"] in dataset_uuids for chart in charts.values())
    placed = {
        item["meta"]["uuid"]
        for item in dashboard["position"].values()
        if isinstance(item, dict) and item.get("type") == "CHART"
    }
    assert placed == {chart["uuid"] for chart in charts.values()}, "every chart on the dashboard, once"
    (taxonomy_filter,) = dashboard["metadata"]["native_filter_configuration"]
    assert taxonomy_filter["targets"][0]["datasetUuid"] in dataset_uuids
    assert taxonomy_filter["targets"][0]["column"]["name"] == "taxonomy_id"


def test_every_column_a_chart_names_is_a_column_of_its_dataset():
    datasets = {dataset["uuid"]: dataset for dataset in _load("datasets").values()}
    for name, chart in _load("charts").items():
        columns = {column["column_name"] for column in datasets[chart["dataset_uuid"]]["columns"]}
        params = chart["params"]
        named = [c for c in params.get("all_columns", []) + params.get("groupby", []) if isinstance(c, str)]
        named += [params[key] for key in ("x_axis",) if key in params]
        assert set(named) <= columns, f"{name}: {set(named) - columns}"


def test_the_bundle_carries_the_given_warehouse_uri(tmp_path):
    bundle = tmp_path / "bundle.zip"
    uri = "postgresql+psycopg2://ai_job_share_bi@db.example:5432/ai_job_share_warehouse"
    _provision_module().write_bundle(bundle, uri)
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        database = yaml.safe_load(archive.read("ai_job_share_dashboard/databases/ai_job_share_warehouse.yaml"))
    assert "ai_job_share_dashboard/metadata.yaml" in names
    assert len(names) == len(list(ASSETS.rglob("*.yaml")))
    assert database["sqlalchemy_uri"] == uri
