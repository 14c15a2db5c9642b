"""The ``same_story_as`` relation of ``pipeline.linking``: evidence, scores, and their memo.

The score of a pair (documented in ``pipeline.linking``) weighs each piece of
shared evidence by how rare it is in the whole collection, so one new brief
changes the weights of the evidence it names. Scoring every candidate pair again
is most of the cost of linking a large collection; with a ``StoryMemo`` a pair
keeps the score it had when last computed unless the weights of what it shares
have moved enough since to carry that score across the threshold. A score moves
by at most the sum of its weights' moves (times their shares), which the memo
adds up run after run: the result is exactly that of scoring every pair.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from .model import Brief, Figure

SAME_STORY_THRESHOLD = 4.0
RARE_DF = 10
"""Evidence found in at most this many briefs keeps its full weight."""
CANDIDATE_DF_CAP = 50
"""Evidence found in more briefs than this does not propose pairs (it still scores)."""
FIGURE_TOLERANCE = 0.01
SLACK = 1e-9
"""Rounding allowance when a bound on a score is compared with the threshold."""
# How much a key's weight counts in a score, by the key's kind.
SHARES = {"e": 1.0, "t": 0.5, "n": 0.25}

_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f&-]*")
_TIME_UNITS = frozenset({"year", "month", "week", "day", "hour", "minute"})
_NEVER = -math.inf
"""The remembered score of a pair that two kinds of evidence do not support."""

Key = tuple[str, ...]
Weigh = Callable[[Any], float]


Remembered = tuple[float, bool, float]
"""A pair's score when it was computed (or an upper bound, flagged ``False``), and at
most how far it has moved since with the weights (it was not needed exactly)."""


@dataclass
class StoryMemo:
    """Last run's scores by pair of content keys, and the document frequencies of that run."""

    scores: dict[tuple[str, str], Remembered] = field(default_factory=dict)
    df: dict[Key, int] = field(default_factory=dict)
    figure_df: dict[str, int] = field(default_factory=dict)


class _Evidence:
    """What a brief says that does not depend on its language."""

    def __init__(self, brief: Brief, names: frozenset[str], folded: dict[str, str]) -> None:
        self.brief = brief
        self.entities = frozenset(fold(e.name, folded) for e in brief.entities if e.name)
        self.money = [f for f in brief.figures if _is_money(f)]
        self.percent = [f for f in brief.figures if f.unit == "%" and f.value > 0]
        self.tags = frozenset(fold(t, folded) for t in brief.tags if t)
        self.names = names
        scoring: set[Key] = {("e", e) for e in self.entities}
        scoring.update(("t", t) for t in self.tags)
        scoring.update(("n", n) for n in self.names)
        self.scoring_keys = frozenset(scoring)
        """The keys whose weights a score uses."""

    def candidate_keys(self) -> set[Key]:
        """Keys that propose candidate pairs: two figures within 1 % share a cell in
        one of two half-offset grids of 2 % cells."""
        keys = set(self.scoring_keys)
        for figure in self.money:
            cell = math.log(figure.value) / math.log(1 + 2 * FIGURE_TOLERANCE)
            keys.add(("m", figure.unit, str(math.floor(cell))))
            keys.add(("m", figure.unit, f"{math.floor(cell + 0.5)}+"))
        return keys


