# PropDesk: the two commands are `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: run test lint messages clean worker beat

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

## make run: install, migrate, load the demo on an empty database, serve on http://127.0.0.1:8000
run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_defaults
	$(PY) manage.py load_sla_defaults
	$(PY) manage.py load_demo --if-empty
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py serve --addr 127.0.0.1:8000

## make test: install and run every test (SQLite, or PostgreSQL when DATABASE_URL is set)
test: $(STAMP)
	$(PY) -m pytest

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
