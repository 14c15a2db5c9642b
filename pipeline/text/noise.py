"""Split a decoded article into title, header lines, body, tags and credits.

The text is read as one paragraph per line. The top (section labels, title,
datelines, bylines) and the bottom (bylines, source and copyright lines,
hashtags) are read with looser rules than the middle, where only strong noise
patterns remove a line. Every string returned in ``ArticleParts`` except the
warnings and hinted values is a piece of the input, never rewritten text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import ArticleParts
from .bylines import Byline, parse_byline
from .hashtags import inline_topics, leading_topics, trailing_tags, unique
from .noise_lines import (
    cookie_span,
    copyright_outlet,
    is_label,
    is_language_name,
    is_read_more,
    is_title_like,
    looks_like_date,
    noise_kind,
    width,
)

HEADER_WINDOW = 8  # lines after the title that may still be datelines or bylines
BOTTOM_WINDOW = 12  # lines from the end that may be credits, links or tags
HEADER_LINE = 160  # widest kicker or standfirst line the header may skip over

_SPACE = re.compile(r"\s+")
_INVISIBLE = "\ufeff\u200b\u200e\u200f"
_SUFFIX_SEP = (" | ", " - ", " – ", " — ", " · ", " :: ")


@dataclass
class _Split:
    """Per-line verdicts, keyed by line number so the output keeps input order."""

    lines: list[str]
    done: set[int] = field(default_factory=set)
    header: dict[int, str] = field(default_factory=dict)
    body: dict[int, str] = field(default_factory=dict)
    removed: dict[int, list[str]] = field(default_factory=dict)
    tags: dict[int, list[str]] = field(default_factory=dict)
    credits: list[tuple[int, Byline]] = field(default_factory=list)
    context: dict[int, str] = field(default_factory=dict)

    def remove(self, index: int, text: str) -> None:
        self.removed.setdefault(index, []).append(text)
        self.done.add(index)

    def noise(self, index: int) -> str | None:
        """The kind of noise line ``index`` is, noting a copyright line's outlet."""
        if index in self.context:
            return self.context[index]
        kind = noise_kind(self.lines[index])
        if kind == "copyright":
            credit = parse_byline(self.lines[index])
            if credit is not None:
                self.credits.append((index, credit))
        return kind

    def tag_line(self, index: int) -> bool:
        """Take a line made only of hashtags."""
        line = self.lines[index]
        start, tags = trailing_tags(line)
        if start != 0 or not tags:
            return False
        self.tags[index] = tags
        self.remove(index, line)
        return True


def _clean(text: str) -> str:
    """``text`` without surrounding whitespace, BOMs or zero-width marks."""
    return text.strip().strip(_INVISIBLE).strip()


def _runs(flags: list[bool]) -> list[range]:
    """The stretches of consecutive flagged lines."""
    runs: list[range] = []
    start = 0
    for i in range(len(flags) + 1):
        if i == len(flags) or not flags[i]:
            if i > start:
                runs.append(range(start, i))
            start = i + 1
    return runs


def _context_noise(lines: list[str], outlet: str | None) -> dict[int, str]:
    """Lines that are noise only by their neighbours or by the site's name.

    Language switchers and navigation written one item per line, and the site
    logo: a line that is just the outlet named by a hint or a copyright line.
    """
    short = [(i, line) for i, line in enumerate(lines) if width(line) <= 200]
    found = [copyright_outlet(line) for _, line in short]
    outlets = {_normal(o) for o in [outlet, *found] if o}
    names = [is_language_name(line) for line in lines]
    kinds = {i: "menu" for run in _runs(names) if len(run) >= 2 for i in run}
    words = [len(line.split()) == 1 and is_label(line) for line in lines]
    for run in _runs(words):
        if sum(1 for i in run if noise_kind(lines[i]) is None) >= 3:
            kinds.update(dict.fromkeys(run, "navigation"))
    if outlets:
        kinds.update({i: "logo" for i, line in short if _normal(line) in outlets})
    return kinds


