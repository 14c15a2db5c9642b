"""Words and runs of capitalised words in Latin and Cyrillic text, for discovery.

A run is a maximal sequence of capitalised words separated by single spaces, with
up to two lower-case connectors between them ("Banco do Brasil"); a possessive,
punctuation, a change of script or any other word ends it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from . import entities_words as words
from .entities_places import is_calendar_word

LETTERS = "A-Za-zÀ-ÖØ-öø-ɏЀ-ӿ"
TOKEN = re.compile(rf"[{LETTERS}](?:[{LETTERS}]|[-'’](?=[{LETTERS}]))*")
POSSESSIVE = re.compile(r"['’]s$")
# Elided articles: dell’Osservatorio, L’olandese (but not the surname O’Brien).
ELISION = re.compile(r"^(?:[a-zà-ÿ]{1,5}['’](?=[A-ZÀ-Þ])|[A-ZÀ-Þ][a-zà-ÿ]{0,4}['’](?=[a-zà-ÿ]))")
OPENERS = " \t\u00a0\u3000„“”\"«»‘’'(–—-*•"
# Longer runs are title-case headlines or lists, never one name (and would make
# discovery's splitting quadratic).
MAX_RUN_WORDS = 12


class Tok(NamedTuple):
    """A word of the text: ``word`` is without elided article and possessive "'s".
    (A named tuple: articles have hundreds of words, built on every call.)"""

    start: int
    end: int
    word: str
    possessive: bool = False

    @property
    def capital(self) -> bool:
        return self.word[:1].isupper()


def tokens(text: str) -> list[Tok]:
    """The Latin and Cyrillic words of ``text`` with their positions."""
    out = []
    for match in TOKEN.finditer(text):
        raw = match.group()
        if "'" not in raw and "’" not in raw:
            out.append(Tok(match.start(), match.end(), raw))
            continue
        start = match.start()
        elided = ELISION.match(raw)
        if elided:
            raw, start = raw[elided.end() :], start + elided.end()
        word = POSSESSIVE.sub("", raw)
        out.append(Tok(start, match.end(), word, word != raw))
    return out


def sentence_start(text: str, pos: int) -> bool:
    """Whether ``pos`` opens a sentence, a line or a quotation."""
    i = pos
    while i > 0 and text[i - 1] in OPENERS:
        i -= 1
    return i == 0 or text[i - 1] in ".!?…:;\n|\x00" or "\n" in text[i:pos]


def is_name_word(tok: Tok, stop: frozenset[str] = words.STOP_WORDS) -> bool:
    """A capitalised word that may be part of a name (``stop`` lists those that are not)."""
    word = tok.word
    if len(word) < 2 or not word[0].isupper():
        return False
    if "-" in word and not word.rsplit("-", 1)[1][:1].isupper():
        return False  # "Warsaw-based"
    return word.casefold() not in stop and not is_calendar_word(word)


def script(tok: Tok) -> str:
    return "cyrillic" if re.match("[Ѐ-ӿ]", tok.word) else "latin"


def runs(text: str, toks: list[Tok], language: str = "") -> list[list[Tok]]:
    """Runs of name words, with connectors kept between name words."""
    stop = words.stop_words(language)
    runs: list[list[Tok]] = []
    current: list[Tok] = []
    pending: list[Tok] = []
    previous: Tok | None = None
    for tok in toks:
        gap = text[previous.end : tok.start] if previous else "\n"
        joined = gap in (" ", "\u00a0") and not (previous and previous.possessive)
        joined = joined and not (current and script(current[-1]) != script(tok))
        if is_name_word(tok, stop):
            if not joined:
                runs.append(current)
                current, pending = [], []
            current.extend(pending)
            current.append(tok)
            pending = []
        elif current and joined and tok.word in words.CONNECTORS and len(pending) < 2:
            pending.append(tok)
        else:
            runs.append(current)
            current, pending = [], []
        previous = tok
    runs.append(current)
    return [r for r in runs if 0 < len(r) <= MAX_RUN_WORDS]
