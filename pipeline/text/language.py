"""Detect an article's language as an ISO 639-1 code, or ``und`` when unsure.

The script of the letters decides first: kana means Japanese, Hangul Korean, Han
alone Chinese, and scripts that lingua does not model map to their one language
or to ``und`` (so an Amharic article is never called something else). Texts in
other scripts go to lingua in low-accuracy mode, on a sample of paragraph-like
lines (language menus, share lines and bylines left out) capped at
``SAMPLE_CHARS`` characters.

Loading lingua's models takes about half a second, more than analysing an article.
Within ``remembering(known)`` lingua's answers are taken from ``known`` for texts it
has ranked before (an edited article usually keeps its opening), so a rebuild after
such an edit never loads the models.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import LanguageDetector

UNDETERMINED = "und"
SAMPLE_CHARS = 800
WINDOW_CHARS = 250  # lingua's cost jumps above ~300 characters; two windows take ~2 ms
PARAGRAPH_CHARS = 40  # shorter lines are headers, menus or share bars
CJK_PARAGRAPH_CHARS = 15
MENU_MAX_CHARS = 240
MIN_LETTERS = 60  # below this lingua guesses wildly ("Hello" → Sotho)
MIN_CJK_LETTERS = 8
CJK_SHARE = 0.3  # CJK prose quotes Latin names freely; a third of the letters decides
MIN_HAN_ONLY_LETTERS = 20  # kanji-only text can be Japanese as well as Chinese
MIN_CONFIDENCE = 0.6
TOP = 3  # lingua candidates ``_lingua`` looks at
KANA_SHARE_FOR_JAPANESE = 0.05  # Japanese prose is 30-60 % kana; Chinese quotes a name at most

_SCRIPTS: dict[str, re.Pattern[str]] = {
    name: re.compile(f"[{ranges}]")
    for name, ranges in {
        "kana": "\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f",
        "han": "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f",
        "hangul": "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af",
        "ethiopic": "\u1200-\u139f\u2d80-\u2ddf",
        "tibetan": "\u0f00-\u0fff",
        "khmer": "\u1780-\u17ff",
        "lao": "\u0e80-\u0eff",
        "myanmar": "\u1000-\u109f",
        "sinhala": "\u0d80-\u0dff",
        "kannada": "\u0c80-\u0cff",
        "malayalam": "\u0d00-\u0d7f",
        "oriya": "\u0b00-\u0b7f",
        "thaana": "\u0780-\u07bf",
    }.items()
}
# Scripts lingua has no model for: their single language, or und when several share it.
_UNMODELLED = {
    "ethiopic": UNDETERMINED,  # Amharic, Tigrinya, Ge'ez
    "tibetan": UNDETERMINED,  # Tibetan, Dzongkha
    "khmer": "km",
    "lao": "lo",
    "myanmar": "my",
    "sinhala": "si",
    "kannada": "kn",
    "malayalam": "ml",
    "oriya": "or",
    "thaana": "dv",
}
# Letters without which a text cannot be in the language, though lingua sometimes says
# so: Ukrainian read as Kazakh, Russian as Belarusian or Mongolian.
_SIGNATURE_LETTERS = {"kk": "әғқңөұүһ", "be": "ў", "mn": "өү"}
_WIDE = re.compile("[\u2e80-\U0010ffff]")
_HINT = re.compile(r"^\s*([A-Za-z]{2})(?:[-_][A-Za-z0-9]+)*\s*$")

Ranking = list[tuple[str, float]]
"""lingua's best candidates for a text: (ISO 639-1 code, confidence), best first."""
Rankings = dict[bytes, Ranking]
"""Rankings by a digest of the text ranked."""
_memo: list[tuple[Rankings, Rankings]] = []  # (known, used) of the innermost ``remembering``


@cache
def _detector() -> LanguageDetector:
    """One lingua detector per process; its models load lazily, per script, on first use."""
    from lingua import LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def _is_menu(line: str) -> bool:
    """A run-together language switcher such as ``PolskiEnglishУкраїнська``.

    Names glued without spaces show as a lower-case letter followed by a capital,
    or as a switch between cased scripts, more often than spaces occur. Prose has
    too many spaces to qualify and CJK lines too few cased letters.
    """
    if len(line) > MENU_MAX_CHARS or line.count(" ") * 8 > len(line):
        return False
    joins = sum(
        1
        for a, b in itertools.pairwise(line)
        if a.islower() and (b.isupper() or (b.islower() and _script(a) != _script(b)))
    )
    cased = sum(1 for ch in line if ch.isupper() or ch.islower())
    letters = sum(1 for ch in line if ch.isalpha())
    return joins >= 2 and line.count(" ") < joins and cased >= 0.85 * letters


def _script(ch: str) -> int:
    """Coarse block of a cased letter: Latin, Greek, Cyrillic or other."""
    return (ord(ch) >= 0x250) + (ord(ch) >= 0x370) + (ord(ch) >= 0x400) + (ord(ch) >= 0x530)


