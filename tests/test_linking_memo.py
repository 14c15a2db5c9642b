"""Linking with a memo (``LinkMemo``) gives exactly what linking from scratch gives.

A rebuild links a thousand briefs again when one changed; the memo keeps what each
brief alone decides (its sketch and name tokens, the similarity of two bodies) and
each pair's score with a bound on how far the collection's weights have moved it
since. A random sequence of edits, additions and removals over synthetic stories
(entities frequent enough that their weights move, near-duplicate scrapes, shared
figures and dates) is linked both ways at every step.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import hashlib
import random

from pipeline.linking import LinkMemo, link_briefs
from pipeline.model import Brief, Entity, Figure

WORDS = [f"{a}{b}" for a in ("ka", "lo", "mi", "nu", "pe", "ra", "si", "tu") for b in "aeiouyxz"]
FREQUENT = ["Central Bank", "Nvidia", "Reuters Group", "City Council"]


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 14))).capitalize() + "."


def story_brief(name: str, story: int, rng: random.Random) -> Brief:
    """A brief of ``story``: its own three entities, figure and date, some frequent
    entities, and a body of random sentences."""
    entities = [Entity(f"Person {story}-{k}", "person") for k in range(3)]
    entities += [Entity(e, "organisation") for e in rng.sample(FREQUENT, 2)]
    value = 1_000_000 * (story + 1)
    figures = [Figure(f"${value}", float(value), "USD", "money")]
    if rng.random() < 0.5:
        figures.append(Figure("12%", 12.0, "%", "percent"))
    date = dt.date(2025, 1, 1) + dt.timedelta(days=story * 9 + rng.randint(0, 2))
    return Brief(
        file=name,
        language="en",
        title=f"Story {story} Update {rng.randint(0, 99)}",
        date=date,
        tags=[f"story{story}"] if rng.random() < 0.5 else [],
        entities=entities,
        figures=figures,
        body=[sentence(rng) for _ in range(rng.randint(6, 10))],
    )


def content_key(brief: Brief) -> str:
    return hashlib.sha256(repr(dataclasses.astuple(brief)).encode()).hexdigest()


def linked(briefs: list[Brief], memo: LinkMemo | None) -> list[tuple]:
    copies = copy.deepcopy(briefs)
    keys = [content_key(b) for b in briefs] if memo is not None else None
    link_briefs(copies, keys, memo)
    return sorted((b.file, b.same_story_as, b.duplicate_of, b.warnings) for b in copies)


def edit(briefs: list[Brief], rng: random.Random, step: int) -> str:
    """One random change to the collection; returns what it did."""
    roll = rng.random()
    if roll < 0.35 or len(briefs) < 10:
        story = rng.randrange(12)
        if rng.random() < 0.3:  # a re-scrape of an earlier brief: a near-duplicate
            original = rng.choice(briefs)
            brief = dataclasses.replace(original, file=f"new-{step}.txt")
            brief.body = [*original.body, "Share this article."]
        else:
            brief = story_brief(f"new-{step}.txt", story, rng)
        briefs.append(brief)
        return "add"
    index = rng.randrange(len(briefs))
    if roll < 0.6:
        del briefs[index]
        return "remove"
    brief = copy.deepcopy(briefs[index])
    if rng.random() < 0.5:
        brief.body.append(sentence(rng))
    else:
        brief.entities.append(Entity(rng.choice([*FREQUENT, "Someone New"]), "person"))
    briefs[index] = brief
    return "change"


def test_memo_links_exactly_as_linking_from_scratch() -> None:
    rng = random.Random(6)
    briefs = [story_brief(f"{i:03d}.txt", rng.randrange(12), rng) for i in range(90)]
    memo = LinkMemo()
    assert linked(briefs, memo) == linked(briefs, None)
    done = set()
    for step in range(30):
        done.add(edit(briefs, rng, step))
        expected = linked(briefs, None)
        assert linked(briefs, memo) == expected, f"step {step}"
        keys = {content_key(b) for b in briefs}
        assert set(memo.features) <= keys, "the memo keeps briefs that are gone"
        assert {a for a, _ in memo.story.scores} <= keys
    assert done == {"add", "remove", "change"}
    result = linked(briefs, memo)
    assert any(links for _, links, _, _ in result), "no same-story pair to check"
    assert any(dup for _, _, dup, _ in result), "no near-duplicate to check"


def test_a_brief_has_the_same_features_in_any_collection() -> None:
    rng = random.Random(2)
    shared = story_brief("shared.txt", 1, rng)
    first = [shared, *(story_brief(f"a{i}.txt", i % 5, rng) for i in range(20))]
    second = [story_brief(f"b{i}.txt", i % 3, rng) for i in range(30)] + [shared]
    memos = LinkMemo(), LinkMemo()
    for briefs, memo in zip((first, second), memos, strict=True):
        link_briefs(copy.deepcopy(briefs), [content_key(b) for b in briefs], memo)
    key = content_key(shared)
    assert memos[0].features[key] == memos[1].features[key]


def test_an_unchanged_collection_scores_no_pair_again(monkeypatch) -> None:
    import pipeline.linking_story

    rng = random.Random(3)
    briefs = [story_brief(f"{i:03d}.txt", i % 8, rng) for i in range(60)]
    memo = LinkMemo()
    expected = linked(briefs, memo)
    assert memo.story.scores

    def forbidden(*args: object) -> None:
        raise AssertionError("a pair was scored again")

    monkeypatch.setattr(pipeline.linking_story, "_score", forbidden)
    assert linked(briefs, memo) == expected


PEOPLE = [Entity(f"Person {k}", "person") for k in range(3)]
AMOUNT = [Figure("$5 million", 5e6, "USD", "money")]


def crowded_pair(size: int) -> list[Brief]:
    """Two briefs sharing three people, an amount and their week, and ``size`` more briefs
    naming the same people, each 40 days after the last: the people's weight falls."""

    def brief(name: str, day: int, figures: list[Figure]) -> Brief:
        rng = random.Random(name)
        return Brief(
            file=name,
            language="en",
            title=name,
            date=dt.date(2024, 1, 1) + dt.timedelta(days=day),
            entities=list(PEOPLE),
            figures=figures,
            body=[sentence(rng) for _ in range(6)],
        )

    pair = [brief("a.txt", 0, AMOUNT), brief("b.txt", 2, AMOUNT)]
    return pair + [brief(f"crowd-{k:02d}.txt", 40 * (k + 1), []) for k in range(size)]


