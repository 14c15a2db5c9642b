"""Recognise bylines and credit lines, and read the author and outlet from them.

Forms handled (top or bottom of an article): ``(Name, Outlet)``, ``（Name、Outlet）``,
``By Name | Outlet``, ``Autor: Name / Outlet``, ``Von Name · date``, ``di Name``,
``Par``/``Por``/``Автор:``/``記者``/``작성자 기자`` forms, ``Name | Outlet | date``,
source lines (``Quelle:``, ``Fonte:``, ``Źródło:``, ``来源：``, ``出典：``, ``Джерело:``…)
and copyright lines. Names and outlets are returned exactly as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .noise_lines import copyright_outlet, letters, looks_like_date, width
from .noise_words import NAME_PARTICLES, NOT_NAMES, ROLE_WORDS

BylineKind = Literal["byline", "source", "copyright", "editor"]


@dataclass(frozen=True)
class Byline:
    """What one credit line says; ``kind`` ranks how much its outlet can be trusted."""

    author: str | None
    source: str | None
    kind: BylineKind


_PAREN = re.compile(r"^[(（\[【]\s*(?P<inner>[^()（）\[\]【】]+?)\s*[)）\]】]$")
_PAREN_PAIR = re.compile(r"^(?P<a>[^,，、/／;；]+?)\s*[,，、/／;；]\s*(?P<b>.+)$")
_LATIN_PREFIX = re.compile(
    r"^(?:written by|reporting by|words by|by|von|di|par|por|door|av|від|от|autor(?:ka)?|"
    r"author|auteur|autore|autrice|autora|автор(?:ка)?|text|tekst|texto|testo)"
    r"(?:\s*[:：]\s*|\s+)",
    re.IGNORECASE,
)
_CJK_PREFIX = re.compile(
    r"^(?:本报记者|本報記者|记者|記者|作者|撰文|取材・文|文・写真|글·사진|文|글)"
    r"\s*[:：/／｜|・ ]\s*"
)
_KOREAN_REPORTER = re.compile(
    r"^(?P<name>[가-힣]{2,4})\s*(?:선임기자|객원기자|인턴기자|기자|특파원)(?=$|[\s=(\[])"
)
_SOURCE = re.compile(
    r"^(?:sources?|quellen?|źródło|źródła|fontes?|fuentes?|bron|källa|kilde|lähde|zdroj|"
    r"forrás|джерело|источник|来源|來源|出典|出所|출처|资料来源|資料來源)\s*[:：]\s*(?P<rest>.+)$",
    re.IGNORECASE,
)
_EDITOR = re.compile(
    r"^(?:(?:责任编辑|責任編輯|编辑|編輯|編集|校对|redaktion|redakcja|opracowanie|edición|"
    r"edição|a cura di|редактор|редакція|редакция)\s*[:：]|(?:edited|editing) by\s)",
    re.IGNORECASE,
)
_STRONG_SEP = re.compile(r"\s*[|｜·•/／]\s*|\s+[–—-]\s+")
_NAME_SPLIT = re.compile(r"\s*[,;]\s*|\s+")
_CJK_NAME = re.compile(r"^[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff・·]{2,14}$")
_HANGUL_NAME = re.compile(r"^[가-힣]{2,5}(?:\s[가-힣]{2,5}){0,2}$")
_NAME_WORD = re.compile(r"^[^\W\d_][\w.'’\-]*$")
_CONNECTOR = re.compile(r"\s(?:and|und|i|e|y|et|&|и|і|та|ja|og|och)\s", re.IGNORECASE)
_ROLE = re.compile("|".join(re.escape(r) for r in ROLE_WORDS), re.IGNORECASE)


def is_name(text: str) -> bool:
    """A personal name, or names joined by "and"/commas, in any script."""
    text = text.strip()
    if not text or width(text) > 60 or any(ch.isdigit() for ch in text):
        return False
    if "@" in text or "://" in text:
        return False
    if _CJK_NAME.match(text) or _HANGUL_NAME.match(text):
        return True
    tokens = [t for t in _NAME_SPLIT.split(text) if t]
    if not 2 <= len(tokens) <= 10 or tokens[-1].casefold() in NAME_PARTICLES:
        return False
    capitals = 0
    for token in tokens:
        if token.casefold() in NAME_PARTICLES:
            continue
        if not _NAME_WORD.match(token) or not token[0].isupper():
            return False
        capitals += 1
    return capitals >= 2 and tokens[0].casefold() not in NOT_NAMES


def is_outlet(text: str) -> bool:
    """A plausible outlet name: short, not a date, a job title or a sentence."""
    text = text.strip()
    if letters(text) < 2 or width(text) > 80 or len(text.split()) > 8:
        return False
    if looks_like_date(text) or "@" in text or "://" in text or text.endswith((":", "：")):
        return False
    if _ROLE.search(text) and len(text.split()) <= 3:
        return False
    return not re.search(r"[.!?。！？]\s+\S", text)


def _author_part(part: str) -> str | None:
    """The author in the first part of a byline ("Jane Doe, Staff Writer" → Jane Doe).

    Text after a comma stays part of the author only when it lists more people
    ("Jane Doe, John Roe and Max Muster").
    """
    pieces = re.split(r"\s*[,;，、]\s*", part, maxsplit=1)
    if len(pieces) == 2 and _CONNECTOR.search(pieces[1]) and is_name(part):
        return part
    head = pieces[0]
    return head if is_name(head) else None


def _from_parts(parts: list[str]) -> Byline | None:
    """Author from the first part, outlet from the first later part that is one."""
    parts = [p.strip() for p in parts if p.strip()]
    if not parts:
        return None
    author = _author_part(parts[0])
    if author is None:
        return None
    source = next((p for p in parts[1:] if is_outlet(p)), None)
    return Byline(author, source, "byline")


def _prefixed(text: str) -> Byline | None:
    """``By Name | Outlet``, ``Autor: Name / Outlet``, ``記者：Name`` and the like."""
    for prefix in (_LATIN_PREFIX, _CJK_PREFIX):
        match = prefix.match(text)
        if match:
            return _from_parts(_STRONG_SEP.split(text[match.end() :]))
    match = _KOREAN_REPORTER.match(text)
    if match:
        return Byline(match.group("name"), None, "byline")
    return None


def _parenthesised(inner: str) -> Byline | None:
    """``(Name, Outlet)``, ``（Name、Outlet）`` or a prefixed form inside brackets."""
    pair = _PAREN_PAIR.match(inner)
    if pair and is_name(pair.group("a")) and is_outlet(pair.group("b")):
        return Byline(pair.group("a").strip(), pair.group("b").strip(), "byline")
    return _prefixed(inner)


def parse_byline(line: str) -> Byline | None:
    """Read a credit line; None when the line is not one."""
    line = line.strip()
    if not line or width(line) > 160:
        return None
    paren = _PAREN.match(line)
    if paren:
        return _parenthesised(paren.group("inner"))
    if _EDITOR.match(line):
        return Byline(None, None, "editor") if width(line) <= 80 else None
    source = _SOURCE.match(line)
    if source:
        rest = source.group("rest").strip().rstrip(".")
        return Byline(None, rest, "source") if is_outlet(rest) else None
    outlet = copyright_outlet(line)
    if outlet is not None:
        return Byline(None, outlet, "copyright")
    prefixed = _prefixed(line)
    if prefixed is not None:
        return prefixed
    parts = [p.strip() for p in _STRONG_SEP.split(line)]
    if len(parts) >= 2 and is_name(parts[0]):
        if is_outlet(parts[1]):
            return Byline(parts[0], parts[1], "byline")
        if looks_like_date(parts[1]):
            return Byline(parts[0], None, "byline")
    return None
