"""Conventions and findings rendered for people and tools: text, JSON, and SARIF 2.1.0.

Positions in findings are 0-based lines and UTF-8 byte columns; SARIF wants 1-based lines
and columns counted in characters, so the SARIF writer reads each file's bytes to convert.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any, TextIO
from urllib.parse import quote

from steering_index.model import Convention, Finding, Span

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_ROOT_BASE = "SRCROOT"
_CATEGORY_TITLES = {
    "naming": "Naming",
    "library": "Libraries",
    "import-style": "Imports",
    "test-layout": "Tests",
    "idiom": "Idioms",
}

# A reader of a workspace file's bytes (None when it cannot be read).
ReadBytes = Callable[[str], bytes | None]
JsonObject = dict[str, Any]


def convention_json(conv: Convention) -> JsonObject:
    return {
        "id": conv.id,
        "category": conv.category,
        "language": conv.language,
        "subject": conv.subject,
        "value": conv.value,
        "count": conv.count,
        "total": conv.total,
        "confidence": round(conv.confidence, 4),
        "scope": conv.scope,
        "strong": conv.strong,
        "evidence": conv.evidence,
        "alternatives": [{"value": v, "count": n} for v, n in conv.alternatives],
        "shared_names": [{"name": name, "files": n} for name, n in conv.shared_names],
        "overruled": conv.overruled,
        "public_names": list(conv.public_names),
        "marker": conv.marker,
        "prefixes": list(conv.prefixes),
    }


def conventions_text(conventions: Sequence[Convention]) -> str:
    """Conventions grouped by category, each with its evidence and whether it is enforced."""
    if not conventions:
        return "No conventions found (is the workspace indexed and does it hold code?)\n"
    lines: list[str] = []
    for category, title in _CATEGORY_TITLES.items():
        group = [c for c in conventions if c.category == category]
        if not group:
            continue
        lines.append(f"{title}:")
        width = max(len(c.id) for c in group)
        for conv in group:
            mark = "strong" if conv.strong else "weak  "
            lines.append(f"  {conv.id:<{width}}  {mark}  {conv.evidence}")
            if conv.alternatives:
                others = ", ".join(f"{v} {n}" for v, n in conv.alternatives)
                lines.append(f"  {'':<{width}}          also: {others}")
            if conv.marker == "_":
                lines.append(f"  {'':<{width}}          names begin with an underscore (`_name`)")
            elif conv.marker:
                marked = f"names begin with the marker `{conv.marker}` (`{conv.marker}Name`)"
                lines.append(f"  {'':<{width}}          {marked}")
            if conv.shared_names:
                lines.append(f"  {'':<{width}}          left alone: {_shared_text(conv)}")
            if conv.prefixes:
                behind = ", ".join(f"`{p}`" for p in conv.prefixes)
                lines.append(
                    f"  {'':<{width}}          names behind a prefix of their own: {behind}"
                )
            if conv.overruled:
                lines.append(f"  {'':<{width}}          not enforced: {conv.overruled}")
        lines.append("")
    return "\n".join(lines)


def _shared_text(conv: Convention, shown: int = 5) -> str:
    """`setUpTestData` (in 179 files), ...: names written alike in many files."""
    names = [f"{name} (in {n} files)" for name, n in conv.shared_names[:shown]]
    more = len(conv.shared_names) - shown
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


# Every position in `steering check --format json` uses this one convention (the text
# output's, and SARIF's but for the column unit); the payload states it.
POSITIONS_NOTE = "lines and columns are 1-based; columns count UTF-8 bytes; end_column is exclusive"


def _span_json(span: Span | None) -> JsonObject | None:
    """The span in 1-based lines and columns (the engine's spans are 0-based)."""
    if span is None:
        return None
    return {
        "start_line": span.start_line + 1,
        "start_column": span.start_col + 1,
        "end_line": span.end_line + 1,
        "end_column": span.end_col + 1,
    }


def finding_json(finding: Finding) -> JsonObject:
    loc = finding.location
    return {
        "code": finding.code,
        "message": finding.message,
        "severity": str(finding.severity),
        "source": finding.source,
        "path": loc.path,
        "lines": [loc.lines.first, loc.lines.last],
        "span": _span_json(loc.span),
        "replacement": finding.replacement,
    }


def finding_line(finding: Finding) -> str:
    """`path:line:col: code message`, the column 1-based (bytes)."""
    loc = finding.location
    col = loc.span.start_col + 1 if loc.span else 1
    return f"{loc.path}:{loc.lines.first}:{col}: {finding.code} {finding.message}"


def findings_total(count: int, silenced: int = 0) -> str:
    """The closing line of the text report: how many findings, and how many were silenced."""
    total = f"{count} finding{'s' if count != 1 else ''}"
    if silenced:
        total += f" ({silenced} more silenced by steering: ignore or linter comments)"
    return total


def findings_text(findings: Sequence[Finding], silenced: int = 0) -> str:
    """One finding a line (`finding_line`); the last line counts them, and those
    `steering: ignore` comments silenced."""
    lines = [finding_line(f) for f in findings]
    lines.append(findings_total(len(findings), silenced))
    return "\n".join(lines) + "\n"


class FindingsOutput:
    """A report written as the findings come, a file's worth at a time: `text` lines, the
    `json` document and the `sarif` log (each written in pieces, the same bytes as `dumps`
    of it whole: `sarif_log`), and `jsonl` (a finding a line; a silenced one carries
    `"silenced": true`). Silenced findings are held to the end (JSON and SARIF list them
    after the others); no other finding outlives its file."""

    def __init__(
        self,
        fmt: str,
        stream: TextIO,
        conventions: Sequence[Convention] = (),
        read_bytes: ReadBytes = lambda path: None,
        root_uri: str = "",
    ) -> None:
        self.fmt = fmt
        self.stream = stream
        self.count = 0
        self.silenced: list[Finding] = []
        self._quiet = 0
        self._sarif = (
            SarifWriter(stream, conventions, read_bytes, root_uri) if fmt == "sarif" else None
        )
        if fmt == "json":
            stream.write(f'{{\n  "positions": {json.dumps(POSITIONS_NOTE)},\n  "findings": [')

    def add(self, findings: Sequence[Finding], silenced: Sequence[Finding] = ()) -> None:
        """Write one file's findings (and note those silenced)."""
        for finding in findings:
            if self.fmt == "text":
                self.stream.write(finding_line(finding) + "\n")
            elif self.fmt == "json":
                item = json.dumps(finding_json(finding), indent=2, ensure_ascii=False)
                self.stream.write(("\n" if not self.count else ",\n") + _indented(item, 4))
            elif self.fmt == "jsonl":
                self.stream.write(json.dumps(finding_json(finding), ensure_ascii=False) + "\n")
            elif self._sarif is not None:
                self._sarif.add(finding)
            self.count += 1
        self._quiet += len(silenced)
        if self.fmt == "jsonl":
            for finding in silenced:
                line = {**finding_json(finding), "silenced": True}
                self.stream.write(json.dumps(line, ensure_ascii=False) + "\n")
        elif self.fmt in ("json", "sarif"):
            self.silenced.extend(silenced)
        self.stream.flush()

    def finish(self) -> None:
        """Write what closes the report: the count, the silenced findings, or the SARIF log."""
        if self.fmt == "text":
            self.stream.write(findings_total(self.count, self._quiet) + "\n")
        elif self.fmt == "json":
            quiet = json.dumps(
                [finding_json(f) for f in self.silenced], indent=2, ensure_ascii=False
            )
            close = "\n  ]" if self.count else "]"
            self.stream.write(
                f'{close},\n  "count": {self.count},\n  "silenced": {_indented(quiet, 2)[2:]}\n}}\n'
            )
        elif self._sarif is not None:
            self._sarif.finish(self.silenced)
        self.stream.flush()


def _indented(text: str, spaces: int) -> str:
    """`text` (JSON, whose strings hold no raw line breaks) with every line indented."""
    pad = " " * spaces
    return pad + text.replace("\n", "\n" + pad)


def dumps(value: object) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def _char_column(data: bytes | None, line: int, byte_col: int) -> int | None:
    """The 1-based character column of a byte column on a 0-based line."""
    if data is None:
        return None
    lines = data.split(b"\n")
    if line >= len(lines):
        return None
    return len(lines[line][:byte_col].decode("utf-8", errors="replace")) + 1


def _region(span: Span | None, data: bytes | None, first_line: int) -> JsonObject:
    if span is None:
        return {"startLine": first_line}
    region: JsonObject = {"startLine": span.start_line + 1}
    start = _char_column(data, span.start_line, span.start_col)
    end = _char_column(data, span.end_line, span.end_col)
    if start is not None and end is not None:
        region.update(startColumn=start, endLine=span.end_line + 1, endColumn=end)
    return region


def _artifact(path: str) -> JsonObject:
    return {"uri": quote(path), "uriBaseId": _ROOT_BASE}


def _sarif_result(finding: Finding, rule_index: int, data: bytes | None) -> JsonObject:
    loc = finding.location
    region = _region(loc.span, data, loc.lines.first)
    result: JsonObject = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": "note",
        "message": {"text": finding.message},
        "locations": [
            {"physicalLocation": {"artifactLocation": _artifact(loc.path), "region": region}}
        ],
    }
    if finding.replacement is not None and "startColumn" in region:
        change = {
            "artifactLocation": _artifact(loc.path),
            "replacements": [
                {"deletedRegion": region, "insertedContent": {"text": finding.replacement}}
            ],
        }
        text = f"Rename to `{finding.replacement}`"
        result["fixes"] = [{"description": {"text": text}, "artifactChanges": [change]}]
    return result


