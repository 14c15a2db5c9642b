"""Signatures: what a page's key holds of each template variable Pelican passes it.

A brief in a list enters through the hash of its metadata, which is all a list shows of
it (``header_key``); a brief's own page through the hash of its whole file
(``own_text``), so a hand edit counts as a change. Long lists are signed once per render
process and reused by identity (``_SEQUENCES``). ``pipeline.site_keys`` hashes the
signatures into page keys.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

import orjson
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

__all__ = [
    "REMEMBERED_LENGTH",
    "answer_key",
    "digest_of",
    "forget_signatures",
    "own_text",
    "sequence_signature",
    "signature",
    "text_key",
]


def signature(value: Any, summed_up: Mapping[int, Any] | None = None) -> Any:
    """A JSON-able, order-preserving summary of a template variable.

    Briefs are the hash of their metadata; Pelican's tag, author and category
    wrappers are their name and URL. A value of any other type falls back to its
    ``repr``: a ``repr`` that carries an address only makes the page render every
    time, never stay stale. ``summed_up`` maps the ``id`` of a list to what it enters
    as, wherever in ``value`` it is met (in a dict or a dataclass).
    """
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, Content):
        return _brief_signature(value)
    if isinstance(value, URLWrapper):
        return [type(value).__name__, value.name, value.url]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return [[str(k), signature(v, summed_up)] for k, v in value.items()]
    if isinstance(value, list | tuple):
        if summed_up and id(value) in summed_up:
            return summed_up[id(value)]
        return sequence_signature(value)
    if isinstance(value, set | frozenset):
        return [signature(item) for item in sorted(value, key=repr)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [type(value).__name__] + [
            signature(getattr(value, f.name), summed_up) for f in dataclasses.fields(value)
        ]
    return repr(value)


# Signatures of the long lists a render process has seen, by identity: the same lists of
# briefs (a tag's, a month's) reach many pages and every locale. Each entry holds its
# list, so no other list can take its address while it is remembered.
_SEQUENCES: dict[int, tuple[list[Any] | tuple[Any, ...], int, list[Any]]] = {}
REMEMBERED_LENGTH = 8


def sequence_signature(value: list[Any] | tuple[Any, ...]) -> list[Any]:
    if len(value) < REMEMBERED_LENGTH:
        return [signature(item) for item in value]
    known = _SEQUENCES.get(id(value))
    if known is not None and known[0] is value and known[1] == len(value):
        return known[2]
    result = [signature(item) for item in value]
    _SEQUENCES[id(value)] = (value, len(value), result)
    return result


def forget_signatures() -> None:
    """Drop the remembered list signatures (a render process starts with none)."""
    _SEQUENCES.clear()


def _brief_signature(brief: Content) -> str:
    """What a list of briefs shows of a brief: its metadata (see ``own_text``)."""
    return "brief:" + getattr(brief, "header_key", brief.source_path)


def own_text(variables: dict[str, Any]) -> Any:
    """What a brief's (or a page's) own page shows beyond its metadata: its whole file and
    the title, address, language and source of the briefs telling the same story."""
    own = variables.get("article", variables.get("page"))
    if not isinstance(own, Content):
        return None
    linked = [
        [str(o.title), o.url, getattr(o, "brief_language", ""), getattr(o, "source", "")]
        for o in getattr(own, "same_story", [])
    ]
    return [text_key(own), linked]


def text_key(brief: Content) -> str:
    """The hash of a brief's whole file (its text included), for pages that show the text."""
    return getattr(brief, "content_key", brief.source_path)


def digest_of(*parts: Any) -> str:
    """A short hash of JSON-able ``parts`` (anything else enters as its ``repr``)."""
    try:
        text = orjson.dumps(parts, default=repr, option=orjson.OPT_NON_STR_KEYS)
    except orjson.JSONEncodeError:  # an integer beyond 64 bits, say
        text = json.dumps(parts, ensure_ascii=False, default=repr).encode("utf-8")
    return hashlib.blake2b(text, digest_size=16).hexdigest()


def answer_key(result: Any) -> str:
    """What a page keeps of a digest helper's answer: the hash of its signature (a page
    record holds one per call; the answers themselves would make the manifest of a large
    archive, and the build's memory, many times larger)."""
    return digest_of(signature(result))
