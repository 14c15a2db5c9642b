"""Japanese readings (pykakasi), for brief slugs and romanized entity names.

pykakasi keeps its kanji dictionary (~120 MB in memory) in class-level singletons for
the life of the process. A build needs it only while it analyses articles and names
briefs, so it drops it afterwards (``forget``): otherwise the site renderers and PDF
workers forked later would carry it too. pykakasi loads it again if it is used after.
"""

from __future__ import annotations

import sys
from functools import cache
from typing import Any

# pykakasi's singletons (pykakasi.kanji) and the dictionary each holds.
SINGLETON_TABLES = {"Kanwa": "_jisyo_table", "Itaiji": "_itaijidict"}


@cache
def kakasi() -> Any:  # pykakasi is untyped
    import pykakasi  # its dictionaries ship with the package; loaded on first use

    return pykakasi.kakasi()


def forget() -> None:
    """Drop pykakasi's dictionaries from memory, if they were loaded."""
    kakasi.cache_clear()
    kanji = sys.modules.get("pykakasi.kanji")
    for name, table in SINGLETON_TABLES.items():
        state = getattr(getattr(kanji, name, None), "_shared_state", None)
        if isinstance(state, dict) and table in state:
            state[table] = None
