# Serambi: `make run` to try it, `make test` to prove it. Both work on a fresh Debian machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wsgi
HOST   ?= 127.0.0.1
PORT   ?= 5000
CHROMIUM ?= /usr/bin/chromium
PYTEST_ARGS ?=

.PHONY: run install install-test translations migrate seed test test-postgres bench lint clean help

help:
	@echo "make run            install, migrate, seed the demo region, serve on http://$(HOST):$(PORT)"
	@echo "make test           run the whole test suite (browser tests when $(CHROMIUM) exists)"
	@echo "make test-postgres  the same against PostgreSQL (TEST_DATABASE_URL)"
	@echo "make bench          speed and scale benchmarks (bench/README.md); BENCH_ARGS to pass options"
	@echo "make bench-load     gunicorn under wrk at two data sizes into docs/benchmarks.md; BENCH_ARGS to pass options"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[postgres,redis]'
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed translations

install-test: $(VENV)/.installed-test translations

# The compiled catalogues (.mo) are build output, made from the committed .po files.
translations: $(VENV)/.installed
	@$(BIN)/pybabel compile -d translations >/dev/null

migrate: install
	$(FLASK) db upgrade

seed: migrate
	$(FLASK) seed-demo

run: seed
	@echo "Serambi is running on http://$(HOST):$(PORT) (demo accounts: see README.md)"
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install-test
	@if [ -x "$(CHROMIUM)" ]; then \
	  echo "Browser tests: using $(CHROMIUM)"; \
	else \
	  echo "Browser tests SKIPPED: $(CHROMIUM) not found (install it with: apt-get install -y chromium)"; \
	fi
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres: install-test
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test} $(MAKE) --no-print-directory test

# Speed and scale live here, never in timed unit tests (see bench/README.md).
BENCH_ARGS ?=
bench: install
	$(BIN)/python bench/harga.py $(BENCH_ARGS)

.PHONY: bench-load
bench-load: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) instance/serambi.db* .pytest_cache
	find translations -name '*.mo' -delete
