"""Link briefs that report the same story, and flag near-duplicate scrapes.

Two relations, filled in place on ``Brief``:

``duplicate_of``
    The same article scraped twice (other noise, encoding or a small edit):
    same language and a shingle Jaccard similarity of at least
    ``DUPLICATE_JACCARD`` over the normalised body. Candidates come from
    a bottom-k MinHash sketch: each brief is filed under its ``SKETCH_SIZE``
    smallest shingle hashes, and only briefs sharing ``MIN_SHARED`` of them are
    compared exactly (bodies with J = 0.8 share about 10 of 12; in simulation
    never fewer than 4). N briefs cost O(N) sketches plus a few exact set
    comparisons, never N² text comparisons. The original is the earliest by
    (date, file name); undated briefs come last. A duplicate gets a warning
    naming its original.

``same_story_as``
    The same story, possibly in another language. Without translation only
    language-independent evidence counts; each piece is weighted by how rare
    it is in the collection, ``min(1, sqrt(10 / df))``, so an entity named in
    hundreds of briefs (a central bank, Nvidia) says little:

    * each shared canonical entity: 1 × weight
    * each shared money figure (same currency, value within 1 %): 1 × weight
    * each shared percentage (within 1 %): 0.25 × weight
    * shared hashtags (0.5 each) and Latin-script name tokens such as company
      names (0.25 each), weighted, together at most 1.5
    * dates: +1 within 3 days, +0.5 within a week, −2 more than 30 days apart

    A pair is linked when the score reaches ``SAME_STORY_THRESHOLD`` and at
    least two kinds of evidence (entities, money figures, names/tags) agree.
    Duplicates take no part: their original carries the links.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from itertools import chain, combinations, count, repeat

from .model import Brief, Figure
from .text.segment import is_cjk

DUPLICATE_JACCARD = 0.8
SKETCH_SIZE = 12
SKETCH_DEPTH = 48
"""How far past full buckets a sketch looks for ``SKETCH_SIZE`` open ones."""
SAME_STORY_THRESHOLD = 4.0
RARE_DF = 10
"""Evidence found in at most this many briefs keeps its full weight."""
CANDIDATE_DF_CAP = 50
"""Evidence found in more briefs than this does not propose pairs (it still scores)."""
FIGURE_TOLERANCE = 0.01
MIN_SHARED = 4
"""Sketch hashes a candidate must share; bodies with J ≥ 0.8 share about 10 of 12."""
VERIFIED = 8
"""Candidates per brief whose shingle sets are compared exactly, most similar first."""
BUCKET_CAP = 64
"""Originals filed per sketch hash: a phrase common to many articles stops proposing."""

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_CJK_TOKEN = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")
# Stripped from both ends of words: ASCII punctuation and the General Punctuation block.
_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~«»¡¿·" + "".join(map(chr, range(0x2010, 0x2070)))
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f&-]*")
_DUPLICATE_WARNING = "near-duplicate of "
_HASH_MIN = -(1 << 63)
_HASH_SPAN = 1 << 64
_TIME_UNITS = frozenset({"year", "month", "week", "day", "hour", "minute"})

OrderKey = tuple[bool, dt.date, str]
Words = tuple[list[str], bool]
"""A body's words (edge punctuation stripped; CJK: characters and Latin runs) and
whether it is CJK text. Tokenised once, used by both relations."""


def link_briefs(briefs: list[Brief]) -> None:
    """Fill ``duplicate_of`` and ``same_story_as`` of every brief, in place.

    Deterministic and idempotent: previous links are replaced, and
    ``same_story_as`` is symmetric and sorted by file name.
    """
    ordered = sorted(briefs, key=_order)
    words = [_words(b.body, b.language) for b in ordered]
    for brief in ordered:
        brief.same_story_as = []
        brief.duplicate_of = None
        brief.warnings = [w for w in brief.warnings if not w.startswith(_DUPLICATE_WARNING)]
    _mark_duplicates(ordered, words)
    kept = [i for i, b in enumerate(ordered) if b.duplicate_of is None]
    for a, b in _same_story_pairs([ordered[i] for i in kept], [words[i] for i in kept]):
        a.same_story_as.append(b.file)
        b.same_story_as.append(a.file)
    for brief in ordered:
        brief.same_story_as.sort()


def _order(brief: Brief) -> OrderKey:
    return (brief.date is None, brief.date or dt.date.min, brief.file)


def _words(paragraphs: list[str], language: str) -> Words:
    """NFKC-normalised words, so full-width digits and letters match their ASCII forms."""
    text = unicodedata.normalize("NFKC", "\n".join(paragraphs))
    if is_cjk(language, text):
        return _CJK_TOKEN.findall(text), True
    # str.split and strip are five times faster than a tokenising regex.
    return list(filter(None, map(str.strip, text.split(), repeat(_PUNCTUATION)))), False


# --- near-duplicates -----------------------------------------------------------------


def _mark_duplicates(ordered: list[Brief], words: list[Words]) -> None:
    """Point each near-duplicate at the earliest original it matches.

    Only originals are filed in the sketch buckets, at most ``BUCKET_CAP`` per
    bucket, so a thousand copies of one article or a phrase found in every
    article cost a bounded look-up each, never N² comparisons. Of the briefs
    sharing sketch hashes, the ``VERIFIED`` sharing most are checked exactly.
    """
    vocabulary: dict[str, int] = {}
    numbering = count()
    buckets: dict[tuple[str, int], list[int]] = {}
    shingles: list[set[int]] = []
    for i, brief in enumerate(ordered):
        current = _shingles(words[i], vocabulary, numbering)
        shingles.append(current)
        open_keys, seen = _sketch_keys(brief.language, current, buckets)
        shared = Counter(chain.from_iterable(seen))
        likely = sorted((j for j in shared if shared[j] >= MIN_SHARED), key=lambda j: -shared[j])
        match = min((j for j in likely[:VERIFIED] if _similar(current, shingles[j])), default=None)
        if match is None:
            for key in open_keys:
                buckets.setdefault(key, []).append(i)
        else:
            brief.duplicate_of = ordered[match].file
            brief.warnings.append(f"{_DUPLICATE_WARNING}{brief.duplicate_of}")


def _sketch_keys(
    language: str, shingles: set[int], buckets: dict[tuple[str, int], list[int]]
) -> tuple[list[tuple[str, int]], list[list[int]]]:
    """The brief's ``SKETCH_SIZE`` smallest hashes whose buckets still have room, and
    every bucket met on the way there (full ones included, as an earlier copy may
    have been filed in them before they filled up)."""
    open_keys: list[tuple[str, int]] = []
    seen: list[list[int]] = []
    for value in _bottom(shingles):
        key = (language, value)
        bucket = buckets.get(key)
        if bucket:
            seen.append(bucket)
        if bucket is None or len(bucket) < BUCKET_CAP:
            open_keys.append(key)
            if len(open_keys) == SKETCH_SIZE:
                break
    return open_keys, seen


def _shingles(words: Words, vocabulary: dict[str, int], numbering: Iterator[int]) -> set[int]:
    """Hashes of lower-cased word 3-grams (CJK: character 4-grams).

    Words are numbered in order of first sight and the n-grams of numbers are
    hashed as int tuples, whose hash (unlike ``hash(str)``) is the same on every
    run; the briefs are visited in a fixed order, so the result is deterministic.
    """
    tokens, cjk = words
    ids = list(map(vocabulary.setdefault, map(str.lower, tokens), numbering))
    size = 4 if cjk else 3
    if len(ids) < size:
        return {hash(tuple(ids))} if ids else set()
    columns = [ids[k : len(ids) - size + 1 + k] for k in range(size)]
    return set(map(hash, zip(*columns, strict=True)))


def _bottom(values: set[int]) -> list[int]:
    """The ``SKETCH_DEPTH`` smallest hashes; a threshold pre-filter avoids sorting them all."""
    if len(values) <= SKETCH_DEPTH:
        return sorted(values)
    share = 2 * SKETCH_DEPTH / len(values)
    while True:
        limit = _HASH_MIN + int(share * _HASH_SPAN)
        small = sorted(filter(limit.__gt__, values))
        if len(small) >= SKETCH_DEPTH or share >= 1:
            return small[:SKETCH_DEPTH]
        share *= 2


def _similar(a: set[int], b: set[int]) -> bool:
    """Exact Jaccard check of two shingle sets against ``DUPLICATE_JACCARD``."""
    small, large = sorted((len(a), len(b)))
    if small < DUPLICATE_JACCARD * large:
        return False
    shared = len(a & b)
    return shared >= DUPLICATE_JACCARD * (len(a) + len(b) - shared)


# --- same story ----------------------------------------------------------------------


class _Evidence:
    """What a brief says that does not depend on its language."""

    def __init__(self, brief: Brief, words: Words, folded: dict[str, str]) -> None:
        self.brief = brief
        self.entities = frozenset(_fold(e.name, folded) for e in brief.entities if e.name)
        self.money = [f for f in brief.figures if _is_money(f)]
        self.percent = [f for f in brief.figures if f.unit == "%" and f.value > 0]
        self.tags = frozenset(_fold(t, folded) for t in brief.tags if t)
        title = _words([brief.title], brief.language)[0]
        self.names = _name_tokens(words[0] + title, words[1], folded) - self.tags

    def candidate_keys(self) -> set[tuple[str, ...]]:
        """Keys that propose candidate pairs: two figures within 1 % share a cell in
        one of two half-offset grids of 2 % cells."""
        keys: set[tuple[str, ...]] = {("e", e) for e in self.entities}
        keys.update(("t", t) for t in self.tags)
        keys.update(("n", n) for n in self.names)
        for figure in self.money:
            cell = math.log(figure.value) / math.log(1 + 2 * FIGURE_TOLERANCE)
            keys.add(("m", figure.unit, str(math.floor(cell))))
            keys.add(("m", figure.unit, f"{math.floor(cell + 0.5)}+"))
        return keys


def _same_story_pairs(briefs: list[Brief], words: list[Words]) -> list[tuple[Brief, Brief]]:
    """Every pair whose evidence score reaches the threshold, in a stable order."""
    folded: dict[str, str] = {}
    evidence = [_Evidence(b, w, folded) for b, w in zip(briefs, words, strict=True)]
    postings: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, item in enumerate(evidence):
        for key in item.candidate_keys():
            postings[key].append(i)
    df = Counter({key: len(ids) for key, ids in postings.items()})
    shared: Counter[tuple[int, int]] = Counter()
    for ids in postings.values():
        if 1 < len(ids) <= CANDIDATE_DF_CAP:
            shared.update(combinations(ids, 2))
    figure_df = _figure_df(evidence)
    pairs = []
    # Two kinds of evidence must agree, so a pair needs at least two shared keys.
    for i, j in sorted(pair for pair, n in shared.items() if n >= 2):
        if _story_score(evidence[i], evidence[j], df, figure_df) >= SAME_STORY_THRESHOLD:
            pairs.append((evidence[i].brief, evidence[j].brief))
    return pairs


def _story_score(
    a: _Evidence, b: _Evidence, df: Counter[tuple[str, ...]], figure_df: Counter[str]
) -> float:
    """The documented score; returns 0 unless two kinds of evidence agree."""
    entities = sum(_weight(df[("e", e)]) for e in a.entities & b.entities)
    money = sum(_weight(figure_df[k]) for k in _matched(a.money, b.money))
    percent = 0.25 * sum(_weight(figure_df[k]) for k in _matched(a.percent, b.percent))
    names = 0.5 * sum(_weight(df[("t", t)]) for t in a.tags & b.tags)
    names += 0.25 * sum(_weight(df[("n", n)]) for n in a.names & b.names)
    kinds = (entities > 0) + (money > 0) + (names > 0)
    if kinds < 2:
        return 0.0
    return entities + money + percent + min(names, 1.5) + _date_score(a.brief, b.brief)


def _weight(df: int) -> float:
    return min(1.0, math.sqrt(RARE_DF / max(df, 1)))


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


def _fold(text: str, cache: dict[str, str]) -> str:
    """Case-, accent- and punctuation-insensitive form of a name (memoised)."""
    folded = cache.get(text)
    if folded is None:
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        folded = cache[text] = "".join(c for c in decomposed if c.isalnum())
    return folded


def _name_tokens(words: list[str], cjk: bool, folded: dict[str, str]) -> frozenset[str]:
    """Latin-script words that look like names: company and people names survive
    translation, ordinary words do not. In Latin-script text a capitalised word
    whose lower-case form the article also uses (a sentence-initial "The") is not
    a name; in CJK text every Latin word is."""
    unique = set(words)
    if cjk:
        latin = (w for w in unique if len(w) >= 2 and _LATIN_WORD.fullmatch(w))
        return frozenset(_fold(w, folded) for w in latin)
    lower = set(filter(str.islower, unique))
    names = set()
    for word in unique - lower:
        name_like = len(word) >= 3 and word[0].isupper() and word.lower() not in lower
        if name_like and (word.isascii() or _LATIN_WORD.fullmatch(word)):
            names.add(_fold(word, folded))
    return frozenset(names)
