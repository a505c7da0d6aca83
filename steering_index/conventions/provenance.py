"""Whether a file is another project's code, copied in whole, that says so in its header.

Projects copy a file or a few from elsewhere and keep them as they came, so that they can
be compared with their source and updated from it: jq's `jv_dtoa.c` (David Gay's dtoa),
taskflow's `sandbox/seismic` (from Intel's oneTBB) and its `small_vector.hpp` ("modified
from llvm"), oh-my-bash's `lib/mo.sh` (the `mo` project, whose address it gives). Such a
file follows its own project's conventions, and renaming its names would cut it off from
its source; it neither votes nor is judged, as vendored folders are not.

A file says where it comes from in its header, the comments before its first definition
(not a class's comment on a part of it):
- a phrase of provenance about the file itself: "copied from", "adapted from", "modified
  from", "ported from", "taken from", "borrowed from", "derived from", "forked from",
  "vendored into", opening its sentence or following the file's name or "this file is".
- the address of a repository whose name is the file's own (`mo.sh` giving
  `github.com/tests-always-included/mo`), or of a file of the same name in a repository
  (tmux's `tools/24-bit-color.sh` giving `github.com/gnachman/iTerm2/blob/master/tests/
  24-bit-color.sh`), when the project's git remote is another (`json.hpp` giving
  `github.com/nlohmann/json` in a clone of it is nlohmann's own; without a remote to
  compare, the address says nothing).
- a copyright holder that neither the licence nor the `AUTHORS` file names, when the
  licence names one (the first run of copyright lines of `LICENSE`, `COPYING` or
  `COPYRIGHT`, or of a licence file named with its licence as `LICENSE-MIT`, beside the
  package's manifest or at the root: jq's `COPYING` names its own
  author first, and the holders of the code it includes further down), under another
  licence than the licence file's: a contributor's file under the project's licence
  (hiredis's `alloc.c`) is the project's. "Portions copyright" marks a file of the
  project's own with parts from elsewhere (jq's `jv.c`), and an Xcode "Created by" header
  names whoever created a file of the project's own.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from steering_index.model import FileExtract

# Licence files, by name without their suffix, lower-cased.
_LICENCE_NAMES = ("license", "licence", "copying", "copyright")
_LICENCE_BYTES = 64 * 1024
# The header: comments before the first definition, in the file's first lines.
_HEADER_LINES = 40
# `Copyright (c) 2005-2019 Intel Corporation`, `copyright (C) 2012 Stephen Dolan`,
# `Copyright © 2015 Shai Mishali`; the holder is what follows the marks and years.
# A notice, not the licence's text about notices: a mark or a year follows the word.
# Matched on lower-cased text (faster than ignoring case).
# A colon may stand between the word and the year (typecho's copy of Services_JSON:
# "Copyright : 2005 Michal Migursk"), and "by" instead of both (libarchive's `COPYING`: "The
# libarchive distribution as a whole is Copyright by Tim Kientzle").
_COPYRIGHT = re.compile(r"copyright\s*:?\s*(\(c\)|©|&copy;|(?=\d{4})|by\s)(?P<rest>[^\n]*)")
# A licence file's line opening on the mark and a year alone, the word said above it
# (zlib's "Copyright notice:" then " (C) 1995-2024 Jean-loup Gailly and Mark Adler").
_MARKED_LINE = re.compile(r"\s*(\(c\)|©)\s*(?=\d{4})(?P<rest>[^\n]*)")
# "Portions copyright", "Parts (strptime()) Copyright": the line before the notice.
_PORTIONS = re.compile(r"\b(portions|parts)\b[^\n]{0,40}$")
_MARKS_AND_YEARS = re.compile(r"^(\s|\(c\)|©|&copy;|[\d,\-–]|present\b|by\b|:)+", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{3,}")
# Words every holder may share, which name nobody: `The Go Authors`, `Acme, Inc.`,
# `and contributors`, an e-mail address's parts.
_COMMON_WORDS = frozenset(
    " ".join(
        (
            "all rights reserved the and inc corp corporation ltd llc gmbh limited company",
            "contributors contributor authors author project team developers developer",
            "foundation its affiliates et al gmail com org net www http https github mailto",
            "dot at see file for details other others individual individuals licensed under",
            "license licence mit bsd apache gpl version copyright holder holders owner year",
            "years yyyy name",
        )
    ).split()
)
_PROVENANCE = re.compile(
    r"\b(?P<verb>copied|adapted|modified|ported|taken|borrowed|derived|forked|vendored)\s+"
    r"(verbatim\s+)?(?P<to>from|(?<=vendored )(into|in)|(?<=vendored )copy of)\s+\S",
    re.IGNORECASE,
)
# What may stand before a phrase of provenance when it is about the file: nothing in its
# sentence (`// Taken from RxFeedback`), the file itself and a verb (`This file is copied
# and modified from`, `This is probably taken from`, `NullSafeQueryRewriter is copied
# from` in `NullsafeQueryRewriter.cs`). Not anything else (`a launcher derived from
# ChromeHeadless`, `The presentation preferences are taken from the data payload`).
_SUBJECT_AND_VERB = re.compile(
    r"(?P<subject>.*?)(\s*\b(is|was|were|are|has been|have been))?(\s+\w+ly)?"
    r"(\s+(copied|modified) and)?"
)
_THE_FILE = re.compile(
    r"((this|the|it|a|an)\b\s*)?((file|code|class|module|implementation|plugin|library|header|"
    r"function|program|benchmarks?|source|script|port|version|component|extension|"
    r"utility)s?)?"
)
_SENTENCE_START = re.compile(r".*(\n|[.:;]\s|^)", re.DOTALL)
# The BSD licence's "products derived from this software".
_LICENCE_WORDING = re.compile(r"^\s*this software\b", re.IGNORECASE)
# An Xcode template's header (`Created by Ethan Gill on 2017/11/28.`, then its copyright):
# a contributor's name, on a file of the project's own.
_CREATED_BY = re.compile(r"^\W*created by\b", re.IGNORECASE | re.MULTILINE)
# Cheap to look for first: most headers say none of these.
_PROVENANCE_VERBS: tuple[str, ...] = tuple(
    [
        "copied",
        "adapted",
        "modified",
        "ported",
        "taken",
        "borrowed",
        "derived",
        "forked",
        "vendored",
    ]
)
_REPOSITORY = re.compile(
    r"\b(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)/(?P<owner>[\w.-]+)/"
    r"(?P<name>[\w.-]+)",
    re.IGNORECASE,
)


# Licences by the words of their text or their SPDX identifier. A file another project's
# contributor wrote keeps the project's licence (hiredis's `alloc.c`: BSD, as hiredis);
# one copied from elsewhere keeps its own (taskflow's seismic: Apache, in an MIT project).
_LICENCE_WORDS = (
    ("apache", r"apache license|apache\.org/licenses"),
    ("lgpl", r"gnu (lesser|library) general public"),
    ("gpl", r"gnu general public"),
    ("mpl", r"mozilla public"),
    ("boost", r"boost software license"),
    ("mit", r"permission is hereby granted, free of charge|\bmit[ -]licen[cs]e"),
    ("bsd", r"redistribution and use in source and binary forms|\bbsd[ -]licen[cs]e"),
    ("isc", r"permission to use, copy, modify, and(/or)? distribute this software for any\s+"
     r"purpose with or without fee"),
    # Permission notices of their own (David Gay's dtoa, HPND): after ISC, which starts so.
    ("notice", r"permission to use, copy, modify,? and(/or)? distribute this software"),
    ("zlib", r"altered source versions must be plainly marked"),
    # Named, as IBM's decNumber headers do ("the ICU License -- ICU 1.8.1 and later"),
    # before the MIT-like permission notice its text goes on with.
    ("icu", r"\bicu licen[cs]e"),
)  # fmt: skip
# One pattern, one pass: its first match is the licence stated first (at one place, the
# earlier alternative wins: ISC before the plain notice it starts as).
_LICENCE_KINDS = re.compile("|".join(f"(?P<{k}>{w})" for k, w in _LICENCE_WORDS))
_SPDX = re.compile(r"spdx-license-identifier:\s*(?P<id>[\w.+-]+)")
# SPDX identifiers by their start: `Apache-2.0`, `BSD-3-Clause`, `BSL-1.0`.
_SPDX_KINDS = {"bsl": "boost", "apache": "apache", "lgpl": "lgpl", "gpl": "gpl", "mpl": "mpl"}


_COMMENT_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*(?:\*(?!/)|#+|//+|;+|--)?[ \t]*")


def licence_kind(text: str) -> str:
    """The licence `text` states first, by its SPDX identifier or its words (`mit`,
    `apache`), or "" for none known."""
    # Lower-cased (the patterns are: faster than matching without case), and a comment's
    # lines joined without their markers, as a licence's phrases run across them.
    text = _COMMENT_LINE_BREAK.sub(" ", text.lower())
    spdx = _SPDX.search(text) if "spdx-license-identifier" in text else None
    if spdx is not None:
        identifier = spdx["id"].lower()
        kinds = (k for prefix, k in _SPDX_KINDS.items() if identifier.startswith(prefix))
        return next(kinds, identifier.split("-", 1)[0])
    found = _LICENCE_KINDS.search(text)
    return found.lastgroup or "" if found is not None else ""


# An address in a holder's line (`<info@bnoordhuis.nl>`, `https://...`): no part of a name.
_ADDRESS = re.compile(r"<[^>\n]*>|\S+@\S+|\bhttps?://\S+")


def holder_words(text: str) -> frozenset[str]:
    """The words that name a copyright's holder, from what follows `Copyright`."""
    rest = _ADDRESS.sub(" ", _MARKS_AND_YEARS.sub("", text))
    return frozenset(w for w in (m.lower() for m in _WORD.findall(rest)) if w not in _COMMON_WORDS)


