# The two commands a newcomer types: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | md5sum | cut -c1-8)
export BANGKOM_DATA_DIR ?= $(CURDIR)/var

.PHONY: install run test lint format migrate seed worker messages clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# Development server on the embedded SQLite database, with demo data when it is empty.
run: export BANGKOM_DEBUG ?= 1
run: install
	$(BIN)/bangkom migrate --no-input
	$(BIN)/bangkom seed-demo --if-empty
	$(BIN)/bangkom demo-logins
	$(BIN)/bangkom runserver 127.0.0.1:8000

# The whole suite: lint, missing migrations, then every test (browser tests included).
test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	BANGKOM_DEBUG=1 $(BIN)/bangkom makemigrations --check --dry-run
	$(BIN)/pytest -n $${BANGKOM_TEST_WORKERS:-2}

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: install
	$(BIN)/bangkom db_worker

messages: install
	cd bangkom && ../$(BIN)/bangkom makemessages -l en --no-obsolete && ../$(BIN)/bangkom compilemessages

clean:
	rm -rf $(VENV) var
