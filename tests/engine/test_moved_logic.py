"""What the editor's handlers used to work out themselves, now in the engine: the comment
that accepts a finding (read back by the suppression parser beside it), instruction
comments, the task texts, cost totals, findings linked to rules, and the one rule order."""

from __future__ import annotations

from dataclasses import replace

import pytest

from steering_index.actions import instruction_comments, shortened
from steering_index.conventions.checks import is_file_level, split_silenced, suppression_for
from steering_index.conventions.related import MAX_RELATED_RULES, with_rules_saying_so
from steering_index.index.extract import extract
from steering_index.index.languages import cached_parser
from steering_index.index.lines import split_lines
from steering_index.llm.usage import UNREACHED, CallTotals, totals_of
from steering_index.model import (
    Applicability,
    Convention,
    Finding,
    LineRange,
    Location,
    ModelCall,
    Rule,
    RuleFormat,
    RuleScope,
    ScopeKind,
    Severity,
)
from steering_index.rules import most_specific_first, precedence

CODE = "SHIFT = 1\n\n\ndef computeTotal(x):\n    return x + SHIFT\n"


def _finding(code: str, line: int) -> Finding:
    return Finding(
        code=code,
        message="drift",
        severity=Severity.INFORMATION,
        location=Location(path="app/a.py", lines=LineRange(line, line)),
        source="steering-conventions",
    )


def _with(text: str, at: int, insertion: str, at_line_end: bool) -> str:
    lines = split_lines(text, keepends=True)
    if at_line_end:
        body = lines[at].rstrip("\n")
        lines[at] = body + insertion + lines[at][len(body) :]
    else:
        lines.insert(at, insertion)
    return "".join(lines)


def _silenced(text: str, finding: Finding) -> bool:
    comments = extract("app/a.py", text.encode(), "python").comments
    return split_silenced([finding], comments)[1] == [finding]


def test_the_written_line_comment_is_read_back_as_silencing_the_finding() -> None:
    code = "convention/naming.python.function@app"
    found = suppression_for(code, "python", split_lines(CODE), 3)
    assert found is not None and found.at_line_end and found.line == 3
    assert found.text == "  # steering: ignore[naming.python.function]"
    finding = _finding(code, 4)
    assert not _silenced(CODE, finding)
    assert _silenced(_with(CODE, found.line, found.text, True), finding)


def test_a_file_level_finding_is_accepted_for_the_file_below_a_shebang() -> None:
    text = "#!/usr/bin/env python\n" + CODE
    code = "convention/tests.python.location"
    assert is_file_level(code)
    found = suppression_for(code, "python", split_lines(text), 4)
    assert found is not None and not found.at_line_end and found.line == 1
    finding = _finding(code, 1)
    assert _silenced(_with(text, found.line, found.text, False), finding)


# A drifting definition on the second line of a file in each language whose line comment
# differs, or whose files must begin a certain way.
_ELSEWHERE = {
    "ruby": ("lib/a.rb", "# frozen_string_literal: true\ndef computeTotal(x)\n  x + 1\nend\n"),
    "bash": ("bin/a.sh", "#!/bin/bash\ncomputeTotal() {\n  echo 1\n}\n"),
    "php": ("src/a.php", "<?php\nfunction computeTotal($x) {\n  return $x + 1;\n}\n"),
    "kotlin": ("src/A.kt", "package a\nfun computeTotal(x: Int) = x + 1\n"),
    "c": ("src/a.c", "#include <stdio.h>\nint computeTotal(int x) { return x + 1; }\n"),
}


def _silenced_in(path: str, language: str, text: str, finding: Finding) -> bool:
    found = extract(path, text.encode(), language)
    return split_silenced([finding], found.comments)[1] == [finding]


@pytest.mark.parametrize("language", sorted(_ELSEWHERE))
def test_the_comment_is_the_languages_own_and_silences_the_finding(language: str) -> None:
    path, text = _ELSEWHERE[language]
    marker = {"php": "//", "kotlin": "//", "c": "/*"}.get(language, "#")
    for code, line in (
        (f"convention/naming.{language}.function", 1),
        (f"convention/tests.{language}.layout", 0),
    ):
        found = suppression_for(code, language, split_lines(text), line)
        assert found is not None
        assert found.text.strip().startswith(f"{marker} steering: ignore")
        # C89, which some C projects still build to, has no `//`.
        assert found.text.strip().endswith("*/") == (language == "c")
        written = _with(text, found.line, found.text, found.at_line_end)
        # Still code: Ruby and Bash would run `// ...` as a command, PHP would print a
        # comment put before its opening tag.
        assert not cached_parser(language).parse(written.encode()).root_node.has_error
        if text.startswith(("#!", "<?php")):  # what must come first still does
            assert written.startswith(text.split("\n", 1)[0])
        finding = replace(
            _finding(code, line + 1), location=Location(path, LineRange(line + 1, line + 1))
        )
        assert not _silenced_in(path, language, text, finding)
        assert _silenced_in(path, language, written, finding)


