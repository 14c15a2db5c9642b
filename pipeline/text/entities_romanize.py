"""Latin-script names for people and organisations written in other scripts.

Japanese: kanji are read with pykakasi, then all kana go through one Hepburn table
without macrons (long vowels shortened: 佐藤 → Sato, 東京 → Tokyo; ジェ, ウィ, クォ
and other foreign-sound digraphs as je, wi, kwo). When pykakasi splits a kanji
name in two (family name, given name) the given name goes first: 森田浩二 →
Koji Morita. Chinese: pypinyin without tones, family name first and the given
name as one word: 郭建平 → Guo Jianping. Ukrainian: the official national table
(Cabinet of Ministers resolution 55, 2010): Богдан Кравчук → Bohdan Kravchuk.
Russian: the ICAO passport table (2013).
"""

from __future__ import annotations

import re

from .entities_cjk_words import JA_FAMILY_NAMES
from .entities_words import words_of
from .readings import kakasi

_HIRAGANA = words_of(
    "あ a い i う u え e お o か ka き ki く ku け ke こ ko が ga ぎ gi ぐ gu げ ge ご go "
    "さ sa し shi す su せ se そ so ざ za じ ji ず zu ぜ ze ぞ zo た ta ち chi つ tsu て te "
    "と to だ da ぢ ji づ zu で de ど do な na に ni ぬ nu ね ne の no は ha ひ hi ふ fu "
    "へ he ほ ho ば ba び bi ぶ bu べ be ぼ bo ぱ pa ぴ pi ぷ pu ぺ pe ぽ po ま ma み mi "
    "む mu め me も mo や ya ゆ yu よ yo ら ra り ri る ru れ re ろ ro わ wa ゐ i ゑ e "
    "を o ん n ゔ vu ぁ a ぃ i ぅ u ぇ e ぉ o ゃ ya ゅ yu ょ yo ゎ wa"
)
KANA = dict(zip(_HIRAGANA[::2], _HIRAGANA[1::2], strict=True))
SMALL_Y = {"ゃ": "a", "ゅ": "u", "ょ": "o"}
SMALL_VOWELS = {"ぁ": "a", "ぃ": "i", "ぅ": "u", "ぇ": "e", "ぉ": "o"}
# The consonant a kana keeps before a small vowel: ジェ je, ウィ wi, クォ kwo, ティ ti.
BEFORE_SMALL_VOWEL = {"う": "w", "ふ": "f", "つ": "ts", "ゔ": "v", "く": "kw", "ぐ": "gw"}
BEFORE_SMALL_VOWEL |= {"て": "t", "で": "d", "と": "t", "ど": "d", "し": "sh", "ち": "ch"}
BEFORE_SMALL_VOWEL |= {"じ": "j", "ぢ": "j"}

_UK = words_of(
    "а a б b в v г h ґ g д d е e є ie ж zh з z и y і i ї i й i к k л l м m н n о o п p "
    "р r с s т t у u ф f х kh ц ts ч ch ш sh щ shch ю iu я ia"
)
UKRAINIAN = dict(zip(_UK[::2], _UK[1::2], strict=True)) | {"ь": ""}
UKRAINIAN_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_RU = words_of(
    "а a б b в v г g д d е e ё e ж zh з z и i й i к k л l м m н n о o п p р r с s т t "
    "у u ф f х kh ц ts ч ch ш sh щ shch ъ ie ы y э e ю iu я ia"
)
RUSSIAN = dict(zip(_RU[::2], _RU[1::2], strict=True)) | {"ь": ""}
UKRAINIAN_LETTERS = re.compile("[ґєії]", re.IGNORECASE)
# Family names whose first reading in pypinyin is not the one used for surnames.
SURNAME_READINGS = {"单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "朴": "piao"}
SURNAME_READINGS |= {"查": "zha", "区": "ou", "乐": "yue", "盖": "ge", "缪": "miao"}
DOUBLE_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "令狐")


def kana_to_romaji(kana: str) -> str:
    """Hepburn without macrons for a hiragana or katakana string."""
    hira = "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in kana)
    out: list[str] = []
    i = 0
    while i < len(hira):
        char, nxt = hira[i], hira[i + 1 : i + 2]
        if char == "っ" and i + 1 < len(hira):
            following = KANA.get(hira[i + 1], "")
            out.append("t" if following.startswith("ch") else following[:1])
        elif nxt in SMALL_Y and char in KANA:
            head = KANA[char][:-1]  # き ki → k + ya; し shi → sh + a
            out.append(head + ("" if head.endswith(("sh", "ch", "j")) else "y") + SMALL_Y[nxt])
            i += 1
        elif nxt in SMALL_VOWELS and char in BEFORE_SMALL_VOWEL:
            out.append(BEFORE_SMALL_VOWEL[char] + SMALL_VOWELS[nxt])
            i += 1
        elif char in KANA:
            out.append(KANA[char])
        elif char == "ん":
            out.append("n")
        elif char not in "ー":
            out.append(" " if char in "・･ 　" else char)
        i += 1
    return _shorten_long_vowels("".join(out))


