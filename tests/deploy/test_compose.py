"""Static checks of the docker-compose deployment: no Docker engine runs here or in CI, so what can be checked
without one is checked against the repository and the pinned Airflow itself.

Each check is a function returning the problems it finds; the ``test_*_fails_*`` tests feed it a broken copy of
the real files, so every check is shown to be able to fail.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import re
import shlex
from pathlib import Path, PurePosixPath

import pytest
import yaml
from airflow.dag_processing.dagbag import DagBag

from ai_job_share.orchestration.airflow_env import DAGS_FOLDER, REPO_ROOT

COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
DOCKERFILE = REPO_ROOT / "Dockerfile"
ENV_EXAMPLE = REPO_ROOT / ".env.example"
LOCK_FILE = REPO_ROOT / "requirements.lock"
PYPROJECT = REPO_ROOT / "pyproject.toml"

#: Where the DAGs' tasks run or their connections are resolved: the Celery worker runs them; the API server hands
#: connections to tasks through the Task Execution API; the triggerer runs deferred work; the scheduler and the DAG
#: processor run callbacks.
TASK_COMMANDS = {("celery", "worker"), ("api-server",), ("scheduler",), ("dag-processor",), ("triggerer",)}
REQUIRED_COMMANDS = TASK_COMMANDS
SHELLS = {"bash", "sh", "/bin/bash", "/bin/sh"}
SECRET_NAME = re.compile(r"(PASSWORD|SECRET|KEY)$")
VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}")


# ---------------------------------------------------------------------------------------------------------- inputs


def read_env_file(path: Path = ENV_EXAMPLE) -> dict[str, str]:
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def referenced_variables(compose_text: str) -> set[str]:
    """The ``${VAR}`` (with or without a default) the compose file takes from the environment; ``$${...}`` is a
    literal dollar sign for the container's shell, not a compose variable."""
    return {match.group(1) for match in VARIABLE.finditer(compose_text.replace("$$", ""))}


def interpolate(compose_text: str, env: dict[str, str]) -> str:
    """Docker Compose's variable substitution (``${VAR}``, ``${VAR:-default}``, ``${VAR-default}``,
    ``${VAR:?error}``, ``$$``), with ``env`` as the .env file."""

    def substitute(match: re.Match) -> str:
        name, operator, argument = match.group(1), match.group(2), match.group(3)
        value = env.get(name)
        if operator in (":-", ":?") and not value or operator in ("-", "?") and value is None:
            if operator.endswith("?"):
                raise ValueError(f"required variable {name} is not set: {argument}")
            return argument
        return value or ""

    parts = compose_text.split("$$")
    return "$".join(VARIABLE.sub(substitute, part) for part in parts)


def effective_compose(compose_text: str, env: dict[str, str]) -> dict:
    """The compose file as Docker Compose would run it with ``env`` as .env (merge keys resolved by YAML)."""
    return yaml.safe_load(interpolate(compose_text, env))


def environment_of(service: dict) -> dict[str, str]:
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.partition("=")[::2] for item in environment)
    return {name: "" if value is None else str(value) for name, value in environment.items()}


def as_argv(command) -> list[str]:
    return shlex.split(command) if isinstance(command, str) else [str(part) for part in command]


def airflow_commands(service: dict, root: Path) -> list[tuple[str, list[str]]]:
    """Every ``airflow ...`` command a service runs, as (where, argv without "airflow"): its command (the image's
    entrypoint runs a bare command as ``airflow <command>``), the airflow lines of a shell script it runs, and its
    healthcheck."""
    found = []
    if "command" in service:
        argv = as_argv(service["command"])
        if argv and argv[0] in SHELLS:
            found += [("command", cmd) for cmd in _airflow_in_shell(argv[1:], root)]
        elif argv and argv[0] == "airflow":
            found.append(("command", argv[1:]))
        elif argv:
            found.append(("command", argv))
    test = (service.get("healthcheck") or {}).get("test")
    if isinstance(test, list) and test and test[0] in ("CMD", "CMD-SHELL"):
        text = " ".join(test[1:]) if test[0] == "CMD" else test[1]
        found += [("healthcheck", cmd) for cmd in _airflow_in_script(text)]
    return found


