"""Hostile and broken input, one file at a time: reported not fatal, bounded, never structure.

The fixtures in ``tests/fixtures/hostile/`` hold one quirk each; binary, damaged and
huge files are generated here into ``tmp_path`` instead of being committed. The
other ``test_hostile_*`` modules import the generators, the expected problems and
warnings, the canary server and the Pelican Markdown helpers from this one; the
whole-site check (one build of every fixture) is ``test_hostile_build.py``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import markdown
import pytest
from conftest import FIXTURES

from pipeline.briefs import make_slug
from pipeline.extract import analysis_options, process_file
from pipeline.model import Brief, Problem
from pipeline.settings import load_settings

HOSTILE = FIXTURES / "hostile"
SETTINGS = load_settings()
LIMIT = SETTINGS.max_article_bytes
SAFE_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
HEADER_KEYS = {
    "generated", "title", "date", "slug", "tags", "author", "summary", "brief_language",
    "date_basis", "source", "source_file", "encoding", "entities", "figures", "key_points",
    "same_story", "warnings",
}  # fmt: skip
# Text that reaches a Document: no C0/C1 controls but newline and tab, no lone
# surrogates, no U+FFFE/U+FFFF, no line separators other than LF.
FORBIDDEN_CHARS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff\u2028\u2029]"
)
REASON = re.compile(r"^(?:empty|binary data|undecodable|too large|unreadable|unparsable HTML): ")

# --- generated articles -----------------------------------------------------------------
TOO_LARGE_BYTES = 20_000_000
_TRUNCATED = (
    "Water pipes to be replaced in the old town\n\n2024-05-14\n\n"
    "The water authority approved a plan to replace ageing pipes in the old town of Łódź, "
    "officials said on Tuesday.\n\nThe programme will cost 12 million złoty over three years "
    "and should cut leaks by 30 percent in Łódź"
)
_STRAY = (
    "Cycling bridge opens in Kraków\n\n2024-05-14\n\n"
    "A new cycling bridge in Kraków opened to the public on Saturday after two years of "
    "construction.\n\nThe city expects 5,000 cyclists a day and plans a second crossing "
    "for 2028, said the mayor of Kraków.\n"
)
_MIXED_UTF8 = (
    "Café terraces may stay open until midnight\n\n2024-05-14\n\n"
    "Café owners in the old quarter may keep terraces open until midnight during the summer "
    "festival, the city said.\n\n"
)
_MIXED_CP1252 = (
    "La décision fait suite à des plaintes des riverains et à un compromis sur le bruit, "
    "a précisé la mairie après une réunion très animée.\n"
)


def generated_articles() -> dict[str, bytes]:
    """Files too binary, too damaged or too big to commit, by feature name."""
    stray = _STRAY.encode()
    stray = (
        stray[:120] + b"\xff" + stray[120:200] + b"\xc3(" + stray[200:260] + b"\xfe" + stray[260:]
    )
    rng = random.Random(7)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(4096)
    return {
        "binary_png_named.txt": png,
        "invalid_utf8_truncated_mid_character.txt": _TRUNCATED.encode()[:-1],
        "invalid_utf8_stray_bytes.txt": stray,
        "mixed_utf8_and_cp1252_lines.txt": _MIXED_UTF8.encode() + _MIXED_CP1252.encode("cp1252"),
    }


def write_generated(folder: Path) -> dict[str, Path]:
    """Write the generated articles (and a sparse file of tens of megabytes) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, data in generated_articles().items():
        paths[name] = folder / name
        paths[name].write_bytes(data)
    huge = folder / "too_large_tens_of_megabytes.txt"
    with huge.open("wb") as stream:  # sparse: instant to write, never read by the pipeline
        stream.truncate(TOO_LARGE_BYTES)
    paths[huge.name] = huge
    return paths


