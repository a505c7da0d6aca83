# The two quick-start commands: `make demo` and `make test`. Both install what they need
# into .venv (created with the python3 on PATH) and then run.
#
# What gets installed is pinned by constraints.txt (exact versions of every package, pip and
# the build backend included), so a release elsewhere cannot change a run. `make lock`
# rewrites it from the newest versions pyproject.toml allows; `make test-latest` runs the
# suite against those newest versions without touching the lock.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
LOCK := constraints.txt
# How packages are chosen: from the lock (the default), or the newest allowed (test-latest).
PINS ?= --constraint $(LOCK)
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet

.PHONY: demo test test-latest lint lock install install-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install $(PINS) pip setuptools wheel

# Installs happen again only when what they depend on changed (a stamp in the venv).
$(VENV)/.installed-demo: pyproject.toml $(LOCK) | $(BIN)/python
	$(PIP) install $(PINS) --no-build-isolation -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(LOCK) | $(BIN)/python
	$(PIP) install $(PINS) --no-build-isolation -e '.[test]'
	touch $@ $(VENV)/.installed-demo

install: $(VENV)/.installed-demo

install-test: $(VENV)/.installed-test
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

test: lint
	$(BIN)/python -m pytest

# The whole suite against the newest versions pyproject.toml allows, in a venv of its own.
test-latest:
	rm -f .venv-latest/.installed-test .venv-latest/.installed-demo
	$(MAKE) --no-print-directory test VENV=.venv-latest PINS="--upgrade --upgrade-strategy eager"

# Rewrite the lock from the newest allowed versions. Commit the result as its own change.
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip setuptools wheel
	.venv-lock/bin/python -m pip install --quiet '.[test]'
	{ echo "# Exact versions CI and 'make test' install. Regenerate with 'make lock'."; \
	  .venv-lock/bin/python -m pip freeze --all | grep -v '^steering-lsp' | LC_ALL=C sort -f; \
	} > $(LOCK)
	rm -rf .venv-lock build
