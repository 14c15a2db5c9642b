"""Find an article's publication date in its dateline, metadata or text.

Dates are recognised in the forms news sites print them: ISO and other
year-first numbers (``2024-09-04``, ``2024/09/04``, ``2024. 9. 4.``), day-first
numbers (``04.09.2024``, ``4.9.2024``, ``04/09/2024``; month-first only for
English when both readings are possible), CJK (``2024年9月4日``, ``令和6年9月4日``,
``2024년 9월 4일``) and month names in any language Babel knows
(``4 września 2024``, ``September 4, 2024``, ``17. Juli 2025``,
``4 de setembro de 2025``, ``4 вересня 2024 р.``, ``2024. szeptember 4.``).
Only full dates count: a day and month without a year, or a month and year,
never become a date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .dates_months import month_number

YEARS = range(1800, 2200)  # a wider number is not a year in a date
BODY_DATELINE_LINES = 2
BODY_DATELINE_OFFSET = 40  # a dateline's date starts near the beginning of its line

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# A month name is short; the bound keeps a long run of letters from costing quadratic time.
_WORD = r"(?P<mon>[^\W\d_][^\s\d.,;:!?()\[\]/|·'’\"-]{0,24})"
_ORDINAL = r"(?:st|nd|rd|th|er|º|ª|\.)?"
_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        # 2024-09-04, 2024/09/04, 2024.09.04, 2024. 9. 4., 2025-06-03T16:45:00
        r"(?<![\d.])(?P<y>\d{4})\s?(?P<sep>[-/.])\s?(?P<m>\d{1,2})\s?(?P=sep)\s?(?P<d>\d{1,2})(?!\d)",
        # 2024年9月4日, 令和6年9月4日, 2024年9月4号
        r"(?:(?P<era>令和|平成|昭和)\s*)?(?P<y>(?<!\d)\d{1,4}|元)\s*年\s*(?P<m>\d{1,2})\s*月\s*"
        r"(?P<d>\d{1,2})\s*[日号號]",
        # 2024년 9월 4일
        r"(?P<y>\d{4})\s*년\s*(?P<m>\d{1,2})\s*월\s*(?P<d>\d{1,2})\s*일",
        # 04.09.2024, 4. 9. 2024, 04/09/2024, 04-09-2024
        r"(?<![\d.,])(?P<a>\d{1,2})\s?(?P<sep>[-/.])\s?(?P<b>\d{1,2})\s?(?P=sep)\s?(?P<y>\d{4})(?!\d)",
        # 4 września 2024, 17. Juli 2025, 4 de setembro de 2025, 1er septembre 2024, 4th of May 2024
        rf"(?<![\d.])(?P<d>\d{{1,2}}){_ORDINAL}\s*(?:de\s+|of\s+|d['’])?{_WORD}\.?,?\s*"
        r"(?:de\s+|del\s+|of\s+)?(?P<y>\d{4})(?!\d)",
        # September 4, 2024, Sept. 4 2024
        rf"{_WORD}\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,\s*|\s+)(?P<y>\d{{4}})(?!\d)",
    )
]
# 2024. szeptember 4., 2024 m. rugsėjo 4 d.: only where the language writes it so, since
# elsewhere "in 2024 May 5 people…" would read as a date.
_YEAR_MONTH_DAY = re.compile(
    rf"(?<![\d.])(?P<y>\d{{4}})\.?\s+(?:m\.\s*)?{_WORD}\.?\s+(?P<d>\d{{1,2}})(?!\d)",
    re.IGNORECASE,
)
_YEAR_MONTH_DAY_LANGUAGES = {"hu", "lt", "und"}
_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}
_UPDATED = re.compile(
    r"(?:\b(?:updated?|last\s+modified|modified|aktualisiert|aktualizacja|zaktualizowano|"
    r"aktualizováno|actualizado|actualizada|atualizado|atualizada|atualização|mis\s+à\s+jour|"
    r"modifié|aggiornato|aggiornamento|bijgewerkt|uppdaterad|opdateret|oppdatert|päivitetty|"
    r"güncellendi|обновлено|обновлен[оа]?|оновлено|оновлення|stand(?=\s*:))\b|"
    r"更新|업데이트|수정|修改|修正)",
    re.IGNORECASE,
)
_PUBLISHED = re.compile(
    r"(?:\b(?:published|posted|publié|veröffentlicht|publicado|publicada|pubblicato|"
    r"opublikowano|publikováno|gepubliceerd|publicerad|опубликовано|опубліковано)\b|"
    r"公開|发布|發布|发表|發表|입력|게시|등록)",
    re.IGNORECASE,
)
_TIME = re.compile(r"^[,\s]*(?:\d{1,2}[:h.]\d{2}(?:\s*(?:Uhr|h|hrs))?)?\s*")
_DATELINE_END = ("-", "–", "—", "(", "（", ":", "|", "/", "、")


@dataclass(frozen=True)
class DateMention:
    """A full date as written in a text; ``value`` is ``None`` when it cannot exist."""

    text: str
    start: int
    end: int
    value: dt.date | None


def find_mentions(text: str, language: str = "und") -> list[DateMention]:
    """Every full date in ``text``, in order, without overlaps (the longest reading wins)."""
    digits = text.translate(_FULLWIDTH_DIGITS)
    found: list[tuple[int, int, dt.date | None]] = []
    patterns = _PATTERNS
    if language in _YEAR_MONTH_DAY_LANGUAGES:
        patterns = [*_PATTERNS, _YEAR_MONTH_DAY]
    for pattern in patterns:
        for match in pattern.finditer(digits):
            ymd = _fields(match, language)
            if ymd is not None:
                found.append((match.start(), match.end(), _date(*ymd)))
    found.sort(key=lambda item: (item[0], -item[1]))
    mentions: list[DateMention] = []
    for start, end, value in found:
        if mentions and start < mentions[-1].end:
            continue
        mentions.append(DateMention(text[start:end].strip(), start, end, value))
    return mentions


def _fields(match: re.Match[str], language: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a match, ``None`` when it is not a date at all."""
    groups = match.groupdict()
    if groups.get("era"):
        year = _ERAS[groups["era"]] + (1 if groups["y"] == "元" else int(groups["y"]))
    elif groups["y"] == "元":  # 元年, "first year", means nothing without its era
        return None
    else:
        year = int(groups["y"])
    if year not in YEARS:
        return None
    if groups.get("mon"):
        month = month_number(groups["mon"], language)
        return (year, month, int(groups["d"])) if month else None
    if groups.get("a"):
        first, second = int(groups["a"]), int(groups["b"])
        if groups["sep"] == "." or first > 12:
            month_first = False
        elif second > 12:
            month_first = True
        else:  # 04/09/2024: US English reads month first, everyone else day first
            month_first = language == "en"
        return (year, first, second) if month_first else (year, second, first)
    return year, int(groups["m"]), int(groups["d"])


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_date(text: str) -> dt.date | None:
    """The first full date written in ``text`` in any supported format, else ``None``.

    An impossible date (``31.02.2024``) gives ``None``, never a rolled-over day.
    """
    mentions = find_mentions(text)
    return mentions[0].value if mentions else None


