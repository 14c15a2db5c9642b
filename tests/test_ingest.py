"""Reading article files: checks, decoding, normalisation, HTML and Markdown."""

from __future__ import annotations

import codecs
import json
import socket
import unicodedata
from pathlib import Path

import pytest

from pipeline.errors import ArticleRejected
from pipeline.ingest import iter_article_files, read_document

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
LIMIT = 1_000_000
# Typographic punctuation some legacy code pages lack, and its plain replacement.
PLAIN_PUNCTUATION = str.maketrans(
    {"„": '"', "”": '"', "“": '"', "«": '"', "»": '"', "–": "-", "—": "-"}
)


def source(name: str) -> str:
    return (FIXTURES / f"source_{name}.txt").read_text(encoding="utf-8")


def read(path: Path, max_bytes: int = LIMIT):
    return read_document(path, path.name, max_bytes)


def rejected(path: Path, max_bytes: int = LIMIT) -> ArticleRejected:
    with pytest.raises(ArticleRejected) as caught:
        read(path, max_bytes)
    return caught.value


# --- the sample corpus -------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_encoding_and_text(name: str) -> None:
    document = read(CORPUS / "articles" / name)
    assert document.encoding == EXPECTED[name]["encoding"]
    assert document.warnings == []
    assert "\r" not in document.text and "\ufeff" not in document.text
    if name.endswith(".txt"):
        assert document.format == "txt"
        assert document.text == (CORPUS / "src" / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [n for n in sorted(EXPECTED) if n.endswith(".html")])
def test_corpus_html_hints_and_main_text(name: str) -> None:
    expected = EXPECTED[name]
    document = read(CORPUS / "articles" / name)
    assert document.format == "html"
    assert document.hints["title"] == expected["title"]
    assert document.hints["author"] == expected["author"]
    assert document.hints["source"] == expected["source"]
    assert document.hints["date"] == expected["date"]
    assert document.hints["language"] == expected["language"]
    lines = document.text.split("\n")
    assert lines[0] == expected["title"]  # U+3000 kept, unlike trafilatura's own output
    assert all(figure in document.text for figure in expected["figures"])
    boilerplate = [
        "cookie", "Cookie", "Share", "この記事をシェア", "はてブ", "Read more", "関連記事",
        "Subscribe", "About us", "Home", "ホーム", "English", "한국어", "All Rights Reserved",
        "All rights reserved", "利用規約", "Accept all", "同意する",
    ]  # fmt: skip
    assert [word for word in boilerplate if word in document.text] == []
    assert len(lines) >= 7  # one paragraph per line


def test_crlf_corpus_file_becomes_lf() -> None:
    raw = (CORPUS / "articles" / "en-ai-funding-crlf.txt").read_bytes()
    assert b"\r\n" in raw
    assert "\r" not in read(CORPUS / "articles" / "en-ai-funding-crlf.txt").text


def test_japanese_seed_reads_as_utf8_text() -> None:
    path = next((SHARED / "seeds").glob("002_*.txt"))
    document = read(path)
    assert (document.format, document.encoding, document.warnings) == ("txt", "utf-8", [])
    assert document.text.split("\n")[4] == "2024-09-04"


# --- encodings, generated from UTF-8 sources -----------------------------------------------

ENCODINGS = [
    # (source, how to encode, codecs that decode to the same text)
    ("pl", "utf-8", {"utf-8"}),
    ("de", "utf-8-sig", {"utf-8-sig"}),
    ("uk", "utf-16", {"utf-16"}),  # BOM written by Python, native order
    ("ja", "utf-16-be-bom", {"utf-16"}),
    ("zh_hans", "utf-32", {"utf-32"}),
    ("fr", "utf-16-le", {"utf-16-le"}),  # no BOM
    ("pl", "cp1250", {"cp1250"}),
    ("pl", "iso8859-2", {"iso8859-2"}),
    ("ja", "shift_jis", {"shift_jis"}),
    ("ja", "euc_jp", {"euc_jp"}),
    ("ja", "iso2022_jp", {"iso2022_jp"}),
    ("zh_hans", "gb18030", {"gb18030", "gbk", "gb2312"}),
    ("zh_hant", "big5", {"big5", "cp950"}),
    ("ko", "euc_kr", {"euc_kr", "cp949"}),
    ("ru", "koi8_r", {"koi8-r"}),
    ("uk", "cp1251", {"cp1251"}),
    ("fr", "cp1252", {"cp1252", "iso8859-1", "iso8859-15"}),
    ("de", "cp1252", {"cp1252", "iso8859-1", "iso8859-15"}),
]


def encode(text: str, how: str) -> bytes:
    if how == "utf-16-be-bom":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    try:
        return text.encode(how)
    except UnicodeEncodeError:
        return text.translate(PLAIN_PUNCTUATION).encode(how)


