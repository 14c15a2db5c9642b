"""Discovering names in Japanese and Chinese text, which has no word boundaries.

Three cues are trusted:

- a gloss in Latin script right after a name, "アサギテック（Asagi Tech）" or
  "澜海新能（Lanhai Power）": the Latin name becomes the canonical one. It names a
  person when an honorific follows, when a person's title precedes a dotted
  katakana name ("CEOのエリック・ハンセン（Erik Hansen）"), or when it spells the
  kanji name before it ("小西真由美（Mayumi Konishi）");
- an honorific or title next to a person's name: "森田浩二社長", "井上さくら社長",
  "ジェイソン・クォン氏", "chris lehane 氏", "董事长郭建平". Kanji names must start
  with a common family name, which keeps "経済産業大臣" and "同社社長" out; a family
  name alone ("山田社長") joins the full name it starts;
- company words, 株式会社 and name-only tails for organisations
  (``entities_cjk_orgs``).

Katakana names with a middle dot and no such cue are left alone (they are as
often places or publications as people).
"""

from __future__ import annotations

import re

from . import entities_words as words
from .entities_cjk_orgs import CjkName, discover_organisations
from .entities_cjk_words import (
    JA_COMPANY_CUES,
    JA_FAMILY_NAMES,
    JA_HONORIFICS,
    KATAKANA_NAME,
    ZH_COMPANY_CUES,
    ZH_FAMILY_NAMES,
    ZH_STOP_CHARS,
    ZH_TITLES,
)
from .entities_places import is_place
from .entities_romanize import romanize_name

# Patterns are anchored on the cheap part (a bracket, an honorific) and look back
# for the name with ``search(text, start, end)``, so long texts are scanned once.
GLOSS = re.compile(r"[（(](?P<latin>[A-Z][A-Za-z0-9&.'’\- ]{1,60}?)[）)]")
BEFORE_GLOSS = re.compile(r"(?:[ァ-ヺー・･A-Za-z&]+|[一-鿿々ァ-ヺー]{2,12})$")
HONORIFIC = re.compile(f"(?:{JA_HONORIFICS})")
# A given name in hiragana after a kanji family name ("井上さくら"), not a particle
# phrase ("山田から社長に").
HIRAGANA_GIVEN = "(?!の|は|が|を|に|で|や|へ|から|まで|より|など|ほか)[ぁ-ゖ]{2,4}"
BEFORE_HONORIFIC = re.compile(
    rf"(?<![一-鿿々])(?P<name>[一-鿿々]{{2,6}}|[一-鿿々]{{2,3}}{HIRAGANA_GIVEN})$"
    rf"|(?P<kana>{KATAKANA_NAME}) ?$"
    rf"|(?<![A-Za-z])(?P<latin>[A-Za-z]{{2,}}(?: [A-Za-z]{{2,}}){{1,2}}) ?$"
)
ZH_PERSON = re.compile(rf"(?:{ZH_TITLES})(?=(?P<name>[一-鿿]{{2,4}}))")
COMPANY_CUE = re.compile(f"(?:{JA_COMPANY_CUES}|{ZH_COMPANY_CUES})の?")
PERSON_BEFORE = re.compile(rf"(?:{JA_HONORIFICS}|{ZH_TITLES})(?:[（(][A-Z]+[）)])?[のは、]?$")


def _gloss_kind(latin: str, text: str, end: int) -> str | None:
    """Organisation, person, or ``None`` when the gloss is not a name (acronyms, laws).

    Glossed names are organisations unless an honorific follows the gloss.
    """
    latin_words = latin.split()
    folded = [w.casefold() for w in latin_words]
    if len(latin_words) == 1 and (latin.isupper() or len(latin) <= 3):
        return None
    if any(w in words.NON_ENTITY_WORDS for w in folded) or is_place(latin, "en"):
        return None
    if re.match(f"(?:{JA_HONORIFICS}|先生|女士)", text[end : end + 8]):
        return "person"
    return "organisation"


def _gloss_alias(cjk: str, text: str, start: int) -> str:
    """The CJK name before a gloss: a katakana/Latin run, or the shortest kanji tail
    of two or more characters that the text repeats elsewhere."""
    if re.fullmatch(r"[ァ-ヺー・･A-Za-z&]+", cjk) or re.search("[ァ-ヺー]$", cjk):
        tail = re.search(r"[ァ-ヺー・･A-Za-z&]+$", cjk)
        return tail.group() if tail else cjk
    rest = text[:start] + text[start + len(cjk) :]
    for size in range(2, len(cjk) + 1):
        if cjk[-size:] in rest and size >= 2:
            return cjk[-size:] if size > 2 or len(cjk) == 2 else cjk[-4:]
    return cjk[-4:]


def _glossed_person(cjk: str, latin: str, language: str) -> str | None:
    """The kanji name at the end of ``cjk`` that the Latin gloss spells as a person's
    name, in either order: 分析师周凯（Zhou Kai）, 小西真由美（Mayumi Konishi）."""
    wanted = sorted(latin.casefold().split())
    families = ZH_FAMILY_NAMES if language == "zh" else JA_FAMILY_NAMES
    for size in range(min(len(cjk), 6), 1, -1):
        name = cjk[-size:]
        if not re.fullmatch("[一-鿿々]+", name) or not _family_split(name, families):
            continue
        if sorted(romanize_name(name, language).casefold().split()) == wanted:
            return name
    return None