def find_date(
    header_lines: list[str],
    body: list[str],
    hints: dict[str, str],
    language: str,
    today: dt.date | None = None,
) -> tuple[dt.date | None, str, list[str]]:
    """The publication date, its basis, and warnings about what was doubtful.

    Order of trust: explicit metadata (``hints["date"]``), then the dateline (the
    header lines, then a date opening the first body lines), then the body text.
    A date marked as an update ("Updated …", "Atualizado", "aktualisiert") is never
    the publication date. An impossible date gives no date and a warning. A future
    dateline or metadata date is kept with a warning.

    Inference from the body takes the latest full date that is not after
    ``today``: an article reports events that happened by the time it was
    written, so the most recent past date is the closest lower bound of its
    publication, while future dates in a body are plans and deadlines.
    """
    today = today or dt.date.today()
    warnings: list[str] = []
    metadata = _metadata_date(hints.get("date"), warnings)
    dateline = _dateline(header_lines, body, language)
    if dateline and dateline.value is None:
        warnings.append(f"impossible date {dateline.text!r} in the dateline ignored")
    elif metadata and dateline and metadata != dateline.value:
        warnings.append(f"dateline date {dateline.value} differs from metadata date {metadata}")
    if metadata:
        found, basis = metadata, "metadata"
    elif dateline:  # an impossible dateline still says the body holds no publication date
        found, basis = dateline.value, "dateline"
    else:
        found, basis = _infer_from_body(body, language, today, warnings), "text"
    if found is None:
        if not warnings:
            warnings.append("no publication date found")
        return None, "none", warnings
    if found > today:
        warnings.append(f"publication date {found} is in the future")
    return found, basis, warnings


def _metadata_date(value: str | None, warnings: list[str]) -> dt.date | None:
    if not value or not value.strip():
        return None
    mentions = find_mentions(value)
    if not mentions:
        warnings.append(f"unrecognised date in metadata: {value.strip()!r}")
        return None
    if mentions[0].value is None:
        warnings.append(f"impossible date {mentions[0].text!r} in metadata ignored")
    return mentions[0].value


def _dateline(header_lines: list[str], body: list[str], language: str) -> DateMention | None:
    """The published date of the header lines, else of a dateline opening the body.

    A date introduced by "Published"/"Veröffentlicht"/... wins over other dates;
    one introduced by "Updated"/"Atualizado"/... is never taken. The words between
    the previous date (or the line start) and a date decide.
    """
    plain: DateMention | None = None
    for line in header_lines:
        previous_end = 0
        for mention in find_mentions(line, language):
            lead = line[previous_end : mention.start]
            previous_end = mention.end
            if _PUBLISHED.search(lead) and not _UPDATED.search(lead):
                return mention
            if plain is None and not _UPDATED.search(lead):
                plain = mention
    if plain is not None:
        return plain
    for line in body[:BODY_DATELINE_LINES]:
        mention = _body_dateline(line, language)
        if mention:
            return mention
    return None


def _body_dateline(line: str, language: str) -> DateMention | None:
    """A date near the start of ``line`` that ends it or is followed by a dash or bracket.

    "WARSAW, March 12, 2025 (Reuters) –" is a dateline; "On March 3, 2025, the
    company said" is an event in the first sentence.
    """
    for mention in find_mentions(line, language):
        if mention.start > BODY_DATELINE_OFFSET:
            break
        rest = _TIME.sub("", line[mention.end :], count=1)
        if not rest or rest.startswith(_DATELINE_END):
            return mention
    return None


def _infer_from_body(
    body: list[str], language: str, today: dt.date, warnings: list[str]
) -> dt.date | None:
    past: list[dt.date] = []
    for line in body:
        for mention in find_mentions(line, language):
            if mention.value is None:
                warnings.append(f"impossible date {mention.text!r} in the text ignored")
            elif mention.value <= today:
                past.append(mention.value)
    if not past:
        return None
    latest = max(past)
    warnings.append(f"no dateline: publication date {latest} inferred from the text")
    return latest
