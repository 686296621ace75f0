# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check format install migrate demo clean bench bench-search loadtest audit

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

# Speed targets live here, not in the tests: gunicorn + wrk on a fresh database.
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# FAQ search latency at 1k/10k/100k questions on SQLite FTS5 and PostgreSQL.
bench-search: install
	$(BIN)/python bench/search_latency.py $(BENCH_ARGS)

# Lighthouse (npm) on the article and FAQ with DEBUG off, and screenshots, under build/.
audit: install
	$(BIN)/python bench/audit.py

loadtest: install
	$(BIN)/python bench/run.py --loadtest $(BENCH_ARGS)

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) staticfiles build .pytest_cache