def _airflow_in_shell(args: list[str], root: Path) -> list[list[str]]:
    if args[:1] == ["-c"]:
        return _airflow_in_script(args[1] if len(args) > 1 else "")
    if args:
        return _airflow_in_script(container_file(args[0], root).read_text(encoding="utf-8"))
    return []


def _airflow_in_script(script: str) -> list[list[str]]:
    """``airflow`` commands in a shell script: lines that start with one, and ``$(airflow ...)``."""
    commands = []
    for line in script.splitlines():
        for match in re.finditer(r"(?:^|\$\(|&&|\|\||;)\s*airflow((?:\s+[^\s;&|)]+)*)", line.strip()):
            argv = shlex.split(match.group(1))
            if argv:
                commands.append(argv)
    return commands


def container_file(path: str, root: Path) -> Path:
    """The repository file that the image holds at ``path`` (the Dockerfile copies the project to its WORKDIR)."""
    workdir = PurePosixPath(dockerfile_workdir(DOCKERFILE.read_text(encoding="utf-8")))
    return root / PurePosixPath(path).relative_to(workdir)


def dockerfile_workdir(text: str) -> str:
    return re.findall(r"^WORKDIR\s+(\S+)", text, flags=re.MULTILINE)[-1]


def locked_airflow_version(lock_text: str) -> str:
    (version,) = re.findall(r"^apache-airflow==(\S+)$", lock_text, flags=re.MULTILINE)
    return version


def locked_python_version(lock_text: str) -> str:
    (version,) = re.findall(r"--python-version\s+(\S+)", lock_text)
    return version


def dag_connection_ids() -> set[str]:
    """Every connection id the DAGs' operators use: the operators' ``*conn_id`` attributes."""
    bag = DagBag(dag_folder=str(DAGS_FOLDER))
    assert bag.import_errors == {}
    return {
        value
        for dag in bag.dags.values()
        for task in dag.tasks
        for name, value in vars(task).items()
        if name.endswith("conn_id") and isinstance(value, str) and value
    }


# ---------------------------------------------------------------------------------------------------------- checks


def check_paths(compose: dict, root: Path) -> list[str]:
    """Build contexts and bind-mounted host paths exist in the repository; named volumes are declared."""
    problems = []
    declared_volumes = set(compose.get("volumes") or {})
    for name, service in compose["services"].items():
        build = service.get("build")
        if build is not None:
            context = build if isinstance(build, str) else build.get("context", ".")
            dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
            if not (root / context).is_dir():
                problems.append(f"{name}: build context {context} does not exist")
            elif not (root / context / dockerfile).is_file():
                problems.append(f"{name}: {context}/{dockerfile} does not exist")
        for volume in service.get("volumes") or []:
            if isinstance(volume, dict):
                source, kind = volume.get("source", ""), volume.get("type")
            else:
                source = volume.split(":")[0]
                kind = "bind" if source.startswith((".", "/", "~")) else "volume"
            if kind == "bind":
                path = (root / source).resolve()
                if not path.exists():
                    problems.append(f"{name}: mounted host path {source} does not exist")
                elif not path.is_relative_to(root.resolve()):
                    problems.append(f"{name}: mounted host path {source} is outside the repository")
            elif kind == "volume" and source not in declared_volumes:
                problems.append(f"{name}: volume {source} is not declared under volumes:")
    return problems


