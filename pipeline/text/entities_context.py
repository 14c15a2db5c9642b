"""What the words around a candidate name say about it (Latin and Cyrillic text).

Plain functions over the text and a token: the common words before a name ("the
firm", "аналітикиня"), a title or descriptor opening the run ("Vorstandschef"), an
apposition after it (", a logistics group"), a legal form ("Inc.", "S.A.") and a
verb of saying ("said", "заявив"). Discovery reads them to decide whether a run of
capitalised words is a name, and of which kind.
"""

from __future__ import annotations

import re
from functools import cache

from . import entities_words as words
from .entities_places import is_language_name
from .entities_runs import LETTERS, TOKEN, Tok, sentence_start

POSTPOSED_ADJECTIVES = frozenset({"it", "pt", "es", "fr", "ro", "ca"})
# ", a Rotterdam-based logistics group" / ", an analyst at": up to four words after
# an article, read for a kind cue (English and the Romance languages).
APPOSITION = re.compile(
    rf",\s+(?:a|an|the|uma?|una?|la|il|lo|o)\s+((?:[{LETTERS}-]+\s+){{0,3}}[{LETTERS}-]+)"
)
# Legal forms written with dots after a name: "Calder Stone Inc.", "Brenta S.p.A.".
LEGAL_AFTER = re.compile(
    r",?\s(?:S\.\s?A\.|S\.p\.A\.|S/A|Sp\.\s?z\s?o\.\s?o\.|Inc\.|Ltd\.|Ltda\.?|Co\.|Corp\.|"
    r"N\.V\.|B\.V\.|S\.r\.l\.|S\.L\.|LLC\b|Plc\b|plc\b|ТОВ\b|ПАТ\b|АТ\b)"
)
ELIDED = re.compile(r"^[^\W\d_]{1,5}['’](?=[^\W\d_])")


def camel(word: str) -> bool:
    """A brand with an inner capital: "LvivPay", "OpenAI"; not "MiCA", "DeFi" or a
    run-together language menu such as "PolskiEnglish"."""
    humps = re.findall(r"[A-ZÀ-ÞЀ-Я][^A-ZÀ-ÞЀ-Я-]*", word)
    if len(humps) < 2 or len(word) < 5 or "-" in word or not word[0].isupper():
        return False
    if not (word[-1].islower() or len(humps[0]) >= 3):
        return False
    return not any(is_language_name(h) for h in humps)


@cache
def prefixes(vocabulary: frozenset[str], suffix: str = "-", least: int = 0) -> tuple[str, ...]:
    """The entries of a vocabulary that stand for prefixes (built once per vocabulary)."""
    if suffix:
        return tuple(w[:-1] for w in vocabulary if w.endswith(suffix))
    return tuple(w for w in vocabulary if len(w) >= least)


def in_vocabulary(word: str, vocabulary: frozenset[str]) -> bool:
    """Whether a case-folded word is in a vocabulary whose "x-" entries are prefixes."""
    return word in vocabulary or word.startswith(prefixes(vocabulary))


def words_before(text: str, tok: Tok, language: str, count: int = 1) -> list[str]:
    """Up to ``count`` common words right before ``tok`` in its clause (case-folded);
    a capitalised word ends the look-back ("ICU Group Марини" has no descriptor),
    except the clause's first word ("Компанія «Смарт Енерджі»") and in German,
    which capitalises every noun."""
    head = text[max(0, tok.start - 60) : tok.start]
    clause = re.split(r"[.,;:!?()\n\x00]", head)[-1]
    every = [ELIDED.sub("", w) for w in TOKEN.findall(clause)]
    found = every[-count:]
    if language != "de":
        opener = len(every) == len(found) and sentence_start(head, head.rfind(clause))
        while found and any(w[:1].isupper() for w in found[1 if opener else 0 :]):
            found, opener = found[1:], False
    return [w.casefold() for w in found]


def descriptor_before(text: str, tok: Tok, language: str) -> bool:
    """An organisation word right before ``tok``; in languages that put adjectives
    after the noun also before one adjective ("startup milanese Lumetra") or one
    complement ("cooperativa de crédito Serra Azul")."""
    before = words_before(text, tok, language, 3)
    if before and in_vocabulary(before[-1], words.ORG_DESCRIPTORS):
        return True
    if language not in POSTPOSED_ADJECTIVES or len(before) < 2:
        return False
    if before[-1] not in words.STOP_WORDS and in_vocabulary(before[-2], words.ORG_DESCRIPTORS):
        return True
    return (
        len(before) == 3
        and before[-2] in words.CONNECTORS
        and before[-1] not in words.STOP_WORDS
        and in_vocabulary(before[0], words.ORG_DESCRIPTORS)
    )


def titled(text: str, tok: Tok, language: str) -> bool:
    """A person's title among the three words before ``tok`` ("analyst Joanna Pike")."""
    return any(in_vocabulary(w, words.PERSON_TITLES) for w in words_before(text, tok, language, 3))


def announced_kind(word: str, language: str) -> str:
    """The kind a title or descriptor opening a run announces ("Vorstandschef"), or ""."""
    folded = word.casefold()
    if in_vocabulary(folded, words.PERSON_TITLES) or (
        language == "de" and folded.endswith(words.GERMAN_PERSON_DESCRIPTORS)
    ):
        return "person"
    if in_vocabulary(folded, words.ORG_DESCRIPTORS) or (
        language == "de" and folded.endswith(words.GERMAN_ORG_DESCRIPTORS)
    ):
        return "organisation"
    return ""


def apposition_kind(text: str, tok: Tok) -> str:
    """The kind an apposition after the name announces: "Lumen Freight, a
    Rotterdam-based logistics group" (organisation), "Ana Lis, an analyst" (person)."""
    match = APPOSITION.match(text, tok.end)
    if not match:
        return ""
    for word in TOKEN.findall(match.group(1)):
        folded = word.casefold()
        if in_vocabulary(folded, words.ORG_DESCRIPTORS) or in_vocabulary(folded, words.ORG_WORDS):
            return "organisation"
        if in_vocabulary(folded, words.PERSON_TITLES):
            return "person"
    return ""


def acting(text: str, tok: Tok) -> bool:
    """Followed by a verb of saying, or written with a possessive."""
    verb = re.match(rf"[ \u00a0]([{LETTERS}]+)", text[tok.end : tok.end + 30])
    return tok.possessive or bool(verb and verb.group(1).casefold() in words.SPEECH_VERBS)


def legal_form_after(text: str, tok: Tok) -> bool:
    """A legal form written with dots follows the name: "Calder Stone Inc."."""
    return LEGAL_AFTER.match(text, tok.end) is not None