def test_a_php_templates_file_level_comment_is_a_php_block_of_its_own() -> None:
    text = (
        "<ul>\n<?php foreach ($items as $item): ?>\n"
        "  <li><?= $item ?></li>\n<?php endforeach ?>\n</ul>\n"
    )
    code = "convention/files.php.naming"
    found = suppression_for(code, "php", split_lines(text), 0)
    assert found is not None and found.line == 0 and not found.at_line_end
    assert found.text == "<?php // steering: ignore-file[files.php.naming] ?>\n"
    written = _with(text, found.line, found.text, False)
    assert not cached_parser("php").parse(written.encode()).root_node.has_error
    finding = _finding(code, 1)
    finding = replace(finding, location=Location("views/list.php", LineRange(1, 1)))
    assert _silenced_in("views/list.php", "php", written, finding)


def test_no_comment_where_one_would_break_the_code_or_is_there_already() -> None:
    lines = ["x = 1 + \\", "    2", "y = 3  # steering: ignore[naming]"]
    code = "convention/naming.python.variable"
    assert suppression_for(code, "python", lines, 0) is None  # a continued line
    assert suppression_for(code, "python", lines, 2) is None  # already silenced
    assert suppression_for(code, "python", lines, 9) is None  # no such line
    assert suppression_for("", "python", lines, 1) is None  # no convention named


def test_instruction_comments_touching_the_lines_with_their_words() -> None:
    text = (
        "# call the API with retries AI!\n"
        "def fetch():\n"
        "    pass  # not an instruction\n"
        "// log every call AI!\n"
        "# AI!\n"
    )
    comments = extract("a.py", text.encode(), "python").comments
    found = instruction_comments(comments, "AI!", LineRange(1, 5))
    assert [(i.task, i.lines) for i in found] == [
        ("call the API with retries", LineRange(1, 1)),
    ]
    assert instruction_comments(comments, "AI!", LineRange(2, 3)) == []


def test_a_long_instruction_is_cut_at_a_word_for_a_menu() -> None:
    assert shortened("add retries with backoff to every call", 20) == "add retries with…"
    assert shortened("short", 20) == "short"


def _call(outcome: str, tokens: int, cost: float) -> ModelCall:
    return ModelCall(
        started_at="2026-12-04T10:00:00Z",
        tier="small",
        model="claude-haiku-4-5",
        input_tokens=tokens,
        output_tokens=10,
        cache_creation_tokens=5,
        cache_read_tokens=7,
        cost_usd=cost,
        rule_ids=(),
        outcome=outcome,
        duration_ms=1,
    )


def test_totals_count_cache_tokens_as_input_and_an_unreached_attempt_as_no_call() -> None:
    totals = totals_of([_call("accepted", 100, 0.01), _call(UNREACHED, 0, 0.0)])
    assert totals == CallTotals(
        calls=1, input_tokens=100 + 12 + 12, output_tokens=20, cost_usd=0.01
    )
    assert (totals + totals).calls == 2
    assert totals.line() == "1 call(s), 124 tokens in, 20 out, $0.0100"


def _rule(source: str, text: str, kind: ScopeKind = ScopeKind.ALWAYS, depth: int = 0) -> Rule:
    return Rule(
        id=f"r:{source}",
        name=source,
        title=source,
        text=text,
        source=source,
        lines=LineRange(1, 3),
        format=RuleFormat.AGENTS,
        scope=RuleScope(kind),
        depth=depth,
    )


def _convention(category: str, value: str, alternatives: tuple = ()) -> Convention:
    return Convention(
        id=f"{category}.python.x",
        category=category,
        language="python",
        subject="x",
        value=value,
        count=9,
        total=10,
        evidence="",
        alternatives=alternatives,
    )


def test_findings_link_the_rules_that_name_their_convention() -> None:
    library = _convention("library", "httpx", (("requests", 1),))
    imports = _convention("import-style", "absolute")
    rules = [
        _rule("a.md", "Use httpx for HTTP."),
        _rule("b.md", "Never add requests."),
        _rule("c.md", "Paths are absolute."),  # "absolute" alone says nothing of imports
        _rule("d.md", "Prefer absolute imports."),
    ]
    findings = [
        _finding("convention/library.python.x", 1),
        _finding("convention/import-style.python.x", 2),
    ]
    linked = with_rules_saying_so(findings, [library, imports], rules)
    assert [loc.path for loc in linked[0].related] == ["a.md", "b.md"]
    assert [loc.path for loc in linked[1].related] == ["d.md"]
    many = [_rule(f"{n}.md", "httpx") for n in range(5)]
    assert len(with_rules_saying_so(findings[:1], [library], many)[0].related) == MAX_RELATED_RULES


def test_hover_shows_the_rules_in_the_resolvers_order_reversed() -> None:
    root = _rule("AGENTS.md", "root", ScopeKind.DIRECTORY)
    glob = _rule(".cursor/rules/py.mdc", "python", ScopeKind.GLOB)
    nested = _rule("src/AGENTS.md", "nested", ScopeKind.DIRECTORY, depth=1)
    always = _rule(".github/copilot-instructions.md", "always")
    weakest_first = sorted([nested, glob, always, root], key=precedence)
    assert weakest_first[-1] is nested and weakest_first[-2] is glob
    groups = most_specific_first([Applicability(r, True, "") for r in weakest_first])
    assert [g[0].rule.source for g in groups] == [
        "src/AGENTS.md",
        ".cursor/rules/py.mdc",
        "AGENTS.md",  # ranked alike with the always-on file: a folder's own file first
        ".github/copilot-instructions.md",
    ]