def check_connections(compose: dict, conn_ids: set[str]) -> list[str]:
    """Every service that runs tasks (or hands connections to them) defines each DAG connection as AIRFLOW_CONN_*,
    as a URL Airflow parses into a postgres connection."""
    from airflow.models.connection import Connection

    problems = []
    task_services = [
        name
        for name, service in compose["services"].items()
        if any(
            tuple(argv[: len(cmd)]) == cmd for _, argv in airflow_commands(service, REPO_ROOT) for cmd in TASK_COMMANDS
        )
    ]
    if not task_services:
        problems.append("no service runs Airflow tasks")
    for name in task_services:
        environment = environment_of(compose["services"][name])
        for conn_id in sorted(conn_ids):
            variable = f"AIRFLOW_CONN_{conn_id.upper()}"
            if not environment.get(variable):
                problems.append(f"{name}: {variable} is not set (the DAGs use connection {conn_id})")
                continue
            try:
                connection = Connection(conn_id=conn_id, uri=environment[variable])
            except Exception as error:  # whatever Airflow raises for a malformed URI
                problems.append(f"{name}: {variable} is not a connection URI Airflow parses: {error}")
                continue
            if connection.conn_type != "postgres" or not connection.host or not connection.schema:
                problems.append(f"{name}: {variable} is not a postgres connection with a host and a database")
    return problems


def check_env_example(compose_text: str, env_example: dict[str, str]) -> list[str]:
    """.env.example names every variable the compose file uses, no other, and holds no real secret."""
    used = referenced_variables(compose_text)
    problems = [
        f"${{{name}}} is used in docker-compose.yml but missing from .env.example"
        for name in sorted(used - set(env_example))
    ]
    problems += [
        f".env.example sets {name}, which docker-compose.yml does not use" for name in sorted(set(env_example) - used)
    ]
    problems += [
        f".env.example: {name} must be the placeholder change-me, not a value"
        for name, value in env_example.items()
        if SECRET_NAME.search(name) and value != "change-me"
    ]
    return problems


def check_airflow_commands(compose: dict, root: Path) -> list[str]:
    """Each service's airflow commands parse with the pinned Airflow's own CLI parser (subcommands, options, choices),
    the components a CeleryExecutor deployment needs are all there, and Celery healthchecks name a real app."""
    from airflow.cli.cli_parser import get_parser

    parser = get_parser()
    problems, seen = [], set()
    for name, service in compose["services"].items():
        for where, argv in airflow_commands(service, root):
            stderr = io.StringIO()
            try:
                with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
                    parser.parse_args(argv)
            except SystemExit:
                error = (stderr.getvalue().strip().splitlines() or ["?"])[-1]
                problems.append(f"{name} {where}: `airflow {' '.join(argv)}` is not a valid command: {error}")
                continue
            if where == "command":
                seen.update(tuple(argv[:n]) for n in (1, 2))
        test = (service.get("healthcheck") or {}).get("test") or []
        for app in re.findall(r"celery --app (\S+)", " ".join(map(str, test))):
            module, _, attribute = app.rpartition(".")
            try:
                getattr(importlib.import_module(module), attribute)
            except (ImportError, AttributeError) as error:
                problems.append(f"{name} healthcheck: celery app {app} does not exist: {error}")
    problems += [f"no service runs `airflow {' '.join(cmd)}`" for cmd in sorted(REQUIRED_COMMANDS - seen)]
    return problems


def check_versions(compose: dict, dockerfile_text: str, lock_text: str, pyproject_text: str) -> list[str]:
    """The Airflow version of the image tags equals the apache-airflow pin of requirements.lock (and pyproject)."""
    version, python = locked_airflow_version(lock_text), locked_python_version(lock_text)
    problems = []
    bases = re.findall(r"^FROM\s+(\S+)", dockerfile_text, flags=re.MULTILINE)
    if bases != [f"apache/airflow:{version}-python{python}"]:
        problems.append(f"Dockerfile FROM {bases}, expected apache/airflow:{version}-python{python}")
    if f'"apache-airflow=={version}"' not in pyproject_text:
        problems.append(f"pyproject.toml does not pin apache-airflow=={version}")
    for name, service in compose["services"].items():
        image = service.get("image", "")
        repository, _, tag = image.rpartition(":")
        ours = repository == "apache/airflow" or service.get("build") is not None
        if ours and not re.fullmatch(rf"{re.escape(version)}(-python{re.escape(python)})?", tag):
            problems.append(f"{name}: image {image} does not carry Airflow {version} (python {python})")
    return problems


