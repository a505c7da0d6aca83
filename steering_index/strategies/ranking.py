"""Which strategies fit a task: BM25 over `when`, title and body, and globs against the target.

Each strategy is one document whose words are weighted by field (`when` counts three
times, the title twice, the body once), scored with BM25 against the task's words (and,
more lightly, the target's identifiers and path). A strategy is a candidate only when:

- its globs, if it has any, match the target path (a test-writing playbook is no help in a
  handler), and
- the task and the target's names share at least `MIN_SHARED` words with its `when` and
  title, or one when a glob matched: a body word alone is too weak a sign. (A code
  action's task is often generic, "Rewrite the selection following the project's rules":
  then the names of what is being changed say what the change is about.)

At most `limit` candidates are sent, best first; one below `SECOND_RATIO` of the best
score is not (a near miss is noise in the prompt). Every score says why, in words.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath

from steering_index.model import RuleFormat
from steering_index.retrieval.rank import STOP_WORDS, words_of
from steering_index.rules.globs import GlobMatcher, compile_globs
from steering_index.strategies.format import Strategy

FIELD_WEIGHTS = (("when", 3), ("title", 2), ("body", 1))
K1 = 1.2
B = 0.75
MIN_SHARED = 2
SECOND_RATIO = 0.5
DEFAULT_LIMIT = 2
GLOB_BONUS = 1.0
NAME_WEIGHT = 0.5  # a word of the target's names, against 1 for a word of the task


def root_word(word: str) -> str:
    """A crude stem, the same on both sides: `parses`, `parsing`, `parsed` -> `pars`."""
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    return word.rstrip("e") if len(word) > 4 else word


def roots(text: str) -> list[str]:
    return [root_word(w) for w in words_of(text) if w not in STOP_WORDS]


@dataclass(frozen=True, slots=True)
class StrategyMatch:
    """A strategy that fits the task, its score, and why."""

    strategy: Strategy
    score: float
    shared: tuple[str, ...]  # task words found in its `when` or title
    glob: str | None  # the glob that matched the target, if it has globs
    reason: str


@lru_cache(maxsize=4096)
def _bag(strategy: Strategy) -> tuple[Counter[str], frozenset[str]]:
    """(weighted word counts of the whole strategy, the words of its `when` and title)."""
    bag: Counter[str] = Counter()
    texts = {"when": strategy.when, "title": strategy.title, "body": strategy.body}
    for name, weight in FIELD_WEIGHTS:
        for word in roots(texts[name]):
            bag[word] += weight
    heading = frozenset(roots(f"{strategy.when} {strategy.title}"))
    return bag, heading


def _query(task: str, identifiers: Sequence[str], path: str) -> dict[str, float]:
    weights: dict[str, float] = {}
    for word in roots(PurePosixPath(path).with_suffix("").as_posix()):
        weights[word] = max(weights.get(word, 0.0), 0.3)
    for name in identifiers:
        for word in roots(name):
            weights[word] = max(weights.get(word, 0.0), NAME_WEIGHT)
    for word in roots(task):
        weights[word] = 1.0
    return weights


def rank_strategies(
    strategies: Iterable[Strategy], task: str, path: str, identifiers: Sequence[str] = ()
) -> list[StrategyMatch]:
    """The strategies that fit `task` on `path`, best first (see the module docstring)."""
    pool = list(strategies)
    if not pool:
        return []
    bags = {s.id: _bag(s) for s in pool}
    average = sum(sum(bag.values()) for bag, _ in bags.values()) / len(pool) or 1.0
    frequency: Counter[str] = Counter(w for bag, _ in bags.values() for w in bag)
    query = _query(task, identifiers, path)
    # The task's words and the target's names; the path's words only weigh in the score.
    spoken = {w for w, weight in query.items() if weight >= NAME_WEIGHT}
    matches = []
    for strategy in pool:
        glob = _matching_glob(strategy, path)
        if strategy.globs and glob is None:
            continue
        bag, heading = bags[strategy.id]
        shared = tuple(sorted(spoken & heading))
        if len(shared) < (1 if glob else MIN_SHARED):
            continue
        length = sum(bag.values())
        score = sum(
            weight * _idf(frequency[word], len(pool)) * _saturated(bag[word], length, average)
            for word, weight in query.items()
            if word in bag
        )
        score += GLOB_BONUS if glob else 0.0
        matches.append(StrategyMatch(strategy, score, shared, glob, ""))
    matches.sort(key=lambda m: (-m.score, m.strategy.id))
    said = {
        root_word(w): w
        for w in reversed(words_of(" ".join([task, *identifiers])))
        if w not in STOP_WORDS
    }
    return [_explained(m, rank, len(pool), said) for rank, m in enumerate(matches, 1)]


def chosen(matches: Sequence[StrategyMatch], limit: int = DEFAULT_LIMIT) -> list[StrategyMatch]:
    """The matches to send: at most `limit`, none far below the best."""
    if not matches or limit <= 0:
        return []
    best = matches[0].score
    return [m for m in matches[:limit] if m.score >= SECOND_RATIO * best]


def _matching_glob(strategy: Strategy, path: str) -> str | None:
    if not strategy.globs:
        return None
    return _matcher(strategy.globs).first_match(path)


@lru_cache(maxsize=4096)
def _matcher(globs: tuple[str, ...]) -> GlobMatcher:
    """Globs compiled once: the same strategies are ranked for request after request."""
    return compile_globs(globs, RuleFormat.STRATEGY)


def _idf(count: int, total: int) -> float:
    return math.log(1 + (total - count + 0.5) / (count + 0.5))


def _saturated(tf: int, length: float, average: float) -> float:
    return tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / average))


def _explained(match: StrategyMatch, rank: int, total: int, said: dict[str, str]) -> StrategyMatch:
    words = ", ".join(f"“{said.get(w, w)}”" for w in match.shared)
    parts = [f"the task and its target share {words} with its when/title" if words else ""]
    if match.glob:
        parts.append(f"glob `{match.glob}` matched the target")
    why = "; ".join(p for p in parts if p)
    reason = f"strategy ranked {rank} of {total} for the task ({why}; BM25 {match.score:.2f})"
    return StrategyMatch(match.strategy, match.score, match.shared, match.glob, reason)
