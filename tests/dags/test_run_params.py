"""Bad run parameters are refused before a run starts (the DAGs' Param schemas, checked when a run is created),
and the operators fail at once, without retries, on configuration errors a retry cannot fix."""

from __future__ import annotations

import pytest
from airflow.dag_processing.dagbag import DagBag
from airflow.exceptions import ParamValidationError
from airflow.sdk.exceptions import AirflowFailException
from airflow.serialization.serialized_objects import DagSerialization

from ai_job_share.orchestration.airflow_env import DAGS_FOLDER
from ai_job_share.orchestration.operators import IngestChunkOperator, PlanMonthOperator, PlanRetagOperator

BAG = DagBag(dag_folder=str(DAGS_FOLDER))


def _validate(dag_id: str, conf: dict) -> None:
    """What creating a run with ``conf`` checks: the scheduler's (serialized) DAG validates its params merged with
    the conf in ``create_dagrun``, for a trigger, a backfill and a scheduled run alike."""
    serialized = DagSerialization.from_dict(DagSerialization.to_dict(BAG.dags[dag_id]))
    serialized.params.deep_merge(conf).validate()


@pytest.mark.parametrize("taxonomies", ["", "strict", "strict, genai", "wanted-2023,extended"])
def test_the_reclassify_dag_accepts_taxonomy_ids(taxonomies):
    _validate("ai_job_share_reclassify", {"taxonomies": taxonomies})


@pytest.mark.parametrize("taxonomies", ["/srv/elsewhere/evil", "../evil", "strict,../../x", "nope", "strict;genai"])
def test_the_reclassify_dag_refuses_paths_and_unknown_taxonomies(taxonomies):
    with pytest.raises(ParamValidationError):
        _validate("ai_job_share_reclassify", {"taxonomies": taxonomies})


@pytest.mark.parametrize("conf", [{"lookback_months": 100000}, {"lookback_months": -1}, {"chunk_postings": 0}])
def test_the_monthly_dag_refuses_out_of_range_params(conf):
    with pytest.raises(ParamValidationError):
        _validate("ai_job_share_monthly", conf)


def test_the_monthly_dag_accepts_its_defaults():
    _validate("ai_job_share_monthly", {})


@pytest.mark.parametrize(
    ("operator", "message"),
    [
        (
            PlanRetagOperator(
                task_id="t1", warehouse_conn_id="nowhere", month="2022-03", taxonomies="/srv/elsewhere/evil"
            ),
            "not by path",
        ),
        (
            PlanRetagOperator(task_id="t2", warehouse_conn_id="nowhere", month="2022-03", taxonomies="nope"),
            "unknown taxonomy 'nope'",
        ),
        (
            PlanMonthOperator(
                task_id="t3",
                source_conn_id="nowhere",
                warehouse_conn_id="nowhere",
                month="2022-03",
                lookback_months="100000",
            ),
            r"lookback_months: 100000 is out of range",
        ),
        (
            PlanMonthOperator(
                task_id="t4",
                source_conn_id="nowhere",
                warehouse_conn_id="nowhere",
                month="2022-03",
                chunk_postings="0",
            ),
            r"chunk_postings: 0 is out of range",
        ),
        (
            IngestChunkOperator(
                task_id="t5",
                warehouse_conn_id="nowhere",
                chunk={"month": "2022-03", "load_id": 1},
                taxonomies="../evil",
            ),
            "not by path",
        ),
    ],
)
def test_configuration_errors_fail_at_once_without_retries(operator, message):
    # Before any connection is opened (the connection ids point nowhere): nothing is retried or written.
    with pytest.raises(AirflowFailException, match=message):
        operator.execute({})


def test_a_malformed_taxonomy_file_fails_at_once(monkeypatch, tmp_path):
    import ai_job_share.taxonomy as taxonomy_module

    (tmp_path / "broken.toml").write_text('id = "broken"\nversion = "one"\n', encoding="utf-8")
    monkeypatch.setattr(taxonomy_module, "TAXONOMY_DIR", tmp_path)
    operator = PlanRetagOperator(task_id="t6", warehouse_conn_id="nowhere", month="2022-03")
    with pytest.raises(AirflowFailException, match=r"broken.toml: version: must be a positive integer"):
        operator.execute({})