def check_airflow_settings(compose: dict) -> list[str]:
    """What Airflow 3 on Celery needs in every Airflow service: the executor, examples off, the Task Execution API
    on the API server, one JWT secret, DAG and plugin folders where dags/ and plugins/ are mounted, and sql/ beside
    plugins/ (the package finds it there)."""
    problems = []
    services = compose["services"]
    api_servers = [n for n, s in services.items() if as_argv(s.get("command", ""))[:1] == ["api-server"]]
    airflow_services = {n: s for n, s in services.items() if s.get("build") is not None}
    secrets = {environment_of(s).get("AIRFLOW__API_AUTH__JWT_SECRET") for s in airflow_services.values()}
    if len(secrets) != 1 or not next(iter(secrets)):
        problems.append(f"AIRFLOW__API_AUTH__JWT_SECRET differs between Airflow services or is empty: {secrets}")
    for name, service in airflow_services.items():
        env = environment_of(service)
        if env.get("AIRFLOW__CORE__EXECUTOR") != "CeleryExecutor":
            problems.append(f"{name}: AIRFLOW__CORE__EXECUTOR is not CeleryExecutor")
        if env.get("AIRFLOW__CORE__LOAD_EXAMPLES", "").lower() != "false":
            problems.append(f"{name}: AIRFLOW__CORE__LOAD_EXAMPLES is not 'false'")
        url = env.get("AIRFLOW__CORE__EXECUTION_API_SERVER_URL", "")
        match = re.fullmatch(r"http://([\w-]+):(\d+)/execution/", url)
        if not match or match.group(1) not in api_servers:
            problems.append(
                f"{name}: AIRFLOW__CORE__EXECUTION_API_SERVER_URL {url!r} is not an api-server's /execution/"
            )
        broker = re.fullmatch(r"redis://[^@]*@?([\w-]+):\d+/\d+", env.get("AIRFLOW__CELERY__BROKER_URL", ""))
        if not broker or broker.group(1) not in services:
            problems.append(f"{name}: AIRFLOW__CELERY__BROKER_URL is not the redis service")
        mounts = {
            volume.split(":")[0]: volume.split(":")[1]
            for volume in service.get("volumes") or []
            if isinstance(volume, str) and volume.startswith(".")
        }
        for folder, variable in (
            ("./dags", "AIRFLOW__CORE__DAGS_FOLDER"),
            ("./plugins", "AIRFLOW__CORE__PLUGINS_FOLDER"),
        ):
            if mounts.get(folder) != env.get(variable):
                problems.append(f"{name}: {variable} {env.get(variable)!r} is not where {folder} is mounted")
        if PurePosixPath(mounts.get("./sql", "/")).parent != PurePosixPath(mounts.get("./plugins", "/")).parent:
            problems.append(f"{name}: sql/ is not mounted beside plugins/")
    workers = [n for n, s in services.items() if as_argv(s.get("command", ""))[:2] == ["celery", "worker"]]
    for name in workers:
        if "container_name" in services[name] or services[name].get("ports"):
            problems.append(f"{name}: a container_name or a published port stops `--scale {name}=3`")
    return problems


# ---------------------------------------------------------------------------------------------------------- tests


@pytest.fixture(scope="module")
def compose_text() -> str:
    return COMPOSE_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def env_example() -> dict[str, str]:
    return read_env_file()


@pytest.fixture(scope="module")
def compose(compose_text, env_example) -> dict:
    return effective_compose(compose_text, env_example)


@pytest.fixture(scope="module")
def conn_ids() -> set[str]:
    return dag_connection_ids()


def broken(compose: dict) -> dict:
    """A copy to break: YAML anchors share one mapping between services, a JSON round trip gives each its own."""
    return json.loads(json.dumps(compose))


