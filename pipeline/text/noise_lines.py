"""Classifiers for single lines of scraped article text.

Each test is deliberately conservative: a line counts as noise only when it is
short or matches a strong pattern, so a real paragraph is never lost. Regexes
and tables are built once at import.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from .noise_words import (
    BANNER_PHRASES,
    CHROME_LINES,
    COOKIE_WORDS,
    FURNITURE_LABELS,
    HOME_WORDS,
    LANGUAGE_CODES,
    LANGUAGE_NAMES,
    READ_MORE,
    RIGHTS_PHRASES,
    SECTION_WORDS,
    SHARE_GLUE,
    SHARE_VERBS,
    SOCIAL_NETWORKS,
    UPDATE_WORDS,
)


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation that tries longer words first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


WIDTH_CAP = 480
_WIDE = re.compile(r"[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
# Matched against case-folded text: far faster than IGNORECASE on a long alternation.
_LANGUAGE = re.compile(_alternation({name.casefold() for name in LANGUAGE_NAMES}))
_COOKIE = re.compile(_alternation(COOKIE_WORDS), re.IGNORECASE)
_BANNER = re.compile(_alternation(BANNER_PHRASES), re.IGNORECASE)
_PROSE_PUNCT = re.compile(r"[.,;!?。、，；！？](?:\s|$)|[。、，]")
_LABEL_BREAKERS = re.compile(r"[\d.,;:!?。、，；：！？()（）「」\"“”]")
_CODE = re.compile(r"[A-Z]{2}(?:-[A-Z]{2})?")
_CODE_SPLIT = re.compile(r"\s*[|/·•]\s*|\s+")
_FURNITURE = re.compile(rf"^(?:{_alternation(FURNITURE_LABELS)})\s*[:：]", re.IGNORECASE)
_COUNT = re.compile(r"\(?\d+\)?")
_QUOTES = re.compile(r"[\"“”„«»「」『』]")
_SENTENCE = re.compile(r"[^.!?。！？]+(?:[.!?。！？]+[\"”»」』)）]*|$)\s*")
_READ_MORE = re.compile(
    rf"^(?:{_alternation(READ_MORE)})(?:\s*(?P<colon>[:：»›>])|\s+[|\-–—](?=\s)|\s*$)",
    re.IGNORECASE,
)
_UPDATE = re.compile(rf"^(?:{_alternation(UPDATE_WORDS)})(?:\s|[:：,]|$|(?=\d))", re.IGNORECASE)
_RIGHTS = re.compile(_alternation(RIGHTS_PHRASES), re.IGNORECASE)
_COPY_MARK = re.compile(r"^[<\[(（]?\s*(?:copyright\b|©|ⓒ|Ⓒ|\(c\)|저작권자)", re.IGNORECASE)
_COPY_PREFIX = re.compile(
    r"^[\s<\[(（]*(?:copyright\b|저작권자)?\s*(?:©|ⓒ|Ⓒ|\(c\))?\s*"
    r"(?:\d{4}(?:\s*[-–]\s*\d{4})?)?[\s,.]*",
    re.IGNORECASE,
)
_EDGE_PUNCT = " \t.,;:|–—-·•<>[]()（）【】「」\"'"
_CRUMB_ARROWS = re.compile(r"\s*[>›»→]\s*")
_CRUMB_ANY = re.compile(r"\s*[>›»→/|]\s*")
_SOCIAL = re.compile(
    rf"(?:{_alternation([s for s in SOCIAL_NETWORKS if len(s) > 3])})\w*$"
    rf"|(?:{_alternation([s for s in SOCIAL_NETWORKS if len(s) <= 3])})$"
)
_SHARE_SPLIT = re.compile(r"[\s|·•:：,，、/]+")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_NUMERIC_DATE = re.compile(
    r"(?<!\d)(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2}))(?!\d)"
)
_CJK_DATE = re.compile(r"\d{1,4}\s*[年년]\s*\d{1,2}\s*[月월]|\d{1,2}\s*[月월]\s*\d{1,2}\s*[日일]")
_TIME = re.compile(r"(?<!\d)\d{1,2}[:h]\d{2}(?!\d)")
_MONTH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|jän|mär|mai|okt|dez|janv|févr|"
    r"avr|juil|août|déc|ene|abr|ago|dic|genn|febbr|magg|giu|lug|sett|ott|fev|mai|out|dez|"
    r"stycz|lut|marc|kwie|maj|czerw|lip|sierp|wrze|paźdz|pazdz|listop|grud|січ|лют|берез|"
    r"квіт|трав|черв|лип|серп|верес|жовт|листоп|груд|янв|февр|март|апр|ма[йя]|июн|июл|"
    r"авг|сент|окт|нояб|дек)\w*",
    re.IGNORECASE,
)
_DAY_MONTH = re.compile(r"\d{1,2}\.?\s+" + _MONTH.pattern, re.IGNORECASE)
_DATE_PARTS = re.compile(
    "|".join(p.pattern for p in (_NUMERIC_DATE, _CJK_DATE, _TIME, _YEAR, _MONTH))
    + r"|[年月日년월일時分시분]",
    re.IGNORECASE,
)
_INNER_STOP = re.compile(r"[.!?](?=\s+\S)|[。！？](?=.)")


def width(text: str) -> int:
    """Display width: CJK and Hangul count double, so limits fit every script.

    Exact up to ``WIDTH_CAP`` characters; a longer text reports its length, which
    is already above every limit these tests use, and keeps paragraphs cheap.
    """
    if len(text) > WIDTH_CAP or text.isascii():
        return len(text)
    return _wide_width(text)


@lru_cache(maxsize=4096)
def _wide_width(text: str) -> int:
    """Width of a short non-ASCII text; lines are measured many times, so it is cached."""
    return len(text) + len(_WIDE.findall(text))


def letters(text: str) -> int:
    """How many letters (any script) the text holds."""
    return sum(1 for ch in text if ch.isalpha() or unicodedata.category(ch) == "Mn")


def looks_like_date(line: str) -> bool:
    """Whether a short line reads as a dateline (date, maybe a time and a few words).

    The words left once dates, times and month names are taken out must be few,
    so a sentence that opens with a date ("6月18日，…") is not a dateline.
    """
    if width(line) > 110 or not any(ch.isdigit() for ch in line):
        return False
    numeric = _NUMERIC_DATE.search(line) or _CJK_DATE.search(line)
    has_month = _MONTH.search(line) is not None
    day_month = _DAY_MONTH.search(line) is not None
    if not (numeric or (has_month and (day_month or _YEAR.search(line)))):
        return False
    rest = _DATE_PARTS.sub(" ", line)
    return width("".join(ch for ch in rest if ch.isalpha())) <= 44


def is_language_name(line: str) -> bool:
    """Whether the whole line is one language name (a switcher split over lines)."""
    return _LANGUAGE.fullmatch(line.strip(_EDGE_PUNCT).casefold()) is not None


def is_language_menu(line: str) -> bool:
    """Run-together or separated language names ("PolskiEnglishУкраїнська")."""
    if width(line) > 400 or _PROSE_PUNCT.search(line):
        return False
    codes = _CODE_SPLIT.split(line)
    if len(codes) >= 2 and all(
        c[:2].casefold() in LANGUAGE_CODES and _CODE.fullmatch(c) for c in codes
    ):
        return True
    folded = line.casefold()
    matches = _LANGUAGE.findall(folded)
    if len(matches) < 2:
        return False
    covered = sum(letters(m) for m in matches)
    return covered >= 0.85 * letters(folded)


def _share_token(token: str) -> str:
    """'verb', 'social', 'glue' or '' for one token of a share bar."""
    low = token.casefold().strip(".!?()[]")
    if low in SHARE_VERBS:
        return "verb"
    if _SOCIAL.match(low):
        return "social"
    if low in SHARE_GLUE or not low or _COUNT.fullmatch(low):
        return "glue"
    return ""


def is_share_line(line: str) -> bool:
    """Share/print/comment/bookmark bars: only share words and network names."""
    if width(line) > 100:
        return False
    tokens = [t for t in _SHARE_SPLIT.split(line) if t]
    if not tokens or len(tokens) > 10:
        return False
    kinds = [_share_token(t) for t in tokens]
    return "" not in kinds and any(k in ("verb", "social") for k in kinds)


def _is_banner_sentence(sentence: str) -> bool:
    return (
        width(sentence) <= 320
        and _COOKIE.search(sentence) is not None
        and _BANNER.search(sentence) is not None
        and not _QUOTES.search(sentence)
    )


def _is_consent_sentence(sentence: str) -> bool:
    return width(sentence) <= 220 and _BANNER.search(sentence) is not None


def cookie_span(line: str) -> tuple[int, int]:
    """The part of ``line`` left once leading and trailing cookie-banner sentences go.

    A banner run starts with a cookie sentence that addresses the reader and may
    go on with consent sentences ("By continuing, you agree ..."). Returns
    ``(0, len(line))`` when there is nothing to cut and ``(n, n)`` when the
    whole line is a banner.
    """
    if not _COOKIE.search(line):
        return 0, len(line)
    spans = [m.span() for m in _SENTENCE.finditer(line) if m.group().strip()]
    if not spans:
        return 0, len(line)
    texts = [line[a:b] for a, b in spans]
    first = 0
    while first < len(texts) and (
        _is_banner_sentence(texts[first]) or (first > 0 and _is_consent_sentence(texts[first]))
    ):
        first += 1
    if first == len(texts):
        return len(line), len(line)
    last = len(texts)
    tail = last
    while tail > first and (
        _is_banner_sentence(texts[tail - 1]) or _is_consent_sentence(texts[tail - 1])
    ):
        tail -= 1
    while tail < last and not _is_banner_sentence(texts[tail]):
        tail += 1
    start = spans[first][0] if first else 0
    end = spans[tail][0] if tail < last else len(line)
    return start, end


def is_read_more(line: str) -> bool:
    """'Read more: …' style link lines, or the label alone."""
    match = _READ_MORE.match(line)
    if match is None:
        return False
    return width(line) <= 240 if match.group("colon") else width(line) <= 160


def is_update_line(line: str) -> bool:
    """'Updated …' / 'Atualizado às …' notes (not lines that start with a published date)."""
    return width(line) <= 100 and _UPDATE.match(line) is not None and letters(line) < 40


def is_copyright(line: str) -> bool:
    """Copyright footers: a leading ©/(c)/Copyright or an "all rights reserved" phrase."""
    return width(line) <= 200 and (
        _COPY_MARK.match(line) is not None or _RIGHTS.search(line) is not None
    )


def copyright_outlet(line: str) -> str | None:
    """The outlet a copyright line names ("© 2025 Outlet. All rights reserved.")."""
    if not is_copyright(line):
        return None
    rights = _RIGHTS.search(line)
    sides = [line[: rights.start()], line[rights.end() :]] if rights else [line]
    for side in sides:
        prefix = _COPY_PREFIX.match(side)
        rest = (side[prefix.end() :] if prefix else side).strip(_EDGE_PUNCT)
        if rest and letters(rest) >= 2 and width(rest) <= 80 and not looks_like_date(rest):
            return rest
    return None


def is_crumb(line: str) -> bool:
    """Breadcrumbs ("Home > News > Economy") and home-led navigation rows."""
    if width(line) > 120:
        return False
    parts = [p for p in _CRUMB_ARROWS.split(line) if p]
    if len(parts) >= 3 and all(width(p) <= 30 and len(p.split()) <= 4 for p in parts):
        return True
    parts = [p for p in _CRUMB_ANY.split(line) if p]
    return len(parts) >= 2 and parts[0].casefold() in HOME_WORDS


def is_furniture(line: str) -> bool:
    """Photo credits and tag lists ("Photo: Reuters", "Tags: crypto, MiCA")."""
    return width(line) <= 120 and _FURNITURE.match(line) is not None


def is_chrome(line: str) -> bool:
    """Buttons, skip links and advertising labels left over from the page."""
    return line.strip(_EDGE_PUNCT).casefold() in CHROME_LINES


def noise_kind(line: str) -> str | None:
    """Name of the noise a whole line is ("menu", "share", …), or None for text."""
    if is_language_menu(line):
        return "menu"
    if is_share_line(line):
        return "share"
    if is_read_more(line):
        return "read-more"
    if is_copyright(line):
        return "copyright"
    if is_update_line(line):
        return "update"
    if is_crumb(line):
        return "crumb"
    if is_chrome(line):
        return "chrome"
    if is_furniture(line):
        return "furniture"
    if _COOKIE.search(line) and cookie_span(line)[0] == len(line):
        return "cookie"
    if _COOKIE.search(line) and width(line) <= 40 and len(line.split()) <= 3:
        return "cookie"
    return None


def is_title_like(line: str) -> bool:
    """A headline: short, one sentence at most two, no closing full stop."""
    size = width(line)
    if size < 4 or size > 220 or letters(line) < 2:
        return False
    if line.endswith((".", "。", "．")) and not line.endswith("..."):
        return False
    return len(_INNER_STOP.findall(line)) <= 1 and not looks_like_date(line)


def is_label(line: str) -> bool:
    """A section label ("News", "ニュース", "Polityka") that may sit above a title."""
    if width(line) > 24 or _LABEL_BREAKERS.search(line):
        return False
    words = line.split()
    if len(words) == 1:
        return True
    return len(words) == 2 and any(w.casefold() in SECTION_WORDS for w in words)
