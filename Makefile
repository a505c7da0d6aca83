# The two quick-start commands: `make demo` and `make test`. Both install what they need
# into .venv (created with the python3 on PATH) and then run.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint install install-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstalled only when pyproject.toml changes (or the venv is new): reruns of `make demo`
# start at once.
INSTALLED := $(VENV)/.installed
$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

install: $(INSTALLED)

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(VSCODE_DEPS); \
	else echo "npm not found: the VS Code extension's tests will be skipped (CI fails them)"; fi

# The extension's npm packages, reinstalled only when its lock file changes.
VSCODE_DEPS := clients/vscode/node_modules/.installed
$(VSCODE_DEPS): clients/vscode/package-lock.json
	cd clients/vscode && npm ci --no-audit --no-fund --loglevel=error
	touch $@

demo: install
	$(BIN)/steering demo examples/shop

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest
