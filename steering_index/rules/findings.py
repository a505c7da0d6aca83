"""Building steering-rules findings: one place for the source name and the line-based location."""

from __future__ import annotations

from steering_index.model import Finding, LineRange, Location, Severity

SOURCE = "steering-rules"


def finding(
    code: str,
    message: str,
    path: str,
    line: int,
    severity: Severity = Severity.WARNING,
    replacement: str | None = None,
    related: tuple[Location, ...] = (),
) -> Finding:
    """A steering-rules finding pointing at one line of `path`."""
    return Finding(
        code=code,
        message=message,
        location=Location(path, LineRange(line, line)),
        severity=severity,
        source=SOURCE,
        related=related,
        replacement=replacement,
    )


def at_line(path: str, line: int) -> Location:
    return Location(path, LineRange(line, line))
