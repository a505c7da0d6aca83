"""Steering files added to the benchmark's copy of sympy, as a team might write them."""

from __future__ import annotations

from pathlib import Path

ROOT_AGENTS = """\
# SymPy: notes for coding agents

SymPy is a pure-Python library for symbolic mathematics. Keep it importable without
optional dependencies.

## Commands

- Tests: `bin/test sympy/<module>` or `pytest sympy/<module>/tests`.
- Doctests: `bin/doctest sympy/<module>`; every public function's examples must pass.

## Python style

- Functions and methods are snake_case; classes are CamelCase; constants UPPER_CASE.
- Public functions have a docstring with an Examples section in doctest form.
- Import from the defining module (`from sympy.core.symbol import Symbol`), not `sympy`,
  inside the library, to avoid import cycles.

## Numbers

- Never use `float` for exact values: build `Integer`, `Rational` or `S(...)` instead.
- Compare with `==` only for structural equality; use `.equals()` for mathematical equality.
"""

CORE_AGENTS = """\
# sympy/core

The core is imported by everything else: keep its import time and its dependencies small.

## Construction

- `Basic` subclasses are immutable; store arguments in `self.args` only.
- `__new__` does the canonicalisation; do not add work to `__init__`.

## Caching

- Decorate pure helpers with `@cacheit`; never cache anything that depends on global state.
"""

TESTS_RULE = """\
---
description: How SymPy tests are written
globs: sympy/**/tests/*.py
alwaysApply: false
---

# Tests

- One `test_<function>` per behaviour; use `raises(...)` from `sympy.testing.pytest`.
- Mark slow tests with `@slow`; they run only in the slow CI job.
"""


def add_steering_files(root: Path) -> None:
    (root / "AGENTS.md").write_text(ROOT_AGENTS, encoding="utf-8")
    (root / "sympy" / "core" / "AGENTS.md").write_text(CORE_AGENTS, encoding="utf-8")
    rules = root / ".cursor" / "rules"
    rules.mkdir(parents=True, exist_ok=True)
    (rules / "tests.mdc").write_text(TESTS_RULE, encoding="utf-8")