def _normal(text: str) -> str:
    return _SPACE.sub("", text).casefold()


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _same_title(line: str, hint: str) -> bool:
    """Whether a text line is the hinted title, allowing spacing, a site suffix or rewording."""
    a, b = _normal(line), _normal(hint)
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    if long.startswith(short) and len(short) >= 0.6 * len(long):
        return True
    pairs_a, pairs_b = _bigrams(a), _bigrams(b)
    shared = len(pairs_a & pairs_b)
    return 2 * shared >= 0.6 * (len(pairs_a) + len(pairs_b)) > 0


def _next_text(split: _Split, index: int) -> int | None:
    """The next line from ``index`` on that is not noise."""
    for k in range(index, len(split.lines)):
        if k not in split.context and noise_kind(split.lines[k]) is None:
            return k
    return None


def _is_header(split: _Split, index: int) -> bool:
    """Take a dateline or byline near the top: into the header lines, or removed."""
    line = split.lines[index]
    credit = parse_byline(line)
    if credit is not None:
        split.credits.append((index, credit))
        if credit.kind not in ("byline", "source"):
            split.remove(index, line)
            return True
    elif not looks_like_date(line):
        return False
    split.header[index] = line
    split.done.add(index)
    return True


def _top(split: _Split, hint: str | None) -> tuple[str | None, int]:
    """Find the title line; return the title and the line after it."""
    lines = split.lines
    if hint:
        for j in range(min(len(lines), HEADER_WINDOW)):
            if _same_title(lines[j], hint):
                for k in range(j):
                    _before_title(split, k)
                split.done.add(j)
                return hint, j + 1
    i = 0
    while i < len(lines):
        if split.noise(i) is not None:
            split.remove(i, lines[i])
        elif not (split.tag_line(i) or (looks_like_date(lines[i]) and _is_header(split, i))):
            if not _is_section_label(split, i):
                break
            split.remove(i, lines[i])
        i += 1
    if i == len(lines) or not is_title_like(lines[i]):
        return hint, i
    if hint and not _same_title(lines[i], hint):
        return hint, i
    split.done.add(i)
    return hint or lines[i], i + 1


def _is_section_label(split: _Split, index: int) -> bool:
    """A short label line directly above a clearly longer headline."""
    line = split.lines[index]
    if not is_label(line):
        return False
    following = _next_text(split, index + 1)
    if following is None:
        return False
    title = split.lines[following]
    return is_title_like(title) and width(title) >= 2 * width(line)


def _before_title(split: _Split, index: int) -> None:
    """Sort a line found above a hinted title: noise, dateline, kicker or text."""
    line = split.lines[index]
    if split.noise(index) is not None:
        split.remove(index, line)
    elif split.tag_line(index) or _is_header(split, index):
        return
    elif width(line) <= 60:
        split.remove(index, line)
    else:
        _paragraph(split, index)


def _header(split: _Split, start: int) -> None:
    """Datelines, bylines and noise between the title and the first paragraph.

    Short headline-like lines (a kicker, a standfirst without a full stop) may
    sit among them; the first real paragraph ends the header.
    """
    for k in range(start, min(len(split.lines), start + HEADER_WINDOW)):
        line = split.lines[k]
        if k in split.done:
            continue
        if split.noise(k) is not None:
            split.remove(k, line)
            continue
        taken = split.tag_line(k) or _is_header(split, k)
        if not taken and (width(line) > HEADER_LINE or not is_title_like(line)):
            return


def _related_links(split: _Split, index: int, low: int) -> int | None:
    """The heading above a list of linked headlines ending at ``index``, if any.

    A bare "Related" / "関連記事" heading followed only by short headline lines is
    a block of links to other stories.
    """
    for k in range(index, max(low, index - HEADER_WINDOW) - 1, -1):
        line = split.lines[k]
        if k < index and is_read_more(line):
            return k
        if k in split.done or width(line) > 100 or not is_title_like(line):
            return None
    return None