def _shorten_long_vowels(romaji: str) -> str:
    """Drop Hepburn's long vowels: ou → o (浩一 Koichi), uu → u, oo → o (大石 Oishi);
    "oue" stays, as the u then opens a syllable of its own (井上 Inoue)."""
    romaji = re.sub(r"ou(?!e)", "o", romaji)
    romaji = re.sub(r"uu", "u", romaji)
    return re.sub(r"oo", "o", romaji)


def _japanese_segments(name: str) -> list[tuple[str, str]]:
    """(written, romanized) words of a Japanese name: kanji read by pykakasi."""
    segments = []
    for part in (p for p in re.split(r"[・･\s　]+", name) if p):
        converted = kakasi().convert(part)
        segments.extend(
            (item["orig"], kana_to_romaji(item["hira"] or item["orig"])) for item in converted
        )
    return [(orig, romaji.replace(" ", "").capitalize()) for orig, romaji in segments if romaji]


def _japanese(name: str) -> str:
    """A Japanese person's name, given name first. A one-piece name that starts with
    a common family name is read in two parts ("長谷川|真由美" → Mayumi Hasegawa);
    otherwise two segments whose first is kanji are family + given ("森田浩二")."""
    if not re.search(r"[・･\s　]", name):
        family = next((name[:n] for n in (3, 2, 1) if name[:n] in JA_FAMILY_NAMES), "")
        if family and len(name) > len(family):
            given = "".join(romaji for _, romaji in _japanese_segments(name[len(family) :]))
            family_latin = "".join(romaji for _, romaji in _japanese_segments(family))
            return f"{given.capitalize()} {family_latin}"
    segments = _japanese_segments(name)
    words = [romaji for _, romaji in segments]
    one_piece = not re.search(r"[・･\s　]", name)
    if one_piece and len(words) == 2 and re.fullmatch(r"[\u4e00-\u9fff々]+", segments[0][0]):
        words.reverse()
    return " ".join(words)


def _chinese(name: str) -> str:
    from pypinyin import Style, lazy_pinyin  # ships its dictionary; imported once

    split = 2 if name.startswith(DOUBLE_SURNAMES) else 1
    family, given = name[:split], name[split:]
    family_py = SURNAME_READINGS.get(family) or "".join(lazy_pinyin(family, style=Style.NORMAL))
    given_py = "".join(lazy_pinyin(given, style=Style.NORMAL))
    return " ".join(w.capitalize() for w in (family_py, given_py) if w)


def _cyrillic(name: str, table: dict[str, str], initial: dict[str, str]) -> str:
    words = []
    for word in name.replace("’", "'").replace("'", "").split():
        out = []
        low = word.casefold()
        for i, char in enumerate(low):
            if i == 0 and char in initial:
                out.append(initial[char])
            elif char == "г" and low[i - 1 : i] == "з" and table is UKRAINIAN:
                out.append("gh")  # зг is "zgh", never to be read as ж "zh"
            else:
                out.append(table.get(char, char))
        words.append("-".join(p.capitalize() for p in "".join(out).split("-")))
    return " ".join(words)


def romanize_organisation(name: str, language: str) -> str:
    """The distinctive part of an organisation's name in Latin script, word order
    kept: 北斗精機 → Hokuto Seiki, アオイ → Aoi, 星河 → Xinghe."""
    if re.search(r"[\u3040-\u30ff]", name) or language == "ja":
        return " ".join(romaji for _, romaji in _japanese_segments(name))
    if re.search(r"[\u4e00-\u9fff]", name):
        from pypinyin import Style, lazy_pinyin

        return "".join(lazy_pinyin(name, style=Style.NORMAL)).capitalize()
    return romanize_name(name, language)


def romanize_name(name: str, language: str) -> str:
    """``name`` in Latin script, given name first where the script allows telling."""
    if re.search(r"[\u3040-\u30ff]", name) or (language == "ja" and re.search("[一-鿿]", name)):
        return _japanese(name)
    if re.search(r"[\u4e00-\u9fff]", name):
        return _chinese(name)
    if re.search(r"[Ѐ-ӿ]", name):
        if language == "uk" or (language != "ru" and UKRAINIAN_LETTERS.search(name)):
            return _cyrillic(name, UKRAINIAN, UKRAINIAN_INITIAL)
        return _cyrillic(name, RUSSIAN, {})
    return name