def _sample(text: str) -> str:
    """Paragraph-like lines, in order, up to ``SAMPLE_CHARS``; all lines if there are none."""
    paragraphs: list[str] = []
    others: list[str] = []
    size = 0
    for raw in text.splitlines():
        line = raw.strip()
        if not line or _is_menu(line):
            continue
        wide = len(line) >= CJK_PARAGRAPH_CHARS and len(_WIDE.findall(line)) * 2 >= len(line)
        if len(line) >= PARAGRAPH_CHARS or wide:
            paragraphs.append(line)
            size += len(line) + 1
            if size >= SAMPLE_CHARS:
                break
        else:
            others.append(line)
    chosen = paragraphs if size >= 2 * PARAGRAPH_CHARS else paragraphs + others
    sample = "\n".join(chosen)
    if len(sample) <= SAMPLE_CHARS:
        return sample
    cut = sample.rfind(" ", SAMPLE_CHARS // 2, SAMPLE_CHARS)
    return sample[: cut if cut > 0 else SAMPLE_CHARS]


def normalise_hint(hint: str | None) -> str | None:
    """``ja-JP`` → ``ja``; anything that is not a language tag → ``None``."""
    match = _HINT.match(hint or "")
    return match.group(1).lower() if match else None


def detect_language(text: str, hint: str | None = None) -> str:
    """ISO 639-1 code of ``text``'s language, or ``und`` when short or ambiguous.

    ``hint`` (e.g. ``<html lang>``) only settles texts too short to judge and
    close calls between lingua's top candidates; it never overrides a clear result.
    """
    hint_code = normalise_hint(hint)
    sample = _sample(text)
    counts = {name: len(rx.findall(sample)) for name, rx in _SCRIPTS.items()}
    letters = sum(1 for ch in sample if ch.isalpha())
    cjk = counts["kana"] + counts["han"] + counts["hangul"]
    if cjk and cjk >= CJK_SHARE * letters:
        if cjk < MIN_CJK_LETTERS:
            return hint_code or UNDETERMINED
        if counts["hangul"] >= counts["kana"] + counts["han"]:
            return "ko"
        kana_share = counts["kana"] / (counts["kana"] + counts["han"])
        if kana_share >= KANA_SHARE_FOR_JAPANESE:
            return "ja"
        return "zh" if counts["han"] >= MIN_HAN_ONLY_LETTERS else hint_code or UNDETERMINED
    unmodelled = max(_UNMODELLED, key=lambda name: counts[name])
    if counts[unmodelled] * 2 >= letters > 0:
        return _UNMODELLED[unmodelled]
    if letters < MIN_LETTERS:
        return hint_code or UNDETERMINED
    return _lingua(sample, hint_code)


def _lingua(sample: str, hint_code: str | None) -> str:
    """lingua's answer when two windows of the sample agree on it.

    Low-accuracy lingua now and then gives a confident wrong answer for one stretch
    of text (a Ukrainian paragraph read as Kazakh, Spanish as Portuguese); a second
    window catches that, and two short calls cost less than one long one. When
    they disagree, a long sample is judged whole; a short one is too ambiguous.
    """
    size = min(WINDOW_CHARS, len(sample) // 2)
    cut = sample.rfind(" ", size // 2, size + 1)
    cut = cut if cut > 0 else size
    first = _top(sample[:cut])[:1]
    second = _top(sample[cut : cut + size])[:1]
    if first and second and first[0][0] == second[0][0] and first[0][1] >= MIN_CONFIDENCE:
        return first[0][0]
    if len(sample) < 2 * WINDOW_CHARS:
        return hint_code or UNDETERMINED
    ranked = _top(sample)
    if ranked and ranked[0][1] >= MIN_CONFIDENCE:
        return ranked[0][0]
    close = [code for code, value in ranked[:TOP] if value >= ranked[0][1] / 2]
    return hint_code if hint_code in close else UNDETERMINED


@contextmanager
def remembering(known: Rankings) -> Iterator[Rankings]:
    """Take lingua's rankings from ``known`` where it has them; yield the rankings used
    in the block (from ``known`` or from lingua), for the caller to keep."""
    used: Rankings = {}
    _memo.append((known, used))
    try:
        yield used
    finally:
        _memo.pop()


def _top(text: str) -> Ranking:
    """lingua's ``TOP`` candidates for ``text``, remembered within ``remembering``."""
    if not _memo:
        return _ranked(text)[:TOP]
    known, used = _memo[-1]
    key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    found = known.get(key)
    if found is None:
        found = _ranked(text)[:TOP]
    used[key] = found
    return found


def _ranked(text: str) -> list[tuple[str, float]]:
    """lingua's (code, confidence) pairs, best first, without implausible languages."""
    lowered = text.lower()
    ranked = []
    for value in _detector().compute_language_confidence_values(text):
        code = value.language.iso_code_639_1.name.lower()
        signature = _SIGNATURE_LETTERS.get(code)
        if signature is None or any(letter in lowered for letter in signature):
            ranked.append((code, value.value))
    return ranked