# Files that give no brief, with the one-line reason each must be reported with.
PROBLEMS = {
    "empty.txt": ("skipped", "empty: the file is 0 bytes"),
    "whitespace_only.txt": ("skipped", "empty: the file holds only whitespace"),
    "binary_png_named.txt": ("skipped", "binary data: the file contains NUL bytes"),
    "too_large_tens_of_megabytes.txt": (
        "skipped",
        f"too large: {TOO_LARGE_BYTES} bytes, limit {LIMIT} (BRIEFPRESS_MAX_ARTICLE_BYTES)",
    ),
}
# Files that give a brief with exactly these warnings.
WARNINGS = {
    "invalid_utf8_truncated_mid_character.txt": [
        "invalid_utf8_truncated_mid_character.txt: invalid UTF-8 (1 bad byte sequences replaced)"
    ],
    "invalid_utf8_stray_bytes.txt": [
        "invalid_utf8_stray_bytes.txt: invalid UTF-8 (3 bad byte sequences replaced)"
    ],
    "mixed_utf8_and_cp1252_lines.txt": [
        "mixed_utf8_and_cp1252_lines.txt: mixes UTF-8 with cp1252 (1 line); decoded line by line"
    ],
    "date_impossible_february_30.txt": ["impossible date '2024-02-30' in the dateline ignored"],
    "date_future_2099.txt": ["publication date 2099-07-01 is in the future"],
}


