"""People and organisations named in an article, under canonical English names.

Known names come from an editable registry (``content/entities.toml``, format
documented at the top of that file) and are matched in any case ending or script
(``entities_match``). Names the registry lacks are discovered from capitalised
runs in Latin and Cyrillic text (``entities_discover``, which reads the words
around a run with ``entities_context``) and from glosses, titles, honorifics and
company words in Japanese and Chinese (``entities_cjk``, ``entities_cjk_orgs``);
the registry is meant for real, well-known names only. Discovered names are
marked ``known=False`` and names in other scripts are romanized
(``entities_romanize``). The author and the publishing outlet are passed in
``exclude`` and never listed.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import cast

from ..errors import BriefpressError
from ..model import Entity, EntityKind
from .entities_discover import canonical_surface, discover
from .entities_match import CJK_CHAR, CJK_LANGUAGES, find_forms, word_index
from .entities_romanize import romanize_name

__all__ = ["Registry", "RegistryEntry", "find_entities", "load_registry", "romanize_name"]

KINDS = ("person", "organisation")
MASK = "\x00"


@dataclass(frozen=True)
class RegistryEntry:
    """One known person or organisation: canonical English name and other forms."""

    name: str
    kind: EntityKind
    aliases: tuple[str, ...] = ()


@dataclass
class Registry:
    """The known entities; ``path`` names the file they came from, if any."""

    entries: list[RegistryEntry] = field(default_factory=list)
    path: Path | None = None

    @cached_property
    def forms(self) -> list[tuple[str, int]]:
        """Every (form, entry index) pair: the canonical name and each alias."""
        return [
            (form, index)
            for index, entry in enumerate(self.entries)
            for form in dict.fromkeys((entry.name, *entry.aliases))
        ]

    @cached_property
    def by_name(self) -> dict[str, int]:
        """Entry index by each form's case- and punctuation-free spelling."""
        return {_normal(form): index for form, index in self.forms}


def _entry_problems(index: int, raw: object) -> list[str]:
    """Everything wrong with one ``[[entity]]`` table, described for the user."""
    where = f"entity #{index + 1}"
    if not isinstance(raw, dict):
        return [f"{where}: not a table"]
    problems = []
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{where}: 'name' must be a non-empty string")
    else:
        where = f"entity #{index + 1} ({name})"
    if raw.get("kind") not in KINDS:
        problems.append(f"{where}: 'kind' must be 'person' or 'organisation'")
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        problems.append(f"{where}: 'aliases' must be a list of non-empty strings")
    unknown = sorted(set(raw) - {"name", "kind", "aliases"})
    if unknown:
        problems.append(f"{where}: unknown keys {', '.join(unknown)}")
    return problems


def load_registry(path: Path) -> Registry:
    """Read and validate the registry; every problem is reported in one error."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise BriefpressError(f"{path}: cannot read the entity registry: {error}") from error
    raw_entries = data.get("entity", [])
    if not isinstance(raw_entries, list):
        raise BriefpressError(f"{path}: 'entity' must be an array of tables ([[entity]])")
    problems: list[str] = []
    entries: list[RegistryEntry] = []
    owners: dict[str, str] = {}
    for index, raw in enumerate(raw_entries):
        found = _entry_problems(index, raw)
        problems.extend(found)
        if found:
            continue
        entry = RegistryEntry(raw["name"], raw["kind"], tuple(raw.get("aliases", [])))
        for form in (entry.name, *entry.aliases):
            owner = owners.setdefault(form.casefold(), entry.name)
            if owner != entry.name:
                problems.append(f"'{form}' names both {owner} and {entry.name}")
        entries.append(entry)
    if problems:
        raise BriefpressError(f"{path}: invalid entity registry: " + "; ".join(problems))
    return Registry(entries, path)


def _normal(name: str) -> str:
    """Case- and punctuation-free form used to compare names."""
    return re.sub(r"[\W_]+", " ", name.casefold()).strip()


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with the spans blanked out, so later steps neither see nor join them."""
    pieces, done = [], 0
    for start, end in sorted(spans):
        start = max(start, done)
        if end > start:
            pieces += [text[done:start], MASK * (end - start)]
            done = end
    return "".join(pieces) + text[done:]


