"""Discovering people and organisations the registry does not know (Latin, Cyrillic).

A candidate is a run of 2–4 capitalised words ("Fjordline Ventures", "Ольга
Литвин"), possibly joined by connectors when the words before the first
connector name an organisation ("Banco do Brasil", "Bank of Poland"); after a
person's name, "of", "von der" or "z" may lead to the organisation they work for
("Joanna Pike of Redfern Capital"). Runs lose sentence-initial words that also
occur in lower case, company nouns ("Spółka") and leading titles ("Vorstandschef"),
and are dropped when they are places, months, laws, money or page furniture. The
kind comes from organisation words (also German compounds: "Volksbank"), a legal
form, the words before the run or an apposition after it (``entities_context``).

A single word is kept only with strong evidence: an internal capital ("LvivPay"),
an organisation word right before it ("біржі X"), or three or more mentions of
which one is followed by a verb of saying or a possessive ("Veltrion said",
"Veltrion's"). Forms of one name are grouped by their inflection-free key; lone
surnames fold into the full name they end.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from . import entities_words as words
from .entities_context import (
    acting,
    announced_kind,
    apposition_kind,
    camel,
    descriptor_before,
    in_vocabulary,
    legal_form_after,
    prefixes,
    titled,
)
from .entities_inflect import (
    FEMALE_FIRST_NAMES,
    MALE_FIRST_NAMES,
    nominative,
    person_nominative,
)
from .entities_match import inflects, name_key
from .entities_places import is_place, is_place_adjective
from .entities_runs import Tok, runs, sentence_start, tokens
from .figures_units import CURRENCY_WORDS, SCALE_WORDS

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
        if in_vocabulary(folded, words.ORG_WORDS):
            return True
        if self.language == "de" and len(folded) > 6 and folded.endswith(words.GERMAN_ORG_ENDINGS):
            return True  # "Volksbank", "Sparkasse", "Stadtwerke"
        return inflects(self.language) and folded.startswith(prefixes(words.ORG_WORDS, "", 4))

    def _strong_org(self, run: list[Tok]) -> bool:
        """An organisation word that is not an acronym ("Ventures", not "AI")."""
        return any(self._org_word(t.word) and not t.word.isupper() for t in run)

    # --- runs -------------------------------------------------------------------
    def _split(self, run: list[Tok]) -> list[list[Tok]]:
        """Keep connectors inside an organisation's or a person's name; else split.

        Parts after "and", "i", "e" are names of their own ("Anna Lis i Jan Wrona");
        so are organisations after "of", "von der", "z" ("Joanna Pike of Redfern
        Capital"). Other parts after "of", "de", "di"... complement a head that is
        not a name ("Cédula de Produto Rural") and are dropped.
        """
        cut = next((i for i, t in enumerate(run) if not t.capital), None)
        if cut is None:
            return [run]
        if self._strong_org(run[:cut]):
            return self._split_pair(run)
        if self._particle_name(run, cut):
            return [run]
        rest = run[cut:]
        connectors = list(itertools.takewhile(lambda t: not t.capital, rest))
        tail = self._split(rest[len(connectors) :])
        joined = all(t.word in words.CONJUNCTIONS for t in connectors)
        if tail and not joined and not self._affiliation(tail[0]):
            tail = tail[1:]
        return [run[:cut], *tail]

    def _affiliation(self, run: list[Tok]) -> bool:
        """An organisation named after a person or a title: it holds an organisation
        word ("Redfern Capital", "Pomorskiej Izby Cyfrowej", "Beratungsfirma X")."""
        announced = announced_kind(run[0].word, self.language) == "organisation" and len(run) > 1
        return announced or self._strong_org(run)

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
        cued = titled(self.text, run[0], self.language) or acting(self.text, run[-1])
        return before == ", " or after == "," or cued

    def _trim(self, run: list[Tok]) -> tuple[list[Tok], str]:
        """Drop sentence-initial common words and leading titles; return the kind cue."""
        cue = ""
        first = run[0].word
        if len(run) >= 2 and in_vocabulary(first.casefold(), words.COMPANY_NOUNS):
            cue, run = "organisation", run[1:]  # "Spółka Kolejowe Systemy S.A. podała"
        elif (
            sentence_start(self.text, run[0].start)
            and first.casefold() in self.lower_words
            and not self._org_word(first)
        ):
            run = run[1:]
        while len(run) >= 2 and not self._org_word(run[0].word):
            announced = announced_kind(run[0].word, self.language)
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
        if in_vocabulary(folded[0], words.DIRECTIONS) or is_place(surface, self.language):
            return True
        if descriptor_before(self.text, run[0], self.language):
            return False  # "fundacja Cyfrowa Polska": a place word inside a firm's name
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
        if legal_form_after(self.text, run[-1]):
            return "organisation"
        if cue:
            return cue
        first = run[0].word.casefold()
        if len(run) <= 3 and first in (MALE_FIRST_NAMES | FEMALE_FIRST_NAMES):
            return "person"
        if descriptor_before(self.text, run[0], self.language):
            return "organisation"
        if titled(self.text, run[0], self.language):
            return "person"
        apposition = apposition_kind(self.text, run[-1])
        if apposition:
            return apposition
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
        if word.isupper() or folded in words.FURNITURE or in_vocabulary(folded, words.DIRECTIONS):
            return
        if is_place(word, self.language):
            return
        single = self.singles.setdefault(name_key(word, self.language), _Single())
        single.toks.append(tok)
        initial = sentence_start(self.text, tok.start)
        single.initial += initial
        single.cued |= cued or (not initial and descriptor_before(self.text, tok, self.language))
        single.acting |= acting(self.text, tok)

    # --- whole text -------------------------------------------------------------
    def _key(self, run: list[Tok]) -> str:
        return name_key(" ".join(t.word for t in run), self.language)

    def _unglue(self, run: list[Tok], seen: set[str]) -> list[list[Tok]]:
        """Split "Binance Changpeng Zhao" when "Changpeng Zhao" also stands alone, and
        "OpenAI Samem Altmanem": a brand with an inner capital before a plain name."""
        first = run[0].word
        if len(run) >= 3 and camel(first) and all(t.word[1:].islower() for t in run[1:]):
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
        for raw in runs(self.text, self.toks, self.language):
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
        return not (self._org_word(run[-1].word) or apposition or acting(self.text, run[-1]))

    def _fold_singles(self) -> list[Found]:
        """Fold lone words into the names they begin or end ("Lumena", "Zawadzka") or
        spell without spaces ("SamAltman"); keep the well-attested others."""
        hosts = self._foldprefixes()
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

    def _foldprefixes(self) -> list[Found]:
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
        if camel(word):
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