def test_compose_file_parses_with_the_services_of_the_layout(compose_text, compose):
    raw = yaml.safe_load(compose_text)
    assert isinstance(raw, dict) and isinstance(compose, dict)
    assert {
        "postgres",
        "redis",
        "airflow-init",
        "airflow-apiserver",
        "airflow-scheduler",
        "airflow-dag-processor",
        "airflow-triggerer",
        "airflow-worker",
    } <= set(compose["services"])


def test_build_contexts_and_mounted_paths_exist(compose):
    assert check_paths(compose, REPO_ROOT) == []


def test_paths_check_fails_on_a_missing_path(compose):
    bad = broken(compose)
    bad["services"]["airflow-worker"]["build"] = "./no-such-context"
    bad["services"]["postgres"]["volumes"].append("./deploy/no-such-folder:/x:ro")
    bad["services"]["redis"]["volumes"] = ["undeclared-volume:/data"]
    problems = check_paths(bad, REPO_ROOT)
    assert len(problems) == 3, problems


def test_the_dags_use_the_two_documented_connections(conn_ids):
    assert conn_ids == {"ai_job_share_source", "ai_job_share_warehouse"}


def test_every_task_running_service_defines_every_dag_connection(compose, conn_ids):
    assert check_connections(compose, conn_ids) == []
    env = environment_of(compose["services"]["airflow-worker"])
    assert env["AIRFLOW_CONN_AI_JOB_SHARE_WAREHOUSE"].endswith("@postgres:5432/ai_job_share_warehouse")
    assert env["AIRFLOW_CONN_AI_JOB_SHARE_SOURCE"].endswith("@postgres:5432/ai_job_share_source")


def test_connections_check_fails_on_a_missing_or_malformed_connection(compose, conn_ids):
    bad = broken(compose)
    del bad["services"]["airflow-worker"]["environment"]["AIRFLOW_CONN_AI_JOB_SHARE_SOURCE"]
    bad["services"]["airflow-scheduler"]["environment"]["AIRFLOW_CONN_AI_JOB_SHARE_WAREHOUSE"] = "mysql://h/db"
    problems = check_connections(bad, conn_ids)
    assert any(p.startswith("airflow-worker: AIRFLOW_CONN_AI_JOB_SHARE_SOURCE") for p in problems), problems
    assert any(p.startswith("airflow-scheduler: AIRFLOW_CONN_AI_JOB_SHARE_WAREHOUSE") for p in problems), problems
    assert check_connections(broken(compose), conn_ids | {"another_db"}) != []


def test_env_example_covers_every_variable_and_holds_only_placeholders(compose_text, env_example):
    assert check_env_example(compose_text, env_example) == []
    assert "AIRFLOW_JWT_SECRET" in referenced_variables(compose_text)
    assert "HOSTNAME" not in referenced_variables(compose_text)  # $${HOSTNAME} is the container's


def test_env_example_check_fails_on_a_missing_variable_or_a_real_secret(compose_text, env_example):
    problems = check_env_example(compose_text + "\n# ${NEW_SETTING:-x}\n", {**env_example, "AIRFLOW_JWT_SECRET": "abc"})
    assert len(problems) == 2, problems


def test_interpolation_follows_compose(env_example):
    env = {"SET": "v", "EMPTY": ""}
    text = "${SET} ${EMPTY:-d1} ${EMPTY-d2} ${UNSET-d3} ${UNSET:-d4} $${HOSTNAME} $$x"
    assert interpolate(text, env) == "v d1  d3 d4 ${HOSTNAME} $x"
    with pytest.raises(ValueError):
        interpolate("${UNSET:?needed}", env)


def test_every_airflow_command_is_valid_for_the_pinned_airflow(compose):
    assert check_airflow_commands(compose, REPO_ROOT) == []
    commands = {name: airflow_commands(service, REPO_ROOT) for name, service in compose["services"].items()}
    assert ("command", ["celery", "worker"]) in commands["airflow-worker"]
    assert ("command", ["db", "migrate"]) in commands["airflow-init"]  # from deploy/airflow-init.sh
    assert any(where == "healthcheck" for where, _ in commands["airflow-dag-processor"])


