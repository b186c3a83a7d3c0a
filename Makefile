PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: install run serve test bench profile lint format clean vendor

# Re-install whenever pyproject.toml changes; otherwise this is a no-op.
$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet ".[dev]"
	touch $(INSTALLED)

install: $(INSTALLED)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_data
	@echo "Open http://localhost:8000 (passkeys need the name localhost, not the address 127.0.0.1)."
	$(BIN)/python manage.py runserver localhost:8000

# Production-style: static files collected for WhiteNoise, migrations applied, gunicorn with
# WEB_CONCURRENCY threaded workers (default one per core) on TGDB_BIND (default 127.0.0.1:8000)
# and, with DJANGO_DEBUG=0, the e-mail worker beside it (tgdb/serve.py), every log line on stdout.
serve: install
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/python manage.py migrate --noinput
	exec $(BIN)/python -m tgdb.serve 2>&1

# The suite runs in one process per core (pytest-xdist), each test file in one process.
PYTEST_PARALLEL ?= --numprocesses=auto --dist=loadfile

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest $(PYTEST_PARALLEL)
	$(BIN)/python -m tests.run_on_services $(PYTEST_PARALLEL)

# The benchmark (needs wrk): prints a table and writes bench/results/latest.{json,png}.
# Options: make bench BENCH_ARGS="--posts 100000 --seconds 5 --scaling"
BENCH_ARGS ?=
bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

# Where one page's time goes, on the bench's database: make profile PAGE=/cadmin/ SIGNED_IN=bench_author
# (PROFILE_ARGS="--flat" lists functions by their own time)
profile: install
	$(BIN)/python -m bench.profile $(PAGE) $(if $(SIGNED_IN),--as $(SIGNED_IN)) $(PROFILE_ARGS)

# Refresh the front-end files we ship (tools/vendored.json) from npm, checked against their
# pinned integrity: needs node and npm, and only when a pinned version changes.
vendor:
	$(PYTHON) tools/vendor.py

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
