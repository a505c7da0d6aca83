"""What a rule section is about, and how much it bears on one task: the "sending" half of rules.

Which rules *apply* to a file is the resolver's business (hover, `steering rules`). Which
of them are *sent* is decided here, per task. Each section gets a kind from its title (and,
when the title says little, from its body):

- `code`: how the code is written; ranked and sent by relevance;
- `process`: releases, commits, PR messages, git, CI, installing, review etiquette;
- `docs`: product and user documentation, how to write the docs;
- `persona`: the agent's own persona, tone, tools or skills.

The last three are never sent with an edit request, unless the task is about them ("write
the release notes", a target under `docs/`) or names them (`#releases`). A `code` section
scores by the words it shares with the task (most), the target's identifiers and its file's
path, weighted by how rare each word is among the sections that apply; a short section that
states a hard constraint ("never", "must", "always") scores higher.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath

from steering_index.model import Rule
from steering_index.store import identifier_words

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one string, for the word lists below."""
    return frozenset(words.split())


_STOP = word_set(
    """a an and are as at be by can do does for from has have if in into is it its of on or
    so that the their them then there these this to use used uses using was we when where
    which while will with you your not no all any each every should must never always only
    add make new code file files our than also how what one more see other"""
)
STOP_WORDS = _STOP  # shared with the strategies' ranking

# Words that make a task itself about process or docs ("write the release notes"). Only
# words a code task does not use in passing: "request", "issue" or "version" are not here.
PROCESS_WORDS = word_set(
    """release releases releasing changelog changelogs commit commits pr prs git github
    rebase ci deploy deployment publish publishing contributing contributor"""
)
DOCS_WORDS = word_set("""documentation docs readme tutorial tutorials mintlify mkdocs""")

# Titles that name a kind outright. A title word decides before the body is looked at;
# "Code Review Guidelines" is about reviewing, "Testing Guidelines" about code.
_TITLE_KINDS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "persona",
        word_set(
            """personality persona tone voice communication responding skill skills
            mood etiquette"""
        ),
    ),
    (
        "process",
        word_set(
            """release releases releasing changelog commit commits pr prs pull git branch
            branching ci workflow install installation setup prerequisites dependencies
            dependency contributing review reviews reviewing worktree publishing deploy
            deployment versioning attribution triage execplans worktrees commands push pushing"""
        ),
    ),
    ("docs", word_set("documentation docs mintlify readme tutorial website")),
)
# Second-person instructions about how to talk, not how to write code.
_PERSONA_BODY = re.compile(
    r"\b(respond|reply|answer)\w*\s+(dismissive|rude|sarcastic|politely|briefly|in a)"
    r"|\byour (personality|tone|mood|persona)\b|\byou are (a|an) \w+ (assistant|agent)\b"
    r"|\bguidance to (claude|the agent|ai agents?|codex)\b",
    re.IGNORECASE,
)
# Lines that tell the reader to run a tool or deal with the forge, not how to write code.
_PROCESS_LINE = re.compile(
    r"\b(git|gh|commit|commits|pull request|PRs?|release|changelog|CI|pip install|uv sync"
    r"|uv add|uv run|npm install|npm run|pre-commit|prek|merge|branch|rebase|tag|issues?"
    r"|GitHub|Slack|contributors?|make \w+|poetry)\b"
)
_HARD = re.compile(
    r"\b(never|must|always|do not|don't|shall|forbidden|required|only)\b", re.IGNORECASE
)
_CODE_TITLE = word_set(
    """style code coding standards standard conventions convention naming imports import
    types typing type errors error exceptions exception handling security secrets secret
    patterns api async tests testing test logging money database sql http"""
)
HARD_MAX_WORDS = 160  # a "short" section: a few bullets, not a chapter


def words_of(text: str) -> list[str]:
    """Lower-case words of prose and identifiers (`cart_total` -> cart, total)."""
    found: list[str] = []
    for token in _WORD.findall(text.replace("_", " ")):
        found.extend(identifier_words(token).split())
    return [w for w in found if len(w) > 1]


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _stems(text: str) -> set[str]:
    return {_stem(w) for w in words_of(text) if w not in _STOP}


_TITLE_PHRASES = (
    ("persona", ("note for ai agents", "how to talk", "interaction style")),
    ("docs", ("choose your", "getting started", "quickstart", "user guide", "product overview")),
    (
        "process",
        (
            "status reporting",
            "code review",
            "pull request",
            "automated checks",
            "package management",
            "before committing",
        ),
    ),
)


@lru_cache(maxsize=2048)
def _section_stems(title: str, text: str) -> frozenset[str]:
    """A section's words, once per text: the same sections are ranked for every request."""
    return frozenset(_stems(f"{title}\n{text}"))