@pytest.mark.parametrize(
    ("lang", "how", "family"),
    ENCODINGS,
    ids=lambda v: "+".join(sorted(v)) if isinstance(v, (set, frozenset)) else str(v),
)
def test_encoding_decodes_to_original_text(
    tmp_path: Path, lang: str, how: str, family: set[str]
) -> None:
    data = encode(source(lang), how)
    path = tmp_path / f"{lang}-{how}.txt"
    path.write_bytes(data)
    document = read(path)
    expected = data.decode(how.replace("-be-bom", ""))
    assert document.text == expected.lstrip("\ufeff")
    assert document.encoding in family
    assert document.warnings == []


@pytest.mark.parametrize("codec", ["utf-8", "cp1250"])
def test_crlf_and_cr_line_endings_become_lf(tmp_path: Path, codec: str) -> None:
    text = source("pl")
    path = tmp_path / "crlf.txt"
    path.write_bytes(text.replace("\n", "\r\n").encode(codec))
    assert read(path).text == text
    path.write_bytes(text.replace("\n", "\r").encode(codec))
    assert read(path).text == text


def test_short_ambiguous_legacy_text_is_decoded_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_bytes(source("pl")[:80].encode("cp1250"))
    document = read(path)
    assert document.text == source("pl")[:80]
    assert document.warnings == ["short.txt: decoded as cp1250 with low confidence"]


def test_truncated_utf8_keeps_utf8_with_a_warning() -> None:
    document = read(FIXTURES / "utf8_truncated_mid_character.txt")
    assert document.encoding == "utf-8"
    assert document.text == source("ja").rstrip("\n")[:-1] + "\ufffd"
    assert document.warnings == [
        "utf8_truncated_mid_character.txt: invalid UTF-8 (1 bad byte sequences replaced)"
    ]


def test_one_corrupt_byte_is_replaced_not_reinterpreted() -> None:
    document = read(FIXTURES / "utf8_one_corrupt_byte.txt")
    assert document.encoding == "utf-8"
    assert document.text == source("pl").replace("przełom", "\ufffdprzełom")
    assert document.warnings == [
        "utf8_one_corrupt_byte.txt: invalid UTF-8 (1 bad byte sequences replaced)"
    ]


def test_file_mixing_utf8_and_cp1250_is_decoded_line_by_line() -> None:
    document = read(FIXTURES / "mixed_utf8_and_cp1250.txt")
    extra = "Udostępnij artykuł znajomym – źródło: Bałtycka Energia, Gdańsk\n"
    assert document.text == source("pl") + extra
    assert document.warnings == [
        "mixed_utf8_and_cp1250.txt: mixes UTF-8 with cp1250 (1 line); decoded line by line"
    ]


def test_control_characters_nul_and_stray_bom_are_stripped() -> None:
    document = read(FIXTURES / "controls_and_cr_line_endings.txt")
    assert document.text == "Tytuł z dzwonkiem\nAkapit pierwszy.\n\nAkapit drugi.\n"


def test_decomposed_text_is_nfc_normalised() -> None:
    text = read(FIXTURES / "nfd_decomposed_accents.txt").text
    assert text == "Żółć gęślą jaźń\n\nCafé crème à Genève.\n"
    assert unicodedata.is_normalized("NFC", text)


# --- files that are not articles ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "empty: the file is 0 bytes"),
        ("whitespace_only.txt", "empty: the file holds only whitespace"),
        ("binary_png_named_txt.txt", "binary data: the file contains NUL bytes"),
        ("binary_control_characters.txt", "binary data: mostly control characters"),
    ],
)
def test_non_articles_are_skipped_with_a_reason(name: str, reason: str) -> None:
    error = rejected(FIXTURES / name)
    assert (error.name, error.reason, error.status) == (name, reason, "skipped")


def test_too_large_is_checked_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 300, encoding="utf-8")

    def no_reading(self: Path) -> bytes:
        raise AssertionError("a too-large file must not be read")

    monkeypatch.setattr(Path, "read_bytes", no_reading)
    error = rejected(path, max_bytes=1000)
    assert error.reason == "too large: 1500 bytes, limit 1000 (BRIEFPRESS_MAX_ARTICLE_BYTES)"
    assert error.status == "skipped"


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    error = rejected(tmp_path / "gone.txt")
    assert error.status == "error"
    assert error.reason.startswith("unreadable: ")
    assert "\n" not in error.reason


def test_folder_is_not_an_article(tmp_path: Path) -> None:
    error = rejected(tmp_path)
    assert (error.reason, error.status) == ("unreadable: not a regular file", "error")


# --- HTML ---------------------------------------------------------------------------------


