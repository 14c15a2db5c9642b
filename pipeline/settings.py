"""Briefpress settings, read from the ``BRIEFPRESS_`` names of ``pelicanconf.py``.

The defaults live in ``pelicanconf.py`` itself (one documented place); this module
only gives them types and resolves paths against the project folder.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import BriefpressError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = PROJECT_ROOT / "pelicanconf.py"
# Settings that decide how a build runs, never what it writes: changing one rebuilds nothing.
RUN_SETTINGS = frozenset({"BRIEFPRESS_OVERLAP_MAX_BRIEFS"})


@dataclass(frozen=True)
class Settings:
    """The pipeline's view of the configuration; paths are absolute."""

    root: Path
    config_file: Path
    articles: Path
    briefs: Path
    entities: Path
    output: Path
    theme: Path
    max_article_bytes: int
    max_article_chars: int
    locales: list[str]
    summary_max_chars: int
    key_points: int
    digest_period: str
    digest_latest: int
    digest_locales: list[str]
    overlap_max_briefs: int = field(default=2000, repr=False)  # how a build runs, not what
    pelican: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def default_locale(self) -> str:
        return self.locales[0]

    def fingerprint(self) -> str:
        """Every setting the output may depend on, as text to hash: all of them but those
        that only decide how a build runs (``RUN_SETTINGS``) and where the folders are.
        What a folder holds is hashed by the stage that reads it, so a project that is
        moved or renamed keeps its caches and rebuilds nothing."""
        values = [
            (f.name, value)
            for f in fields(self)
            if f.repr and not isinstance(value := getattr(self, f.name), Path)
        ]
        kept = sorted((k, v) for k, v in self.pelican.items() if k not in RUN_SETTINGS)
        return f"{values!r}\0{kept!r}"

    def overlaps(self, briefs: int) -> bool:
        """Whether a build of ``briefs`` briefs runs the search indexer, and a small
        rebuild's PDFs, alongside the site's renderers (``BRIEFPRESS_OVERLAP_MAX_BRIEFS``);
        a larger one also runs its briefs stage in a process of its own."""
        return briefs <= self.overlap_max_briefs

    def with_paths(self, articles: Path | None = None, output: Path | None = None) -> Settings:
        """Settings for building another folder of articles into another output.

        The briefs then go beside the output (``<output>/../<name>-briefs``) so the
        repository's own ``content/`` is never touched.
        """
        changes: dict[str, Path] = {}
        if articles is not None:
            changes["articles"] = articles.resolve()
        if output is not None:
            output = output.resolve()
            changes["output"] = output
            if articles is not None:
                changes["briefs"] = output.parent / f".{output.name}-briefs"
        return replace(self, **changes)


def load_module(path: Path) -> dict[str, Any]:
    """Execute a Pelican-style settings file and return its upper-case names."""
    spec = importlib.util.spec_from_file_location(f"_briefpress_conf_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise BriefpressError(f"{path}: cannot load settings")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {k: v for k, v in vars(module).items() if k.isupper()}


def load_settings(config_file: Path = DEFAULT_CONFIG) -> Settings:
    """Read ``config_file`` (``pelicanconf.py`` or ``publishconf.py``) into ``Settings``.

    Every invalid value is reported at once, then the build stops.
    """
    config_file = config_file.resolve()
    root = config_file.parent
    values = load_module(config_file)
    errors = []
    locales = list(values.get("BRIEFPRESS_LOCALES", ["en"]))
    if not locales:
        errors.append("BRIEFPRESS_LOCALES must name at least one locale")
    period = values.get("BRIEFPRESS_DIGEST_PERIOD", "week")
    if period not in ("week", "month"):
        errors.append(f"BRIEFPRESS_DIGEST_PERIOD must be 'week' or 'month', not {period!r}")
    points = int(values.get("BRIEFPRESS_KEY_POINTS", 5))
    if not 3 <= points <= 5:
        errors.append(f"BRIEFPRESS_KEY_POINTS must be between 3 and 5, not {points}")
    patterns = values.get("PAGINATION_PATTERNS")
    if values.get("STABLE_PAGES") and patterns and not any(r[0] >= 2 for r in patterns):
        # Pages after the first are named by the rule for page 2 and on (site_pagination).
        errors.append("STABLE_PAGES needs a PAGINATION_PATTERNS rule for pages 2 and on")
    if errors:
        raise BriefpressError(f"{config_file}: " + "; ".join(errors))
    return Settings(
        root=root,
        config_file=config_file,
        articles=root / values.get("BRIEFPRESS_ARTICLES", "content/articles"),
        briefs=root / values.get("BRIEFPRESS_BRIEFS", "content/briefs"),
        entities=root / values.get("BRIEFPRESS_ENTITIES", "content/entities.toml"),
        output=root / values.get("OUTPUT_PATH", "output"),
        theme=root / values.get("THEME", "theme"),
        max_article_bytes=int(values.get("BRIEFPRESS_MAX_ARTICLE_BYTES", 5_000_000)),
        max_article_chars=int(values.get("BRIEFPRESS_MAX_ARTICLE_CHARS", 100_000)),
        locales=locales,
        summary_max_chars=int(values.get("BRIEFPRESS_SUMMARY_MAX_CHARS", 400)),
        key_points=points,
        digest_period=period,
        digest_latest=int(values.get("BRIEFPRESS_DIGEST_LATEST", 20)),
        digest_locales=list(values.get("BRIEFPRESS_DIGEST_LOCALES", ["en"])),
        overlap_max_briefs=int(values.get("BRIEFPRESS_OVERLAP_MAX_BRIEFS", 2000)),
        pelican=values,
    )
