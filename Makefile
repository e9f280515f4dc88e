# KMB — quick start: `make run`, then `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000
export KMB_DEMO ?= 1

.PHONY: run install migrate demo serve test test-fast lint messages compilemessages clean

run: install migrate demo
	@$(PY) manage.py serve --mail-sink --port $(PORT)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	@mkdir -p var var/media
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py createcachetable
	$(PY) manage.py load_municipalities
	$(PY) manage.py collectstatic --no-input -v0

demo: migrate
	$(PY) manage.py seed_demo

test: install
	$(PY) manage.py collectstatic --no-input -v0
	$(PY) -m pytest $(PYTEST_ARGS)

test-fast: install
	$(PY) -m pytest -m "not browser" $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(PY) manage.py makemigrations --check --dry-run

messages: install
	$(PY) manage.py makemessages -l cs -l en -l uk --ignore=.venv --ignore=var --ignore=static
	$(MAKE) compilemessages

compilemessages: install
	$(PY) scripts/compile_messages.py

clean:
	rm -rf $(VENV) var
