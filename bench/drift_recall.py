"""Drift recall: does the check flag a name written in another style where a project has a
strong naming convention?

For each corpus of a group (`drift_precision`'s groups, fetched the same way), definitions
that follow the strong naming convention governing them are drawn with a seed, and each is
renamed (its definition and its uses in that file) into the style a developer used to
another convention writes (snake_case -> camelCase, camelCase -> snake_case, PascalCase ->
snake_case, UPPER_CASE -> PascalCase; Ruby's classes, modules and constants between
PascalCase and UPPER_CASE, as they must start with a capital). The file is extracted again
and checked against the conventions inferred from the untouched corpus, as an editor checks
a file being edited. A renamed name is caught when a finding names it.

Recall is caught / renamed. It is the other half of `drift_precision`: that one counts what
the check says of code maintainers already merged, this one whether the exemptions the
rules grant (dictated names, accessors, public API, folders with their own naming) leave
the check blind to a name a change gets wrong. Misses are listed with the reason the check
gave the name a pass, when it gave one.

With `--with-baseline` the check runs as in a workspace with a baseline, which judges
public API too (the names there are recorded; a new public name is reported), and what it
reports in the edited file past a baseline of the file as it was is counted: findings
about the renamed name, and any about another (noise the edit would bring a team).

    .venv/bin/python bench/drift_recall.py --group held-out-2 [--with-baseline]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import drift_precision as dp
from results import write_section

from steering_index.cli.conventions import workspace_findings
from steering_index.conventions.baseline import Baseline
from steering_index.conventions.dictated import file_facts, marked_overrides
from steering_index.conventions.infer import (
    check_file,
    governing,
    left_alone,
    workspace_facts,
)
from steering_index.conventions.language_data import language_facts
from steering_index.conventions.layout import is_benchmark, is_test_file, is_vendored
from steering_index.conventions.libraries import workspace_library_table
from steering_index.conventions.naming import (
    CAMEL,
    PASCAL,
    SNAKE,
    UPPER_SNAKE,
    conforms,
    naming_style,
    split_words,
    to_style,
)
from steering_index.conventions.observe import (
    is_generated,
    symbol_naming_key,
    voting_style,
    why_mandated,
)
from steering_index.conventions.project import ProjectFacts
from steering_index.index.extract import extract
from steering_index.index.files import text_reader
from steering_index.index.indexer import Indexer
from steering_index.model import Convention, FileExtract, Finding, Symbol, qualified
from steering_index.store import IndexStore

SEED = 23
PER_CORPUS = 25
# The style a name is rewritten in: the one a developer from the other camp would write.
DRIFT = {SNAKE: CAMEL, CAMEL: SNAKE, PASCAL: SNAKE, UPPER_SNAKE: PASCAL}
RUBY_DRIFT = {PASCAL: UPPER_SNAKE, UPPER_SNAKE: PASCAL}


@dataclass(frozen=True)
class Trial:
    corpus: str
    path: str
    kind: str
    name: str
    renamed: str
    caught: bool
    passed_because: str  # why the check left the renamed name alone, if it says
    # With a baseline: what else the check reports in the edited file, past the baseline
    # of the file as it was (findings the edit brought about another name).
    others: tuple[str, ...] = ()


def _candidates(
    extracts: Sequence[FileExtract],
    conventions: Sequence[Convention],
    read: Callable[[str], bytes | None],
) -> list[tuple[FileExtract, Symbol]]:
    """Definitions of two words or more in the style their strong convention asks for, that
    a developer names freely: not a name the language or a base class dictates (a renamed
    override would no longer override: one the check exempts, or one marked `override` or
    `@Override` in the language's own style), and not one the file defines twice (renaming
    every use would rename a family of members, which is a naming of its own), and not in a
    file a tool generated or a project vendored, which the check leaves alone on purpose:
    nobody edits those by hand."""
    found: list[tuple[FileExtract, Symbol]] = []
    for one in extracts:
        if is_generated(one) or is_vendored(one.path) or is_benchmark(one.path):
            continue
        facts = file_facts(one, read)
        marked = marked_overrides(one)
        in_test = is_test_file(one.path, one.language)
        defined = Counter(symbol.name for symbol in one.symbols)
        for symbol in one.symbols:
            style = naming_style(symbol.name)
            if style not in DRIFT or len(split_words(symbol.name.strip("_"))) < 2:
                continue
            if defined[symbol.name] > 1 or qualified(symbol) in marked:
                continue
            key = symbol_naming_key(one.language, symbol).id
            convention = governing(key, one.path, conventions)
            if convention is None or not convention.strong:
                continue
            if not conforms(voting_style(symbol.name, one.language), convention.value):
                continue
            if why_mandated(symbol, one.path, one.language, in_test, facts) is not None:
                continue
            found.append((one, symbol))
    return found


def _trial(
    corpus: str,
    root: Path,
    one: FileExtract,
    symbol: Symbol,
    conventions: Sequence[Convention],
    project: ProjectFacts,
    public_api: bool = False,
) -> Trial | None:
    data = (root / one.path).read_bytes()
    span = symbol.name_span
    if data[span.start_byte : span.end_byte] != symbol.name.encode():
        return None
    style = naming_style(symbol.name)
    # Ruby's classes, modules and constants must start with a capital: the other camp
    # writes them in the other capitalised style.
    capitalised = one.language == "ruby" and symbol.kind in ("class", "module", "constant")
    renamed = to_style(symbol.name, RUBY_DRIFT[style] if capitalised else DRIFT[style])
    if renamed == symbol.name:
        return None
    # Every use in the file too, as a developer names a new definition the same throughout.
    # `$` is part of a JavaScript name, and PHP's sigil before a property's or variable's.
    before = rb"(?<!\w)" if one.language == "php" else rb"(?<![\w$])"
    word = re.compile(before + re.escape(symbol.name.encode()) + rb"(?![\w$])")
    changed = word.sub(renamed.encode(), data)
    again = extract(one.path, changed, one.language)
    if not any(s.name == renamed and s.kind == symbol.kind for s in again.symbols):
        return None  # the definition was not renamed: no trial
    base_read = text_reader(root)

    def read(path: str) -> bytes | None:
        return changed if path == one.path else base_read(path)

    quiet: list[Finding] = []
    # As a team with a baseline sees the edit: the file's findings before it recorded.
    recorded: Baseline | None = None
    if public_api:
        recorded = Baseline()
        recorded.add(
            check_file(one, conventions, project=project, read=base_read, public_api=True),
            base_read,
        )
        recorded.add_unread(one, data)
    findings = check_file(
        again,
        conventions,
        project=project,
        read=read,
        public_api=public_api,
        silenced=quiet,
        recorded=recorded.records_name if recorded is not None else None,
    )
    others: tuple[str, ...] = ()
    if recorded is not None:
        findings, _kept = recorded.split(one.path, findings, changed)
        # A Ruby setter, predicate or bang method of the same name was renamed with it.
        suffixes = re.escape(language_facts(one.language).name_suffixes)
        tail = f"[{suffixes}]?" if suffixes else ""
        about = re.compile(f"`{re.escape(renamed)}{tail}`")
        others = tuple(f.message for f in findings if not about.search(f.message))
    caught = any(f"`{renamed}`" in f.message for f in findings)
    reason = ""
    hushed = next((f for f in quiet if f"`{renamed}`" in f.message), None)
    if not caught and hushed is not None:
        # Found, then silenced by the file's own comment: SwiftLint's `disable
        # identifier_name` over the stretch the rename fell in, a `steering: ignore`.
        reason = (
            f"`{renamed}` is silenced by a comment of its file that accepts names there"
            f" (a linter's, or `steering: ignore`) (`{hushed.code.partition('/')[2]}`)"
        )
    elif not caught:
        moved = next((s for s in again.symbols if s.name == renamed), None)
        if moved is not None:
            why = left_alone(
                moved,
                one.path,
                one.language,
                conventions,
                again,
                read,
                project,
                public_api,
            )
            reason = why or ""
    return Trial(corpus, one.path, symbol.kind, symbol.name, renamed, caught, reason, others)


def run_corpus(
    corpus: dp.Corpus, per_corpus: int, seed: int, public_api: bool = False
) -> list[Trial]:
    root = dp.fetch(corpus, dp.cache_dir())
    return recall_on(corpus.name, root, per_corpus, seed, public_api)


def recall_on(
    name: str, root: Path, per_corpus: int, seed: int, public_api: bool = False
) -> list[Trial]:
    """The trials on the workspace at `root` (see the module docstring); with `public_api`,
    checked as in a workspace with a baseline, which judges public API."""
    table, _problems = workspace_library_table(root)
    with tempfile.TemporaryDirectory() as tmp, IndexStore.open(Path(tmp) / "i.db") as store:
        Indexer(root, store).build()
        _findings, _silenced, conventions = workspace_findings(store, [""], table, root=root)
        project = workspace_facts(store, root)
        extracts = [e for p in store.indexed_paths() if (e := store.extract_for(p)) is not None]
    pool = sorted(
        _candidates(extracts, conventions, text_reader(root)),
        key=lambda c: (c[0].path, c[1].span.start_byte),
    )
    drawn = random.Random(seed).sample(pool, min(per_corpus, len(pool)))
    trials = [_trial(name, root, one, s, conventions, project, public_api) for one, s in drawn]
    return [t for t in trials if t is not None]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--group", default="held-out-2", choices=sorted(dp.GROUPS))
    parser.add_argument("--corpus", action="append", help="only this corpus (repeatable)")
    parser.add_argument("--per-corpus", type=int, default=PER_CORPUS)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--no-write", action="store_true", help="leave RESULTS.md alone")
    parser.add_argument(
        "--with-baseline",
        action="store_true",
        help="check as in a workspace with a baseline, which judges public API too",
    )
    args = parser.parse_args()
    corpora = [c for c in dp.GROUPS[args.group] if not args.corpus or c.name in args.corpus]
    rows = ["| corpus | renamed | caught | recall |", "|---|---:|---:|---:|"]
    every: list[Trial] = []
    for corpus in corpora:
        print(f"{corpus.name}: fetching and indexing", file=sys.stderr)
        trials = run_corpus(corpus, args.per_corpus, args.seed, args.with_baseline)
        every.extend(trials)
        caught = sum(t.caught for t in trials)
        share = f"{100 * caught / len(trials):.0f}%" if trials else "-"
        rows.append(f"| {corpus.name} | {len(trials)} | {caught} | {share} |")
    caught = sum(t.caught for t in every)
    share = f"{100 * caught / len(every):.0f}%" if every else "-"
    rows.append(f"| all | {len(every)} | {caught} | {share} |")
    print("\n".join(rows))
    misses = [t for t in every if not t.caught]
    if misses:
        print("\nMissed:")
        for t in misses:
            why = f" ({t.passed_because})" if t.passed_because else ""
            print(f"- {t.corpus} {t.path}: {t.kind} `{t.name}` -> `{t.renamed}`{why}")
    seen_after = ""
    if args.with_baseline:
        others = [(t, message) for t in every for message in t.others]
        reported = caught + len(others)
        seen_after = (
            f"Past the baseline of each file as it was, the edited files got {reported}"
            f" findings: {caught} name the renamed definition, {len(others)} another name"
            + (f" ({100 * caught / reported:.0f}% about the edit)." if reported else ".")
        )
        print(f"\n{seen_after}")
        for t, message in others:
            print(f"- {t.corpus} {t.path} (after `{t.name}` -> `{t.renamed}`): {message}")
    if not args.no_write and not args.corpus:
        reasons = Counter(_reason(t.passed_because) for t in misses)
        mode = " --with-baseline" if args.with_baseline else ""
        where = ", in a workspace with a baseline" if args.with_baseline else ""
        write_section(
            f"drift-recall-{args.group}{mode.replace(' --', '-')}",
            [
                f"## Drift recall on the {args.group} corpora{where}",
                "",
                f"Run {date.today().isoformat()}: `.venv/bin/python bench/drift_recall.py --group"
                f" {args.group}{mode}` ({args.per_corpus} names a corpus, seed {args.seed}).",
                "",
                *rows,
                "",
                "Why the check let the missed ones pass: "
                + "; ".join(f"{why} ({n})" for why, n in reasons.most_common())
                + ".",
                *(["", seen_after] if seen_after else []),
            ],
        )
    return 0


def _reason(passed_because: str) -> str:
    """The kind of exemption a miss's reason names, without the name and convention."""
    if not passed_because:
        return "no finding and no reason given"
    why = passed_because.split("` is ", 1)[-1]
    return why.rsplit(" (`", 1)[0]


if __name__ == "__main__":
    raise SystemExit(main())
