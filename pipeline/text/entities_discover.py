"""Discovering people and organisations the registry does not know (Latin, Cyrillic).

A candidate is a run of 2–4 capitalised words ("Baltic Ridge Ventures", "Олена
Коваленко"), possibly joined by connectors when the words before the first
connector name an organisation ("Banco do Brasil", "Bank of Poland"). Runs lose
sentence-initial words that also occur in lower case and leading titles
("Vorstandschef"), and are dropped when they are places, months, laws, money or
page furniture. A single word is kept only with strong evidence: an internal
capital ("DniproEx"), an organisation word right before it ("біржі X"), or three
or more mentions of which one is followed by a verb of saying or a possessive
("Altostrata said", "Altostrata's"). Forms of one name are grouped by their
inflection-free key; lone surnames fold into the full name they end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from . import entities_words as words
from .entities_inflect import (
    FEMALE_FIRST_NAMES,
    MALE_FIRST_NAMES,
    nominative,
    person_nominative,
)
from .entities_match import inflects, name_key
from .entities_places import is_language_name, is_place, is_place_adjective
from .entities_runs import LETTERS, TOKEN, Tok, runs, sentence_start, tokens
from .figures_units import CURRENCY_WORDS, SCALE_WORDS

POSTPOSED_ADJECTIVES = frozenset({"it", "pt", "es", "fr", "ro", "ca"})
LEGAL_SUFFIXES = frozenset(
    words.words_of("inc ltd llc plc ag se gmbh sa spa srl nv bv corp co kg oy ab asa")
)
MONEY_WORDS = frozenset(
    w.casefold() for table in (*CURRENCY_WORDS.values(), *SCALE_WORDS.values()) for w in table
)


@dataclass
class Found:
    """A discovered name: its forms, first position and kind."""

    key: str
    surfaces: list[str]
    start: int
    kind: str
    spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class _Single:
    """Mentions of one lone capitalised word, weighed at the end."""

    toks: list[Tok] = field(default_factory=list)
    initial: int = 0
    cued: bool = False
    acting: bool = False


def _camel(word: str) -> bool:
    """A brand with an inner capital: "DniproEx", "OpenAI"; not "MiCA", "DeFi" or a
    run-together language menu such as "PolskiEnglish"."""
    humps = re.findall(r"[A-ZÀ-ÞЀ-Я][^A-ZÀ-ÞЀ-Я-]*", word)
    if len(humps) < 2 or len(word) < 5 or "-" in word or not word[0].isupper():
        return False
    if not (word[-1].islower() or len(humps[0]) >= 3):
        return False
    return not any(is_language_name(h) for h in humps)


@cache
def _prefixes(vocabulary: frozenset[str], suffix: str = "-", least: int = 0) -> tuple[str, ...]:
    """The entries of a vocabulary that stand for prefixes (built once per vocabulary)."""
    if suffix:
        return tuple(w[:-1] for w in vocabulary if w.endswith(suffix))
    return tuple(w for w in vocabulary if len(w) >= least)


def _in(word: str, vocabulary: frozenset[str]) -> bool:
    """Whether a case-folded word is in a vocabulary whose "x-" entries are prefixes."""
    return word in vocabulary or word.startswith(_prefixes(vocabulary))


class Discoverer:
    """Finds unknown names in one text; one instance per call of ``discover``."""

    def __init__(self, text: str, language: str) -> None:
        self.text = text
        self.language = language
        self.toks = tokens(text)
        self.lower_words = {t.word.casefold() for t in self.toks if t.word[0].islower()}
        self.found: dict[str, Found] = {}
        self.singles: dict[str, _Single] = {}
        self.pending: list[tuple[list[Tok], str]] = []

    # --- word tests -------------------------------------------------------------
    def _org_word(self, word: str) -> bool:
        """An organisation word, also inflected ("Banku" for "Bank")."""
        folded = word.casefold()
        if _in(folded, words.ORG_WORDS):
            return True
        return inflects(self.language) and folded.startswith(_prefixes(words.ORG_WORDS, "", 4))

    def _strong_org(self, run: list[Tok]) -> bool:
        """An organisation word that is not an acronym ("Ventures", not "AI")."""
        return any(self._org_word(t.word) and not t.word.isupper() for t in run)

    def _before(self, tok: Tok, count: int = 1) -> list[str]:
        """Up to ``count`` common words right before ``tok`` in its clause (case-folded);
        a capitalised word ends the look-back ("ICU Group Марини" has no descriptor),
        except in German, which capitalises every noun."""
        head = self.text[max(0, tok.start - 60) : tok.start]
        found = TOKEN.findall(re.split(r"[.,;:!?()\n\x00]", head)[-1])[-count:]
        if self.language != "de":
            while found and any(w[:1].isupper() for w in found):
                found = found[1:]
        return [w.casefold() for w in found]

    def _descriptor_before(self, tok: Tok) -> bool:
        """An organisation word right before ``tok``, or, in languages that put
        adjectives after the noun, before one adjective ("startup milanese Lumetra")."""
        before = self._before(tok, 2)
        if before and _in(before[-1], words.ORG_DESCRIPTORS):
            return True
        return (
            self.language in POSTPOSED_ADJECTIVES
            and len(before) == 2
            and before[-1] not in words.STOP_WORDS
            and _in(before[0], words.ORG_DESCRIPTORS)
        )

    def _acting(self, tok: Tok) -> bool:
        """Followed by a verb of saying, or written with a possessive."""
        tail = self.text[tok.end : tok.end + 30]
        verb = re.match(rf"[ \u00a0]([{LETTERS}]+)", tail)
        return tok.possessive or bool(verb and verb.group(1).casefold() in words.SPEECH_VERBS)

    # --- runs -------------------------------------------------------------------
    def _split(self, run: list[Tok]) -> list[list[Tok]]:
        """Keep connectors inside an organisation's or a person's name; else split.

        Parts after "of", "de", "di"... complement a head that is not a name
        ("Cédula de Produto Rural") and are dropped; parts after "and", "i", "e"
        are names of their own ("Marta Zielińska i Piotr Nowicki").
        """
        cut = next((i for i, t in enumerate(run) if not t.capital), None)
        if cut is None:
            return [run]
        if self._strong_org(run[:cut]):
            return self._split_pair(run)
        if self._particle_name(run, cut):
            return [run]
        parts: list[list[Tok]] = [[]]
        keep = True
        for tok in run:
            if tok.capital:
                if keep:
                    parts[-1].append(tok)
            else:
                keep = tok.word in words.CONJUNCTIONS
                parts.append([])
        return [p for p in parts if p]

    def _split_pair(self, run: list[Tok]) -> list[list[Tok]]:
        """Two organisations joined by "and": "Bank of Portugal and De Nederlandsche Bank"."""
        for i, tok in enumerate(run):
            left, right = run[:i], run[i + 1 :]
            if (
                tok.word in words.CONJUNCTIONS
                and any(not t.capital for t in left)
                and right[:1]
                and right[0].capital
                and self._strong_org(right)
            ):
                return [left, *self._split_pair(right)]
        return [run]

    def _particle_name(self, run: list[Tok], cut: int) -> bool:
        """A person's name with a particle: "Joost van Dam", "Ursula von der Leyen"."""
        tail = run[cut:]
        particles = [t.word for t in tail if not t.capital]
        rest = tail[len(particles) :]
        return (
            1 <= cut <= 2
            and len(rest) == 1
            and particles[0] in words.NAME_PARTICLES
            and all(p in words.SECOND_PARTICLES for p in particles[1:])
            and all(t.capital for t in rest)
            and self._person_context(run)
        )

    def _person_context(self, run: list[Tok]) -> bool:
        """Set off by commas, followed by a verb of saying, or after a title."""
        before = self.text[max(0, run[0].start - 2) : run[0].start]
        after = self.text[run[-1].end : run[-1].end + 1]
        titled = any(_in(w, words.PERSON_TITLES) for w in self._before(run[0], 3))
        return before == ", " or after == "," or titled or self._acting(run[-1])

    def _descriptor(self, word: str) -> str:
        """The kind a leading title or descriptor announces, or ""."""
        folded = word.casefold()
        if _in(folded, words.PERSON_TITLES) or (
            self.language == "de" and folded.endswith(words.GERMAN_PERSON_DESCRIPTORS)
        ):
            return "person"
        if _in(folded, words.ORG_DESCRIPTORS) or (
            self.language == "de" and folded.endswith(words.GERMAN_ORG_DESCRIPTORS)
        ):
            return "organisation"
        return ""

    def _trim(self, run: list[Tok]) -> tuple[list[Tok], str]:
        """Drop sentence-initial common words and leading titles; return the kind cue."""
        cue = ""
        first = run[0].word
        if (
            sentence_start(self.text, run[0].start)
            and first.casefold() in self.lower_words
            and not self._org_word(first)
        ):
            run = run[1:]
        while len(run) >= 2 and not self._org_word(run[0].word):
            announced = self._descriptor(run[0].word)
            if not announced and not is_place_adjective(run[0].word, self.language):
                break
            cue, run = announced or cue, run[1:]
        while run and not run[-1].capital:
            run = run[:-1]
        while run and not run[0].capital:
            run = run[1:]
        return run, cue

    def _rejected(self, run: list[Tok]) -> bool:
        """Places, laws, money, page furniture, lone acronyms and over-long runs."""
        names = [t.word for t in run if t.capital]
        folded = [w.casefold() for w in names]
        surface = " ".join(t.word for t in run)
        if len(names) > 4 and not self._strong_org(run):
            return True
        if all(w.isupper() for w in names) or any(w in words.FURNITURE for w in folded):
            return True
        if any(w in words.NON_ENTITY_WORDS or w in MONEY_WORDS for w in folded):
            return True
        if self._glossed_as_acronym(run) and not self._strong_org(run):
            return True  # "Cédula de Produto Rural (CPR)": a product or a law
        if self._strong_org(run):
            return False
        if _in(folded[0], words.DIRECTIONS) or is_place(surface, self.language):
            return True
        ends = (names[0], names[-1]) if len(names) == 2 else (names[-1],)
        return any(is_place(w, self.language) for w in ends)

    def _glossed_as_acronym(self, run: list[Tok]) -> bool:
        after = re.match(r"\s*\(([A-ZА-Я][A-Za-zА-Яа-я]{2,})\)", self.text[run[-1].end :])
        if not after:
            return False
        initials = "".join(t.word[0] for t in run if t.capital).upper()
        return after.group(1).upper().startswith(initials[:2])

    def _kind(self, run: list[Tok], cue: str) -> str:
        if any(self._org_word(t.word) or t.word.casefold() in LEGAL_SUFFIXES for t in run):
            return "organisation"
        if cue:
            return cue
        first = run[0].word.casefold()
        if len(run) <= 3 and first in (MALE_FIRST_NAMES | FEMALE_FIRST_NAMES):
            return "person"
        if self._descriptor_before(run[0]):
            return "organisation"
        if any(_in(w, words.PERSON_TITLES) for w in self._before(run[0], 3)):
            return "person"
        plain = all(t.word[1:].islower() or "-" in t.word for t in run)
        return "person" if plain and len(run) <= 3 else "organisation"

    def _add(self, run: list[Tok], kind: str) -> None:
        names = [t.word for t in run]
        while len(names) > 1 and names[-1].casefold() in LEGAL_SUFFIXES:
            names.pop()
        if len(names) > 2 and names[0].casefold() == "the":
            names.pop(0)
        surface = " ".join(names)
        key = name_key(surface, self.language)
        entry = self.found.setdefault(key, Found(key, [], run[0].start, kind))
        entry.surfaces.append(surface)
        entry.spans.append((run[0].start, run[-1].end))

    def _single(self, tok: Tok, cued: bool = False) -> None:
        word = tok.word
        folded = word.casefold()
        if word.isupper() or folded in words.FURNITURE or _in(folded, words.DIRECTIONS):
            return
        if is_place(word, self.language):
            return
        single = self.singles.setdefault(name_key(word, self.language), _Single())
        single.toks.append(tok)
        initial = sentence_start(self.text, tok.start)
        single.initial += initial
        single.cued |= cued or (not initial and self._descriptor_before(tok))
        single.acting |= self._acting(tok)

    # --- whole text -------------------------------------------------------------
    def _key(self, run: list[Tok]) -> str:
        return name_key(" ".join(t.word for t in run), self.language)

    def _unglue(self, run: list[Tok], seen: set[str]) -> list[list[Tok]]:
        """Split "Binance Changpeng Zhao" when "Changpeng Zhao" also stands alone, and
        "OpenAI Samem Altmanem": a brand with an inner capital before a plain name."""
        first = run[0].word
        if len(run) >= 3 and _camel(first) and all(t.word[1:].islower() for t in run[1:]):
            return [run[:1], run[1:]]
        if sum(t.capital for t in run) >= 3:
            for i in range(1, len(run) - 1):
                if run[i].capital and self._key(run[i:]) in seen:
                    return [run[:i], run[i:]]
                if run[-i].capital and self._key(run[:-i]) in seen and len(run) - i >= 2:
                    return [run[:-i], run[-i:]]
        return [run]

    def discover(self) -> list[Found]:
        prepared = []
        for raw in runs(self.text, self.toks):
            for part in self._split(raw):
                run, cue = self._trim(part)
                if run:
                    prepared.append((run, cue))
        seen = {self._key(run) for run, _ in prepared if len(run) >= 2}
        for whole, cue in prepared:
            for run in self._unglue(whole, seen - {self._key(whole)}):
                if len(run) == 1:
                    self._single(run[0], cue == "organisation")
                elif not self._rejected(run):
                    self.pending.append((run, cue))
        for run, cue in self.pending:
            if self._german_noun_phrase(run, cue):
                continue
            self._add(run, self._kind(run, cue))
        return self._fold_singles()

    def _german_noun_phrase(self, run: list[Tok], cue: str) -> bool:
        """German capitalises nouns: a sentence-initial pair needs more evidence."""
        if self.language != "de" or cue or not sentence_start(self.text, run[0].start):
            return False
        apposition = self.text[run[-1].end : run[-1].end + 1] == ","
        return not (self._org_word(run[-1].word) or apposition or self._acting(run[-1]))

    def _fold_singles(self) -> list[Found]:
        """Fold lone words into the names they begin or end ("Glosa", "Zielińska") or
        spell without spaces ("SamAltman"); keep the well-attested others."""
        hosts = self._fold_prefixes()
        result = list(hosts)
        for key, single in self.singles.items():
            host = next(
                (
                    f
                    for f in hosts
                    if key in (f.key.split()[0], f.key.split()[-1], f.key.replace(" ", ""))
                ),
                None,
            )
            mentions = [t.word for t in single.toks]
            if host is not None:
                host.surfaces.extend(mentions)
                host.spans.extend((t.start, t.end) for t in single.toks)
            elif self._single_kept(single):
                first = single.toks[0]
                spans = [(t.start, t.end) for t in single.toks]
                result.append(Found(key, mentions, first.start, "organisation", spans))
        return sorted(result, key=lambda f: f.start)

    def _fold_prefixes(self) -> list[Found]:
        """Fold "Banco Central" into "Banco Central do Brasil" when both occur."""
        ordered = sorted(self.found.values(), key=lambda f: -len(f.key))
        kept: list[Found] = []
        for found in ordered:
            host = next((k for k in kept if k.key.startswith(found.key + " ")), None)
            if host is None or found.kind != "organisation":
                kept.append(found)
            else:
                host.surfaces.extend(found.surfaces)
                host.spans.extend(found.spans)
                host.start = min(host.start, found.start)
        return kept

    def _single_kept(self, single: _Single) -> bool:
        word = single.toks[0].word
        if word.casefold() in self.lower_words or word.casefold() in words.NON_ENTITY_WORDS:
            return False
        if _camel(word):
            return True
        mentions = len(single.toks)
        return single.cued or (mentions >= 3 and mentions > single.initial and single.acting)


def canonical_surface(found: Found, language: str) -> str:
    """The name as it would stand as a sentence's subject."""
    size = max(len(s.split()) for s in found.surfaces)
    full = [s for s in found.surfaces if len(s.split()) == size]
    restore = person_nominative if found.kind == "person" else nominative
    nominatives = [s for s in full if restore(s, language) == s]
    if nominatives:
        return max(nominatives, key=nominatives.count)
    return restore(full[0], language)


def discover(text: str, language: str) -> list[Found]:
    """Unknown names in Latin or Cyrillic script, in order of first appearance."""
    return Discoverer(text, language).discover()
