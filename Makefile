# Two commands for a fresh machine: `make demo` (the 2022-01..2023-05 backfill, end to end) and `make test`.
# Both bootstrap .venv from the pinned requirements.lock first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-bi bi lint bench bench-backfill bench-demo bench-reporting clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.9
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

# Superset in its own environment (its dependencies differ from Airflow's), pinned by bi/requirements.lock.
BI_VENV := .venv-bi
BI_STAMP := $(BI_VENV)/.installed

$(BI_STAMP): bi/requirements.lock | $(STAMP)
	test -x $(BI_VENV)/bin/python || $(PYTHON) -m venv $(BI_VENV)
	$(BIN)/uv pip sync --quiet --python $(BI_VENV)/bin/python bi/requirements.lock
	touch $(BI_STAMP)

demo: $(STAMP)
	$(BIN)/ai-job-share demo

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Superset with the dashboard (bi/) on the demo's warehouse, after `make demo`; Ctrl-C stops it.
bi: $(STAMP) $(BI_STAMP)
	$(BIN)/ai-job-share bi

# The dashboard in a real browser: Debian's chromium (installed here when missing and we may), Superset, a warehouse.
test-bi: $(STAMP) $(BI_STAMP)
	command -v chromium >/dev/null && fc-list | grep -q "Noto Sans CJK" || \
		{ test "$$(id -u)" = 0 && apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }
	$(BIN)/python -m pytest -m bi tests/bi $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# One month (default 200,000 postings) through extract -> classify -> load, against the COPY read limit and a naive
# pandas baseline, in scratch databases (prints figures). E.g. BENCH_ARGS="--postings 1000000 --repeat 1 --skip-naive"
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_month.py $(BENCH_ARGS)

# The 17-month backfill through airflow standalone, against a no-op DAG of the same shape (prints figures).
bench-backfill: $(STAMP)
	$(BIN)/python benchmarks/bench_backfill.py $(BENCH_ARGS)

# make demo from a clean demo folder: each phase, the total (target 90 s on a quiet machine), nothing left running.
bench-demo: $(STAMP)
	$(BIN)/python benchmarks/bench_demo.py $(BENCH_ARGS)

# Read latency of reporting.monthly_ai_share over 5 million tagged rows, in a scratch database (prints figures).
bench-reporting: $(STAMP)
	$(BIN)/python benchmarks/bench_reporting.py $(BENCH_ARGS)

clean:
	rm -rf .demo .pytest_cache
