# The Airflow image of ai-job-share: the official image of the pinned Airflow release, the project's locked
# dependencies (requirements.lock) and the project itself, installed editable from /opt/ai_job_share so that the
# dags/, plugins/ and sql/ that docker-compose.yml mounts there are the code that runs.
# Keep the version in the tag equal to the apache-airflow pin in requirements.lock (tests/deploy checks it); an
# upgrade is described in docs/operations.md.
FROM apache/airflow:3.3.2-python3.11

USER root
# The project's folder, and the mount points of the auth and reports volumes (a new volume takes their owner).
RUN mkdir -p /opt/ai_job_share /opt/airflow/auth /opt/airflow/reports \
 && chown airflow:0 /opt/ai_job_share /opt/airflow/auth /opt/airflow/reports \
 && chmod g+rwx /opt/ai_job_share /opt/airflow/auth /opt/airflow/reports
USER airflow
WORKDIR /opt/ai_job_share

# Dependencies first: a code change does not reinstall them.
COPY --chown=airflow:0 requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock

COPY --chown=airflow:0 pyproject.toml README.md ./
COPY --chown=airflow:0 plugins ./plugins
COPY --chown=airflow:0 dags ./dags
COPY --chown=airflow:0 sql ./sql
COPY --chown=airflow:0 deploy ./deploy
RUN pip install --no-cache-dir --no-deps -e .

ENV AIRFLOW__CORE__DAGS_FOLDER=/opt/ai_job_share/dags \
    AIRFLOW__CORE__PLUGINS_FOLDER=/opt/ai_job_share/plugins \
    AIRFLOW__CORE__LOAD_EXAMPLES=false
