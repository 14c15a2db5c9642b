"""The digest links of month and tag pages (``site_pages.digest_helpers``)."""

from __future__ import annotations

from typing import Any

from pipeline.site_pages import digest_helpers


def digest(id: str, kind: str, period: str = "", locale: str = "en", tag: str = "") -> dict:
    return {"id": id, "kind": kind, "period": period, "locale": locale, "tag": tag}


def ids(digests: list[dict[str, Any]]) -> list[str]:
    return [d["id"] for d in digests]


def test_a_month_lists_every_period_digest_touching_it_newest_first_its_locale_first() -> None:
    digests = [
        digest("w05-en", "period", "2024-W05"),  # 29 January to 4 February
        digest("w05-pl", "period", "2024-W05", locale="pl"),
        digest("w02-pl", "period", "2024-W02", locale="pl"),
        digest("w02-en", "period", "2024-W02"),
        digest("feb-en", "period", "2024-02"),
        digest("ai", "topic", tag="AI"),
        digest("latest", "latest"),
        digest("bad", "period", "2024-W99"),
    ]
    helpers = digest_helpers(digests, "pl")
    month = helpers["digests_for_month"]
    assert ids(month(2024, 1)) == ["w05-pl", "w02-pl", "w05-en", "w02-en"]
    assert ids(month(2024, 2)) == ["w05-pl", "w05-en", "feb-en"]
    assert month(2024, 3) == []
    assert month("2024", 1) == []  # a month is asked for by numbers
    month(2024, 1).clear()  # a caller's list is its own
    assert len(month(2024, 1)) == 4
    assert ids(helpers["digests_for_tag"]("ai")) == ["ai"]