@dataclass
class _Hit:
    name: str
    kind: EntityKind
    start: int
    known: bool
    aliases: list[str] = field(default_factory=list)

    def add(self, start: int, surfaces: Iterable[str]) -> None:
        self.start = min(self.start, start)
        self.aliases.extend(s for s in surfaces if s not in self.aliases)


def _excluded_spans(text: str, exclude: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    for name in exclude:
        if name and len(name.strip()) > 1:
            pattern = re.escape(name.strip()).replace(r"\ ", r"\s+")
            spans.extend(m.span() for m in re.finditer(pattern, text, re.IGNORECASE))
    return spans


def _discovered(text: str, language: str) -> list[_Hit]:
    """Names the registry does not know, with canonical names and guessed kinds."""
    hits = []
    if language in CJK_LANGUAGES or CJK_CHAR.search(text):
        from .entities_cjk import discover_cjk  # its tables load only for CJK text

        for name in discover_cjk(text, language):
            kind = cast(EntityKind, name.kind)
            hits.append(_Hit(name.name, kind, name.start, False, list(name.forms)))
    latin_language = "en" if language in CJK_LANGUAGES else language
    for found in discover(text, latin_language):
        surface = canonical_surface(found, latin_language)
        if re.search("[Ѐ-ӿ]", surface):
            surface = romanize_name(surface, latin_language)
        kind = cast(EntityKind, found.kind)
        hits.append(_Hit(surface, kind, found.start, False, list(dict.fromkeys(found.surfaces))))
    return hits


def _surnames(registry: Registry, keys: set[int]) -> list[tuple[str, int]]:
    """Family names of the people found, so "Zawadzka said" is not a new name."""
    forms = []
    for key in sorted(keys):
        entry = registry.entries[key]
        if entry.kind == "person":
            for form in (entry.name, *entry.aliases):
                if " " in form.strip() and not CJK_CHAR.search(form):
                    forms.append((form.split()[-1], key))
    return list(dict.fromkeys(forms))


def _known(
    text: str, language: str, registry: Registry
) -> tuple[dict[str, _Hit], list[tuple[int, int]]]:
    """Registry names in ``text`` (then the family names of the people among them),
    keyed by canonical name, and the spans they cover."""
    hits: dict[str, _Hit] = {}
    spans: list[tuple[int, int]] = []
    index = word_index(text)
    matches = find_forms(text, language, registry.forms, index)
    for match in matches:
        entry = registry.entries[match.key]
        hit = hits.setdefault(_normal(entry.name), _Hit(entry.name, entry.kind, match.start, True))
        hit.add(match.start, [match.surface])
        spans.append((match.start, match.end))
    surnames = _surnames(registry, {m.key for m in matches})
    for match in find_forms(_mask(text, spans), language, surnames, index):
        hit = hits[_normal(registry.entries[match.key].name)]
        hit.add(hit.start, [match.surface])
        spans.append((match.start, match.end))
    return hits, spans


def find_entities(
    text: str, language: str, registry: Registry, exclude: Iterable[str] = ()
) -> list[Entity]:
    """Each person and organisation once, in order of first appearance.

    ``exclude`` holds the author and source names: they and anything named like
    them are left out.
    """
    language = (language or "und").split("-")[0].lower()
    exclude = [e for e in exclude if e]
    text = _mask(text, _excluded_spans(text, exclude))
    hits, known_spans = _known(text, language, registry)
    for hit in _discovered(_mask(text, known_spans), language):
        entry_index = registry.by_name.get(_normal(hit.name))
        if entry_index is not None:  # a registry name, reached here through discovery
            entry = registry.entries[entry_index]
            hit = _Hit(entry.name, entry.kind, hit.start, True, hit.aliases)
        key = _normal(hit.name)
        if key in hits:
            hits[key].add(hit.start, hit.aliases)
        elif key:
            hits[key] = hit
    banned = {_normal(e) for e in exclude}
    entities = []
    for hit in sorted(hits.values(), key=lambda h: h.start):
        names = {_normal(hit.name), *map(_normal, hit.aliases)}
        if names & banned or (not hit.known and any(_normal(hit.name) in b for b in banned)):
            continue
        entities.append(Entity(hit.name, hit.kind, hit.aliases, hit.known))
    return entities