def _sarif_rule(code: str, conv: Convention | None) -> JsonObject:
    rule: JsonObject = {"id": code, "defaultConfiguration": {"level": "note"}}
    if conv is not None:
        subject = conv.subject.replace("-", " ")
        rule["shortDescription"] = {"text": f"{conv.language} {subject}: {conv.value}"}
        rule["fullDescription"] = {"text": conv.evidence}
        rule["properties"] = {"confidence": round(conv.confidence, 4), "scope": conv.scope}
    return rule


def _tool_version() -> str | None:
    try:
        return version("steering-lsp")
    except PackageNotFoundError:
        return None


def _driver(codes: Sequence[str], conventions: Sequence[Convention]) -> JsonObject:
    """The tool's description: its rules are the conventions behind `codes`, in that order."""
    by_code = {f"convention/{c.id}": c for c in conventions}
    driver: JsonObject = {
        "name": "steering",
        "rules": [_sarif_rule(code, by_code.get(code)) for code in codes],
    }
    tool_version = _tool_version()
    if tool_version:
        driver["version"] = tool_version
    return driver


def _run_head(root_uri: str) -> JsonObject:
    return {
        "originalUriBaseIds": {_ROOT_BASE: {"uri": root_uri}},
        "columnKind": "unicodeCodePoints",
    }