# Files that list a project's people: a header naming one of them is the project's own
# (libuv's `heap-inl.h`, by its maintainer, under a licence of his own).
_AUTHORS_NAMES = ("authors", "contributors", "maintainers", "credits")


@dataclass(frozen=True, slots=True)
class ProjectLicence:
    """What a package's licence file says: the holders it names first (each as its words,
    sorted, joined by spaces) and the licence's kind (`licence_kind`)."""

    holders: tuple[str, ...] = ()
    kind: str = ""
    # The words of the names its `AUTHORS` (or `CONTRIBUTORS`, `MAINTAINERS`) file lists.
    people: frozenset[str] = frozenset()


NO_LICENCE = ProjectLicence()


def holds_licence(names: Sequence[str]) -> bool:
    """Whether a folder listing `names` holds a licence file (`licence_file`)."""
    return any(licence_file(name) for name in names)


# What a licence file named with its licence is written as: `ICU-license.html`.
_TEXT_SUFFIXES = frozenset({"", "txt", "md", "markdown", "rst", "html", "htm"})


def licence_file(name: str) -> bool:
    """Whether a file named `name` is a licence file: `LICENSE`, `COPYING.txt` (any
    suffix), or one naming its licence beside the word, as text (`LICENSE-MIT`,
    `ICU-license.html`, `COPYING_LGPL.txt`; not a script such as `license-check.js`)."""
    stem, _, suffix = name.lower().partition(".")
    if stem in _LICENCE_NAMES:
        return True
    parts = re.split(r"[-_]", stem)
    return (
        len(parts) == 2
        and any(part in _LICENCE_NAMES for part in parts)
        and suffix in _TEXT_SUFFIXES
    )


