"""The golden sample site: three hand-made briefs, interface in English and Polish.

The built text files (pages, feeds, sitemap, robots.txt) must equal the committed
copy in ``tests/golden/site/``. After an intended change to the site, regenerate
the copy with ``UPDATE_GOLDEN=1 pytest tests/test_golden_site.py`` (or
``pipeline.site_golden.regenerate_golden()``) and review the diff.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from pipeline.site_golden import GOLDEN_SITE, build_golden_site, golden_files, regenerate_golden

pytestmark = pytest.mark.slow

SHOWN_DIFFS = 3


def test_the_sample_site_matches_the_committed_copy(tmp_path: Path) -> None:
    if os.environ.get("UPDATE_GOLDEN") == "1":
        regenerate_golden()
    built = golden_files(build_golden_site(tmp_path))
    expected = golden_files(GOLDEN_SITE)
    assert sorted(built) == sorted(expected), "files differ; UPDATE_GOLDEN=1 regenerates"
    changed = [name for name in sorted(built) if built[name] != expected[name]]
    diffs = [
        "".join(
            difflib.unified_diff(
                expected[name].splitlines(keepends=True),
                built[name].splitlines(keepends=True),
                f"golden/{name}",
                f"built/{name}",
            )
        )
        for name in changed[:SHOWN_DIFFS]
    ]
    assert not changed, (
        f"{len(changed)} file(s) differ; UPDATE_GOLDEN=1 regenerates:\n" + "\n".join(diffs)
    )


def test_the_copy_holds_every_kind_of_text_output() -> None:
    """A regenerated copy that lost a kind of output (feeds, sitemap...) would pin nothing."""
    names = set(golden_files(GOLDEN_SITE))
    expected = {
        "index.html", "pl/index.html", "search.html", "sitemap.xml", "robots.txt",
        "feeds/all.atom.xml", "feeds/all.json", "pl/feeds/languages/ja.json",
        "feeds/tags/cbdc.atom.xml",
    }  # fmt: skip
    assert expected <= names
    assert not any("pagefind" in name for name in names)
    assert len([n for n in names if n.startswith("briefs/")]) == 3
