"""Interface translations: extract the theme's strings, keep the .po catalogs, compile .mo.

The .po files under ``theme/translations/<locale>/LC_MESSAGES/`` are the source
(edited by translators, committed); the .mo files are compiled at build time and
git-ignored. Message ids are English, so a string a catalog lacks simply shows
in English; the build reports each such gap as a warning.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import BinaryIO

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from babel.support import NullTranslations, Translations

from .files import load_json_dict, write_text_atomic

DOMAIN = "messages"
PROJECT = "Briefpress"
HEADER = (
    "# Interface strings of the Briefpress theme.\n"
    "# Update: pipeline.site.update_catalogs(); the build compiles .mo.\n#"
)
PIPELINE = Path(__file__).resolve().parent
# Python modules whose gettext(...) / N_(...) strings appear on the site.
PYTHON_SOURCES = ("pelican_plugin.py", "site_format.py", "site_pages.py")
JINJA_OPTIONS = {"trimmed": "true", "newstyle_gettext": "true", "silent": "false"}
MISSING_SHOWN = 5


def translations_dir(theme: Path) -> Path:
    return theme / "translations"


def po_path(theme: Path, locale: str) -> Path:
    return translations_dir(theme) / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def collect_messages(theme: Path) -> Catalog:
    """Every interface string: the theme's templates and the plugin's Python code."""
    catalog = Catalog(project=PROJECT, header_comment=HEADER, fuzzy=False)
    sources: list[tuple[str, Path, str]] = [
        ("jinja2", path, path.relative_to(theme).as_posix())
        for path in sorted((theme / "templates").rglob("*.html"))
    ]
    sources += [("python", PIPELINE / name, f"pipeline/{name}") for name in PYTHON_SOURCES]
    for method, path, location in sources:
        options = JINJA_OPTIONS if method == "jinja2" else None
        for lineno, message, comments, context in extract_from_file(method, path, options=options):
            catalog.add(
                message, locations=[(location, lineno)], auto_comments=comments, context=context
            )
    return catalog


def write_template(theme: Path, pot: Path | None = None) -> Path:
    """Write the template catalog (``messages.pot``) from the theme; return its path."""
    pot = pot or translations_dir(theme) / f"{DOMAIN}.pot"
    _write_catalog(pot, collect_messages(theme), write_po)
    return pot


def update_po_files(theme: Path, locales: list[str]) -> list[Path]:
    """Bring each locale's .po up to date with the theme (new strings empty, old ones obsolete)."""
    template = collect_messages(theme)
    _write_catalog(translations_dir(theme) / f"{DOMAIN}.pot", template, write_po)
    written = []
    for locale in locales:
        path = po_path(theme, locale)
        if path.exists():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=locale)
        else:
            catalog = Catalog(locale=locale, project=PROJECT, header_comment=HEADER, fuzzy=False)
        catalog.update(template)
        _write_catalog(path, catalog, write_po)
        written.append(path)
    return written


def compile_catalogs(theme: Path, locales: list[str], memo: Path | None = None) -> list[str]:
    """Compile each locale's .po to .mo; return warnings for gaps and broken placeholders.

    With ``memo`` (a file in the build's cache folder), catalogs already compiled from
    the same templates, code and .po files are left as they are, and the warnings of
    that compilation are returned again: extracting the theme's strings takes half a
    second, a lot for a build that changed one brief.
    """
    key = _catalogs_key(theme, locales)
    if memo is not None:
        known = load_json_dict(memo)
        compiled = all(
            po_path(theme, loc).with_suffix(".mo").is_file()
            for loc in locales
            if po_path(theme, loc).exists()
        )
        if compiled and known.get("key") == key and isinstance(known.get("warnings"), list):
            return [str(w) for w in known["warnings"]]
    warnings = _compile(theme, locales)
    if memo is not None:
        write_text_atomic(memo, json.dumps({"key": key, "warnings": warnings}))
    return warnings


def _catalogs_key(theme: Path, locales: list[str]) -> str:
    """A hash of everything ``compile_catalogs`` reads."""
    digest = hashlib.sha256(json.dumps([locales, version("babel")]).encode())
    sources = sorted((theme / "templates").rglob("*.html"))
    sources += [PIPELINE / name for name in PYTHON_SOURCES]
    sources += [po_path(theme, locale) for locale in locales]
    for path in sources:
        digest.update(f"\0{path}\0".encode())
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


def _compile(theme: Path, locales: list[str]) -> list[str]:
    expected = [m for m in collect_messages(theme) if m.id]
    warnings: list[str] = []
    for locale in locales:
        path = po_path(theme, locale)
        if not path.exists():
            warnings.append(f"{locale}: no interface catalog at {path}; shown in English")
            continue
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        missing = [_label(m) for m in expected if not _translated(catalog.get(m.id, m.context))]
        if missing:
            shown = ", ".join(repr(m) for m in missing[:MISSING_SHOWN])
            more = (
                f" and {len(missing) - MISSING_SHOWN} more" if len(missing) > MISSING_SHOWN else ""
            )
            warnings.append(
                f"{locale}: {len(missing)} interface string(s) not translated, shown in "
                f"English: {shown}{more}"
            )
        for message, errors in catalog.check():
            warnings += [f"{locale}: {_label(message)!r}: {error}" for error in errors]
        _write_catalog(path.with_suffix(".mo"), catalog, write_mo)
    load_translations.cache_clear()
    return warnings


@lru_cache(maxsize=16)
def load_translations(theme: Path, locale: str) -> NullTranslations:
    """The compiled catalog of ``locale``; English (the message ids) when there is none."""
    return Translations.load(str(translations_dir(theme)), [locale], DOMAIN)


def _translated(message: Message | None) -> bool:
    if message is None or message.fuzzy:
        return False
    strings = message.string if isinstance(message.string, tuple | list) else [message.string]
    return all(strings)


def _label(message: Message) -> str:
    return message.id[0] if isinstance(message.id, tuple | list) else message.id


def _write_catalog(
    path: Path, catalog: Catalog, writer: Callable[[BinaryIO, Catalog], None]
) -> None:
    """Write through a temporary file so two builds never leave half a catalog."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("wb") as handle:
        writer(handle, catalog)
    tmp.replace(path)
