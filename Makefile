# Two commands on a fresh Debian/Ubuntu machine with Python 3.11+:
#   make run   - create .venv, install, start the dashboard on the bundled data
#   make serve - the same under gunicorn, for a team (gunicorn.conf.py)
#   make test  - install what the tests need (incl. Debian's chromium), run every test

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
CHROMIUM := /usr/bin/chromium
HOST ?= 127.0.0.1
PORT ?= 8050
# make serve: empty means gunicorn.conf.py's default (a worker per core, 2 threads)
WORKERS ?=
THREADS ?=

.PHONY: run serve test install install-test chromium lint unit integration browser lock clean

$(VENV)/.installed: requirements.txt
	@echo "Installing the dashboard's packages into $(VENV): a few minutes the first time"
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed
	$(PIP) install --quiet -r requirements.txt -r requirements-test.txt
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test chromium

run: install
	$(PY) app.py --host $(HOST) --port $(PORT)

# gunicorn: the data loaded once, then shared by the workers (ATLAS_DATA=DIR
# serves other data; README "Serving a team")
serve: install
	HOST=$(HOST) PORT=$(PORT) WORKERS=$(WORKERS) THREADS=$(THREADS) \
	  $(VENV)/bin/gunicorn --config gunicorn.conf.py

# Browsers cannot be downloaded by playwright here: use Debian's chromium.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core; \
	  else \
	    echo "Chromium is missing: run 'sudo apt-get install chromium' and try again."; exit 1; \
	  fi; \
	fi

# requirements*.in hold the direct dependencies; this pins them and everything
# they pull in (needs the package index).
lock: $(VENV)/.installed-test
	$(VENV)/bin/pip-compile -q --no-strip-extras --allow-unsafe --no-emit-index-url \
	  --no-emit-find-links -o requirements.txt requirements.in
	$(VENV)/bin/pip-compile -q --no-strip-extras --allow-unsafe --no-emit-index-url \
	  --no-emit-find-links -o requirements-test.txt requirements-test.in
	$(VENV)/bin/pip-compile -q --no-strip-extras --allow-unsafe --no-emit-index-url \
	  --no-emit-find-links -o requirements-redis.txt requirements-redis.in

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check dashboard tests app.py
	$(VENV)/bin/ruff format --check dashboard tests app.py
	$(VENV)/bin/lint-imports

# The fast loop: pure tests and doctests, no browser, Kaleido or subprocess.
unit: $(VENV)/.installed-test
	$(PY) -m pytest -q tests/unit dashboard

integration: install-test
	$(PY) -m pytest -q tests/integration

browser: install-test
	$(PY) -m pytest -q tests/browser

test: install-test lint
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) .pytest_cache tests/browser/screenshots