def test_a_pair_unlinks_when_its_evidence_becomes_common_and_links_again() -> None:
    """Two briefs share three people, an amount and their week: linked. Thirty more
    briefs naming the same people (months apart) make the names common, their
    weights fall, and the pair's score drops below the threshold; removing them
    brings it back. The memo must follow both ways, one brief at a time."""
    memo = LinkMemo()
    states = [crowded_pair(size) for size in (*range(0, 31, 3), *range(30, -1, -4))]
    seen = set()
    for briefs in states:
        expected = linked(briefs, None)
        assert linked(briefs, memo) == expected, f"{len(briefs)} briefs"
        seen.add(tuple(expected[0][1]))
    assert seen == {("b.txt",), ()}, "the pair never changed state"


def test_a_pair_changes_state_only_when_its_shared_names_count_crosses_a_power_of_two() -> None:
    """The pair above is unlinked once its people are in 16 briefs, and at no other count
    from 2 to 32: with each count's own weight, ``sqrt(10 / df)``, it would flip at 23, and
    one more brief on a long story would change the links between two others it is not
    linked to."""
    linked_at = {}
    for size in range(31):
        briefs = crowded_pair(size)
        link_briefs(briefs)
        linked_at[len(briefs)] = briefs[0].same_story_as == ["b.txt"]
    assert linked_at[2] and not linked_at[32]
    flips = [df for df in range(3, 33) if linked_at[df] != linked_at[df - 1]]
    assert flips == [16]
