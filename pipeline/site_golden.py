"""The golden sample site: a small site built from hand-made briefs, kept as committed text.

``tests/test_golden_site.py`` builds it and compares it file by file with the
copy under ``tests/golden/site/``, so any change to the theme, the
translations, the feeds or the sitemap shows up as a reviewable diff.
After an intended change, regenerate the copy with ``regenerate_golden()``
(or run the test with ``UPDATE_GOLDEN=1``) and review the diff before committing.

Everything that could vary between builds is pinned here: the briefs, the
interface locales, the digests and the settings file. Only text outputs are
kept; the search index is binary and is checked by the browser tests.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from pathlib import Path

from .search import BUNDLE_FILE
from .settings import PROJECT_ROOT, load_settings
from .site import build_site

FIXTURES = PROJECT_ROOT / "tests" / "fixtures" / "golden"
GOLDEN_SITE = PROJECT_ROOT / "tests" / "golden" / "site"
LOCALES = ["en", "pl"]
TEXT_SUFFIXES = (".html", ".xml", ".json", ".txt")
DIGESTS = [
    {"id": "2025-W20", "title": "Przegląd tygodnia 2025-W20", "kind": "period",
     "period": "2025-W20", "tag": None, "locale": "pl", "path": "pdf/digests/2025-W20-pl.pdf",
     "count": 2},
    {"id": "topic-cbdc", "title": "Topic digest: CBDC", "kind": "topic", "period": None,
     "tag": "CBDC", "locale": "en", "path": "pdf/digests/topic-cbdc-en.pdf", "count": 2},
]  # fmt: skip

__all__ = ["GOLDEN_SITE", "build_golden_site", "golden_files", "regenerate_golden"]


def build_golden_site(workdir: Path) -> Path:
    """Build the sample site under ``workdir``; return its output folder."""
    briefs = workdir / "briefs"
    shutil.copytree(FIXTURES, briefs)
    settings = dataclasses.replace(load_settings(), locales=list(LOCALES))
    output = workdir / "output"
    build_site(settings, briefs, output, DIGESTS)
    return output


def golden_files(folder: Path) -> dict[str, str]:
    """The compared files of a built site: relative path → text."""
    files = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        skipped = any(
            part.startswith(".") or BUNDLE_FILE.fullmatch(f"{part}/") for part in relative.parts
        )
        if path.is_file() and path.suffix in TEXT_SUFFIXES and not skipped:
            files[relative.as_posix()] = path.read_text(encoding="utf-8")
    return files


def regenerate_golden(target: Path = GOLDEN_SITE) -> list[str]:
    """Rebuild the sample site and replace the committed copy; return the files written."""
    with tempfile.TemporaryDirectory(prefix="briefpress-golden-") as tmp:
        files = golden_files(build_golden_site(Path(tmp)))
    shutil.rmtree(target, ignore_errors=True)
    for relative, text in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(files)
