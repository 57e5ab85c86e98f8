# `make run` serves the API at http://127.0.0.1:5000/api/v1/ui; `make test` runs the whole suite.
# Both create .venv and install the pinned requirements first (again only when they change).
# `make docs` builds the documentation site (docs/, mkdocs.yml) into site/.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
INSTALLED := $(VENV)/.installed
DOCS_INSTALLED := $(VENV)/.docs-installed

.PHONY: install run run-example serve test test-fast lint docs bench profile soak clean

install: $(INSTALLED)

$(INSTALLED): requirements.txt requirements_dev.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements_dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask run --port $(PORT)

run-example: install  # examples/spa at http://localhost:8000, beside the API it may use cookies with
	$(BIN)/flask db upgrade
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory examples/spa & \
	trap 'kill $$!' EXIT; \
	CORS_ORIGINS=http://localhost:8000 WEBAUTHN_ORIGINS=http://localhost:8000 \
		$(BIN)/flask run --port 5000

serve: install  # production: set FLASK_CONFIG=production, SECRET_KEY and DATABASE_URL first
	$(BIN)/flask db upgrade
	$(BIN)/gunicorn -c gunicorn.conf.py run:app

test: install
	$(BIN)/pytest

test-fast: install  # the inner loop: everything but the tests that start servers and browsers
	$(BIN)/pytest -m "not slow"

bench: install  # about 7 minutes; BENCH_SECONDS=5 for longer wrk runs
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python -m bench.run

soak: install  # ten minutes of mixed load; bench/SOAK.md says whether errors stayed 0, memory flat
	$(BIN)/python -m bench.soak

profile: install  # where one request's time goes, in process (PROFILE_REQUESTS, PROFILE_TOP)
	$(BIN)/python -m bench.profile

docs: $(DOCS_INSTALLED)  # the documentation site from docs/, into site/; a broken link fails it
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

$(DOCS_INSTALLED): requirements_docs.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements_docs.txt
	touch $@

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) instance site .pytest_cache .mypy_cache .ruff_cache *.egg-info