def sarif_log(
    findings: Sequence[Finding],
    conventions: Sequence[Convention],
    read_bytes: ReadBytes,
    root_uri: str,
    silenced: Sequence[Finding] = (),
) -> JsonObject:
    """A SARIF 2.1.0 log: one run, rules = the conventions that produced findings, in the
    order their first finding comes. Findings a `steering: ignore` comment silences are
    results too, after the others, marked as suppressed in source, so that code-scanning
    tools show them as such instead of losing track of them.

    The results come before the tool and its rules, so that `SarifWriter` can write each
    result as its finding comes (a rule's index is known then, not the whole list)."""
    everything = [*((f, False) for f in findings), *((f, True) for f in silenced)]
    codes = list(dict.fromkeys(f.code for f, _ in everything))
    results = []
    for finding, quiet in everything:
        data = read_bytes(finding.location.path)
        result = _sarif_result(finding, codes.index(finding.code), data)
        if quiet:
            result["suppressions"] = [{"kind": "inSource"}]
        results.append(result)
    run = {
        **_run_head(root_uri),
        "results": results,
        "tool": {"driver": _driver(codes, conventions)},
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


class SarifWriter:
    """`sarif_log` written as the findings come: the same bytes as `dumps` of it whole,
    holding nothing of a file once the next one's findings come (its bytes are read once,
    for the columns, and kept until then)."""

    _RESULT_INDENT = 8  # results are items of runs[0]["results"]

    def __init__(
        self,
        stream: TextIO,
        conventions: Sequence[Convention],
        read_bytes: ReadBytes,
        root_uri: str,
    ) -> None:
        self.stream = stream
        self.conventions = conventions
        self.read_bytes = read_bytes
        self.codes: dict[str, int] = {}  # code -> its rule's index
        self.written = 0
        self._path: str | None = None
        self._data: bytes | None = None
        head = json.dumps(_run_head(root_uri), indent=2, ensure_ascii=False)
        start = {"$schema": SARIF_SCHEMA, "version": "2.1.0"}
        opened = json.dumps(start, indent=2, ensure_ascii=False)[:-2]  # without "\n}"
        run = _indented(head[:-2], 4).lstrip()  # `{` and the keys before the results
        stream.write(f'{opened},\n  "runs": [\n    {run},\n      "results": [')

    def add(self, finding: Finding, quiet: bool = False) -> None:
        path = finding.location.path
        if path != self._path:
            self._path, self._data = path, self.read_bytes(path)
        index = self.codes.setdefault(finding.code, len(self.codes))
        result = _sarif_result(finding, index, self._data)
        if quiet:
            result["suppressions"] = [{"kind": "inSource"}]
        text = json.dumps(result, indent=2, ensure_ascii=False)
        self.stream.write(
            ("\n" if not self.written else ",\n") + _indented(text, self._RESULT_INDENT)
        )
        self.written += 1

    def finish(self, silenced: Sequence[Finding] = ()) -> None:
        """The silenced findings, then the tool and its rules, and the closing brackets."""
        for finding in silenced:
            self.add(finding, quiet=True)
        close = "\n      ]" if self.written else "]"
        tool = json.dumps(
            {"driver": _driver(list(self.codes), self.conventions)}, indent=2, ensure_ascii=False
        )
        self.stream.write(
            f'{close},\n      "tool": {_indented(tool, 6).lstrip()}\n    }}\n  ]\n}}\n'
        )
