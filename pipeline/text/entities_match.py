"""Finding known names in text, whatever their case ending or script.

An alias in Latin or Cyrillic script matches as a stem plus one of a bounded list
of case endings for the article's language ("Altman" → "Altmanem", "Nvidia" →
"Nvidii", "Bank Warmiński" → "Banku Warmińskiego"). In Latin and Cyrillic
text a match must start with a capital when the alias does (so "Apple" is not the
fruit); in Chinese, Japanese and Korean text, where machine translation often
writes "openai" or "microsoft", Latin aliases match in any case. All-capital
aliases (acronyms such as "NBP") always need their exact case. Aliases in CJK
scripts match as substrings, except inside a longer katakana word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from .entities_words import ENDINGS, POLISH_ALTERNATIONS, STEM_VOWELS

CJK_LANGUAGES = frozenset({"ja", "zh", "ko"})
CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
KATAKANA = "ァ-ヺー"
KANJI = "\u3400-\u9fff\uf900-\ufaff々"
LATIN_OR_CYRILLIC = "A-Za-z0-9À-ɏЀ-ӿ"
WORD = re.compile("[a-z0-9à-ɏа-ӿ]+", re.IGNORECASE)
PROBE = 4
# Polish locatives alter the stem's last consonant: Uniwersytet → Uniwersytecie.
POLISH_LOCATIVE = (("sk", "sce"), ("t", "cie"), ("d", "dzie"), ("r", "rze"), ("ł", "le"))
POLISH_LOCATIVE += (("g", "dze"), ("st", "ście"))


@dataclass(frozen=True)
class Match:
    """One occurrence of a known form: ``key`` identifies what it names."""

    start: int
    end: int
    key: int
    surface: str


def inflects(language: str) -> bool:
    """Whether names take case endings in ``language``."""
    return language in ENDINGS


def _stem(word: str) -> tuple[str, str]:
    """Split off up to two final vowels, keeping a stem of at least three letters."""
    stem = word
    while len(stem) > 3 and stem[-1].casefold() in STEM_VOWELS and len(word) - len(stem) < 2:
        stem = stem[:-1]
    return stem, word[len(stem) :]


@lru_cache(maxsize=16384)
def name_key(name: str, language: str) -> str:
    """An inflection-free key: "Zawadzkiej", "Zawadzką" and "Zawadzka" share one."""
    endings = frozenset(ENDINGS.get(language, ()))
    longest = max(map(len, endings), default=0)
    words = []
    for word in name.casefold().split():
        for size in range(min(longest, len(word) - 3), 0, -1):
            if word[-size:] in endings:
                word = word[:-size]
                break
        if endings:
            word = _stem(word)[0]
        if language == "pl":
            word = word.replace("ó", "o")
            for old, new in POLISH_ALTERNATIONS:
                if word.endswith(old):
                    word = word[: -len(old)] + new
                    break
        words.append(word)
    return " ".join(words)


def _word_pattern(word: str, language: str, single: bool) -> str:
    """A regex for one alias word with the language's case endings."""
    endings = ENDINGS.get(language)
    if not endings or word.isupper() or not word[-1].isalpha() or len(word) < 3:
        return re.escape(word)
    stem, tail = _stem(word)
    if single and len(stem) < 4:
        return re.escape(word)
    suffixes = {tail, *endings, *(tail + e for e in endings)}
    ordered = "|".join(re.escape(s) for s in sorted(suffixes, key=len, reverse=True))
    options = [f"{re.escape(stem)}(?:{ordered})"]
    if language == "pl":
        for end, locative in POLISH_LOCATIVE:
            if stem.endswith(end):
                options.append(re.escape(stem[: -len(end)] + locative))
                break
    return "(?:" + "|".join(options) + ")"


