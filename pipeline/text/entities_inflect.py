"""Putting discovered names back in the nominative (Polish, Ukrainian, Russian).

A name seen only in an oblique case ("Banku Warmińskiego", "Pawła Nowaka",
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
        ("kiem", "k"),
        ("giem", "g"),
        ("em", ""),
        ("ii", "ia"),
        ("ą", "a"),
        ("ę", "a"),
        ("u", ""),
    ),
    "uk": (
        ("ського", "ський"),
        ("ської", "ська"),
        ("енкові", "енко"),
        ("енком", "енко"),
        ("ієві", "ій"),
        ("ієм", "ій"),
        ("ові", ""),
        ("ою", "а"),
        ("ом", ""),
        ("ем", ""),
    ),
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


# Polish organisation nouns, nominative then oblique forms, and the gender their
# adjectives take: in "Biura Analiz Rynkowych" only the head is inflected.
_POLISH_HEADS = """m bank banku bankowi bankiem | m instytut instytutu instytutowi instytutem
instytucie | m urząd urzędu urzędowi urzędem urzędzie | m fundusz funduszu funduszowi funduszem
| m uniwersytet uniwersytetu uniwersytetem uniwersytecie | m związek związku związkiem
| m ośrodek ośrodka ośrodkiem ośrodku | m zakład zakładu zakładem zakładzie | m dom domu domem
| f fundacja fundacji fundację fundacją | f spółka spółki spółce spółkę spółką
| f grupa grupy grupie grupę grupą | f giełda giełdy giełdzie giełdę giełdą
| f komisja komisji komisję komisją | f agencja agencji agencję agencją | f izba izby izbie
izbę izbą | f rada rady radzie radę radą | f kancelaria kancelarii kancelarię kancelarią
| f akademia akademii akademię akademią | n biuro biura biuru biurem biurze
| n ministerstwo ministerstwa ministerstwu ministerstwem ministerstwie | n towarzystwo
towarzystwa towarzystwem towarzystwie | n stowarzyszenie stowarzyszenia stowarzyszeniem
stowarzyszeniu | n centrum"""
POLISH_HEADS: dict[str, tuple[str, str]] = {
    form: (forms[1], forms[0])
    for forms in (entry.split() for entry in _POLISH_HEADS.split("|"))
    for form in forms[1:]
}
# Oblique adjective endings and their nominative by gender, longest first.
POLISH_ADJECTIVES = (
    ("kiego", {"m": "ki", "f": "ka", "n": "kie"}),
    ("giego", {"m": "gi", "f": "ga", "n": "gie"}),
    ("kiej", {"m": "ki", "f": "ka", "n": "kie"}),
    ("giej", {"m": "gi", "f": "ga", "n": "gie"}),
    ("kiemu", {"m": "ki", "f": "ka", "n": "kie"}),
    ("kim", {"m": "ki", "f": "ka", "n": "kie"}),
    ("ego", {"m": "y", "f": "a", "n": "e"}),
    ("emu", {"m": "y", "f": "a", "n": "e"}),
    ("ej", {"m": "y", "f": "a", "n": "e"}),
    ("ym", {"m": "y", "f": "a", "n": "e"}),
    ("ą", {"m": "y", "f": "a", "n": "e"}),
)


def _polish_organisation(words: list[str]) -> list[str] | None:
    """An organisation's name with a known head noun, head and agreeing adjectives
    back in the nominative ("Narodowego Banku Polskiego" → "Narodowy Bank Polski")."""
    head = next((i for i, w in enumerate(words) if w.casefold() in POLISH_HEADS), None)
    if head is None:
        return None
    noun, gender = POLISH_HEADS[words[head].casefold()]
    out = []
    for i, word in enumerate(words):
        if i == head:
            out.append(word[0] + noun[1:] if word[0].isupper() else noun)
            continue
        for ending, nominatives in POLISH_ADJECTIVES:
            if abs(i - head) == 1 and word.endswith(ending) and len(word) - len(ending) >= 3:
                word = word[: -len(ending)] + nominatives[gender]
                break
        out.append(word)
    return out


def nominative(surface: str, language: str) -> str:
    """Undo common case endings word by word ("Banku Warmińskiego" → "Bank Warmiński")."""
    rules = NOMINATIVE_RULES.get(language)
    if not rules:
        return surface
    words = surface.split()
    organisation = _polish_organisation(words) if language == "pl" else None
    if organisation is not None:
        return " ".join(organisation)
    return " ".join(_word_nominative(word, rules) for word in words)


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


def _male_oblique(word: str, language: str) -> str | None:
    """The nominative of a man's first name as it stands or in the dative or
    instrumental ("Piotrowi" → "Piotr", "Pawłem" → "Paweł", "Андрієм" → "Андрій")."""
    stem = _word_nominative(word, NOMINATIVE_RULES[language])
    fleeting = [stem[: -len(old)] + new for old, new in POLISH_FLEETING_E if stem.endswith(old)]
    return next((w for w in (word, stem, *fleeting) if w.casefold() in MALE_FIRST_NAMES), None)


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
    male = _male_oblique(first, language)
    if male:
        return f"{male} {_word_nominative(last, NOMINATIVE_RULES[language])}"
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
