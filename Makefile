# `make run` serves the API at http://localhost:5000/api/v1/ui; `make test` runs the whole suite.
# Both create .venv and install the pinned requirements first (again only when they change):
# serving needs requirements.txt alone, so a first `make run` skips the test and lint tools.
# `make docs` builds the documentation site (docs/, mkdocs.yml) into site/.
# The tests also drive Node relying parties (test/clients/): `make node-clients` installs their
# pinned packages with npm, which `make run` never needs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
SERVING := $(VENV)/.serving
INSTALLED := $(VENV)/.installed
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check --no-compile
DOCS_INSTALLED := $(VENV)/.docs-installed
OPENID_CLIENT := test/clients/openid-client
# npm ci writes this copy of the lock file last, so it is newer than the lock once installed.
NODE_CLIENTS := $(OPENID_CLIENT)/node_modules/.package-lock.json

.PHONY: install install-serving node-clients run run-example serve test test-fast lint docs bench profile soak clean

install: $(INSTALLED)  # everything: serving, then the test and lint tools

install-serving: $(SERVING)

# setuptools (70.1 builds wheels without the wheel package) comes with the pins so that the
# editable install builds in the venv itself: a throwaway build environment cost seconds more.
$(SERVING): requirements.txt pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	rm -rf *.egg-info  # left by isolated builds; the checkout's stale version would shadow this
	$(PIP) -r requirements.txt "setuptools>=70.1"
	$(PIP) --no-deps --no-build-isolation -e .
	touch $@

$(INSTALLED): $(SERVING) requirements_dev.txt
	$(PIP) -r requirements_dev.txt
	touch $@

node-clients: $(NODE_CLIENTS)

# Without npm the tests that need it skip, and say so (under CI=true they fail instead).
$(NODE_CLIENTS): $(OPENID_CLIENT)/package-lock.json $(OPENID_CLIENT)/package.json
	@command -v npm >/dev/null || { echo "npm not found: the openid-client tests will skip" \
		"(apt-get install nodejs npm)"; exit 0; }
	cd $(OPENID_CLIENT) && npm ci --no-audit --no-fund --loglevel=error

run: install-serving
	$(BIN)/flask db upgrade
	$(BIN)/flask run --port $(PORT)

run-example: install-serving  # examples/spa at http://localhost:8000, beside the API it may use cookies with
	$(BIN)/flask db upgrade
	$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory examples/spa & \
	trap 'kill $$!' EXIT; \
	CORS_ORIGINS=http://localhost:8000 WEBAUTHN_ORIGINS=http://localhost:8000 \
		$(BIN)/flask run --port 5000

serve: install-serving  # production: set FLASK_CONFIG=production, SECRET_KEY and DATABASE_URL first
	$(BIN)/flask db upgrade
	$(BIN)/gunicorn -c gunicorn.conf.py run:app

test: install node-clients
	$(BIN)/pytest

test-fast: install node-clients  # the inner loop: all but the tests that start servers, browsers
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
