"""A deterministic archive of raw articles of any size, made from the shared corpus.

Each corpus article is a template: its frame (title line, dateline, byline, menus,
cookie banners, share and "read more" lines, hashtags, HTML chrome) is kept, its
dateline and byline get a new date and author, and its paragraphs are replaced by
sentences drawn from every corpus article of the same language, shuffled and with
their numbers changed. The result reads like the corpus (same languages, encodings,
line endings and noise) while no two articles are near-duplicates, except the
few deliberate re-scrapes. A few files are not articles at all (empty, binary).

Article ``i`` depends only on ``(seed, i)``, so ``generate(n + 1)`` adds one file
to ``generate(n)``; ``change_article`` edits one file in place, as an editor would.

    .venv/bin/python -m bench.generate FOLDER --count 1000 [--seed 0]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import json
import random
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.dates import format_date

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
LAST_DAY = dt.date(2025, 6, 30)
# Dateline styles met in the corpus, as Babel patterns.
DATE_PATTERNS = ("MMMM d, y", "dd.MM.y", "d MMMM y", "y年M月d日", "d 'de' MMMM 'de' y")
# Legacy codecs an article of each language may come in besides UTF-8.
LEGACY = {
    "pl": ("cp1250", "iso8859_2"),
    "de": ("utf-8-sig", "cp1252"),
    "ja": ("shift_jis", "euc_jp"),
    "uk": ("cp1251",),
    "zh": ("gb18030",),
    "it": ("cp1252",),
    "pt": ("cp1252",),
}
GIVEN = {
    "en": ["Olivia", "James", "Priya", "Marcus", "Chloe", "Ethan"],
    "pl": ["Anna", "Piotr", "Zofia", "Paweł", "Ewa", "Łukasz"],
    "de": ["Jonas", "Miriam", "Lukas", "Sabine", "Felix", "Jana"],
    "it": ["Marco", "Chiara", "Luca", "Sara", "Paolo", "Elena"],
    "pt": ["João", "Mariana", "Rafael", "Beatriz", "Tiago", "Camila"],
    "uk": ["Олена", "Тарас", "Марія", "Дмитро", "Ганна", "Богдан"],
    "ja": ["太郎", "花子", "健", "美咲", "翔", "由美"],
    "zh": ["伟", "芳", "磊", "静", "强", "敏"],
}
FAMILY = {
    "en": ["Carter", "Nguyen", "Walsh", "Patel", "Brooks", "Fischer"],
    "pl": ["Nowak", "Kowalczyk", "Wiśniewska", "Zając", "Dąbrowski", "Król"],
    "de": ["Becker", "Schulz", "Wagner", "Krüger", "Neumann", "Vogel"],
    "it": ["Rossi", "Bianchi", "Greco", "Conti", "Marino", "Ricci"],
    "pt": ["Silva", "Souza", "Costa", "Pereira", "Almeida", "Lima"],
    "uk": ["Коваль", "Бондаренко", "Ткаченко", "Кравець", "Олійник", "Шевченко"],
    "ja": ["佐藤", "田中", "山本", "伊藤", "渡辺", "加藤"],
    "zh": ["王", "李", "张", "刘", "杨", "黄"],
}
EXTRA_TAGS = ["energy", "markets", "AI", "semiconductors", "fintech", "policy", "trade", "cloud"]
_NUMBER = re.compile(r"\d+")
_HTML_PARAGRAPH = re.compile(r"^(\s*)<p>([^<>]{40,})</p>\s*$")
_HASHTAGS = re.compile(r"(?:\s*#\w+)+\s*$")
_SENTENCE = re.compile(r"(?<=[.!?。！？])\s*")
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@dataclass
class Template:
    """One corpus article cut into frame lines and paragraph slots."""

    name: str
    language: str
    encoding: str
    crlf: bool
    lines: list[str]
    slots: list[int]  # indexes of body-paragraph lines
    html_slots: dict[int, str]  # slot index → its indentation, for HTML paragraphs
    date: dt.date
    title: str
    author: str | None
    tags: list[str]
    tags_inline: bool  # hashtags stuck to the end of the last paragraph


def _is_body(line: str) -> bool:
    limit = 40 if _CJK.search(line) else 120
    return len(line) >= limit and not line.lstrip().startswith("<")


@cache
def templates() -> tuple[Template, ...]:
    truth = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
    manifest = json.loads((CORPUS / "src" / "manifest.json").read_text(encoding="utf-8"))
    made = []
    for name in sorted(truth):
        data = truth[name]
        lines = (CORPUS / "src" / name).read_text(encoding="utf-8").split("\n")
        html_slots = {}
        for index, line in enumerate(lines):
            match = _HTML_PARAGRAPH.match(line)
            if match:
                html_slots[index] = match.group(1)
        slots = (
            sorted(html_slots) if html_slots else [i for i, x in enumerate(lines) if _is_body(x)]
        )
        inline = bool(slots) and bool(_HASHTAGS.search(lines[slots[-1]]))
        made.append(
            Template(
                name=name,
                language=data["language"],
                encoding=manifest[name]["encoding"],
                crlf=manifest[name]["newline"] == "crlf",
                lines=lines,
                slots=slots,
                html_slots=html_slots,
                date=dt.date.fromisoformat(data["date"]),
                title=data["title"],
                author=data["author"],
                tags=list(data["tags"]),
                tags_inline=inline,
            )
        )
    return tuple(made)


@cache
def sentence_pool(language: str) -> tuple[str, ...]:
    """Every body sentence of the corpus in ``language``, hashtags and markup removed."""
    pool: list[str] = []
    for template in templates():
        if template.language != language:
            continue
        for index in template.slots:
            text = template.lines[index]
            if index in template.html_slots:
                text = html.unescape(_HTML_PARAGRAPH.match(text).group(2))  # type: ignore[union-attr]
            text = _HASHTAGS.sub("", text)
            pool += [s for s in _SENTENCE.split(text) if len(s) > 8]
    return tuple(pool)


def _renumber(text: str, rng: random.Random) -> str:
    """Change every number a little; years stay plausible years."""

    def swap(match: re.Match[str]) -> str:
        digits = match.group(0)
        value = int(digits)
        if len(digits) == 4 and 1990 <= value <= 2030:
            return str(rng.randint(2019, 2025))
        low = 10 ** (len(digits) - 1) if len(digits) > 1 else 1
        return str(rng.randint(low, 10 ** len(digits) - 1))

    return _NUMBER.sub(swap, text)


def _paragraphs(template: Template, rng: random.Random) -> list[str]:
    pool = sentence_pool(template.language)
    joiner = "" if template.language in ("ja", "zh") else " "
    paragraphs = []
    for _ in template.slots:
        picked = rng.sample(pool, k=min(len(pool), rng.randint(2, 4)))
        paragraphs.append(joiner.join(_renumber(s, rng) for s in picked))
    return paragraphs


def _date_forms(day: dt.date, language: str) -> list[str]:
    forms = [day.isoformat()]
    for pattern in DATE_PATTERNS:
        try:
            forms.append(format_date(day, pattern, locale=language))
        except (ValueError, KeyError):
            continue
    return forms


def _redate(text: str, template: Template, day: dt.date) -> str:
    """Move every form of the template's date (and the next days', for "updated") to ``day``."""
    for shift in range(3, -1, -1):
        old = template.date + dt.timedelta(days=shift)
        new = day + dt.timedelta(days=shift)
        for before, after in zip(
            _date_forms(old, template.language), _date_forms(new, template.language), strict=True
        ):
            text = text.replace(before, after)
    return text


def _author(template: Template, rng: random.Random) -> str:
    given, family = rng.choice(GIVEN[template.language]), rng.choice(FAMILY[template.language])
    if template.language in ("ja", "zh"):
        return f"{family}{given}"
    return f"{given} {family}"


def _tags(template: Template, rng: random.Random) -> list[str]:
    kept = [t for t in template.tags if rng.random() < 0.7]
    if template.tags and rng.random() < 0.5:
        kept.append(rng.choice(EXTRA_TAGS))
    return kept


def render_article(
    template: Template, index: int, seed: int, span_days: int, day: dt.date | None = None
) -> str:
    """The text of article ``index`` made from ``template`` (UTF-8, LF), dated ``day`` or
    a day of the ``span_days`` up to ``LAST_DAY``."""
    rng = random.Random(f"{seed}:{index}:text")
    drawn = LAST_DAY - dt.timedelta(days=rng.randrange(span_days))
    day = day or drawn
    lines = list(template.lines)
    for slot, paragraph in zip(template.slots, _paragraphs(template, rng), strict=True):
        if slot in template.html_slots:
            lines[slot] = f"{template.html_slots[slot]}<p>{html.escape(paragraph, quote=False)}</p>"
        else:
            lines[slot] = paragraph
    tags = _tags(template, rng)
    hashtags = " ".join(f"#{t}" for t in tags)
    if template.tags_inline and hashtags:
        lines[template.slots[-1]] += f" {hashtags}"
    elif template.tags:
        lines = [hashtags if _HASHTAGS.fullmatch(x) and x.strip() else x for x in lines]
    text = _redate("\n".join(lines), template, day)
    if template.author:
        text = text.replace(template.author, _author(template, rng))
    suffix = f"{rng.randrange(10, 99)}"
    return text.replace(template.title, f"{template.title} ({suffix}/{index})")


def _encoded(text: str, template: Template, rng: random.Random) -> bytes:
    if template.crlf or rng.random() < 0.1:
        text = text.replace("\n", "\r\n")
    choices = [template.encoding, "utf-8", *LEGACY.get(template.language, ())]
    codec = rng.choice(choices)
    if template.name.endswith(".html"):
        codec = "utf-8"  # the page declares it
    try:
        return text.encode(codec)
    except UnicodeEncodeError:
        return text.encode("utf-8")


def span_for(count: int) -> int:
    """Days an archive of ``count`` articles spans: a few articles a day."""
    return max(30, count // 4)


def article_file(
    index: int, seed: int = 0, span_days: int = 250, day: dt.date | None = None
) -> tuple[str, bytes]:
    """Name and bytes of article ``index`` of an archive spanning ``span_days`` days, or of
    one published on ``day`` (an article of the day is dated after the archive's last)."""
    rng = random.Random(f"{seed}:{index}:kind")
    all_templates = templates()
    roll = rng.random()
    if roll < 0.004:
        return f"{index:05d}-empty.txt", b""
    if roll < 0.008:
        return f"{index:05d}-binary.txt", random.Random(index).randbytes(2048)
    template = all_templates[rng.randrange(len(all_templates))]
    source = index
    if roll < 0.02 and index > 0:  # a re-scrape of an earlier article
        source = rng.randrange(index)
        original = random.Random(f"{seed}:{source}:kind")
        original.random()  # its roll, as drawn above
        template = all_templates[original.randrange(len(all_templates))]
    text = render_article(template, source, seed, span_days, day)
    if source != index:
        text = text.replace("\n\n", "\n\nShare\n\n", 1)
    suffix = Path(template.name).suffix
    digest = hashlib.sha1(f"{seed}:{index}".encode()).hexdigest()[:8]
    return f"{index:05d}-{template.language}-{digest}{suffix}", _encoded(text, template, rng)


def generate(
    folder: Path, count: int, seed: int = 0, start: int = 0, span_days: int | None = None
) -> list[Path]:
    """Write articles ``start``…``count - 1`` into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    span_days = span_days or span_for(count)
    written = []
    for index in range(start, count):
        name, data = article_file(index, seed, span_days)
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    return written


def change_article(path: Path) -> None:
    """Edit one article as a correction would: one more sentence near its end."""
    data = path.read_bytes()
    if b"</article>" in data:
        addition = b"<p>Correction: a figure was misstated.</p>\n</article>"
        path.write_bytes(data.replace(b"</article>", addition, 1))
        return
    newline = b"\r\n" if b"\r\n" in data else b"\n"
    head, sep, tail = data.rstrip().rpartition(newline)
    addition = b"Correction: an earlier version of this article misstated a figure."
    path.write_bytes(head + sep + addition + newline + tail + newline)


# The " (suffix/index)" that render_article gives every title.
_TITLE_MARK = re.compile(rb"\((\d+)/(\d+)\)")


def retitle_article(path: Path) -> None:
    """Edit one article's title as an editor would: a word more in it. Its brief then shows
    a new title wherever it is listed (the other cases leave the lists as they were)."""
    data = path.read_bytes()
    mark = _TITLE_MARK.search(data)
    if mark is not None:  # wherever the title is: an HTML page has it in its head and body
        path.write_bytes(data.replace(mark.group(0), mark.group(0)[:-1] + b", revised)"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(f"{len(generate(args.folder, args.count, args.seed))} articles in {args.folder}")


if __name__ == "__main__":
    main()
