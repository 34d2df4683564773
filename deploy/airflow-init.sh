#!/usr/bin/env bash
# airflow-init (docker-compose.yml): runs to completion on every `docker compose up`, before the other Airflow
# services start. Every step is idempotent.
#   1. refuses empty secrets and the placeholders of .env.example;
#   2. Airflow's metadata schema: airflow db migrate (also what an Airflow upgrade needs);
#   3. the admin login of Airflow's SimpleAuthManager: the password from .env, in the file the API server reads;
#   4. the warehouse schema: ai-job-share migrate (as ai_job_share_etl, which so owns the schemas).
set -euo pipefail

for name in AIRFLOW_ADMIN_PASSWORD AIRFLOW__CORE__FERNET_KEY AIRFLOW__API_AUTH__JWT_SECRET AIRFLOW__API__SECRET_KEY; do
  value="${!name:-}"
  if [[ -z "$value" || "$value" == change-me* ]]; then
    echo "airflow-init: $name is empty or still the placeholder of .env.example; set it in .env" >&2
    exit 1
  fi
done

echo "airflow-init: Airflow $(airflow version), migrating its metadata database"
airflow db migrate

echo "airflow-init: admin login"
python - <<'PY'
import json
import os

path = os.environ["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE"]
username = os.environ["AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS"].split(",")[0].split(":")[0]
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as file:
    json.dump({username: os.environ["AIRFLOW_ADMIN_PASSWORD"]}, file)
print(f"airflow-init: user {username!r} can log in with AIRFLOW_ADMIN_PASSWORD")
PY

echo "airflow-init: migrating the warehouse"
ai-job-share migrate

echo "airflow-init: done"