def same_story_pairs(
    briefs: list[Brief],
    names: list[frozenset[str]],
    folded: dict[str, str],
    keys: list[str] | None = None,
    memo: StoryMemo | None = None,
) -> list[tuple[Brief, Brief]]:
    """Every pair whose evidence score reaches the threshold, in a stable order.

    ``names`` are the briefs' name tokens; with ``keys`` (naming each brief's
    content) scores are taken from ``memo`` where they still hold, and ``memo`` is
    left holding this run's.
    """
    evidence = [_Evidence(b, n, folded) for b, n in zip(briefs, names, strict=True)]
    postings: dict[Key, list[int]] = defaultdict(list)
    for i, item in enumerate(evidence):
        for key in item.candidate_keys():
            postings[key].append(i)
    df = Counter({key: len(ids) for key, ids in postings.items()})
    shared: Counter[tuple[int, int]] = Counter()
    for ids in postings.values():
        if 1 < len(ids) <= CANDIDATE_DF_CAP:
            shared.update(combinations(ids, 2))
    figure_df = _figure_df(evidence)
    weight, figure_weight = _weigher(df), _weigher(figure_df)
    recall = _Recall(memo, keys, evidence, df, figure_df) if memo and keys else None
    pairs = []
    # Two kinds of evidence must agree, so a pair needs at least two shared keys.
    for i, j in sorted(pair for pair, n in shared.items() if n >= 2):
        a, b = evidence[i], evidence[j]
        linked = recall.linked(i, j) if recall else None
        if linked is None:
            score, exact = _score(a, b, weight, figure_weight)
            linked = exact and score >= SAME_STORY_THRESHOLD
            if recall:
                recall.remember(i, j, score, exact)
        if linked:
            pairs.append((a.brief, b.brief))
    if recall:
        recall.save()
    return pairs


def _score(a: _Evidence, b: _Evidence, weight: Weigh, figure_weight: Weigh) -> tuple[float, bool]:
    """The documented score and ``True``; ``_NEVER`` when two kinds of evidence do not
    agree. Figures are matched only when they could matter: otherwise an upper bound
    (each weight is at most 1, each figure matched at most once) and ``False``."""
    date = _date_score(a.brief, b.brief)
    entities = sum(weight(("e", e)) for e in a.entities & b.entities)
    names = 0.5 * sum(weight(("t", t)) for t in a.tags & b.tags)
    names += 0.25 * sum(weight(("n", n)) for n in a.names & b.names)
    figures = min(len(a.money), len(b.money)) + 0.25 * min(len(a.percent), len(b.percent))
    bound = entities + figures + min(names, 1.5) + date
    if bound < SAME_STORY_THRESHOLD - SLACK:
        return bound, False
    money = sum(figure_weight(k) for k in _matched(a.money, b.money))
    percent = 0.25 * sum(figure_weight(k) for k in _matched(a.percent, b.percent))
    if (entities > 0) + (money > 0) + (names > 0) < 2:
        return _NEVER, True
    return entities + money + percent + min(names, 1.5) + date, True


class _Recall:
    """Scores of earlier runs, still good when the weights they used hardly moved."""

    def __init__(
        self,
        memo: StoryMemo,
        keys: list[str],
        evidence: list[_Evidence],
        df: Counter[Key],
        figure_df: Counter[str],
    ) -> None:
        self.memo, self.keys = memo, keys
        self.df, self.figure_df = df, figure_df
        self.scores: dict[tuple[str, str], Remembered] = {}
        # How far each key's share of a score moved: only weights of frequent keys move.
        weighted = {k for k in df.keys() | memo.df.keys() if k[0] in SHARES}
        moves = {
            k: SHARES[k[0]] * abs(_weight(df[k]) - _weight(memo.df.get(k, 0))) for k in weighted
        }
        self.moves = {k: move for k, move in moves.items() if move}
        figures = figure_df.keys() | memo.figure_df.keys()
        moves = {k: abs(_weight(figure_df[k]) - _weight(memo.figure_df.get(k, 0))) for k in figures}
        self.figure_moves = {k: move for k, move in moves.items() if move}
        self.scoring = [item.scoring_keys for item in evidence]
        self.moved = [found & self.moves.keys() for found in self.scoring]
        self.moved_figures = [
            {_figure_key(f) for f in item.money + item.percent} & self.figure_moves.keys()
            for item in evidence
        ]

    def linked(self, i: int, j: int) -> bool | None:
        """The pair's decision if last run's score settles it, else ``None``."""
        pair = (self.keys[i], self.keys[j])
        known = self.memo.scores.get(pair)
        if known is None:
            return None
        score, exact, drift = known
        drift += self._change(i, j)
        if score + drift < SAME_STORY_THRESHOLD - SLACK:
            self.scores[pair] = (score, exact, drift)
            return False
        if exact and score - drift >= SAME_STORY_THRESHOLD + SLACK:
            self.scores[pair] = (score, exact, drift)
            return True
        return None

    def _change(self, i: int, j: int) -> float:
        """At most how far the pair's score moved with the weights since the last run
        (matched figures are some of the first brief's)."""
        change = sum(self.moves[k] for k in self.moved[i] & self.scoring[j])
        return change + sum(self.figure_moves[k] for k in self.moved_figures[i])

    def remember(self, i: int, j: int, score: float, exact: bool) -> None:
        self.scores[(self.keys[i], self.keys[j])] = (score, exact, 0.0)

    def save(self) -> None:
        self.memo.scores = self.scores
        self.memo.df = {k: n for k, n in self.df.items() if k[0] in SHARES}
        self.memo.figure_df = dict(self.figure_df)