@contextmanager
def canary_server() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that records every request made to it."""
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b'body::before { content: "CANARY-HTTP-FETCHED" }')

        do_POST = do_HEAD = do_GET

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", requests
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def options():
    return analysis_options(SETTINGS)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[str, Path]:
    return write_generated(tmp_path_factory.mktemp("generated"))


def analysed(path: Path, options, name: str | None = None) -> Brief | Problem:
    return process_file(path, name or path.name, options, LIMIT)


def hostile(name: str, options) -> Brief:
    result = analysed(HOSTILE / name, options)
    assert isinstance(result, Brief), result
    return result


# --- 1. broken files are reported, not fatal ---------------------------------------------
@pytest.mark.parametrize("name", sorted(PROBLEMS))
def test_broken_file_gives_a_problem_with_a_one_line_reason(name, generated, options) -> None:
    path = generated.get(name, HOSTILE / name)
    result = analysed(path, options)
    assert result == Problem(name, *PROBLEMS[name])


def test_too_large_names_the_file_size_and_the_limit_setting(options) -> None:
    path = HOSTILE / "long_line_no_punctuation.txt"
    result = process_file(path, path.name, options, 1000)
    size = path.stat().st_size
    reason = f"too large: {size} bytes, limit 1000 (BRIEFPRESS_MAX_ARTICLE_BYTES)"
    assert result == Problem(path.name, "skipped", reason)


@pytest.mark.parametrize(
    "name",
    [n for n in sorted(WARNINGS) if n.startswith(("invalid", "mixed"))],
)
def test_damaged_encoding_is_decoded_with_a_warning_naming_the_file(
    name, generated, options
) -> None:
    brief = analysed(generated[name], options)
    assert isinstance(brief, Brief)
    assert (brief.warnings, brief.encoding) == (WARNINGS[name], "utf-8")
    assert "\ufffd" not in brief.title


def test_mixed_encodings_keep_both_halves_readable(generated, options) -> None:
    brief = analysed(generated["mixed_utf8_and_cp1252_lines.txt"], options)
    text = " ".join(brief.body)
    assert "Café owners" in text and "La décision fait suite à des plaintes" in text


def test_amharic_is_kept_as_undetermined_not_mislabelled(options) -> None:
    brief = hostile("script_amharic.txt", options)
    assert brief.language == "und"
    assert brief.title == "የአዲስ አበባ ከተማ አስተዳደር አዲስ የውሃ ፕሮጀክት ጀመረ"
    assert len(brief.body) == 2 and brief.body[0].startswith("የአዲስ አበባ ከተማ")
    assert SAFE_SLUG.match(make_slug(brief))


def test_georgian_is_kept_with_its_language_code(options) -> None:
    brief = hostile("script_georgian.txt", options)
    assert brief.language == "ka"
    assert brief.title == "თბილისის მერიამ წყალმომარაგების ახალი პროექტი დაიწყო"
    assert len(brief.body) == 2


def test_impossible_date_is_dropped_with_a_warning(options) -> None:
    brief = hostile("date_impossible_february_30.txt", options)
    assert (brief.date, brief.date_basis) == (None, "none")
    assert brief.warnings == WARNINGS["date_impossible_february_30.txt"]


def test_future_date_is_kept_with_a_warning(options) -> None:
    brief = hostile("date_future_2099.txt", options)
    assert brief.date == dt.date(2099, 7, 1)
    assert brief.warnings == WARNINGS["date_future_2099.txt"]


def test_file_name_with_spaces_parentheses_and_non_ascii_letters(options) -> None:
    name = "file name with spaces (copy) zażółć ñandú.txt"
    brief = hostile(name, options)
    assert brief.file == name
    assert brief.title == "Library reading room reopens after renovation"
    assert SAFE_SLUG.match(make_slug(brief))


# --- 5. bounded -----------------------------------------------------------------------------
# These guard against run-away (quadratic or worse) analysis, not for speed (see bench/):
# they count this process's CPU seconds, after a short text of the same kind has loaded
# whatever models the analysis loads once, so a busy machine does not fail them.
def cpu_seconds_to_analyse(path: Path, options, tmp_path: Path) -> tuple[float, Brief | Problem]:
    text = path.read_text(encoding="utf-8")
    short = tmp_path / f"short-{path.name}"
    short.write_text(text[:500], encoding="utf-8")
    analysed(short, options)
    start = time.process_time()
    result = analysed(path, options)
    return time.process_time() - start, result


def test_long_line_without_punctuation_is_analysed_within_seconds(options, tmp_path) -> None:
    seconds, brief = cpu_seconds_to_analyse(
        HOSTILE / "long_line_no_punctuation.txt", options, tmp_path
    )
    assert seconds < 3
    assert isinstance(brief, Brief), brief
    assert brief.warnings == ["no title line", "no publication date found"]
    assert len(brief.summary) <= SETTINGS.summary_max_chars


SIZE = 100_000
PATHOLOGICAL = {
    "one_run_of_letters.txt": "a" * SIZE,
    "hashes_and_letters.txt": "#a" * (SIZE // 2),
    "capitalised_words_without_punctuation.txt": "Abc " * (SIZE // 4),
    "opening_brackets.md": "[" * SIZE,
    "unclosed_links.md": "[a](" * (SIZE // 4),
    "unclosed_strong.md": "**a " * (SIZE // 4),
    "unclosed_emphasis.md": "_a " * (SIZE // 3),
    "unclosed_comments.md": "<!--" * (SIZE // 4),
    "opening_angle_brackets.html": "<html><body><p>" + "<" * SIZE + "</p>",
    "deeply_nested.html": "<html><body>" + "<div>" * (SIZE // 5) + "text",
    "long_run_of_spaces.txt": "a" + " " * SIZE + "b",
    "cjk_without_punctuation.txt": "東京都の会議で" * (SIZE // 7),
}


def test_text_longer_than_the_limit_is_refused_as_too_large(tmp_path) -> None:
    settings = dataclasses.replace(SETTINGS, max_article_chars=2000)
    path = HOSTILE / "long_line_no_punctuation.txt"
    result = process_file(path, path.name, analysis_options(settings), LIMIT)
    chars = len(path.read_text(encoding="utf-8"))
    reason = f"too large: {chars} characters of text, limit 2000 (BRIEFPRESS_MAX_ARTICLE_CHARS)"
    assert result == Problem(path.name, "skipped", reason)


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_text_is_handled_within_seconds(name, tmp_path, options) -> None:
    path = tmp_path / name
    path.write_text(PATHOLOGICAL[name], encoding="utf-8")
    seconds, result = cpu_seconds_to_analyse(path, options, tmp_path)
    assert seconds < 5, name
    assert isinstance(result, Brief | Problem)


# --- helpers shared by the other test_hostile_* modules -----------------------------------
def pelican_markdown() -> markdown.Markdown:
    """A Markdown converter configured as Pelican's reader is (pelicanconf ``MARKDOWN``)."""
    conf = SETTINGS.pelican["MARKDOWN"]
    return markdown.Markdown(
        extensions=list(conf["extension_configs"]),
        extension_configs=conf["extension_configs"],
        output_format=conf["output_format"],
    )


def pelican_meta(text: str) -> dict[str, list[str]]:
    """The metadata Pelican's Markdown reader sees in a brief file (its meta extension)."""
    md = pelican_markdown()
    md.convert(text)
    return md.Meta


class Rendered(HTMLParser):
    """The elements and the text of an HTML fragment."""

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)
