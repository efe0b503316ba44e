# Two commands on a fresh machine:
#   make demo   installs what is needed and starts the app with demo data on the embedded SQLite default
#   make test   installs what is needed and runs the whole test suite (DATABASE_URL picks PostgreSQL)

VENV    := .venv
PY      := $(VENV)/bin/python
# The interpreter named in .python-version (pyenv honours it), else python3.12 or newer on PATH.
PYTHON  ?= $(shell pyenv which python 2>/dev/null || command -v python3.13 || command -v python3.12)
HOST    ?= 127.0.0.1:8000
# The suite runs on one worker per core (pytest-xdist); the steps of a browser story stay on one worker.
PYTEST_ARGS ?= -n auto --dist loadgroup

.PHONY: install demo test test-sqlite check clean messages

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || { echo "Fant ikke Python 3.12 eller nyere (se .python-version)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed
	bash scripts/install-assets.sh

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Helsefellesskap kjører på http://$(HOST)/ (admin: http://$(HOST)/admin/)"
	$(PY) manage.py runserver $(HOST)

test: install
	bash scripts/install-browser.sh
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# The translation catalogues (locale/<language>/LC_MESSAGES/django.po) brought up to date with the source, and
# compiled to the .mo files committed beside them (needs GNU gettext). Bokmål is the source language.
MESSAGE_LANGUAGES ?= nn se
MESSAGE_IGNORE := --ignore=.venv --ignore=node_modules --ignore=static --ignore=staticfiles --ignore=tests \
	--ignore=benchmarks --ignore=var --ignore=build
messages: install
	$(PY) manage.py makemessages $(foreach l,$(MESSAGE_LANGUAGES),-l $(l)) $(MESSAGE_IGNORE)
	$(PY) manage.py compilemessages $(foreach l,$(MESSAGE_LANGUAGES),-l $(l)) --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) var staticfiles node_modules
