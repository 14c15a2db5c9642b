"""Organisations named in Japanese and Chinese text without a Latin gloss.

Japanese and Chinese have no spaces, so a name is only trusted with a cue that
bounds it:

- a company word before it: "調査会社アオイ・リサーチ", "電子部品メーカーの北斗精機",
  "储能企业澜海新能宣布";
- 株式会社 before or after it, or 社 after a katakana name ("ソラリス社");
- a tail that ends only names ("シンセイ・トレーディング", "みずほ総合研究所",
  "。星河集团董事长"), after a kana name or a Chinese name that opens a clause.

The canonical name romanizes the distinctive part and translates the generic
tail: アオイ・リサーチ → Aoi Research, さくら銀行 → Sakura Bank, 星河集团 → Xinghe
Group; tails without a usual English word are romanized (北斗精機 → Hokuto Seiki).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .entities_cjk_words import (
    JA_COMPANY_CUES,
    JA_GENERIC_PREFIXES,
    JA_KANJI_TAILS,
    JA_KATAKANA_COMMON,
    JA_KATAKANA_TAILS,
    JA_NAME_ONLY_TAILS,
    KATAKANA_NAME,
    ZH_COMPANY_CUES,
    ZH_NAME_ONLY_TAILS,
    ZH_NOT_NAME_START,
    ZH_STOP_CHARS,
    ZH_TAILS,
)
from .entities_places import is_place
from .entities_romanize import romanize_organisation


@dataclass
class CjkName:
    """A discovered name: canonical Latin form, the forms seen, where it starts."""

    name: str
    kind: str
    forms: list[str]
    start: int


def _alternatives(words: Iterable[str]) -> str:
    """A regex alternation, longest first so "総合研究所" wins over "研究所"."""
    return "|".join(sorted(words, key=len, reverse=True))


KANJI = "一-鿿々"
JA_KANJI_TAIL = f"(?:{_alternatives(JA_KANJI_TAILS)})"
JA_NAME_ONLY = f"(?:{_alternatives(JA_NAME_ONLY_TAILS)})"
# A katakana name after a company word, with の only when the name shows it is one
# (a dot or a tail): "会社のサービス" names nothing.
JA_CUED = re.compile(
    rf"(?:{JA_COMPANY_CUES})(?:(?P<bare>{KATAKANA_NAME}(?:{JA_KANJI_TAIL})?)"
    rf"|の(?P<dotted>[ァ-ヺー]+[・･]{KATAKANA_NAME}|[ァ-ヺー]{{2,}}{JA_KANJI_TAIL}"
    rf"|[{KANJI}]{{2,4}}?{JA_KANJI_TAIL}(?=[ぁ-ゖ、。「（]))"
    rf"|(?P<kanji>[{KANJI}]{{2,4}}?{JA_KANJI_TAIL})(?=[ぁ-ゖ、。「（]))"
)
JA_KABUSHIKI = re.compile(
    rf"株式会社(?P<after>[ァ-ヺー・･{KANJI}A-Za-z]{{2,12}}?)(?=[ぁ-ゖ、。「（）]|$)"
    rf"|(?<![ァ-ヺー・･{KANJI}A-Za-z])(?P<before>[ァ-ヺー・･{KANJI}A-Za-z]{{2,12}})株式会社"
)
JA_SHA = re.compile(rf"(?<![ァ-ヺー・･])(?P<name>{KATAKANA_NAME})社(?![長員内外会名製債屋])")
JA_TAILED = re.compile(
    rf"(?<![ァ-ヺー・･])(?P<name>[ァ-ヺー]+[・･](?:[ァ-ヺー]+[・･])*(?:{_alternatives(JA_KATAKANA_TAILS)})"
    rf"|[ァ-ヺー]{{2,}}{JA_NAME_ONLY}|[ァ-ヺー]{{2,}}{JA_KANJI_TAIL}"
    rf"|(?<=[、。「（\n])[ぁ-ゖ]{{3,}}{JA_KANJI_TAIL}|^[ぁ-ゖ]{{3,}}{JA_KANJI_TAIL})"
    rf"(?![ァ-ヺー])",
    re.MULTILINE,
)
ZH_TAIL = f"(?:{_alternatives(ZH_TAILS)})"
ZH_NAME_CHAR = f"(?:(?![{''.join(sorted(ZH_STOP_CHARS))}])[{KANJI}])"
ZH_SUBJECT_END = (
    "（|\\(|宣布|表示|称|介绍|发布|指出|认为|透露|董事长|总经理|总裁|首席|创始人|负责人|发言人"
)
ZH_CUED = re.compile(
    rf"(?<=[{KANJI}])(?:{ZH_COMPANY_CUES})(?!{ZH_NOT_NAME_START})"
    rf"(?P<name>{ZH_NAME_CHAR}{{2,12}}?)(?=(?P<verb>{ZH_SUBJECT_END})|[与和、，。；])"
)
ZH_OPENING = re.compile(
    rf"(?:^|(?<=[，。、；：“”「」（）\s据与和及由向对从被让是为在把]))(?!{ZH_NOT_NAME_START})"
    rf"(?P<name>[{KANJI}]{{2,4}}{ZH_TAIL}*?(?:{_alternatives(ZH_NAME_ONLY_TAILS)}))",
    re.MULTILINE,
)


def _split_tail(name: str, tails: dict[str, str | None]) -> tuple[str, list[str]]:
    """The distinctive head of ``name`` and its generic tails, in order."""
    found: list[str] = []
    head = name.rstrip("・･")
    while True:
        tail = next((t for t in sorted(tails, key=len, reverse=True) if head.endswith(t)), None)
        if tail is None or len(head.rstrip("・･")) - len(tail) < 2:
            return head.rstrip("・･"), found
        found.insert(0, tail)
        head = head[: -len(tail)].rstrip("・･")


def canonical_organisation(name: str, language: str) -> str:
    """Romanized head and English tails: アオイ・リサーチ → Aoi Research."""
    tails = ZH_TAILS if language == "zh" else JA_KATAKANA_TAILS | JA_KANJI_TAILS
    head, found = _split_tail(name, tails)
    words = [romanize_organisation(head, language)]
    for tail in found:
        english = tails[tail]
        words.append(romanize_organisation(tail, language) if english is None else english)
    return " ".join(w for w in words if w)


def _plausible(name: str, language: str) -> bool:
    """Not a generic company word, a common loanword or a place with a tail."""
    tails = ZH_TAILS if language == "zh" else JA_KATAKANA_TAILS | JA_KANJI_TAILS
    head, _ = _split_tail(name, tails)
    bare = re.sub("[・･]", "", head)
    if len(bare) < 2 or bare in JA_GENERIC_PREFIXES or bare in JA_KATAKANA_COMMON:
        return False
    if language == "zh" and len(bare) > 4:
        return False  # Chinese firms' distinctive names are short: 华澜, 星河, 蓝峰动力
    return not is_place(bare, language) and not re.fullmatch(f"(?:{JA_COMPANY_CUES})", bare)


def _japanese(text: str) -> list[tuple[str, int]]:
    hits = []
    for match in JA_CUED.finditer(text):
        group = next(g for g in ("bare", "dotted", "kanji") if match.group(g))
        hits.append((match.group(group), match.start(group)))
    for match in JA_KABUSHIKI.finditer(text):
        group = "after" if match.group("after") else "before"
        hits.append((match.group(group), match.start(group)))
    for pattern in (JA_SHA, JA_TAILED):
        hits.extend((m.group("name"), m.start("name")) for m in pattern.finditer(text))
    return hits


def _chinese(text: str) -> list[tuple[str, int]]:
    hits = [
        (m.group("name"), m.start("name"))
        for m in ZH_CUED.finditer(text)
        if m.group("verb") or re.search(f"{ZH_TAIL}$", m.group("name"))
    ]
    hits.extend((m.group("name"), m.start("name")) for m in ZH_OPENING.finditer(text))
    return hits


def discover_organisations(text: str, language: str) -> list[CjkName]:
    """Organisations with a company word, 株式会社/社 or a name-only tail, each once."""
    chinese = language == "zh"
    found: dict[str, CjkName] = {}
    for name, start in sorted(_chinese(text) if chinese else _japanese(text), key=lambda h: h[1]):
        name = name.strip("・･")
        if not _plausible(name, "zh" if chinese else "ja"):
            continue
        canonical = canonical_organisation(name, "zh" if chinese else "ja")
        entry = found.setdefault(
            canonical.casefold(), CjkName(canonical, "organisation", [], start)
        )
        if name not in entry.forms:
            entry.forms.append(name)
    return list(found.values())