@cache
def form_pattern(form: str, language: str) -> re.Pattern[str]:
    """The compiled pattern of one alias in one language (cached)."""
    if CJK_CHAR.search(form):
        before = f"(?<![{KATAKANA}])" if re.match(f"[{KATAKANA}]", form) else ""
        after = f"(?![{KATAKANA}])" if re.search(f"[{KATAKANA}]$", form) else ""
        if len(form) <= 2 and re.fullmatch(f"[{KANJI}]+", form):
            before, after = f"(?<![{KANJI}])", f"(?![{KANJI}])"  # 国連, not 首長国連邦
        if re.match(f"[{LATIN_OR_CYRILLIC}]", form):
            before = f"(?<![{LATIN_OR_CYRILLIC}])"
        if re.search(f"[{LATIN_OR_CYRILLIC}]$", form):
            after = f"(?![{LATIN_OR_CYRILLIC}])"
        return re.compile(before + re.escape(form) + after, re.IGNORECASE)
    words = form.split()
    body = r"[\s\u00a0]+".join(_word_pattern(w, language, len(words) == 1) for w in words)
    edge = LATIN_OR_CYRILLIC
    return re.compile(rf"(?<![{edge}]){body}(?![{edge}])", re.IGNORECASE)


def _case_fits(surface: str, form: str, language: str) -> bool:
    """Capitalisation rules that the case-insensitive pattern cannot express."""
    if form.isupper() and len(form) <= 6 and not CJK_CHAR.search(form):
        return surface.startswith(form) or surface == form
    if language in CJK_LANGUAGES or CJK_CHAR.search(form):
        return True
    return not form[:1].isupper() or surface[:1].isupper()


@cache
def _probe(form: str) -> tuple[str, bool]:
    """A case-folded piece every match of ``form`` must contain, and whether it is CJK:
    a CJK form must occur as written, a Latin one must open some word of the text."""
    if CJK_CHAR.search(form):
        return form.casefold(), True
    head = WORD.match(_stem(form.split()[0].casefold())[0])
    return (head.group()[:PROBE] if head else ""), False


def word_index(text: str) -> dict[str, list[tuple[int, str]]]:
    """Latin and Cyrillic words by their first two letters: (position, case-folded word)."""
    index: dict[str, list[tuple[int, str]]] = {}
    for word in WORD.finditer(text):
        folded = word.group().casefold()
        index.setdefault(folded[:2], []).append((word.start(), folded))
    return index


def find_forms(
    text: str,
    language: str,
    forms: list[tuple[str, int]],
    index: dict[str, list[tuple[int, str]]] | None = None,
) -> list[Match]:
    """Non-overlapping matches of ``forms`` (alias, key) in ``text``, in text order.

    Where matches overlap the longer one wins, so "サム・アルトマン" beats
    "アルトマン" and "Narodowy Bank Polski" beats "Bank". ``index`` (from
    ``word_index``) may be passed when the same text, or a masked copy of the
    same length, is searched again.
    """
    folded = text.casefold()
    index = word_index(text) if index is None else index
    has_cjk = CJK_CHAR.search(text) is not None
    found: list[Match] = []
    for form, key in forms:
        probe, cjk = _probe(form)
        if cjk:
            if not has_cjk or probe not in folded:
                continue
            hits = list(form_pattern(form, language).finditer(text))
        else:  # try only where a word starts with the probe; compile only then
            starts = [pos for pos, word in index.get(probe[:2], ()) if word.startswith(probe)]
            if not starts:
                continue
            pattern = form_pattern(form, language)
            hits = [h for h in map(lambda pos: pattern.match(text, pos), starts) if h]
        found.extend(
            Match(h.start(), h.end(), key, h.group())
            for h in hits
            if _case_fits(h.group(), form, language)
        )
    kept: list[Match] = []
    for match in sorted(found, key=lambda m: (m.start - m.end, m.start)):
        if all(match.end <= k.start or match.start >= k.end for k in kept):
            kept.append(match)
    return sorted(kept, key=lambda m: m.start)
