"""Score extraction against a corpus's ``expected.json``, field by field.

The corpus layout is the one of ``../shared/corpus``: ``articles/`` holds the raw
files and ``expected.json`` maps each file name to its expected fields. Scores
are the share of articles whose field is right; for lists (tags, entities,
figures) they are the recall over all expected items, with precision beside it.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BriefpressError
from .extract import collect_inputs, extract_records
from .settings import Settings

EXACT_FIELDS = ("language", "title", "date", "source", "author")
LIST_FIELDS = ("tags", "entities", "figures")


@dataclass
class FieldScore:
    right: float = 0
    total: float = 0
    predicted: float = 0
    misses: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.right / self.total if self.total else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 1.0


def corpus_hash(corpus: Path) -> str:
    """A hash of the articles and expected.json, to tie pinned floors to one corpus."""
    digest = hashlib.sha256()
    for path in sorted((corpus / "articles").iterdir()):
        digest.update(path.name.encode() + path.read_bytes())
    digest.update((corpus / "expected.json").read_bytes())
    return digest.hexdigest()[:16]


def loose(name: str) -> str:
    """Compare names ignoring case, accents' composition, punctuation and spaces."""
    name = unicodedata.normalize("NFKC", name).casefold()
    return re.sub(r"[\W_]+", "", name)


def acronym(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"\w+", name) if w[0].isupper()).casefold()


def same_entity(expected: str, predicted: str) -> bool:
    """Equal loosely, or one is the acronym of the other (ESMA, NBP, METI)."""
    a, b = loose(expected), loose(predicted)
    return a == b or (len(b) >= 2 and acronym(expected) == b) or acronym(predicted) == a


def evaluate_corpus(corpus: Path, settings: Settings) -> dict[str, FieldScore]:
    expected: dict[str, dict] = json.loads((corpus / "expected.json").read_text(encoding="utf-8"))
    records = extract_records(collect_inputs([corpus / "articles"]), settings)
    got = {r.to_dict()["file"]: r.to_dict() for r in records}
    scores = {name: FieldScore() for name in (*EXACT_FIELDS, *LIST_FIELDS, "same_story_as")}
    for name, want in expected.items():
        have = got.get(name, {})
        for key in EXACT_FIELDS:
            _score_exact(scores[key], name, want.get(key), have.get(key))
        _score_list(scores["tags"], name, want["tags"], have.get("tags", []), str.__eq__)
        names = [e["name"] for e in have.get("entities", [])]
        _score_list(scores["entities"], name, want["entities"], names, same_entity)
        texts = [f["text"] for f in have.get("figures", []) if f.get("kind") != "duration"]
        _score_list(scores["figures"], name, want["figures"], texts, str.__eq__)
        _score_exact(
            scores["same_story_as"],
            name,
            sorted(want.get("same_story_as", [])),
            sorted(have.get("same_story_as", [])),
        )
    return scores


def _score_exact(score: FieldScore, name: str, want: object, have: object) -> None:
    score.total += 1
    score.predicted += 1
    if want == have:
        score.right += 1
    else:
        score.misses.append(f"{name}: expected {want!r}, got {have!r}")


def _score_list(score: FieldScore, name: str, want: list[str], have: list[str], match) -> None:
    score.total += len(want)
    score.predicted += len(have)
    for item in want:
        if any(match(item, h) for h in have):
            score.right += 1
        else:
            score.misses.append(f"{name}: missed {item!r}")


def pin_floors(
    scores: dict[str, FieldScore], corpus: Path, floors_file: Path, allow_lower: bool = False
) -> dict[str, float]:
    """Record the recall reached per field as the new floors; floors can only rise.

    A floor below the one pinned for the same corpus is refused unless
    ``allow_lower`` is given, so a regression cannot be pinned by accident.
    """
    digest = corpus_hash(corpus)
    old: dict = {}
    if floors_file.exists():
        old = json.loads(floors_file.read_text(encoding="utf-8"))
    previous = old.get("floors", {}) if old.get("corpus_hash") == digest else {}
    floors = {key: round(score.recall, 4) for key, score in scores.items()}
    lowered = [key for key, floor in floors.items() if floor < previous.get(key, 0)]
    if lowered and not allow_lower:
        raise BriefpressError(f"would lower the floors of {', '.join(lowered)}; pass allow_lower")
    data = {"corpus_hash": digest, "floors": floors}
    floors_file.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return floors


def format_table(scores: dict[str, FieldScore]) -> str:
    lines = [f"{'field':<15} {'right':>7} {'total':>6} {'recall':>7} {'precision':>9}"]
    for key, score in scores.items():
        lines.append(
            f"{key:<15} {score.right:>7g} {score.total:>6g} "
            f"{score.recall:>7.2f} {score.precision:>9.2f}"
        )
    misses = [m for s in scores.values() for m in s.misses]
    if misses:
        lines += ["", "misses:", *(f"  {m}" for m in misses)]
    return "\n".join(lines)
