"""The repository's most common kinds of change, read from the index's list of code files.

A kind is recognised from a file's path: tests, migrations, CLI commands, request handlers
(API endpoints, views, routes), UI components, data models, clients of outside services,
settings, and, for the rest of the code, library modules. Each file counts for its first
kind in that order. Secret files and the steering folder are never examples.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from steering_index.secrets import is_secret_path

MAX_EXAMPLES = 5

_TEST_DIRS = frozenset({"tests", "test", "__tests__", "spec", "specs", "testing"})
_COMMAND_WORDS = frozenset({"cli", "commands", "command", "cmd", "management", "__main__"})
_HANDLER_WORDS = frozenset(
    {"api", "handlers", "handler", "routes", "router", "routers", "views", "controllers",
     "endpoints", "resolvers"}
)  # fmt: skip
_MODEL_WORDS = frozenset({"models", "model", "schemas", "schema", "entities", "entity"})
_CLIENT_WORDS = frozenset(
    {"clients", "client", "integrations", "adapters", "gateways", "gateway", "services"}
)
_CONFIG_WORDS = frozenset({"settings", "config", "configuration", "conf"})
_UI_SUFFIXES = frozenset({".tsx", ".jsx", ".vue", ".svelte"})


@dataclass(frozen=True, slots=True)
class ChangeKind:
    """A kind of change, how many files it covers, and some of them as examples."""

    name: str
    description: str
    count: int
    examples: tuple[str, ...]


def _words(path: PurePosixPath) -> set[str]:
    return {part.lower() for part in path.parts[:-1]} | {path.stem.lower()}


def _is_test(path: PurePosixPath) -> bool:
    name = path.name.lower()
    stem = path.stem.lower()
    return (
        name.startswith("test_")
        or stem.endswith(("_test", "_tests", "_spec"))
        or ".test." in name
        or ".spec." in name
        or bool({p.lower() for p in path.parts[:-1]} & _TEST_DIRS)
    )


def _is_ui(path: PurePosixPath) -> bool:
    return path.suffix in _UI_SUFFIXES and ("components" in path.parts or path.stem[:1].isupper())


def _has(words: frozenset[str]) -> Callable[[PurePosixPath], bool]:
    return lambda path: bool(_words(path) & words)


KINDS: tuple[tuple[str, str, Callable[[PurePosixPath], bool]], ...] = (
    ("test", "tests: test files, their fixtures and helpers", _is_test),
    ("migration", "database migrations", _has(frozenset({"migrations", "alembic"}))),
    ("command", "CLI commands and subcommands", _has(_COMMAND_WORDS)),
    (
        "handler",
        "request handlers: API endpoints, views, routes, controllers",
        _has(_HANDLER_WORDS),
    ),
    ("component", "UI components", _is_ui),
    ("model", "data models and schemas", _has(_MODEL_WORDS)),
    ("client", "clients of outside services (HTTP APIs, queues, stores)", _has(_CLIENT_WORDS)),
    ("config", "settings and configuration", _has(_CONFIG_WORDS)),
    ("module", "library code: functions and classes of the project's packages", lambda _: True),
)


def kind_of(path: str) -> str:
    """The first kind whose test `path` passes (`module` for any other code file)."""
    pure = PurePosixPath(path)
    return next(name for name, _, test in KINDS if test(pure))


def change_kinds(paths: Iterable[str], limit: int) -> list[ChangeKind]:
    """The `limit` most common kinds among the code files `paths`, most files first; the
    examples of each kind are its first files in the order given (best examples first)."""
    found: dict[str, list[str]] = {}
    for path in paths:
        if is_secret_path(path) or path.startswith(".steering/"):
            continue
        found.setdefault(kind_of(path), []).append(path)
    described = {name: description for name, description, _ in KINDS}
    kinds = [
        ChangeKind(name, described[name], len(files), tuple(files[:MAX_EXAMPLES]))
        for name, files in found.items()
    ]
    kinds.sort(key=lambda k: (-k.count, k.name))
    return kinds[: max(0, limit)]