def test_airflow_command_check_fails_on_a_wrong_command(compose):
    bad = broken(compose)
    bad["services"]["airflow-worker"]["command"] = "celery wrker"
    bad["services"]["airflow-dag-processor"]["healthcheck"]["test"][1] = "airflow jobs check --job-type NoSuchJob"
    bad["services"]["airflow-triggerer"]["command"] = "trigerer"
    problems = check_airflow_commands(bad, REPO_ROOT)
    assert any("airflow-worker command" in p for p in problems), problems
    assert any("airflow-dag-processor healthcheck" in p for p in problems), problems
    assert any("airflow-triggerer command" in p for p in problems), problems
    assert "no service runs `airflow celery worker`" in problems


def test_celery_healthcheck_check_fails_on_a_wrong_app(compose):
    bad = broken(compose)
    bad["services"]["airflow-worker"]["healthcheck"]["test"][1] = "celery --app airflow.no_such_module.app inspect ping"
    assert any("celery app" in p for p in check_airflow_commands(bad, REPO_ROOT))


def test_the_warehouse_is_migrated_by_airflow_init():
    script = container_file("/opt/ai_job_share/deploy/airflow-init.sh", REPO_ROOT).read_text(encoding="utf-8")
    assert re.search(r"^ai-job-share migrate$", script, flags=re.MULTILINE)
    from ai_job_share.tools.cli import main

    with pytest.raises(SystemExit) as exit_info, contextlib.redirect_stdout(io.StringIO()):
        main(["migrate", "--help"])
    assert exit_info.value.code == 0


def test_image_tags_match_the_locked_airflow_version(compose):
    texts = (DOCKERFILE, LOCK_FILE, PYPROJECT)
    assert check_versions(compose, *(path.read_text(encoding="utf-8") for path in texts)) == []


def test_version_check_fails_on_a_different_airflow(compose):
    dockerfile, lock, pyproject = (path.read_text(encoding="utf-8") for path in (DOCKERFILE, LOCK_FILE, PYPROJECT))
    version = locked_airflow_version(lock)
    other = "9.9.9"
    assert check_versions(compose, dockerfile.replace(f":{version}-", f":{other}-"), lock, pyproject) != []
    bad = broken(compose)
    bad["services"]["airflow-worker"]["image"] = f"ai-job-share-airflow:{other}-python3.11"
    assert check_versions(bad, dockerfile, lock, pyproject) != []
    assert (
        check_versions(
            compose, dockerfile, lock.replace(f"apache-airflow=={version}", f"apache-airflow=={other}"), pyproject
        )
        != []
    )


def test_airflow_3_celery_settings(compose):
    assert check_airflow_settings(compose) == []


def test_airflow_settings_check_fails_on_a_wrong_setting(compose):
    bad = broken(compose)
    worker = bad["services"]["airflow-worker"]
    worker["environment"]["AIRFLOW__API_AUTH__JWT_SECRET"] = "another"
    worker["environment"]["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] = "http://airflow-worker:8080/execution/"
    worker["environment"]["AIRFLOW__CORE__LOAD_EXAMPLES"] = "true"
    worker["container_name"] = "worker"
    bad["services"]["airflow-scheduler"]["environment"]["AIRFLOW__CORE__DAGS_FOLDER"] = "/opt/airflow/dags"
    problems = check_airflow_settings(bad)
    assert len(problems) == 5, problems


def test_the_dockerfile_installs_the_lock_and_the_project_and_copies_what_exists():
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert re.search(r"pip install .*-r requirements\.lock", text)
    assert re.search(r"pip install .*--no-deps -e \.", text)
    ignored = {line.strip() for line in (REPO_ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()}
    for line in re.findall(r"^COPY\s+(?:--\S+\s+)*(.+)$", text, flags=re.MULTILINE):
        *sources, _destination = line.split()
        for source in sources:
            assert (REPO_ROOT / source).exists(), source
            assert source not in ignored, f"{source} is copied but .dockerignore leaves it out"
    assert dockerfile_workdir(text) == "/opt/ai_job_share"