def _gloss(text: str, gloss: re.Match[str], language: str) -> tuple[str, str, int] | None:
    """(kind, CJK form, start) of the name a Latin gloss translates, if it is a name.

    A katakana name is a person's when a person's title stands right before it
    ("CEOのエリック・ハンセン（Erik Hansen）").
    """
    before = BEFORE_GLOSS.search(text, max(0, gloss.start() - 12), gloss.start())
    latin = gloss.group("latin").strip()
    kind = _gloss_kind(latin, text, gloss.end()) if before else None
    if before is None or kind is None:
        return None
    person = _glossed_person(before.group(), latin, "zh" if language == "zh" else "ja")
    if person:
        return "person", person, gloss.start() - len(person)
    cjk = before.group()
    named = COMPANY_CUE.split(cjk)[-1]  # "半导体企业芯源微电子": the name follows the cue
    if len(named) < 2 or named == cjk or not re.search("[一-鿿々]", named):
        named = _gloss_alias(cjk, text, before.start())
    start = gloss.start() - len(named) if cjk.endswith(named) else before.start()
    alias = named
    titled = PERSON_BEFORE.search(text, max(0, start - 20), start)
    dotted = re.fullmatch(r"[ァ-ヺー]+(?:[・･][ァ-ヺー]+)+", alias)
    if titled and dotted and not any(t in words.ORG_WORDS for t in latin.casefold().split()):
        kind = "person"
    return kind, alias, start


def _family_split(name: str, families: frozenset[str]) -> str | None:
    """``name`` cut to family name + given name, or ``None`` if no family name fits."""
    for size in (3, 2, 1):
        if (name[:size] in families and len(name) > size) or name == name[:size] in families:
            return name
    return None


def _chinese_given(name: str) -> str:
    """Family name plus a given name of one or two characters."""
    family = 2 if name[:2] in ZH_FAMILY_NAMES else 1
    given = name[family : family + 2]
    if len(given) == 2 and given[1] in ZH_STOP_CHARS:
        given = given[:1]
    return name[:family] + given


def discover_cjk(text: str, language: str) -> list[CjkName]:
    """Glossed, titled and company-cued names in Japanese or Chinese text."""
    found: dict[str, CjkName] = {}

    def add(name: str, kind: str, forms: list[str], start: int) -> None:
        entry = found.setdefault(name.casefold(), CjkName(name, kind, [], start))
        entry.forms.extend(f for f in forms if f not in entry.forms)

    for gloss in GLOSS.finditer(text):
        named = _gloss(text, gloss, language)
        if named:
            kind, alias, start = named
            add(gloss.group("latin").strip(), kind, [alias, gloss.group("latin").strip()], start)
    for mark in HONORIFIC.finditer(text) if language != "zh" else ():
        hit = BEFORE_HONORIFIC.search(text, max(0, mark.start() - 24), mark.start())
        if not hit or (hit.group("latin") and not mark.group().startswith(("氏", "さん"))):
            continue
        if hit.group("name"):
            name = _family_split(hit.group("name"), JA_FAMILY_NAMES)
        else:
            name = hit.group("kana") or hit.group("latin")
            if hit.group("kana") and is_place(hit.group("kana"), "ja"):
                name = None
        if name and not any(name in e.forms for e in found.values()):
            romanized = name.title() if name.isascii() else romanize_name(name, "ja")
            add(romanized, "person", [name], hit.start())
    for hit in ZH_PERSON.finditer(text) if language == "zh" else ():
        name = _chinese_given(hit.group("name"))
        if name[:1] in ZH_FAMILY_NAMES or name[:2] in ZH_FAMILY_NAMES:
            add(romanize_name(name, "zh"), "person", [name], hit.start("name"))
    for org in discover_organisations(text, language):
        if not any(f in e.forms for f in org.forms for e in found.values()):
            add(org.name, org.kind, org.forms, org.start)
    return _merge_surnames(sorted(found.values(), key=lambda e: e.start))


def _surname_host(entry: CjkName, names: list[CjkName]) -> CjkName | None:
    """The full name a lone family name belongs to: "アルトマン" ends "サム・アルトマン",
    "山田" ("山田社長") starts "山田太郎"."""
    families = JA_FAMILY_NAMES | ZH_FAMILY_NAMES
    for host in names:
        if host is entry or host.kind != entry.kind:
            continue
        for form in entry.forms:
            for full in host.forms:
                if re.search(f"[・･]{re.escape(form)}$", full):
                    return host
                if form in families and full.startswith(form) and len(full) > len(form):
                    return host
    return None


def _merge_surnames(names: list[CjkName]) -> list[CjkName]:
    """Fold lone family names into the full names they belong to."""
    hosts = {id(entry): _surname_host(entry, names) for entry in names}
    kept = []
    for entry in names:
        host = hosts[id(entry)]
        while host is not None and hosts[id(host)] is not None:
            host = hosts[id(host)]
        if host is None:
            kept.append(entry)
        else:
            host.forms.extend(f for f in entry.forms if f not in host.forms)
    return kept
