"""Conventions inferred from fixture workspaces: values, evidence, strength, subtrees."""

from __future__ import annotations

from steering_index.conventions.infer import (
    ConventionSettings,
    check_file,
    conventions_for_file,
    conventions_for_symbol,
    infer_conventions,
)
from steering_index.model import Convention, FileExtract


def by_id(conventions: list[Convention]) -> dict[str, Convention]:
    return {c.id: c for c in conventions}


def file(extracts: list[FileExtract], path: str) -> FileExtract:
    return next(x for x in extracts if x.path == path)


def test_python_workspace_conventions_carry_evidence(pyshop: list[FileExtract]) -> None:
    found = by_id(infer_conventions(pyshop))
    functions = found["naming.python.function"]
    assert (functions.value, functions.strong) == ("snake_case", True)
    assert functions.evidence == "snake_case: 24 of 25 functions"
    assert functions.alternatives == (("camelCase", 1),)
    assert found["naming.python.class"].value == "PascalCase"
    http = found["library.python.http-client"]
    assert (http.value, http.count, http.total, http.strong) == ("httpx", 9, 10, True)
    assert found["imports.python.style"].value == "absolute"
    assert found["tests.python.layout"].value == "tests-folder"
    assert found["tests.python.file-naming"].value == "test_*.py"
    assert found["library.python.test-framework"].value == "pytest"


def test_a_consistent_subtree_gets_its_own_convention(pyshop: list[FileExtract]) -> None:
    found = by_id(infer_conventions(pyshop))
    legacy = found["naming.python.function@legacy"]
    assert (legacy.value, legacy.scope, legacy.strong) == ("camelCase", "legacy", True)
    assert legacy.evidence == "camelCase: 6 of 6 functions under legacy/"
    # The legacy votes do not dilute the rest of the workspace.
    assert found["naming.python.function"].total == 25


def test_inference_is_deterministic_and_sorted(pyshop: list[FileExtract]) -> None:
    first = infer_conventions(pyshop)
    assert first == infer_conventions(list(reversed(pyshop)))
    ids = [c.id.split("@")[0] for c in first]
    assert ids == sorted(ids)


def test_planted_python_drift_is_found_and_nothing_else(pyshop: list[FileExtract]) -> None:
    conventions = infer_conventions(pyshop)
    findings = [f for x in pyshop for f in check_file(x, conventions)]
    got = sorted((f.location.path, f.location.lines.first, f.code) for f in findings)
    assert got == [
        ("shop/pricing.py", 12, "convention/naming.python.function"),
        ("shop/shipping.py", 3, "convention/library.python.http-client"),
        ("shop/shipping.py", 6, "convention/imports.python.style"),
    ]


def test_naming_finding_names_the_identifier_and_offers_a_safe_rename(
    pyshop: list[FileExtract],
) -> None:
    conventions = infer_conventions(pyshop)
    (finding,) = check_file(file(pyshop, "shop/pricing.py"), conventions)
    assert finding.message == (
        "`computeDiscount` is camelCase; functions here are snake_case "
        "(snake_case: 24 of 25 functions); rename to `compute_discount`"
    )
    assert finding.replacement == "compute_discount"
    assert finding.source == "steering-conventions"
    span = finding.location.span
    assert span is not None and (span.start_col, span.end_col) == (4, 4 + len("computeDiscount"))


def test_library_and_import_findings_say_why(pyshop: list[FileExtract]) -> None:
    conventions = infer_conventions(pyshop)
    library, imports = check_file(file(pyshop, "shop/shipping.py"), conventions)
    assert "`requests`" in library.message and "library is httpx" in library.message
    assert "httpx: 9 of 10 files" in library.message
    assert library.replacement is None
    assert "relative import of `.orders`" in imports.message
    assert "import from `shop.orders`" in imports.message


def test_rename_is_not_offered_when_the_new_name_exists(pyshop: list[FileExtract]) -> None:
    conventions = infer_conventions(pyshop)
    pricing = file(pyshop, "shop/pricing.py")
    clash = next(s for s in pricing.symbols if s.name == "line_total")
    taken = clash.__class__("compute_discount", "function", clash.span, clash.name_span, "", True)
    crowded = FileExtract(pricing.path, pricing.language, (*pricing.symbols, taken))
    (finding,) = check_file(crowded, conventions)
    assert finding.replacement is None
    assert "rename" not in finding.message


def test_subtree_code_is_judged_by_its_own_convention(pyshop: list[FileExtract]) -> None:
    conventions = infer_conventions(pyshop)
    assert check_file(file(pyshop, "legacy/erp_sync.py"), conventions) == []
    governing = conventions_for_file("legacy/erp_sync.py", "python", conventions)
    assert "naming.python.function@legacy" in [c.id for c in governing]
    assert "naming.python.function" not in [c.id for c in governing]


def test_conventions_for_symbol_says_whether_it_conforms(pyshop: list[FileExtract]) -> None:
    conventions = infer_conventions(pyshop)
    pricing = file(pyshop, "shop/pricing.py")
    verdicts = {
        s.name: [
            (c.id, ok) for c, ok in conventions_for_symbol(s, pricing.path, "python", conventions)
        ]
        for s in pricing.symbols
    }
    assert verdicts["computeDiscount"] == [("naming.python.function", False)]
    assert verdicts["apply_tax"] == [("naming.python.function", True)]
    health = file(pyshop, "shop/healthcheck.py")
    do_get = next(s for s in health.symbols if s.name == "do_GET")
    assert conventions_for_symbol(do_get, health.path, "python", conventions) == []