def another_projects(licence: ProjectLicence, project: ProjectLicence) -> bool:
    """Whether a folder's own `licence` is another project's: it names holders, and none of
    them is among the holders of the `project`'s licence or the people its `AUTHORS` file
    lists (assimp's `contrib/zlib/LICENSE`, Jean-loup Gailly's and Mark Adler's); or it
    names nobody and is of another kind than the project's (assimp's
    `contrib/clipper/License.txt`, the Boost licence's text alone, in a BSD project).
    Nothing is another project's where the project's licence names nobody."""
    ours = frozenset(w for h in project.holders for w in h.split())
    if not ours:
        return False
    if not licence.holders:
        return bool(licence.kind) and bool(project.kind) and licence.kind != project.kind
    return not any(
        set(h.split()) & ours or set(h.split()) <= project.people for h in licence.holders
    )


def project_licence(folder: Path) -> ProjectLicence:
    """The licence in `folder` (`licence_file`: `LICENSE`, `COPYING`, `LICENSE-MIT`); no holders
    when there is none or it names nobody, as Apache's text does not (then only the kind
    of the first licence of a known kind, or nothing)."""
    try:
        names = sorted(p.name for p in folder.iterdir() if p.is_file())
    except OSError:
        return NO_LICENCE
    nameless = NO_LICENCE
    for name in names:
        if not licence_file(name):
            continue
        text = _read_start(folder / name)
        holders = _first_holders(text.splitlines())
        if not holders and not nameless.kind:
            nameless = ProjectLicence((), licence_kind(text))
        if holders:
            people = (
                holder_words(_read_start(folder / n))
                for n in names
                if n.lower().split(".", 1)[0] in _AUTHORS_NAMES
            )
            return ProjectLicence(holders, licence_kind(text), frozenset().union(*people))
    return nameless


