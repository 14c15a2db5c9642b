"""Linking briefs: same story across languages, near-duplicate scrapes, scale."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import time
from itertools import accumulate
from pathlib import Path

import pytest

from pipeline.linking import link_briefs
from pipeline.model import Brief, Entity, Figure

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "linking"

_SCALES = {
    "million": 1e6, "millionen": 1e6, "mln": 1e6, "milhões": 1e6, "млн": 1e6,
    "billion": 1e9, "mld": 1e9, "miliardi": 1e9, "bilhões": 1e9, "млрд": 1e9,
    "万": 1e4, "億": 1e8, "亿": 1e8, "兆": 1e12,
}  # fmt: skip
_CURRENCIES = {
    "R$": "BRL", "$": "USD", "dolarów": "USD", "доларів": "USD", "€": "EUR", "euro": "EUR",
    "zł": "PLN", "грн": "UAH", "円": "JPY", "元": "CNY",
}  # fmt: skip


def parse_figure(text: str) -> Figure:
    """Test-side parser for the corpus's figure strings (48 mln dolarów → 48e6 USD)."""
    number = re.search(r"\d[\d.,]*", text).group()
    if re.fullmatch(r"\d{1,3}(,\d{3})+", number):
        value = float(number.replace(",", ""))
    else:
        value = float(number.replace(",", "."))
    if "%" in text or "proc" in text or "Prozent" in text:
        return Figure(text, value, "%", "percent")
    lowered = text.lower()
    for word, scale in _SCALES.items():
        if word in lowered:
            value *= scale
            break
    unit = next(code for sign, code in _CURRENCIES.items() if sign.lower() in lowered)
    return Figure(text, value, unit, "money")


def corpus_briefs() -> list[Brief]:
    """Briefs built from expected.json, with bodies from the UTF-8 sources."""
    expected = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    briefs = []
    for name, data in sorted(expected.items()):
        lines = (CORPUS / "src" / name).read_text(encoding="utf-8").splitlines()
        briefs.append(
            Brief(
                file=name,
                language=data["language"],
                title=data["title"],
                date=dt.date.fromisoformat(data["date"]),
                tags=list(data["tags"]),
                entities=[Entity(e, "organisation") for e in data["entities"]],
                figures=[parse_figure(f) for f in data["figures"]],
                body=[line for line in lines[3:] if line.strip()],
            )
        )
    return briefs


def test_parse_figure_helper() -> None:
    assert parse_figure("48 mln dolarów") == Figure("48 mln dolarów", 48e6, "USD", "money")
    assert parse_figure("$48 million").value == 48e6
    assert parse_figure("€150,000").value == 150_000
    assert parse_figure("2,3 Millionen Euro").value == pytest.approx(2.3e6)
    assert parse_figure("450億円").unit == "JPY"
    assert parse_figure("30 proc.").unit == "%"


def test_corpus_links_only_the_ai_funding_pair() -> None:
    briefs = corpus_briefs()
    expected = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    link_briefs(briefs)
    for brief in briefs:
        assert brief.same_story_as == expected[brief.file]["same_story_as"], brief.file
        assert brief.duplicate_of is None


def test_corpus_pair_survives_partial_extraction_and_other_pairs_stay_apart() -> None:
    """Half the entities and no body still link the story; same-day articles on
    the same topics (cloud outages, EV batteries, chip exports) still do not."""
    briefs = corpus_briefs()
    for b in briefs:
        b.date = dt.date(2025, 6, 1)
        if "ai-funding" in b.file:
            b.entities = b.entities[:3]
            b.figures = [f for f in b.figures if f.kind == "money"]
            b.body = []
    link_briefs(briefs)
    linked = {b.file: b.same_story_as for b in briefs if b.same_story_as}
    assert linked == {
        "en-ai-funding-crlf.txt": ["pl-ai-funding-cp1250.txt"],
        "pl-ai-funding-cp1250.txt": ["en-ai-funding-crlf.txt"],
    }


def fixture_body(name: str) -> list[str]:
    return (FIXTURES / name).read_text(encoding="utf-8").splitlines()


