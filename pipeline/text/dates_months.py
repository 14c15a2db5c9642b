"""Month names → month numbers, built from Babel's CLDR data instead of typed by hand.

Each language's table holds its wide and abbreviated names in both the format
context (genitive: "września", "вересня") and the stand-alone one ("wrzesień"),
plus the same names without accents. A word is looked up in the article's
language first, then in English, then in a table of names that mean the same
month in every language Babel knows here (so "listopad", November in Polish but
October in Croatian, is only read with a language).
"""

from __future__ import annotations

import unicodedata

from .tables import kept

# Languages lingua can detect plus a few more written in Latin or Cyrillic script.
_LANGUAGE_CODES = """
    af ar az be bg bn bs ca cs cy da de el en eo es et eu fa fi fr ga gl gu he hi hr hu hy id
    is it ja ka kk ko la lb lt lv mi mk mn mr ms mt nb nl nn pa pl pt ro ru sk sl so sq sr st
    sv sw ta te th tl tn tr ts uk ur vi xh yo zh zu
"""
LANGUAGES = tuple(_LANGUAGE_CODES.split())
# Common forms CLDR does not list (AP-style "Sept.").
_EXTRA = {"en": {"sept": 9}}


def month_key(word: str) -> str:
    """Case- and abbreviation-dot-insensitive form of a month word."""
    return word.casefold().rstrip(".॰")


def _unaccented(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@kept
def month_table(language: str) -> dict[str, int]:
    """All month words of ``language`` (ISO 639-1); empty for an unknown language."""
    from babel import Locale, UnknownLocaleError  # loaded only when a table is built
    from babel.dates import get_month_names

    try:
        locale = Locale.parse(language)
    except (UnknownLocaleError, ValueError, TypeError):
        return {}
    table: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            for number, name in get_month_names(width, context, locale).items():
                key = month_key(name)
                # Names with digits ("9月", "9월") are handled by the CJK patterns.
                if len(key) < 3 or any(ch.isdigit() or ch.isspace() for ch in key):
                    continue
                table.setdefault(key, number)
                table.setdefault(_unaccented(key), number)
    table.update(_EXTRA.get(language, {}))
    return table


@kept
def shared_table() -> dict[str, int]:
    """Month words that name the same month in every language of ``LANGUAGES``."""
    seen: dict[str, set[int]] = {}
    for language in LANGUAGES:
        for key, number in month_table(language).items():
            seen.setdefault(key, set()).add(number)
    return {key: numbers.pop() for key, numbers in seen.items() if len(numbers) == 1}


def month_number(word: str, language: str) -> int | None:
    """The month ``word`` names when read in ``language``, or ``None``."""
    key = month_key(word)
    for table in (month_table(language), month_table("en")):
        number = table.get(key) or table.get(_unaccented(key))
        if number:
            return number
    shared = shared_table()
    return shared.get(key) or shared.get(_unaccented(key))
