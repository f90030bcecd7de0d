# Fawang — two commands: `make demo` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install demo serve test lint format bench migrate clean

$(BIN)/fawang: pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11（$(PYTHON)）"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $(BIN)/fawang

install: $(BIN)/fawang

migrate: install
	$(BIN)/fawang migrate --noinput

demo: install
	$(BIN)/fawang migrate --noinput
	$(BIN)/fawang demo
	$(BIN)/fawang serve --with-worker --host $(HOST) --port $(PORT)

serve: install
	$(BIN)/fawang serve --with-worker --host $(HOST) --port $(PORT)

test: install
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

format: install
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

bench: install
	$(BIN)/fawang bench all

clean:
	rm -rf $(VENV) var build *.egg-info
