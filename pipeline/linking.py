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
    hundreds of briefs (a central bank, Nvidia) says little. Above 10, ``df`` is
    taken at the middle of its power-of-two band (16-31 counts as 22.6), so one more
    brief on a long story does not move the links between the others:

    * each shared canonical entity: 1 × weight
    * each shared money figure (same currency, value within 1 %): 1 × weight
    * each shared percentage (within 1 %): 0.25 × weight
    * shared hashtags (0.5 each) and Latin-script name tokens such as company
      names (0.25 each), weighted, together at most 1.5
    * dates: +1 within 3 days, +0.5 within a week, −2 more than 30 days apart

    A pair is linked when the score reaches ``SAME_STORY_THRESHOLD`` and at
    least two kinds of evidence (entities, money figures, names/tags) agree.
    Duplicates take no part: their original carries the links. Scoring lives in
    ``linking_story``.

What linking reads from each brief depends on that brief alone, so a caller that
names each brief's content by a key may keep it between runs in a ``LinkMemo``:
then one changed brief costs little more than the briefs it is compared with.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain, repeat

from .linking_story import SAME_STORY_THRESHOLD, StoryMemo, fold, name_tokens, same_story_pairs
from .model import Brief
from .text.segment import is_cjk

__all__ = ["SAME_STORY_THRESHOLD", "Features", "LinkMemo", "link_briefs"]

DUPLICATE_JACCARD = 0.8
SKETCH_SIZE = 12
SKETCH_DEPTH = 48
"""How far past full buckets a sketch looks for ``SKETCH_SIZE`` open ones."""
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
_DUPLICATE_WARNING = "near-duplicate of "
_HASH_MIN = -(1 << 63)
_HASH_SPAN = 1 << 64

OrderKey = tuple[bool, dt.date, str]
Words = tuple[list[str], bool]
"""A body's words (edge punctuation stripped; CJK: characters and Latin runs) and
whether it is CJK text."""
Features = tuple[tuple[int, ...], frozenset[str]]
"""What linking reads from a brief's text, which depends on that brief alone: the
``SKETCH_DEPTH`` smallest shingle hashes of its body and its name tokens."""


@dataclass
class LinkMemo:
    """What linking may keep between runs, by the briefs' content keys: each brief's
    ``Features`` and the exact similarity of each pair of bodies it compared. Making
    these is most of linking's work, and neither depends on any other brief."""

    features: dict[str, Features] = field(default_factory=dict)
    similar: dict[tuple[str, str], bool] = field(default_factory=dict)
    story: StoryMemo = field(default_factory=StoryMemo)


def link_briefs(
    briefs: list[Brief], keys: list[str] | None = None, memo: LinkMemo | None = None
) -> None:
    """Fill ``duplicate_of`` and ``same_story_as`` of every brief, in place.

    Deterministic and idempotent: previous links are replaced, and
    ``same_story_as`` is symmetric and sorted by file name. With ``keys`` (one per
    brief, naming its content) ``memo`` is used, and left holding what these briefs use.
    """
    order = sorted(range(len(briefs)), key=lambda i: _order(briefs[i]))
    ordered = [briefs[i] for i in order]
    texts = _Texts(ordered, [keys[i] for i in order] if keys else None, memo)
    features = [texts.features(i) for i in range(len(ordered))]
    for brief in ordered:
        brief.same_story_as = []
        brief.duplicate_of = None
        brief.warnings = [w for w in brief.warnings if not w.startswith(_DUPLICATE_WARNING)]
    _mark_duplicates(ordered, [sketch for sketch, _ in features], texts)
    kept = [i for i, b in enumerate(ordered) if b.duplicate_of is None]
    chosen = [ordered[i] for i in kept]
    names = [features[i][1] for i in kept]
    story_keys = [texts.keys[i] for i in kept] if texts.keys else None
    pairs = same_story_pairs(chosen, names, texts.folded, story_keys, texts.memo.story)
    for a, b in pairs:
        a.same_story_as.append(b.file)
        b.same_story_as.append(a.file)
    for brief in ordered:
        brief.same_story_as.sort()
    texts.keep_used()


def _order(brief: Brief) -> OrderKey:
    return (brief.date is None, brief.date or dt.date.min, brief.file)


def _words(paragraphs: list[str], language: str) -> Words:
    """NFKC-normalised words, so full-width digits and letters match their ASCII forms."""
    text = unicodedata.normalize("NFKC", "\n".join(paragraphs))
    if is_cjk(language, text):
        return _CJK_TOKEN.findall(text), True
    # str.split and strip are five times faster than a tokenising regex.
    return list(filter(None, map(str.strip, text.split(), repeat(_PUNCTUATION)))), False


