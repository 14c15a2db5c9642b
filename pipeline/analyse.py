"""Stage 2: turn a decoded ``Document`` into a ``Brief``.

Each step lives in its own module under ``pipeline.text``; this module only
decides the order and what each step sees:

1. split the text into title, header lines, body, tags and byline (noise removed);
2. detect the language on the cleaned text, not on menus and share lines;
3. find the date (header lines, then the file's own metadata, then the body);
4. find people, organisations and key figures;
5. summarise, and make a headline when the article has none.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .errors import ArticleRejected
from .model import Brief, Document
from .text.dates import find_date
from .text.entities import Registry, find_entities
from .text.figures import find_figures
from .text.language import detect_language
from .text.noise import split_article
from .text.summary import headline_from_lead, summarise


@dataclass(frozen=True)
class AnalysisOptions:
    """What analysis needs besides the document itself."""

    registry: Registry
    summary_max_chars: int = 400
    key_points: int = 5
    today: dt.date | None = None
    max_chars: int = 100_000


def analyse(document: Document, options: AnalysisOptions) -> Brief:
    """Everything the pipeline can tell about one article, in a ``Brief``.

    Raises ``ArticleRejected`` for a text longer than ``options.max_chars``: analysis
    time grows with the text, and no news article is that long.
    """
    if len(document.text) > options.max_chars:
        reason = (
            f"too large: {len(document.text)} characters of text, "
            f"limit {options.max_chars} (BRIEFPRESS_MAX_ARTICLE_CHARS)"
        )
        raise ArticleRejected(document.name, reason, "skipped")
    hints = document.hints
    parts = split_article(document.text, hints)
    title_text = parts.title or ""
    body_text = "\n".join(parts.body)
    language = detect_language(f"{title_text}\n{body_text}", hints.get("language"))
    date, basis, date_warnings = find_date(
        parts.header_lines, parts.body, hints, language, options.today
    )
    author, source = parts.author, parts.source
    full_text = f"{title_text}\n{body_text}"
    entities = find_entities(full_text, language, options.registry, exclude=_names(author, source))
    figures = find_figures(full_text, language)
    summary, key_points = summarise(
        parts.body,
        language,
        max_chars=options.summary_max_chars,
        points=options.key_points,
        title=parts.title,
    )
    title = parts.title or headline_from_lead(parts.body, language)
    tags = parts.tags or _hint_tags(hints)
    return Brief(
        file=document.name,
        language=language,
        title=title,
        date=date,
        date_basis=basis,  # type: ignore[arg-type]
        source=source,
        author=author,
        tags=tags,
        entities=entities,
        figures=figures,
        summary=summary,
        key_points=key_points,
        body=parts.body,
        warnings=[*document.warnings, *parts.warnings, *date_warnings],
        encoding=document.encoding,
    )


def _names(*names: str | None) -> list[str]:
    return [n for n in names if n]


def _hint_tags(hints: dict[str, str]) -> list[str]:
    return [t.strip() for t in hints.get("tags", "").split(",") if t.strip()]
