# PropDesk: the two commands are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run port-free test lint messages clean worker beat

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

## make run: install, migrate, load the demo on an empty database, serve on http://$(HOST):$(PORT)
##   PORT=8080 make run serves on another port; a busy port is refused before anything else is done.
HOST ?= 127.0.0.1
PORT ?= 8000
VAR  := $(or $(PROPDESK_VAR_DIR),var)
STATIC_STAMP := $(VAR)/.static-collected
STATIC_SOURCES := $(shell find propdesk -path '*/static/*' -type f)

run: port-free $(STAMP) $(STATIC_STAMP)
	$(PY) manage.py serve --setup --addr $(HOST):$(PORT)

port-free:
	@$(PYTHON) -c "import socket, sys; s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); r = s.connect_ex(('$(HOST)', $(PORT))); sys.exit(0 if r else 'Port $(PORT) on $(HOST) is already in use: stop the other server or choose another port (PORT=8080 make run).')"

# Collected again only when a static file or the installed packages changed (hashed names, compressed once).
$(STATIC_STAMP): $(STAMP) $(STATIC_SOURCES)
	$(PY) manage.py collectstatic --noinput -v 0
	@mkdir -p $(VAR) && touch $@

## make test: install and run every test (SQLite, or PostgreSQL when DATABASE_URL is set), one worker per
##   core (pytest-xdist; TEST_WORKERS=0 runs them in this process), the slowest 25 listed at the end.
TEST_WORKERS ?= auto
test: $(STAMP)
	$(PY) -m pytest -n $(TEST_WORKERS) --durations=25

lint: $(STAMP)
	$(VENV)/bin/ruff check propdesk bench
	$(VENV)/bin/ruff format --check propdesk bench
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

## make messages: extract strings (needs GNU gettext's xgettext), fill Chinese from the glossary, compile
messages: $(STAMP)
	cd propdesk && ../$(PY) ../manage.py makemessages -l zh_Hans --no-obsolete -i conftest.py -i '*/tests/*'
	$(PY) propdesk/locale/zh_hans_glossary.py

worker: $(STAMP)
	$(VENV)/bin/celery -A propdesk worker -l info -Q celery,sla,billing,notify

beat: $(STAMP)
	$(VENV)/bin/celery -A propdesk beat -l info

clean:
	rm -rf $(VENV) var/static