def _bottom(split: _Split, low: int) -> int:
    """Credits, links and tags closing the article; return where they begin."""
    k = len(split.lines) - 1
    while k >= low and len(split.lines) - k <= BOTTOM_WINDOW:
        line = split.lines[k]
        if k not in split.done:
            if split.noise(k) is not None:
                split.remove(k, line)
            elif not split.tag_line(k):
                credit = parse_byline(line)
                if credit is not None:
                    split.credits.append((k, credit))
                    split.remove(k, line)
                else:
                    heading = _related_links(split, k, low)
                    if heading is None:
                        break
                    for j in range(heading, k + 1):
                        if j not in split.done:
                            split.remove(j, split.lines[j])
                    k = heading
        k -= 1
    return k + 1


def _paragraph(split: _Split, index: int) -> None:
    """Keep a body line, cutting banner sentences and hashtags off its edges."""
    line = split.lines[index]
    start, end = cookie_span(line)
    if start > 0:
        split.removed.setdefault(index, []).append(line[:start].strip())
    if end < len(line):
        split.removed.setdefault(index, []).append(line[end:].strip())
    text = _clean(line[start:end])
    cut, tags = leading_topics(text)
    if tags:
        split.removed.setdefault(index, []).append(text[:cut].strip())
    text = text[cut:]
    cut, trailing = trailing_tags(text)
    if trailing:
        split.removed.setdefault(index, []).append(text[cut:].strip())
    text = _clean(text[:cut])
    split.tags[index] = tags + inline_topics(text) + trailing
    if text:
        split.body[index] = text


def _middle(split: _Split, low: int, high: int) -> None:
    for k in range(low, high):
        if k in split.done:
            continue
        if split.noise(k) is not None:
            split.remove(k, split.lines[k])
        elif not split.tag_line(k):
            _paragraph(split, k)


def _credits(
    split: _Split, hints: dict[str, str], warnings: list[str]
) -> tuple[str | None, str | None]:
    """Author and outlet: hints first, then bylines in order, copyright last."""
    ordered = [c for _, c in sorted(split.credits, key=lambda item: item[0])]
    author = next((c.author for c in ordered if c.author), None)
    source = next((c.source for c in ordered if c.source and c.kind != "copyright"), None)
    source = source or next((c.source for c in ordered if c.source), None)
    hinted = hints.get("author")
    if hinted and author and _normal(hinted) != _normal(author):
        warnings.append(f"byline author {author!r} differs from metadata")
    return hinted or author, hints.get("source") or source


def _strip_site(title: str | None, source: str | None) -> str | None:
    """Drop a " | Outlet" suffix that page titles carry."""
    if title and source:
        for sep in _SUFFIX_SEP:
            if title.endswith(sep + source):
                return title[: -len(sep + source)].strip()
    return title


def split_article(text: str, hints: dict[str, str] | None = None) -> ArticleParts:
    """Split ``text`` (one paragraph per line) into the parts of an article.

    ``hints`` may carry ``title``, ``author`` and ``source`` from metadata; they
    win over what the text says, but the matching lines are still removed.
    """
    hints = {k: _clean(v) for k, v in (hints or {}).items() if v and _clean(v)}
    lines = [_clean(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    split = _Split(lines, context=_context_noise(lines, hints.get("source")))
    title, after = _top(split, hints.get("title"))
    _header(split, after)
    end = _bottom(split, after)
    _middle(split, after, end)
    warnings: list[str] = []
    author, source = _credits(split, hints, warnings)
    title = _strip_site(title, source)
    if title is None:
        warnings.append("no title line")
    if not split.body:
        warnings.append("no body text")
    order = sorted(split.tags)
    return ArticleParts(
        title=title,
        body=[split.body[k] for k in sorted(split.body)],
        tags=unique([tag for k in order for tag in split.tags[k]]),
        author=author,
        source=source,
        header_lines=[split.header[k] for k in sorted(split.header)],
        removed=[piece for k in sorted(split.removed) for piece in split.removed[k] if piece],
        warnings=warnings,
    )
