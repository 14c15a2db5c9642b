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
    assert ids(month(2024, 2)) == ["w05-pl", "feb-en", "w05-en"]
    assert month(2024, 3) == []
    assert month("2024", 1) == []  # a month is asked for by numbers
    month(2024, 1).clear()  # a caller's list is its own
    assert len(month(2024, 1)) == 4
    assert ids(helpers["digests_for_tag"]("ai")) == ["ai"]


def test_period_digests_are_newest_first_by_their_dates_not_their_names() -> None:
    """A week named "2024-W01" sorts after "2024-12" as text, but ends eleven months before
    it: periods go by the day they end, newest first (of two ending together, the shorter)."""
    digests = [
        digest("w01", "period", "2024-W01"),  # 1 to 7 January
        digest("w05", "period", "2024-W05"),  # 29 January to 4 February
        digest("dec", "period", "2024-12"),
        digest("w48", "period", "2024-W48"),  # 25 November to 1 December
        digest("w09", "period", "2024-W09"),  # 26 February to 3 March
        digest("feb", "period", "2024-02"),
        digest("jun", "period", "2025-06"),
        digest("w26", "period", "2025-W26"),  # 23 to 29 June
        digest("w27", "period", "2025-W27"),  # 30 June to 6 July
    ]
    helpers = digest_helpers(digests, "en")
    assert ids(helpers["digests"]) == [
        "w27", "jun", "w26", "dec", "w48", "w09", "feb", "w05", "w01",
    ]  # fmt: skip
    assert ids(helpers["digests_for_month"](2024, 2)) == ["w09", "feb", "w05"]
    assert ids(helpers["digests_for_month"](2025, 6)) == ["w27", "jun", "w26"]