def test_typescript_spec_file_is_found_among_test_files(tsshop: list[FileExtract]) -> None:
    conventions = infer_conventions(tsshop)
    naming = by_id(conventions)["tests.typescript.file-naming"]
    assert (naming.value, naming.count, naming.total, naming.strong) == ("*.test.ts", 9, 10, True)
    findings = [f for x in tsshop for f in check_file(x, conventions)]
    assert [(f.location.path, f.code) for f in findings] == [
        ("src/discounts.spec.ts", "convention/tests.typescript.file-naming")
    ]
    assert "rename to `discounts.test.ts`" in findings[0].message
    assert by_id(conventions)["library.typescript.test-framework"].value == "vitest"


def test_go_exported_and_unexported_names_both_conform(goshop: list[FileExtract]) -> None:
    conventions = infer_conventions(goshop)
    functions = by_id(conventions)["naming.go.function"]
    assert (functions.value, functions.count, functions.total) == ("MixedCaps", 10, 11)
    findings = [f for x in goshop for f in check_file(x, conventions)]
    assert [(f.location.path, f.replacement) for f in findings] == [
        ("inventory/sku.go", "parseSku")
    ]


def test_a_sixty_forty_split_is_weak_and_flags_nothing() -> None:
    from steering_index.index.extract import extract

    source = "\n".join(
        [f"def load_part_{i}():\n    return {i}\n" for i in range(6)]
        + [f"def loadPiece{i}():\n    return {i}\n" for i in range(4)]
    )
    mixed = extract("app/parts.py", source.encode(), "python")
    conventions = infer_conventions([mixed])
    functions = by_id(conventions)["naming.python.function"]
    assert (functions.value, functions.count, functions.total) == ("snake_case", 6, 10)
    assert not functions.strong
    assert check_file(mixed, conventions) == []


def test_thresholds_come_from_the_settings(goshop: list[FileExtract]) -> None:
    strict = ConventionSettings(min_share=0.95)
    conventions = infer_conventions(goshop, strict)
    assert not by_id(conventions)["naming.go.function"].strong
    assert [f for x in goshop for f in check_file(x, conventions, strict)] == []
    few = ConventionSettings(min_count=20)
    assert not by_id(infer_conventions(goshop, few))["naming.go.function"].strong


HANDLERS = '''\
"""Log formatting for the worker processes."""

import logging


class JsonFormatter(logging.Formatter):
    def formatTime(self, record, datefmt=None):
        return super().formatTime(record, "%Y-%m-%dT%H:%M:%S")

    def format_fields(self, record):
        return {"level": record.levelname, "message": record.getMessage()}

    def format_extra(self, record):
        return {k: v for k, v in vars(record).items() if k.startswith("ctx_")}


class QueueStats:
    def record_sent(self):
        self.sent += 1

    def record_failed(self):
        self.failed += 1

    def record_retried(self):
        self.retried += 1

    def record_dropped(self):
        self.dropped += 1

    def failure_rate(self):
        return self.failed / max(self.sent, 1)

    def retry_rate(self):
        return self.retried / max(self.sent, 1)

    def reset_counts(self):
        self.sent = self.failed = self.retried = 0

    def sentCount(self):
        return self.sent
'''


def test_names_a_base_class_dictates_are_left_alone() -> None:
    from steering_index.index.extract import extract

    handlers = extract("worker/log_format.py", HANDLERS.encode(), "python")
    conventions = infer_conventions([handlers])
    methods = by_id(conventions)["naming.python.method"]
    assert (methods.value, methods.count, methods.total) == ("snake_case", 9, 10)
    findings = check_file(handlers, conventions)
    assert [(f.location.lines.first, f.replacement) for f in findings] == [(39, "sent_count")]


def test_a_rename_that_would_fuse_numbers_is_not_offered() -> None:
    from steering_index.conventions.checks import safe_rename

    assert safe_rename("ToolBm25_20251119", "PascalCase", set(), "python") is None
    assert safe_rename("parse_v2_payload", "camelCase", set(), "typescript") == "parseV2Payload"
    assert safe_rename("Class", "snake_case", set(), "python") is None  # a keyword


def test_a_pascal_case_rename_drops_a_decorating_underscore() -> None:
    from steering_index.conventions.checks import safe_rename

    # NLog's `protected readonly string? _matchingArgument` judged with PascalCase fields:
    # nobody writes `_MatchingArgument` (C and C++ reserve it).
    assert safe_rename("_matchingArgument", "PascalCase", set(), "csharp") == "MatchingArgument"
    assert safe_rename("_size", "PascalCase", set(), "cpp") == "Size"
    # Taken by the property it backs: no rename is offered.
    assert safe_rename("_matchingArgument", "PascalCase", {"MatchingArgument"}, "csharp") is None
    # Where the underscore makes a name private (Python), it stays; so does a camelCase
    # convention's `_` marker.
    assert safe_rename("_parse_args", "PascalCase", set(), "python") == "_ParseArgs"
    assert safe_rename("EventHandler", "camelCase", set(), "csharp", "_") == "_eventHandler"
