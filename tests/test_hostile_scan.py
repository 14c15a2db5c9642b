"""Scanners for built output: what would execute, load or leave the site, per file type.

``test_hostile_build.py`` runs them over every file of the hostile site. The tests
here feed them known-bad snippets, so a scanner that stopped seeing a problem
would fail here instead of letting the build tests pass silently.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import REPO
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import DictionaryObject, IndirectObject, NameObject, TextStringObject

# Theme scripts are external files; article text never adds one.
THEME_SCRIPTS = ("/pagefind/pagefind-ui.js", "/theme/js/search.js")
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "data", "poster", "srcset", "xlink:href",
    "background", "cite", "longdesc", "manifest", "ping", "codebase", "lowsrc", "dynsrc",
}  # fmt: skip
BAD_SCHEME = re.compile(r"^(?:javascript|vbscript|data|file|livescript):", re.IGNORECASE)
CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]+")
PDF_ACTIONS = {"/JS", "/JavaScript", "/Launch", "/EmbeddedFiles", "/SubmitForm", "/ImportData"}


@cache
def theme_tags() -> frozenset[str]:
    """Every element the theme's templates write, plus the body's paragraphs."""
    tags = {"p", "html", "head", "body"}
    for template in (REPO / "theme" / "templates").glob("*.html"):
        tags |= {t.lower() for t in re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", template.read_text())}
    return frozenset(tags)


class MarkupScan(HTMLParser):
    """What an HTML document would execute or load: elements, handlers, URLs, scripts.

    ``problems`` lists event handlers, ``javascript:``/``data:``/``file:`` URLs (in any
    case, with spaces or controls inside), URLs to ``forbidden_host``, refresh redirects
    and every script that is not one of the theme's own files; ``unknown`` the
    elements no theme template writes.
    """

    def __init__(self, text: str, forbidden_host: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.forbidden_host = forbidden_host
        self.tags: set[str] = set()
        self.problems: list[str] = []
        self.text: list[str] = []
        self._in_script = False
        self.feed(text)
        self.close()

    @property
    def unknown(self) -> set[str]:
        return self.tags - theme_tags()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            url = CONTROL_OR_SPACE.sub("", value)
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            elif name in URL_ATTRIBUTES and (
                BAD_SCHEME.match(url) or (self.forbidden_host and self.forbidden_host in url)
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if values.get("http-equiv", "").lower() == "refresh":
            self.problems.append(f"<{tag} http-equiv=refresh>")
        if tag == "script":
            self._in_script = True
            if not values.get("src", "").endswith(THEME_SCRIPTS):
                self.problems.append(f"<script src={values.get('src')!r}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.problems.append(f"inline script {data[:40]!r}")
        self.text.append(data)


def bad_urls(value: object) -> list[str]:
    """Every string in a JSON document that is a ``javascript:``, ``data:`` or ``file:`` URL."""
    if isinstance(value, dict):
        return [url for item in value.values() for url in bad_urls(item)]
    if isinstance(value, list):
        return [url for item in value for url in bad_urls(item)]
    if isinstance(value, str) and BAD_SCHEME.match(CONTROL_OR_SPACE.sub("", value)):
        return [value]
    return []


def pagefind_fragments(folder: Path) -> list[dict]:
    """The Pagefind fragments (one per indexed page) under ``folder``, decoded."""
    fragments = []
    for path in sorted(folder.rglob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        fragments.append(json.loads(data[data.index(b"{") :]))
    return fragments


@cache
def pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def pdf_problems(path: Path, forbidden_host: str = "") -> list[str]:
    """Actions (JavaScript, launch, forms, attachments) and bad link targets in a PDF."""
    problems = []
    seen: set[int] = set()
    stack: list[object] = [PdfReader(path).trailer]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if item.idnum in seen:
                continue
            seen.add(item.idnum)
            item = item.get_object()
        if isinstance(item, dict):
            problems += [str(key) for key in item if str(key) in PDF_ACTIONS]
            uri = str(item.get("/URI", ""))
            if BAD_SCHEME.match(uri) or (forbidden_host and forbidden_host in uri):
                problems.append(f"/URI {uri}")
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif str(item) in PDF_ACTIONS:
            problems.append(str(item))
    return problems


def tree_hashes(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` by relative path, with the SHA-256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# --- the scanners see what they must ---------------------------------------------------
@pytest.mark.parametrize(
    "snippet",
    [
        "<p OnClIcK='alert(1)'>x</p>",
        '<a href=" JaVa&#x09;ScRiPt:alert(1)">x</a>',
        '<a href="DATA:text/html;base64,PHNjcmlwdD4=">x</a>',
        '<img src="file:///etc/passwd">',
        '<img src="http://127.0.0.1:9999/x.png">',
        "<script>alert(1)</script>",
        '<script src="https://evil.example/x.js"></script>',
        '<meta http-equiv="Refresh" content="0;url=https://evil.example/">',
        '<form><button formaction="javascript:alert(1)">x</button></form>',
    ],
)
def test_markup_scan_flags_what_would_run_or_load(snippet: str) -> None:
    assert MarkupScan(snippet, "127.0.0.1:9999").problems


@pytest.mark.parametrize("tag", ["iframe", "object", "embed", "svg", "math", "frameset", "base"])
def test_markup_scan_flags_elements_the_theme_never_writes(tag: str) -> None:
    assert MarkupScan(f"<{tag}></{tag}>").unknown == {tag}


def test_markup_scan_accepts_the_theme_and_escaped_text() -> None:
    scan = MarkupScan(
        '<p>&lt;script&gt;alert(1)&lt;/script&gt; <a href="../briefs/x.html">x</a></p>'
        '<script src="../theme/js/search.js" defer></script>',
        "127.0.0.1:9999",
    )
    assert (scan.problems, scan.unknown) == ([], set())
    assert "<script>alert(1)</script>" in "".join(scan.text)


def test_bad_urls_are_found_anywhere_in_json() -> None:
    data = {"items": [{"url": "https://x.example/", "tags": ["JavaScript:alert(1)"]}]}
    assert bad_urls(data) == ["JavaScript:alert(1)"]


def test_pdf_scan_flags_javascript_and_bad_links(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    action = {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")}
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(action)
    writer.add_annotation(0, Link(rect=(0, 0, 10, 10), url="javascript:alert(2)"))
    path = tmp_path / "hostile.pdf"
    writer.write(path)
    problems = pdf_problems(path)
    assert "/JavaScript" in problems and "/URI javascript:alert(2)" in problems
    clean = tmp_path / "clean.pdf"
    blank = PdfWriter()
    blank.add_blank_page(100, 100)
    blank.write(clean)
    assert pdf_problems(clean) == []