def _read_start(path: Path) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as listed:
            return listed.read(_LICENCE_BYTES)
    except OSError:
        return ""


def _first_holders(lines: Sequence[str]) -> tuple[str, ...]:
    """The holders of the first run of copyright lines (blank lines between them allowed)."""
    found: list[str] = []
    for line in lines:
        lowered = line.lower()
        match = _COPYRIGHT.search(lowered) or _MARKED_LINE.match(lowered)
        if match is None:
            if found and line.strip():
                break
            continue
        words = holder_words(match["rest"])
        if words:
            found.append(" ".join(sorted(words)))
        elif found:
            break
    return tuple(found)


def _says_the_file_is(before: str, stem: str, after: str) -> bool:
    """Whether a phrase of provenance preceded by `before` and followed by `after` says where
    the file comes from: it opens its sentence, follows a verb, or follows the file's own
    name (`// small vector modified from llvm` in `small_vector.hpp`)."""
    if _LICENCE_WORDING.match(after):
        return False
    sentence = _SENTENCE_START.sub("", before, count=1)
    words = " ".join(re.findall(r"\w+", sentence)).lower()
    subject = _SUBJECT_AND_VERB.fullmatch(words)
    if subject is None:
        return False
    named = subject["subject"]
    return (
        bool(_THE_FILE.fullmatch(named))
        or named.replace(" ", "_") == stem
        or (named.replace(" ", "") == stem.replace("_", ""))
    )


_GIT_URL = re.compile(
    r"^\s*url\s*=\s*\S*?[/:](?P<owner>[\w.-]+)/(?P<name>[\w.-]+?)(\.git)?/?\s*$", re.M
)


def project_names(root: Path) -> frozenset[str]:
    """The names the project at `root` goes by, lower-cased with only letters and digits:
    the owner and name of each repository its git configuration names (`origin`:
    `github.com/nlohmann/json`). Not its folder's name, which differs between clones (and
    would make a shared index's conventions stale in each)."""
    try:
        with open(_git_dir(root) / "config", encoding="utf-8", errors="replace") as config:
            text = config.read(_LICENCE_BYTES)
    except OSError:
        return frozenset()
    names: set[str] = set()
    for remote in _GIT_URL.finditer(text):
        names.update((plain_name(remote["owner"]), plain_name(remote["name"])))
    return frozenset(names - {""})


def _git_dir(root: Path) -> Path:
    """The folder holding the git configuration of the checkout at `root`: `.git`, or for a
    worktree (a `.git` file saying `gitdir: ...`) the repository's common folder."""
    dot_git = root / ".git"
    if not dot_git.is_file():
        return dot_git
    try:
        pointer = dot_git.read_text("utf-8", errors="replace").strip()
    except OSError:
        return dot_git
    gitdir = (root / pointer.removeprefix("gitdir:").strip()).resolve()
    try:
        common = (gitdir / "commondir").read_text("utf-8", errors="replace").strip()
    except OSError:
        return gitdir
    return (gitdir / common).resolve()