def _weigher(df: Counter[Any]) -> Weigh:
    """``_weight`` of each key's document frequency, computed once per key."""
    known: dict[Any, float] = {}

    def weight(key: Any) -> float:
        found = known.get(key)
        if found is None:
            found = known[key] = _weight(df[key])
        return found

    return weight


def _weight(df: int) -> float:
    """How much evidence found in ``df`` briefs counts: fully up to ``RARE_DF``, then
    ``sqrt(RARE_DF / df)`` with ``df`` taken at the (geometric) middle of its power-of-two
    band. A weight then moves only when its count crosses a power of two, so one more brief
    on a story of a hundred leaves the links between the others as they were."""
    if df <= RARE_DF:
        return 1.0
    middle = 2 ** (math.floor(math.log2(df)) + 0.5)
    return min(1.0, math.sqrt(RARE_DF / middle))


def _matched(first: list[Figure], second: list[Figure]) -> list[str]:
    """Figure keys of ``first`` that have a partner in ``second``, each partner used once."""
    used: set[int] = set()
    keys = []
    for f in first:
        for index, g in enumerate(second):
            if index not in used and f.unit == g.unit and _close(f.value, g.value):
                used.add(index)
                keys.append(_figure_key(f))
                break
    return keys


def _figure_df(evidence: list[_Evidence]) -> Counter[str]:
    """In how many briefs each (unit, rounded value) occurs, for weighting figures."""
    counts: Counter[str] = Counter()
    for item in evidence:
        counts.update({_figure_key(f) for f in item.money + item.percent})
    return counts


def _figure_key(figure: Figure) -> str:
    return f"{figure.unit}:{figure.value:.3g}"


def _close(x: float, y: float) -> bool:
    return abs(x - y) <= FIGURE_TOLERANCE * max(abs(x), abs(y))


def _is_money(figure: Figure) -> bool:
    return (
        figure.kind == "money"
        and figure.unit not in _TIME_UNITS
        and figure.unit != "%"
        and figure.value > 0
    )


def _date_score(a: Brief, b: Brief) -> float:
    if a.date is None or b.date is None:
        return 0.0
    days = abs((a.date - b.date).days)
    if days <= 3:
        return 1.0
    if days <= 7:
        return 0.5
    return -2.0 if days > 30 else 0.0


def fold(text: str, cache: dict[str, str]) -> str:
    """Case-, accent- and punctuation-insensitive form of a name (memoised)."""
    folded = cache.get(text)
    if folded is None:
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        folded = cache[text] = "".join(c for c in decomposed if c.isalnum())
    return folded


def name_tokens(words: list[str], cjk: bool, folded: dict[str, str]) -> frozenset[str]:
    """Latin-script words that look like names: company and people names survive
    translation, ordinary words do not. In Latin-script text a capitalised word
    whose lower-case form the article also uses (a sentence-initial "The") is not
    a name; in CJK text every Latin word is."""
    unique = set(words)
    if cjk:
        latin = (w for w in unique if len(w) >= 2 and _LATIN_WORD.fullmatch(w))
        return frozenset(fold(w, folded) for w in latin)
    lower = set(filter(str.islower, unique))
    names = set()
    for word in unique - lower:
        name_like = len(word) >= 3 and word[0].isupper() and word.lower() not in lower
        if name_like and (word.isascii() or _LATIN_WORD.fullmatch(word)):
            names.add(fold(word, folded))
    return frozenset(names)