class _Texts:
    """Features, shingles and similarities of the ordered briefs, made on demand and
    taken from (and added to) a ``LinkMemo`` when the briefs have keys."""

    def __init__(self, ordered: list[Brief], keys: list[str] | None, memo: LinkMemo | None):
        self.ordered = ordered
        self.keys = keys if memo is not None else None
        self.memo = memo or LinkMemo()
        self.folded: dict[str, str] = {}
        self.vocabulary: dict[str, int] = {}
        self._shingles: dict[int, set[int]] = {}
        self._pairs: set[tuple[str, str]] = set()

    def features(self, index: int) -> Features:
        key = self.keys[index] if self.keys else None
        found = self.memo.features.get(key) if key else None
        if found is None:
            brief = self.ordered[index]
            words = _words(brief.body, brief.language)
            sketch = tuple(_bottom(self.shingles(index, words)))
            tags = {fold(t, self.folded) for t in brief.tags if t}
            title = _words([brief.title], brief.language)[0]
            found = sketch, name_tokens(words[0] + title, words[1], self.folded) - tags
            if key:
                self.memo.features[key] = found
        return found

    def shingles(self, index: int, words: Words | None = None) -> set[int]:
        found = self._shingles.get(index)
        if found is None:
            brief = self.ordered[index]
            words = words or _words(brief.body, brief.language)
            found = self._shingles[index] = _shingles(words, self.vocabulary)
        return found

    def similar(self, i: int, j: int) -> bool:
        """``_similar`` of two bodies, remembered by their keys."""
        if not self.keys:
            return _similar(self.shingles(i), self.shingles(j))
        pair = (self.keys[i], self.keys[j])
        self._pairs.add(pair)
        found = self.memo.similar.get(pair)
        if found is None:
            found = self.memo.similar[pair] = _similar(self.shingles(i), self.shingles(j))
        return found

    def keep_used(self) -> None:
        if self.keys:
            kept = set(self.keys)
            memo = self.memo
            memo.features = {k: v for k, v in memo.features.items() if k in kept}
            memo.similar = {p: v for p, v in memo.similar.items() if p in self._pairs}


# --- near-duplicates -----------------------------------------------------------------


def _mark_duplicates(ordered: list[Brief], sketches: list[tuple[int, ...]], texts: _Texts) -> None:
    """Point each near-duplicate at the earliest original it matches.

    Only originals are filed in the sketch buckets, at most ``BUCKET_CAP`` per
    bucket, so a thousand copies of one article or a phrase found in every
    article cost a bounded look-up each, never N² comparisons. Of the briefs
    sharing sketch hashes, the ``VERIFIED`` sharing most are checked exactly.
    """
    buckets: dict[tuple[str, int], list[int]] = {}
    for i, brief in enumerate(ordered):
        open_keys, seen = _sketch_keys(brief.language, sketches[i], buckets)
        shared = Counter(chain.from_iterable(seen))
        likely = sorted((j for j in shared if shared[j] >= MIN_SHARED), key=lambda j: -shared[j])
        match = min((j for j in likely[:VERIFIED] if texts.similar(i, j)), default=None)
        if match is None:
            for key in open_keys:
                buckets.setdefault(key, []).append(i)
        else:
            brief.duplicate_of = ordered[match].file
            brief.warnings.append(f"{_DUPLICATE_WARNING}{brief.duplicate_of}")


def _sketch_keys(
    language: str, sketch: tuple[int, ...], buckets: dict[tuple[str, int], list[int]]
) -> tuple[list[tuple[str, int]], list[list[int]]]:
    """The brief's ``SKETCH_SIZE`` smallest hashes whose buckets still have room, and
    every bucket met on the way there (full ones included, as an earlier copy may
    have been filed in them before they filled up)."""
    open_keys: list[tuple[str, int]] = []
    seen: list[list[int]] = []
    for value in sketch:
        key = (language, value)
        bucket = buckets.get(key)
        if bucket:
            seen.append(bucket)
        if bucket is None or len(bucket) < BUCKET_CAP:
            open_keys.append(key)
            if len(open_keys) == SKETCH_SIZE:
                break
    return open_keys, seen


def _shingles(words: Words, vocabulary: dict[str, int]) -> set[int]:
    """Hashes of lower-cased word 3-grams (CJK: character 4-grams).

    Each word is numbered by a hash of its own (``_word_id``), and the n-grams of
    numbers are hashed as int tuples, whose hash (unlike ``hash(str)``) is the same
    on every run: a brief's shingles depend on nothing but its text.
    """
    tokens, cjk = words
    ids = [vocabulary.get(t) or _word_id(t, vocabulary) for t in map(str.lower, tokens)]  # never 0
    size = 4 if cjk else 3
    if len(ids) < size:
        return {hash(tuple(ids))} if ids else set()
    columns = [ids[k : len(ids) - size + 1 + k] for k in range(size)]
    return set(map(hash, zip(*columns, strict=True)))


def _word_id(word: str, vocabulary: dict[str, int]) -> int:
    digest = hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    vocabulary[word] = int.from_bytes(digest, "little", signed=True) or 1
    return vocabulary[word]


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