def test_html_boilerplate_is_removed_and_published_date_kept() -> None:
    document = read(FIXTURES / "html_boilerplate_nav_cookie_share_footer.html")
    assert document.hints == {
        "title": "Harbour city approves electric ferry fleet",
        "author": "Priya Natarajan",
        "date": "2025-02-18",  # article:published_time, not article:modified_time
        "source": "The Estuary Courier",
        "language": "en",
    }
    lines = document.text.split("\n")
    assert lines[0] == "Harbour city approves electric ferry fleet"
    assert lines[1].startswith("The city council voted on Monday")
    assert lines[-1].startswith("The harbour authority said")
    assert len(lines) == 5
    for noise in ("cookie", "Share", "Read more", "Cymraeg", "Home", "Privacy", "©", "Accept"):
        assert noise not in document.text


def test_html_title_from_title_tag_loses_site_suffix() -> None:
    document = read(FIXTURES / "html_title_tag_with_site_suffix.html")
    assert document.hints["title"] == "Landkreis testet Rufbusse auf dem Land"
    assert document.hints["source"] == "Oberland Anzeiger"
    assert document.hints["date"] == "2025-03-04"
    assert document.text.startswith("Der Landkreis startet im April")


def test_html_json_ld_graph_gives_authors_publisher_and_published_date() -> None:
    document = read(FIXTURES / "html_json_ld_graph_only.html")
    assert document.hints == {
        "title": "Gdańsk kupi tramwaje niskopodłogowe",
        "author": "Anna Kowalczyk, Jan Zieliński",
        "date": "2025-01-21",
        "source": "Portal Pomorski",
        "language": "pl",
    }


def test_html_declared_legacy_charset_is_used() -> None:
    document = read(FIXTURES / "html_legacy_charset_windows_1250.html")
    assert document.encoding == "cp1250"
    assert document.hints["title"] == "Brno rozšíří síť sdílených kol"
    assert "„Chceme, aby kolo bylo běžnou součástí" in document.text
    assert document.warnings == []


def test_html_short_page_keeps_its_text_without_the_nav() -> None:
    document = read(FIXTURES / "html_short_page_with_nav.html")
    assert document.text == (
        "Bridge closed for repairs\n"
        "The city closed the old bridge on Monday for two weeks of repairs."
    )


def test_html_without_extension_is_sniffed() -> None:
    document = read(FIXTURES / "html_sniffed_without_extension")
    assert document.format == "html"
    assert "<" not in document.text


def test_html_is_never_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("ingest tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    for path in [CORPUS / "articles" / "en-cloud-outage.html", *FIXTURES.glob("html_*")]:
        assert read(path).text


# --- Markdown -----------------------------------------------------------------------------


def test_markdown_front_matter_and_plain_body() -> None:
    document = read(FIXTURES / "md_front_matter_inline_lists.md")
    assert document.format == "md"
    assert document.hints == {
        "title": "Port w Gdyni testuje autonomiczne holowniki",
        "date": "2024-09-04",
        "author": "Marta Nowak",
        "source": "Morski Przegląd",
        "language": "pl",
        "tags": "porty, autonomia, żegluga",
    }
    assert document.text.split("\n\n") == [
        "Port w Gdyni testuje autonomiczne holowniki",
        "Zarząd portu rozpoczął testy dwóch holowników, które mogą pływać bez załogi na "
        "pokładzie. Próby potrwają trzy miesiące i obejmą manewry przy nabrzeżu.",
        "Projekt prowadzi konsorcjum trzech firm, a jego koszt wynosi około 20 mln zł.",
        "pierwszy etap: manewry w basenie portowym",
        "drugi etap: asysta przy dużych statkach",
    ]


def test_markdown_block_list_tags_and_comment() -> None:
    document = read(FIXTURES / "md_front_matter_block_list_and_comment.md")
    assert document.hints == {
        "title": "Vineyard cooperative installs agrivoltaic panels",
        "date": "2025-06-12",
        "author": "Luca Bianchi",
        "language": "en",
        "tags": "agrivoltaics, wine, energy",
    }
    assert document.text.startswith("A wine cooperative in the hills has mounted solar panels on")
    assert "---" not in document.text


# --- finding files ------------------------------------------------------------------------


def test_iter_article_files_is_sorted_recursive_and_skips_hidden(tmp_path: Path) -> None:
    for relative in ["b.txt", "a/z.html", "a/b/c.md", "noext", ".hidden.txt", ".git/x.txt"]:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_article_files(tmp_path)]
    assert found == ["a/b/c.md", "a/z.html", "b.txt", "noext"]


def test_iter_article_files_on_the_corpus() -> None:
    assert [p.name for p in iter_article_files(CORPUS / "articles")] == sorted(EXPECTED)
