"""Tables built from Babel's locale data, which a caller may keep between processes.

Babel reads and merges a locale's data on first use: the month and day names,
places and language names of the fourteen locales analysis knows cost about a
tenth of a second in every process that analyses an article. A function marked
``@kept`` builds its table once per process, as ``functools.cache`` would, unless
the tables given to ``use`` already hold it; ``built`` returns the tables this
process built, for the caller to give to the next one. A table depends only on
the code that builds it and on Babel's data, so whoever keeps tables must drop
them when either changes (the build keeps them with its analysis cache).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, wraps
from typing import Any, TypeVar

T = TypeVar("T")

_given: dict[str, Any] = {}
_built: dict[str, Any] = {}


def kept(build: Callable[..., T]) -> Callable[..., T]:
    """Mark a table builder (its arguments must be hashable and have a stable repr)."""
    name = f"{build.__module__}.{build.__qualname__}"

    @cache
    @wraps(build)
    def table(*args: Any) -> T:
        key = f"{name}{args!r}"
        found = _given.get(key)
        if found is None:
            found = _built[key] = build(*args)
        return found

    return table


def use(tables: dict[str, Any]) -> None:
    """Take tables not built yet in this process from ``tables`` (``built`` of another)."""
    _given.update(tables)


def built() -> dict[str, Any]:
    """The tables this process built itself."""
    return dict(_built)