@lru_cache(maxsize=4096)
def section_kind(rule: Rule) -> str:
    """`code`, `process`, `docs` or `persona`: what the section tells the reader to do."""
    titled = _title_kind(rule.title)
    if titled is not None:
        return titled
    if _PERSONA_BODY.search(rule.text):
        return "persona"
    lines = [ln for ln in rule.text.splitlines()[1:] if ln.strip() and not ln.startswith("#")]
    if len(lines) >= 2:
        process = sum(1 for ln in lines if _PROCESS_LINE.search(ln))
        if process / len(lines) >= 0.6:
            return "process"
    return "code"


_KIND_WORDS = {"process": PROCESS_WORDS, "docs": DOCS_WORDS, "persona": frozenset()}
_DOC_SUFFIXES = frozenset({".md", ".mdx", ".rst", ".txt", ".adoc"})


def section_kinds(rules: Iterable[Rule]) -> dict[str, str]:
    """`section_kind` of each rule, where a section with nothing in its own title to go by
    takes the kind of the nearest heading above it that has one: the subsections of "Code
    Review Rules" are about reviewing, whatever their own titles say."""
    kinds: dict[str, str] = {}
    for rule in rules:
        own = section_kind(rule)
        if own == "code" and _title_kind(rule.title) is None:
            # The document's own title (the first heading) speaks for every section of it,
            # and says too little: "Product overview" over "Principles" of the code.
            above = (_title_kind(title) for title in reversed(rule.heading_path[1:-1]))
            own = next((kind for kind in above if kind is not None), own)
        kinds[rule.id] = own
    return kinds


def _title_kind(title: str) -> str | None:
    lowered = title.lower()
    for kind, phrases in _TITLE_PHRASES:
        if any(phrase in lowered for phrase in phrases):
            return kind
    words = {_stem(w) for w in words_of(title)} | set(words_of(title))
    for kind, marks in _TITLE_KINDS:
        if words & marks:
            return kind
    return None


def task_is_about(kind: str, task: str, path: str) -> bool:
    """Whether a task (and its target file) is itself about a non-code kind of section.

    "write the release notes" is about process; editing `docs/index.md` is about docs. A
    persona section is never a task's subject: only naming it (`#personality`) sends it.
    """
    if kind == "code":
        return True
    said = {_stem(w) for w in words_of(task)} | set(words_of(task))
    if said & _KIND_WORDS.get(kind, frozenset()):
        return True
    if kind == "process" and "pull request" in task.lower():
        return True
    pure = PurePosixPath(path)
    if kind == "docs":
        return pure.suffix.lower() in _DOC_SUFFIXES or "docs" in pure.parts
    if kind == "process":
        name = pure.name.lower()
        return ".github" in pure.parts or name.startswith(("changelog", "release"))
    return False


def is_hard_constraint(rule: Rule) -> bool:
    """A short section that says what the code must or must never do."""
    return len(rule.text.split()) <= HARD_MAX_WORDS and bool(_HARD.search(rule.text))


@dataclass(frozen=True, slots=True)
class RuleQuery:
    """What a section is ranked against: the task's words, the target's names, its path."""

    task: str
    identifiers: Sequence[str] = ()
    path: str = ""

    def weighted(self) -> dict[str, float]:
        weights: dict[str, float] = {}
        for stem in _stems(PurePosixPath(self.path).with_suffix("").as_posix()):
            weights[stem] = max(weights.get(stem, 0.0), 0.5)
        for name in self.identifiers:
            for stem in _stems(name):
                weights[stem] = max(weights.get(stem, 0.0), 1.0)
        for stem in _stems(self.task):
            weights[stem] = 2.0
        return weights


@dataclass(frozen=True, slots=True)
class RuleScore:
    """A section's relevance to the task, and the words that earned it (for the reason)."""

    score: float
    matched: tuple[str, ...]
    hard: bool


def score_rules(rules: Iterable[Rule], query: RuleQuery) -> dict[str, RuleScore]:
    """Relevance of each section to `query`: shared words weighted by rarity among them."""
    rules = list(rules)
    stems = {rule.id: _section_stems(rule.title, rule.text) for rule in rules}
    counts: dict[str, int] = {}
    for found in stems.values():
        for stem in found:
            counts[stem] = counts.get(stem, 0) + 1
    total = max(len(rules), 1)
    weights = query.weighted()
    scores: dict[str, RuleScore] = {}
    for rule in rules:
        shared = sorted(
            (s for s in stems[rule.id] if s in weights),
            key=lambda s: (-weights[s] * _idf(counts[s], total), s),
        )
        score = sum(weights[s] * _idf(counts[s], total) for s in shared)
        length = len(rule.text.split())
        score /= math.log2(2 + length / 60)  # long sections match more words by size alone
        title = set(words_of(rule.title)) | {_stem(w) for w in words_of(rule.title)}
        if title & _CODE_TITLE:
            score += 1.0
        hard = is_hard_constraint(rule)
        if hard:
            score += 2.0
        scores[rule.id] = RuleScore(score, tuple(shared[:3]), hard)
    return scores


def _idf(count: int, total: int) -> float:
    return math.log(1 + total / count)
