"""Which digests to make: one per period, one per topic of the latest period, one of the latest.

Planning is pure (no rendering, no files written) so the site can link to every
digest before any PDF exists. A plan names its briefs by slug only: rendering a
digest later loads just those briefs, so memory is bounded by the largest digest.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from .briefs import entity_slug, make_slug
from .model import Brief
from .pdf_labels import Labels, labels_for, period_title
from .settings import Settings

DigestKind = Literal["period", "topic", "latest"]
SAFE_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
PERIOD_KEY = re.compile(r"(\d{4})-(?:W(\d{2})|(\d{2}))")


@dataclass
class DigestPlan:
    """One digest PDF to make, in one interface locale."""

    id: str
    title: str
    kind: DigestKind
    period: str | None
    tag: str | None
    locale: str
    count: int
    slugs: list[str] = field(default_factory=list)

    @property
    def path(self) -> str:
        """Where the PDF goes, relative to the output root (ids are ``[a-z0-9-]``)."""
        return f"pdf/digests/{self.id}-{self.locale}.pdf"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "kind": self.kind,
            "period": self.period,
            "tag": self.tag,
            "locale": self.locale,
            "path": self.path,
            "count": self.count,
            "slugs": list(self.slugs),
        }


def brief_slug(brief: Brief) -> str:
    """The brief's slug if it is path-safe, else one made afresh (a hand edit may break it)."""
    if brief.slug and SAFE_SLUG.fullmatch(brief.slug):
        return brief.slug
    return make_slug(brief)


def period_key(date: dt.date, period: str) -> str:
    """``2025-W11`` for an ISO week, ``2025-03`` for a month."""
    if period == "month":
        return f"{date.year:04d}-{date.month:02d}"
    year, week, _ = date.isocalendar()
    return f"{year:04d}-W{week:02d}"


def period_bounds(key: str) -> tuple[dt.date, dt.date]:
    """First and last day of a period key made by ``period_key``."""
    match = PERIOD_KEY.fullmatch(key)
    if not match:
        raise ValueError(f"not a period key: {key!r}")
    year = int(match.group(1))
    if match.group(2):
        first = dt.date.fromisocalendar(year, int(match.group(2)), 1)
        return first, first + dt.timedelta(days=6)
    first = dt.date(year, int(match.group(3)), 1)
    following = dt.date(year + first.month // 12, first.month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def _chronological(briefs: list[Brief]) -> list[Brief]:
    return sorted(briefs, key=lambda b: (b.date or dt.date.min, b.title, brief_slug(b)))


def _newest_first(briefs: list[Brief]) -> list[Brief]:
    """Dated briefs newest first, then the undated ones (their recency is unknown)."""
    dated = sorted((b for b in briefs if b.date), key=lambda b: (b.date, b.title), reverse=True)
    undated = sorted((b for b in briefs if not b.date), key=lambda b: (b.title, brief_slug(b)))
    return dated + undated


def plan_digests(briefs: list[Brief], settings: Settings) -> list[DigestPlan]:
    """All digests to make, newest period first, in every ``settings.digest_locales``.

    Duplicates of another brief stay out of digests (their original is there);
    undated briefs appear only in the "latest" digest.
    """
    labels = labels_for(settings.theme)
    kept = [b for b in briefs if not b.duplicate_of]
    periods: dict[str, list[Brief]] = {}
    for brief in kept:
        if brief.date:
            periods.setdefault(period_key(brief.date, settings.digest_period), []).append(brief)
    groups: list[tuple[str, DigestKind, str | None, str | None, list[Brief]]] = []
    for key in sorted(periods, reverse=True):
        groups.append(
            (f"{settings.digest_period}-{key.lower()}", "period", key, None, periods[key])
        )
    if periods:
        latest_key = max(periods)
        for tag, tagged in _topics(periods[latest_key]):
            topic_id = f"topic-{latest_key.lower()}-{entity_slug(tag)}"
            groups.append((topic_id, "topic", latest_key, tag, tagged))
    newest = _newest_first(kept)[: max(settings.digest_latest, 0)]
    if newest:
        groups.append(("latest", "latest", None, None, newest))
    plans = []
    for locale in settings.digest_locales:
        for digest_id, kind, key, tag, members in groups:
            ordered = _chronological(members) if kind == "period" else _newest_first(members)
            plans.append(
                DigestPlan(
                    id=digest_id,
                    title=digest_title(kind, key, tag, locale, labels),
                    kind=kind,
                    period=key,
                    tag=tag,
                    locale=locale,
                    count=len(ordered),
                    slugs=[brief_slug(b) for b in ordered],
                )
            )
    return plans


def _topics(briefs: list[Brief]) -> list[tuple[str, list[Brief]]]:
    """Tags of these briefs, merged when they slugify alike ("AI" and "ai"), in slug order."""
    by_slug: dict[str, tuple[str, list[Brief]]] = {}
    for brief in briefs:
        seen: set[str] = set()
        for tag in brief.tags:
            slug = entity_slug(tag)
            if slug in seen:
                continue
            seen.add(slug)
            by_slug.setdefault(slug, (tag, []))[1].append(brief)
    return [by_slug[slug] for slug in sorted(by_slug)]


def digest_title(
    kind: DigestKind, key: str | None, tag: str | None, locale: str, labels: Labels
) -> str:
    """The localized title shown on the cover, in the site and in the PDF metadata."""
    if kind == "latest" or key is None:
        return labels.get("latest_title", locale)
    when = period_title(key, period_bounds(key)[0], locale, labels)
    if kind == "topic":
        return labels.get("topic_title", locale, tag=tag or "", period=when)
    return when