def brief(name: str, language: str, day: int | None, body: list[str], **fields: object) -> Brief:
    date = dt.date(2025, 7, day) if day is not None else None
    return Brief(file=name, language=language, date=date, body=body, **fields)  # type: ignore[arg-type]


def test_duplicate_with_different_noise_points_at_the_earlier_brief() -> None:
    later = brief("b.txt", "de", 18, fixture_body("linking_duplicate_different_noise_b.txt"))
    first = brief("z.txt", "de", 17, fixture_body("linking_duplicate_different_noise_a.txt"))
    link_briefs([later, first])
    assert first.duplicate_of is None
    assert later.duplicate_of == "z.txt"
    assert later.warnings == ["near-duplicate of z.txt"]
    assert first.warnings == []
    assert first.same_story_as == later.same_story_as == []


def test_same_date_duplicates_are_ordered_by_file_name_and_undated_come_last() -> None:
    noise_a = fixture_body("linking_duplicate_different_noise_a.txt")
    noise_b = fixture_body("linking_duplicate_different_noise_b.txt")
    copies = [
        brief("c.txt", "de", 17, noise_a),
        brief("a.txt", "de", None, noise_b),
        brief("b.txt", "de", 17, noise_b),
    ]
    link_briefs(copies)
    assert [c.duplicate_of for c in copies] == ["b.txt", "b.txt", None]


def test_cjk_duplicate_with_full_width_digits() -> None:
    first = brief(
        "zh-a.txt", "zh", 18, fixture_body("linking_duplicate_cjk_fullwidth_digits_a.txt")
    )
    second = brief(
        "zh-b.txt", "zh", 18, fixture_body("linking_duplicate_cjk_fullwidth_digits_b.txt")
    )
    link_briefs([second, first])
    assert second.duplicate_of == "zh-a.txt"
    assert first.duplicate_of is None


def test_same_text_in_another_language_field_is_not_a_duplicate() -> None:
    body = fixture_body("linking_duplicate_different_noise_a.txt")
    german, tagged_en = brief("de.txt", "de", 17, body), brief("en.txt", "en", 17, body)
    link_briefs([german, tagged_en])
    assert german.duplicate_of is None and tagged_en.duplicate_of is None


def test_follow_up_with_the_same_lead_is_same_story_not_duplicate() -> None:
    entities = [Entity("Nebelhorn Cloud", "organisation"), Entity("Jens Albrecht", "person")]
    original = brief(
        "outage.txt",
        "de",
        17,
        fixture_body("linking_duplicate_different_noise_a.txt"),
        entities=list(entities),
    )
    follow_up = brief(
        "follow-up.txt",
        "de",
        19,
        fixture_body("linking_follow_up_same_lead_de.txt"),
        entities=entities,
    )
    link_briefs([original, follow_up])
    assert follow_up.duplicate_of is None
    assert original.same_story_as == ["follow-up.txt"]
    assert follow_up.same_story_as == ["outage.txt"]
    follow_up.date = dt.date(2025, 9, 30)  # two months later: a different news cycle
    link_briefs([original, follow_up])
    assert original.same_story_as == follow_up.same_story_as == []


def test_duplicate_is_not_reported_as_same_story_and_original_keeps_links() -> None:
    briefs = corpus_briefs()
    english = next(b for b in briefs if b.file == "en-ai-funding-crlf.txt")
    copy = Brief(
        file="en-ai-funding-copy.txt",
        language="en",
        title=english.title,
        date=english.date + dt.timedelta(days=1),
        entities=list(english.entities),
        figures=list(english.figures),
        body=["Share | Post | Email", *english.body[:-1]],
    )
    briefs.append(copy)
    link_briefs(briefs)
    assert copy.duplicate_of == "en-ai-funding-crlf.txt"
    assert copy.same_story_as == []
    assert english.same_story_as == ["pl-ai-funding-cp1250.txt"]
    polish = next(b for b in briefs if b.file == "pl-ai-funding-cp1250.txt")
    assert polish.same_story_as == ["en-ai-funding-crlf.txt"]


