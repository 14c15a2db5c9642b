"""Putting discovered names back in the nominative (Polish, Ukrainian, Russian).

A name seen only in an oblique case ("Banku Nadwiślańskiego", "Pawła Nowaka",
"Марини Савченко") is rebuilt from a bounded list of endings. Organisation words
follow adjective and noun rules. People's names also need to know whether the
first name is a man's or a woman's, which a short list of common male first
names decides: "Pawła" → "Paweł" is on it, "Anny" → "Anna" is not.
"""

from __future__ import annotations

from .entities_words import words_of

NOMINATIVE_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "pl": (
        ("dzkiego", "dzki"),
        ("skiego", "ski"),
        ("ckiego", "cki"),
        ("skiemu", "ski"),
        ("owego", "owy"),
        ("dzkiej", "dzka"),
        ("skiej", "ska"),
        ("ckiej", "cka"),
        ("owej", "owa"),
        ("nego", "ny"),
        ("iego", "i"),
        ("skim", "ski"),
        ("ecie", "et"),
        ("ską", "ska"),
        ("owi", ""),
        ("em", ""),
        ("ii", "ia"),
        ("ą", "a"),
        ("ę", "a"),
        ("u", ""),
    ),
    "uk": (("ського", "ський"), ("ської", "ська"), ("ові", ""), ("ою", "а"), ("ом", "")),
    "ru": (("ского", "ский"), ("ской", "ская"), ("ову", ""), ("ой", "а"), ("ом", "")),
}
MALE_FIRST_NAMES = frozenset(
    words_of("""adam adrian andrzej antoni arkadiusz artur bartosz bogdan damian daniel dariusz
    dawid filip grzegorz henryk igor jacek jakub jan janusz jarosław jerzy józef kacper kamil
    karol konrad krystian krzysztof leszek łukasz maciej marcin marek mariusz mateusz michał
    mirosław patryk paweł piotr przemysław radosław rafał robert roman ryszard sebastian
    sławomir stanisław szymon tadeusz tomasz waldemar wiesław wiktor wojciech zbigniew андрій
    олександр тарас іван петро михайло сергій дмитро володимир юрій віктор олег ігор василь
    богдан максим роман павло євген віталій ярослав артем денис вадим костянтин олексій анатолій
    валерій григорій степан остап назар микита андрей александр иван пётр петр михаил сергей
    дмитрий владимир юрий виктор олег игорь максим роман павел евгений алексей николай""")
)
FEMALE_FIRST_NAMES = frozenset(
    words_of(
        """anna maria katarzyna małgorzata agnieszka barbara ewa krystyna elżbieta zofia
        marta monika joanna magdalena aleksandra natalia karolina justyna dorota beata
        олена марина ірина наталія оксана тетяна юлія анна ольга катерина світлана людмила
        вікторія галина надія елена ирина наталья ольга татьяна юлия екатерина светлана"""
    )
)
# Vowel insertion lost in the oblique cases: Pawła → Paweł, Marka → Marek, Jacka → Jacek.
POLISH_FLEETING_E = (("wł", "weł"), ("rk", "rek"), ("ck", "cek"), ("tk", "tek"), ("łk", "łek"))
FEMININE_SURNAMES = ("ska", "cka", "dzka", "ова", "ева", "ська", "цька", "ская", "цкая")


def nominative(surface: str, language: str) -> str:
    """Undo common case endings word by word ("Banku Nadwiślańskiego" → "Bank Nadwiślański")."""
    rules = NOMINATIVE_RULES.get(language)
    if not rules:
        return surface
    return " ".join(_word_nominative(word, rules) for word in surface.split())


def _word_nominative(word: str, rules: tuple[tuple[str, str], ...]) -> str:
    for ending, replacement in rules:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)] + replacement
    return word


def _male_first(word: str) -> str | None:
    """The nominative of a man's first name in the genitive ("Pawła", "Тараса", "Андрія")."""
    stem = word[:-1]
    for old, new in POLISH_FLEETING_E:
        if stem.endswith(old):
            stem = stem[: -len(old)] + new
    for candidate in (stem, stem + "й", stem + "о", word[:-1]):
        if candidate.casefold() in MALE_FIRST_NAMES:
            return candidate
    return None


def _male_surname(word: str) -> str:
    if word.endswith("енка"):
        return word[:-1] + "о"  # Бондаренка → Бондаренко
    if word.endswith(("iego", "ego", "ого", "его")):
        return word
    stem = word[:-1] if word.endswith(("a", "а")) else word
    if word.endswith("я"):
        stem = word[:-1] + "ь"  # Коваля → Коваль
    for old, new in POLISH_FLEETING_E:
        if stem.endswith(old):
            return stem[: -len(old)] + new
    return stem


def _female_surname(word: str) -> str:
    for ending, replacement in (("dzkiej", "dzka"), ("skiej", "ska"), ("ckiej", "cka")):
        if word.endswith(ending):
            return word[: -len(ending)] + replacement
    for ending, replacement in (("ської", "ська"), ("цької", "цька"), ("ої", "а"), ("ой", "а")):
        if word.endswith(ending):
            return word[: -len(ending)] + replacement
    return word


def person_nominative(surface: str, language: str) -> str:
    """A person's name in the nominative: "Pawła Nowaka" → "Paweł Nowak",
    "Anny Zawadzkiej" → "Anna Zawadzka", "Марини Савченко" → "Марина Савченко"."""
    parts = surface.split()
    if language not in NOMINATIVE_RULES or len(parts) != 2:
        return nominative(surface, language)
    first, last = parts
    if first.casefold() in MALE_FIRST_NAMES:
        return nominative(surface, language)
    if first.endswith(("a", "а", "я")) and not last.endswith(FEMININE_SURNAMES):
        male = _male_first(first)
        if male:
            return f"{male} {_male_surname(nominative(last, language))}"
    if first.endswith(("y", "i", "и", "і", "ї")) and len(first) > 3:
        base = first[:-1]
        feminine = base + ("я" if first.endswith("ї") else "а" if first[-1] in "иі" else "a")
        if first.endswith("ii"):
            feminine = first[:-1] + "a"  # Marii → Maria
        return f"{feminine} {_female_surname(last)}"
    return nominative(surface, language)
