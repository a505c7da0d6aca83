"""Secrets never leave the machine: secret-file detection and redaction of secret-looking text.

Two layers. `is_secret_path` keeps whole files (`.env`, keys, certificates, credential
stores) out of any context; `redact` replaces secret-looking strings inside text that is
about to be sent (API keys, tokens, private key blocks, passwords in URLs and in
assignments) with a marker such as `[REDACTED:api-key]`. The model ladder runs `redact`
over every outgoing request as its last step, whatever retrieval already did.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from wcmatch import glob

# Matched against the file name alone, case-insensitively.
SECRET_NAME_GLOBS: tuple[str, ...] = (
    ".env",
    ".env.*",
    "*.env",
    ".envrc",
    "*.pem",
    "*.key",
    "*.p12",
    "*.pfx",
    "*.jks",
    "*.keystore",
    "*.crt",
    "*.cer",
    "*.der",
    "*.gpg",
    "*.asc",
    "id_rsa*",
    "id_dsa*",
    "id_ecdsa*",
    "id_ed25519*",
    "credentials",
    "credentials*.json",
    "service-account*.json",
    "client_secret*.json",
    ".npmrc",
    ".pypirc",
    ".netrc",
    ".htpasswd",
    ".git-credentials",
    "secrets.*",
    "*.secret",
    "*.secrets",
    "*.tfvars",
    "*.tfstate",
    "*.tfstate.*",
)
# A file anywhere under one of these folders is secret, whatever its name.
SECRET_DIRS: frozenset[str] = frozenset({".ssh", ".aws", ".gnupg", ".docker", ".kube"})

_GLOB_FLAGS = glob.GLOBSTAR | glob.BRACE | glob.DOTGLOB | glob.IGNORECASE


def is_secret_path(rel_path: str, extra_globs: Iterable[str] = ()) -> bool:
    """True when the file at `rel_path` (POSIX, relative to the root) must never be sent.

    `extra_globs` are the user's `secretGlobs`: workspace-relative globs (`config/*.yaml`,
    `**/prod-*.json`); a glob without a slash also matches the file name in any folder.
    """
    path = PurePosixPath(rel_path)
    name = path.name
    if any(part in SECRET_DIRS for part in path.parts[:-1]):
        return True
    if _matcher(tuple(SECRET_NAME_GLOBS)).match(name):
        return True
    for pattern in extra_globs:
        target = rel_path if "/" in pattern else name
        if _matcher((pattern,)).match(target):
            return True
    return False


@functools.lru_cache(maxsize=256)
def _matcher(patterns: tuple[str, ...]) -> Any:
    """Compiled once per pattern set: compiling costs milliseconds, matching microseconds."""
    return glob.compile(patterns, flags=_GLOB_FLAGS)


@dataclass(frozen=True, slots=True)
class SecretMatch:
    """A secret-looking string found in a text: its kind, where it is, and the text itself."""

    kind: str
    start: int
    end: int
    text: str

    @property
    def marker(self) -> str:
        return redaction_marker(self.kind)


def redaction_marker(kind: str) -> str:
    return f"[REDACTED:{kind}]"


# (kind, pattern, group): the group is the part replaced by the marker (0 = whole match), so
# that `https://user:[REDACTED:password]@host` keeps the readable parts.
_PATTERNS: tuple[tuple[str, re.Pattern[str], int], ...] = (
    (
        "private-key",
        re.compile(
            r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"
            r"[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"
        ),
        0,
    ),
    ("api-key", re.compile(r"\bsk-ant-[A-Za-z0-9_\-]{16,}"), 0),
    ("api-key", re.compile(r"\bsk-(?:proj-|live-|test-)?[A-Za-z0-9_\-]{20,}"), 0),
    ("api-key", re.compile(r"\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}"), 0),
    ("api-key", re.compile(r"\bAIza[0-9A-Za-z_\-]{35}"), 0),
    ("aws-access-key", re.compile(r"\b(?:AKIA|ASIA|AGPA|AIDA)[0-9A-Z]{16}\b"), 0),
    ("token", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}"), 0),
    ("token", re.compile(r"\bgithub_pat_[A-Za-z0-9_]{22,}"), 0),
    ("token", re.compile(r"\bglpat-[A-Za-z0-9_\-]{20,}"), 0),
    ("token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"), 0),
    ("token", re.compile(r"\bnpm_[A-Za-z0-9]{30,}"), 0),
    (
        "jwt",
        re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),
        0,
    ),
    # scheme://user:password@host -- only the password goes.
    ("password", re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^\s:/@'\"]+:([^\s@/'\"]+)@"), 1),
    # password = "hunter2!" / API_TOKEN: 'abc...' in code and config: the quoted literal goes.
    (
        "secret",
        re.compile(
            r"(?i)\b[A-Za-z0-9_]*(?:password|passwd|secret|api_?key|access_?key|auth_?token"
            r"|private_?key|token)\b[\"']?\s*[:=]\s*([\"'])([^\"'\n]{6,})\1"
        ),
        2,
    ),
    # SECRET_KEY=abc123... in env-style files and shell (no spaces around `=`, unlike code).
    (
        "secret",
        re.compile(
            r"(?m)^\s*(?:export\s+)?[A-Z0-9_]*(?:PASSWORD|PASSWD|SECRET|API_KEY|APIKEY"
            r"|ACCESS_KEY|AUTH_TOKEN|PRIVATE_KEY|TOKEN)[A-Z0-9_]*=([^\s\"'#()]{6,})(?=\s|$)"
        ),
        1,
    ),
)


def find_secrets(text: str) -> list[SecretMatch]:
    """Every secret-looking string in `text`, in order, without overlaps (first pattern wins)."""
    found: list[SecretMatch] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern, group in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span(group)
            if "[REDACTED:" in match.group(group):
                continue
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append((start, end))
            found.append(SecretMatch(kind, start, end, match.group(group)))
    found.sort(key=lambda m: m.start)
    return found


def redact(text: str) -> tuple[str, int]:
    """`text` with every secret-looking string replaced by a marker, and how many were replaced."""
    matches = find_secrets(text)
    if not matches:
        return text, 0
    pieces: list[str] = []
    position = 0
    for match in matches:
        pieces.append(text[position : match.start])
        pieces.append(match.marker)
        position = match.end
    pieces.append(text[position:])
    return "".join(pieces), len(matches)


def restore(text: str, original: str) -> tuple[str, int]:
    """Put back, locally, the secrets of `original` whose markers a model echoed in `text`.

    The model only ever saw markers; when its answer keeps `[REDACTED:secret]` where the
    original code had a secret, the n-th marker of a kind gets the n-th secret of that kind.
    Returns the restored text and how many markers could not be matched to a secret.
    """
    by_kind: dict[str, list[str]] = {}
    for match in find_secrets(original):
        by_kind.setdefault(match.kind, []).append(match.text)
    unmatched = 0

    def put_back(found: re.Match[str]) -> str:
        nonlocal unmatched
        queue = by_kind.get(found.group(1), [])
        if not queue:
            unmatched += 1
            return found.group(0)
        return queue.pop(0)

    restored = re.sub(r"\[REDACTED:([a-z\-]+)\]", put_back, text)
    return restored, unmatched
