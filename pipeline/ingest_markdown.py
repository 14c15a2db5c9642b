"""Markdown articles: front matter into hints, the body into plain paragraphs.

The front matter is the YAML-ish ``---`` block at the top. Only flat
``key: value`` lines and simple lists are read, by a few lines of code rather
than a YAML library: no tags, anchors or code execution, nothing to pin. The
body loses the Markdown markup a reader does not see (heading hashes, emphasis,
link targets, images) and soft-wrapped paragraph lines are joined, so the text
looks like a plain-text article: one paragraph per line, blank lines between.
"""

from __future__ import annotations

import re

from .text.dates import parse_date
from .text.language import normalise_hint

# front-matter key → hint key
HINT_KEYS = {
    "title": "title",
    "date": "date",
    "author": "author",
    "source": "source",
    "lang": "language",
    "language": "language",
    "tags": "tags",
}
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_KEY_VALUE = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)$")
_QUOTED = re.compile(r"^([\"'])(.*)\1(?:[ \t]+#.*)?$")
_COMMENT = re.compile(r"(?:^|[ \t]+)#.*$")
_LIST_ITEM = re.compile(r"^[ \t]+-[ \t]+(.*)$")
# A link target, with one level of parentheses inside (``wiki/Foo_(bar)``).
_TARGET = r"\((?:[^()\[\]]|\([^()\[\]]*\))*\)"
# No span may run past the next opening of its own kind (``[``, ``*``, ``_``, ``<!--``):
# each match attempt then stops early, so a paragraph of ``[[[[`` or ``**a **a`` costs
# linear time instead of quadratic.
_INLINE = [
    (re.compile(r"<!--(?:(?!<!--).)*?-->", re.DOTALL), ""),
    (re.compile(rf"!\[[^\[\]]*\]{_TARGET}"), ""),  # images
    (re.compile(rf"\[([^\[\]]+)\]{_TARGET}"), r"\1"),  # [text](url)
    (re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]"), r"\1"),  # [text][ref]
    (re.compile(r"\*\*(?=[^\s*])([^*]+?)(?<=\S)\*\*"), r"\1"),  # **strong**
    (re.compile(r"__(?=[^\s_])([^_]+?)(?<=\S)__"), r"\1"),  # __strong__
    (re.compile(r"(?<![\w*])\*(?=[^\s*])([^*]+?)(?<=\S)\*(?![\w*])"), r"\1"),  # *emphasis*
    (re.compile(r"(?<!\w)_(?=[^\s_])([^_]+?)(?<=\S)_(?!\w)"), r"\1"),  # _emphasis_
    (re.compile(r"`([^`]+)`"), r"\1"),
]
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_RULE = re.compile(r"^[ \t]{0,3}(?:=+|(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_LINK_DEFINITION = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*\S+")
_BLOCK_START = re.compile(r"^[ \t]*(?:[-*+][ \t]+|\d{1,3}[.)][ \t]+|>[ \t]?)")
_MARKER = re.compile(r"^[ \t]*(?:>[ \t]?|[-*+][ \t]+)+")


def read_markdown(text: str) -> tuple[str, dict[str, str]]:
    """(plain body text, hints from the front matter) of a Markdown article."""
    hints: dict[str, str] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        hints = front_matter_hints(match.group(1))
        text = text[match.end() :]
    return plain_paragraphs(text), hints


def front_matter_hints(block: str) -> dict[str, str]:
    """The hint keys of a front-matter block; lists become comma-separated strings."""
    values: dict[str, list[str]] = {}
    current: str | None = None
    for line in block.splitlines():
        item = _LIST_ITEM.match(line)
        if item and current:
            values[current].append(_unquote(item.group(1)))
            continue
        pair = _KEY_VALUE.match(line)
        if not pair:
            current = None
            continue
        current = HINT_KEYS.get(pair.group(1).lower())
        if current:
            values[current] = _scalar_or_list(pair.group(2).strip())
    hints = {key: ", ".join(v for v in items if v) for key, items in values.items()}
    if hints.get("date"):
        parsed = parse_date(hints["date"])
        hints["date"] = parsed.isoformat() if parsed else hints["date"]
    if "language" in hints:
        hints["language"] = normalise_hint(hints["language"]) or ""
    return {key: value for key, value in hints.items() if value}


def _scalar_or_list(value: str) -> list[str]:
    if value.startswith("[") and value.endswith("]"):
        return [_unquote(part) for part in value[1:-1].split(",")]
    return [_unquote(value)] if value else []


def _unquote(value: str) -> str:
    """A YAML scalar without its quotes or its trailing ``# comment``."""
    quoted = _QUOTED.match(value.strip())
    return quoted.group(2) if quoted else _COMMENT.sub("", value).strip()


def plain_paragraphs(text: str) -> str:
    """Markdown body as plain paragraphs, one per line, separated by blank lines."""
    blocks: list[list[str]] = [[]]
    for raw in text.splitlines():
        if _RULE.match(raw):  # a thematic break, or the underline of the heading above
            blocks.append([])
            continue
        if not raw.strip() or _LINK_DEFINITION.match(raw):
            blocks.append([])
            continue
        heading = _HEADING.match(raw)
        if heading or _BLOCK_START.match(raw):
            blocks.append([])
        line = heading.group(1) if heading else _MARKER.sub("", raw).strip()
        blocks[-1].append(line)
        if heading:
            blocks.append([])
    paragraphs = (_strip_inline(" ".join(block)) for block in blocks if block)
    return "\n\n".join(p for p in paragraphs if p)


def _strip_inline(paragraph: str) -> str:
    for pattern, replacement in _INLINE:
        paragraph = pattern.sub(replacement, paragraph)
    return paragraph.strip()