def test_linking_is_deterministic_symmetric_and_idempotent() -> None:
    reference = corpus_briefs()
    reference.append(
        brief("dup.txt", "de", 18, fixture_body("linking_duplicate_different_noise_b.txt"))
    )
    reference.append(
        brief("orig.txt", "de", 17, fixture_body("linking_duplicate_different_noise_a.txt"))
    )
    link_briefs(reference)
    expected = {b.file: (b.same_story_as, b.duplicate_of, b.warnings) for b in reference}
    shuffled = corpus_briefs()
    shuffled.append(
        brief("dup.txt", "de", 18, fixture_body("linking_duplicate_different_noise_b.txt"))
    )
    shuffled.append(
        brief("orig.txt", "de", 17, fixture_body("linking_duplicate_different_noise_a.txt"))
    )
    random.Random(3).shuffle(shuffled)
    link_briefs(shuffled)
    link_briefs(shuffled)  # a second run replaces links and does not repeat warnings
    assert {b.file: (b.same_story_as, b.duplicate_of, b.warnings) for b in shuffled} == expected
    by_file = {b.file: b for b in shuffled}
    for b in shuffled:
        for other in b.same_story_as:
            assert b.file in by_file[other].same_story_as
    # Both copies match the corpus article they were made from, which sorts first.
    assert expected["orig.txt"][1] == expected["dup.txt"][1] == "de-cloud-outage-bom.txt"


def test_weak_evidence_does_not_link() -> None:
    """One shared entity and a shared percentage on the same day are not a story."""
    common = {"date": dt.date(2025, 5, 20), "figures": [Figure("30%", 30.0, "%", "percent")]}
    first = Brief(
        file="a.txt", language="en", entities=[Entity("Nvidia", "organisation")], **common
    )
    second = Brief(
        file="b.txt", language="ja", entities=[Entity("Nvidia", "organisation")], **common
    )
    link_briefs([first, second])
    assert first.same_story_as == second.same_story_as == []


def _synthetic_briefs(count: int, seed: int = 5) -> list[Brief]:
    """Briefs of ~3 KB whose words follow the corpus's word frequencies (Zipf-like)."""
    rng = random.Random(seed)
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((CORPUS / "src").glob("*.txt")))
    counts: dict[str, int] = {}
    for word in text.split():
        counts[word] = counts.get(word, 0) + 1
    words = sorted(counts, key=lambda w: (-counts[w], w))
    cumulative = list(accumulate(1 / (rank + 1) for rank in range(len(words))))
    names = [f"Company {i}" for i in range(4000)]
    briefs = []
    for i in range(count):
        briefs.append(
            Brief(
                file=f"{i:05}.txt",
                language=rng.choice(["en", "pl", "de", "it"]),
                date=dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365)),
                entities=[Entity(n, "organisation") for n in rng.sample(names, 6)],
                figures=[
                    Figure(
                        "x", rng.choice([2, 5, 48, 310]) * 10 ** rng.randrange(3, 9), "USD", "money"
                    )
                    for _ in range(3)
                ],
                body=[" ".join(rng.choices(words, cum_weights=cumulative, k=55)) for _ in range(9)],
            )
        )
    return briefs


def test_five_thousand_briefs_in_a_few_seconds() -> None:
    briefs = _synthetic_briefs(5000)
    planted = {}
    for k in range(0, 5000, 100):
        source = briefs[k]
        body = [*source.body]
        body[2] = body[2].replace(body[2].split()[4], "Cookies", 1)
        copy = Brief(
            file=f"copy-{k:05}.txt",
            language=source.language,
            date=source.date,
            body=["Share | Post | Email", *body],
        )
        planted[copy.file] = source.file
        briefs.append(copy)
    start = time.process_time()
    link_briefs(briefs)
    seconds = time.process_time() - start
    found = {b.file: b.duplicate_of for b in briefs if b.duplicate_of}
    assert found == planted
    assert seconds < 10  # about 3 s on one idle core; an O(N²) pass takes minutes
