# newsreader: the command index. `make run` and `make test` are all a newcomer needs.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
# The first Python 3.12+ on PATH (pyenv honours .python-version, which asks for 3.13).
PYTHON ?= $(shell for p in python3.13 python3.12 python3 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { echo $$p; break; }; done)
PORT ?= 8000
CHROMIUM ?= $(shell command -v chromium chromium-browser google-chrome 2>/dev/null | head -n1)

.PHONY: run test lint format bench stop-db clean help

help:
	@echo "make run    start the site and the worker at http://127.0.0.1:8000, or PORT=8001 make run"
	@echo "make test   lint and the whole test suite"
	@echo "make bench  benchmarks at 100,000 articles (slow)"
	@echo "make lint   ruff check and format check, mypy (settings in pyproject.toml)"
	@echo "make stop-db  stop the embedded PostgreSQL"

$(STAMP): pyproject.toml
	@if [ -z "$(PYTHON)" ]; then echo "newsreader needs Python 3.12 or newer; none was found on PATH." >&2; exit 1; fi
	@echo "Setting up $(VENV) with $$($(PYTHON) --version)…"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip > $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	@$(PY) -m pip install -e '.[dev]' >> $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	@rm -f $(VENV)/.installed-* && touch $@

# DATABASE_URL, or else the embedded PostgreSQL's, started here once for the whole command: the
# site, the worker and the tests are handed its address and never start it themselves.
DATABASE := DATABASE_URL="$${DATABASE_URL:-$$($(PY) -m newsreader.embedded_db url)}"

# The address is announced once the site answers there, not before (nor if the port is taken).
LISTENING := until (: </dev/tcp/127.0.0.1/$(PORT)) 2>/dev/null; do sleep 0.3; done; \
	echo "newsreader is at http://127.0.0.1:$(PORT)  (Ctrl-C stops the site and the worker)"

run: $(STAMP)
	@if (: </dev/tcp/127.0.0.1/$(PORT)) 2>/dev/null; then \
	echo "Port $(PORT) is in use; choose another: PORT=8001 make run" >&2; exit 1; fi
	@export $(DATABASE) DEBUG=true && test -n "$$DATABASE_URL" && \
	$(PY) manage.py migrate --no-input -v 0 && \
	$(PY) manage.py create_first_admin && \
	trap 'kill 0' EXIT && \
	{ { $(LISTENING); } & \
	$(PY) manage.py worker & \
	$(PY) manage.py runserver 127.0.0.1:$(PORT); }

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: lint
	@test -n "$(CHROMIUM)" || { echo "The browser tests need Chromium: sudo apt-get install chromium (Debian/Ubuntu)." >&2; exit 1; }
	@export $(DATABASE) && test -n "$$DATABASE_URL" && \
	SECRET_KEY=tests-only-not-a-secret CHROMIUM=$(CHROMIUM) $(PY) -m pytest $(PYTEST_ARGS)

# Every benchmark in bench/, each whatever the others gave (extraction skips without ../shared/).
BENCHES := $(filter-out bench/measuring.py,$(wildcard bench/*.py))
bench: $(STAMP)
	@status=0; for b in $(BENCHES); do \
		echo "== $$b"; nice $(PY) $$b || status=1; done; exit $$status

stop-db:
	@$(PY) -m newsreader.embedded_db stop

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