def plain_name(name: str) -> str:
    """`Newtonsoft.Json` -> `newtonsoftjson`: a name as `project_names` holds it."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


# What follows a repository's address when it points at one file in it:
# `/blob/master/tests/24-bit-color.sh`, `/raw/v1.2/src/x.c`.
_FILE_IN_REPOSITORY = re.compile(r"/(?:blob|raw)/[\w.\-]+/(?P<path>[\w.\-/]+)")


def _names_this_file(after_address: str, path: str) -> bool:
    """Whether the address ending where `after_address` starts points at a file of the same
    name as the one at `path` (tmux's `tools/24-bit-color.sh`, whose header gives
    `github.com/gnachman/iTerm2/blob/master/tests/24-bit-color.sh`)."""
    found = _FILE_IN_REPOSITORY.match(after_address)
    return found is not None and found["path"].rsplit("/", 1)[-1] == path.rsplit("/", 1)[-1]


def file_header(extract: FileExtract) -> str:
    """The comments before the file's first definition, in its first lines: what the file
    says about itself, not what a class's comment says about a part (faraday's `Handler`,
    "borrowed from ActiveSupport::Dependencies::Reference"). Definitions and comments come
    in the order of the file."""
    # Not a macro: C's include guard (`#define JV_THREAD_H`) comes before a header's words.
    first = next((s.span.start_line for s in extract.symbols if s.kind != "macro"), _HEADER_LINES)
    end = min(first, _HEADER_LINES)
    return "\n".join(
        c.text for c in itertools.takewhile(lambda c: c.span.start_line < end, extract.comments)
    )


def foreign_origin(
    extract: FileExtract, licence: ProjectLicence, names: frozenset[str] = frozenset()
) -> str | None:
    """Why the file is another project's code by what its header says, or None.
    `licence` is that of the file's package (`project_licence`), `names` those the project
    goes by (`project_names`)."""
    header = file_header(extract)
    if not header:
        return None
    lowered = header.lower()
    stem = extract.path.rsplit("/", 1)[-1].split(".", 1)[0].lower()
    may_say = any(verb in lowered for verb in _PROVENANCE_VERBS)
    phrases = _PROVENANCE.finditer(header) if may_say else ()
    for phrase in phrases:
        if _says_the_file_is(header[: phrase.start()], stem, header[phrase.end() - 1 :]):
            source = header[phrase.end() - 1 :].split("\n", 1)[0].strip()
            return f"its header says it is {phrase['verb'].lower()} {phrase['to']} {source}"
    addresses = _REPOSITORY.finditer(header) if names and stem in lowered else ()
    for address in addresses:
        repository = address["name"].lower().removesuffix(".git")
        if {plain_name(address["owner"]), plain_name(repository)} & names:
            continue
        if repository == stem:
            return f"its header gives the address of its own project, {address[0]}"
        if _names_this_file(header[address.end() :], extract.path):
            return f"its header gives its address in another project, {address[0]}"
    part = _PART_OF.search(header) if names and "part of" in lowered else None
    if part is not None and not _names_the_project(part["project"], names, licence):
        return f"its header says it is part of {part['project'].strip()}"
    public = _public_domain(lowered, licence) if "public" in lowered else None
    if public is not None:
        return public
    if "copyright" not in lowered:
        return None
    return _foreign_holder(lowered, licence, _site_it_is_named_after(header, stem, names))


# A header's word of which project the file belongs to: PHP CS Fixer's "This file is part
# of PHP CS Fixer.", GNU's "This file is part of the GNU C Library", in another project.
_PART_OF = re.compile(
    r"\bthis\s+(?:file|program|source\s+file|source|code|header|library)\s+is\s+(?:a\s+)?"
    r"part\s+of\s+(?:the\s+)?(?P<project>[^\n.,;:()|<>]{2,60})",
    re.IGNORECASE,
)
# Words that say what kind of project one is, not which.
_PROJECT_KINDS = frozenset(
    [
        "package",
        "project",
        "library",
        "client",
        "framework",
        "distribution",
        "software",
        "suite",
        "module",
        "plugin",
        "toolkit",
        "application",
        "app",
        "sdk",
        "source",
        "code",
        "open",
    ]
)


def _names_the_project(project: str, names: frozenset[str], licence: ProjectLicence) -> bool:
    """Whether `project`, as a header names the project its file is part of, is this one:
    a word of it is (or is part of) a name the project goes by (`Roundcube Webmail client`
    in roundcube/roundcubemail), all its words together are one, or a word of it is one of
    the licence's holders'."""
    words = [w.lower() for w in _WORD.findall(project) if w.lower() not in _PROJECT_KINDS]
    if not words:
        return True  # "part of this package": nothing to tell it by
    joined = "".join(words)
    holders = frozenset(w for h in licence.holders for w in h.split())
    return any(word in name or name in joined for word in words for name in names) or any(
        word in holders for word in words
    )


# A file put in the public domain (`100% Public Domain`, `stb_truetype.h - v1.26 - public
# domain`, `placed in the public domain`).
_PUBLIC_DOMAIN = re.compile(r"\bpublic[\s-]+domain\b")


def _public_domain(header: str, licence: ProjectLicence) -> str | None:
    """Why a header (lower-cased) that puts its file in the public domain says the file is
    another project's: the package's licence names its holders (a project's own files take
    its licence; SQLite's, all public domain, name nobody), and the header names none of
    them (libevent's `sha1.c`, "By Steve Reid ... 100% Public Domain", in a project under
    the licence of Niels Provos and Nick Mathewson; imgui's copy of `stb_truetype.h`). Not
    the `AUTHORS` file's people: a long list of contributors shares a first name with any
    header."""
    project = frozenset(w for h in licence.holders for w in h.split())
    if not project or not _PUBLIC_DOMAIN.search(header) or holder_words(header) & project:
        return None
    return "its header puts it in the public domain, unlike the project's licence"


# A site's or an organisation's address (`https://www.FreeRTOS.org`, `github.com/FreeRTOS`).
_SITE = re.compile(r"\b(?:https?://|www\.)(?P<host>[\w-]+(?:\.[\w-]+)+)(?P<path>/[^\s)>\]\"']*)?")
_FORGES = frozenset({"github.com", "gitlab.com", "bitbucket.org", "codeberg.org"})
# Hosts of many projects' pages, where the name is the label before them (`glfw.github.io`).
_PAGE_HOSTS = ("github.io", "gitlab.io", "readthedocs.io", "sourceforge.net", "sourceforge.io")
# A licence's address, in a header under it (`apache.org/licenses/LICENSE-2.0`,
# `mozilla.org/MPL/2.0/`): no project the file is named after.
_LICENCE_ADDRESS = re.compile(r"licen[cs]e|/mpl\b|copyleft", re.IGNORECASE)
# Second-level domains under a country's code (`example.co.uk`).
_SECOND_LEVELS = frozenset({"co", "com", "org", "net", "ac", "gov", "edu"})
# The shortest name a file's name is taken to begin with (not `lua`, `api`, `src`).
_NAMED_AFTER_LETTERS = 4


def _site_it_is_named_after(header: str, stem: str, names: frozenset[str]) -> str:
    """The address, in `header`, of a site or an organisation the file's name begins with
    (plog's copy of FreeRTOS's `FreeRTOSConfig.h` gives `https://www.FreeRTOS.org` and
    `https://github.com/FreeRTOS`), that is not one of the project's `names`; or "". A
    licence's address names no such project, and a header that gives the project's own
    address too is the project's."""
    plain_stem = plain_name(stem)
    sites = [
        (plain_name(_site_name(site["host"].lower(), site["path"] or "")), site[0])
        for site in _SITE.finditer(header)
        if not _LICENCE_ADDRESS.search(site["path"] or "")
    ]
    if any(name in names for name, _ in sites):
        return ""  # written for this project (roundcube's TinyCP driver gives both sites)
    named_after = (
        address.rstrip(".,;")
        for name, address in sites
        if len(name) >= _NAMED_AFTER_LETTERS and plain_stem.startswith(name)
    )
    return next(named_after, "")


def _site_name(host: str, path: str) -> str:
    """The name an address gives its site or organisation: a forge's owner (`FreeRTOS` of
    `github.com/FreeRTOS`; a repository names a file only as the whole of its name, as
    `foreign_origin` reads it), a page host's project (`glfw` of `glfw.github.io`), or the
    domain's own name (`freertos` of `www.freertos.org`, `example` of
    `a.inject.example.com`), never a host's other labels."""
    if host in _FORGES:
        return path.split("/")[1] if path.count("/") >= 1 else ""
    labels = host.split(".")
    if host.endswith(_PAGE_HOSTS):
        return labels[0] if len(labels) > 2 else ""
    if len(labels) > 2 and labels[-2] in _SECOND_LEVELS and len(labels[-1]) == 2:
        return labels[-3]
    return labels[-2]


def _foreign_holder(header: str, licence: ProjectLicence, named_after: str = "") -> str | None:
    """Why a header's copyright (`header` lower-cased) says the file is another project's:
    it names none of the licence's holders, and it states another licence, or gives the
    address of the project the file is named after (`named_after`, as
    `_site_it_is_named_after` finds it): a contributor's own file takes the project's
    licence and names no other project, and one copied from a project of the same licence
    (plog's `FreeRTOSConfig.h`, Amazon's, MIT as plog is) does."""
    project = frozenset(w for h in licence.holders for w in h.split())
    if not project or ("created by" in header and _CREATED_BY.search(header)):
        return None
    claimed: list[frozenset[str]] = []
    for match in _COPYRIGHT.finditer(header):
        line_start = header.rfind("\n", 0, match.start()) + 1
        if _PORTIONS.search(header, line_start, match.start()):
            return None  # the project's own file, with parts from elsewhere
        words = holder_words(match["rest"])
        if words:
            claimed.append(words)
    if not claimed or any(words & project or words <= licence.people for words in claimed):
        return None
    holder = " ".join(sorted(claimed[0]))
    kind = licence_kind(header)
    if kind and kind != licence.kind:
        return f"its copyright holder ({holder}) is not the project's, nor its licence ({kind})"
    if named_after:
        return (
            f"its copyright holder ({holder}) is not the project's, and it gives the address"
            f" of {named_after}, whose name it bears"
        )
    return None  # a contributor's, under the project's licence or none named
