"""Find hashtags at the edges of paragraphs: ``#tag`` runs and ``#話題#`` topics.

Only tags a reader would see as tags are taken: whole lines of hashtags, a run
stuck to the end of a paragraph after its last sentence, and ``#topic#`` markers.
``#1`` and ``C#`` in prose are not tags. Positions are returned rather than new
strings so callers cut the input, never rewrite it.
"""

from __future__ import annotations

import re

_TAG_CHARS = r"[^\s#.,;:!?…。、，．！？：；()（）\[\]{}<>「」『』\"'“”‘’«»|/\\]"
_TAG_TOKEN = re.compile(rf"#(?P<tag>{_TAG_CHARS}+)[.,;:!?…。、，！？]*")
_TOPIC = re.compile(r"(?<![\w#&/])#(?P<tag>[^\s#][^#\n]{0,38}?)(?<!\s)#")
_TOPIC_BREAKERS = re.compile(r"[,.;!?，。；！？、]")
_GLUED = re.compile(r"[.!?。！？…\"”»)）」』](?P<tail>#\S+)$")
_TOKEN = re.compile(r"\S+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_SENTENCE_END = tuple('.!?。！？…"”»)）」』')


def _has_letter(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _topic(match: re.Match[str]) -> str | None:
    """The tag of a ``#topic#`` match, if it is one rather than two hashtags.

    Topics hold no sentence punctuation; outside CJK they hold no spaces and must
    not run straight into more text ("#tag1#tag2" is two hashtags).
    """
    tag = match.group("tag")
    if not _has_letter(tag) or _TOPIC_BREAKERS.search(tag):
        return None
    if _CJK.search(tag):
        return tag
    after = match.string[match.end() : match.end() + 1]
    if " " in tag or (after and re.match(_TAG_CHARS, after)):
        return None
    return tag


def _token_tag(token: str) -> str | None:
    """The tag a whole whitespace-delimited token stands for, if any."""
    topic = _TOPIC.fullmatch(token)
    if topic:
        return _topic(topic)
    match = _TAG_TOKEN.fullmatch(token)
    if match and _has_letter(match.group("tag")):
        return match.group("tag")
    return None


def _bare(token: str) -> str | None:
    """A word sitting between hashtags whose ``#`` was lost ("#a SamAltman #b")."""
    if "#" in token or len(token) > 40 or not _has_letter(token):
        return None
    if token[-1] in ".,;:!?。、，！？":
        return None
    return token


def trailing_tags(line: str) -> tuple[int, list[str]]:
    """Where a closing hashtag run starts in ``line`` and its tags, in order.

    The run must end the line and start with a hashtag. It is taken when it is
    the whole line, follows the end of a sentence, or holds two or more tags.
    Returns ``(len(line), [])`` when there is none.
    """
    if "#" not in line:
        return len(line), []
    run: list[tuple[int, str, bool]] = []
    for match in reversed(list(_TOKEN.finditer(line))):
        token = match.group()
        tag = _token_tag(token)
        if tag is not None:
            run.append((match.start(), tag, True))
            continue
        bare = _bare(token) if run else None
        if bare is None:
            glued = _GLUED.search(token)
            tag = _token_tag(glued.group("tail")) if glued else None
            if glued and tag is not None:
                run.append((match.start() + glued.start("tail"), tag, True))
            break
        run.append((match.start(), bare, False))
    while run and not run[-1][2]:
        run.pop()
    if not run:
        return len(line), []
    start = run[-1][0]
    before = line[:start].rstrip()
    hashed = sum(1 for _, _, is_tag in run if is_tag)
    ends_sentence = not before or before.endswith(_SENTENCE_END)
    if not ends_sentence and (hashed < 2 or hashed < len(run)):
        return len(line), []
    return start, [tag for _, tag, _ in reversed(run)]


def leading_topics(line: str) -> tuple[int, list[str]]:
    """``#話題#`` markers opening a line: where the text after them starts, and the tags."""
    tags: list[str] = []
    position = 0
    if not line.startswith("#"):
        return position, tags
    while True:
        match = _TOPIC.match(line, position)
        tag = _topic(match) if match else None
        if match is None or tag is None:
            break
        tags.append(tag)
        position = match.end()
        while position < len(line) and line[position].isspace():
            position += 1
    return position, tags


def inline_topics(line: str) -> list[str]:
    """``#話題#`` markers inside a paragraph (left in the text, reported as tags)."""
    if line.count("#") < 2:
        return []
    return [tag for match in _TOPIC.finditer(line) if (tag := _topic(match)) is not None]


def unique(tags: list[str]) -> list[str]:
    """Tags without repeats (case-insensitive), first spelling kept, order kept."""
    seen: set[str] = set()
    result = []
    for tag in tags:
        key = tag.casefold()
        if key not in seen:
            seen.add(key)
            result.append(tag)
    return result
