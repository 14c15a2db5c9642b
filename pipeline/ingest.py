"""Stage 1: read an article file from disk into a decoded, normalised ``Document``.

Files are judged before they are trusted: too large, empty, binary or undecodable
files raise ``ArticleRejected`` with a one-line reason. Text is decoded from its
BOM, else as strict UTF-8, else with charset-normalizer restricted to the legacy
codecs news sites still use; a guess that is not certain, invalid UTF-8 and
files mixing two encodings are decoded all the same but carry a warning naming
the file and codec, so mojibake is never silent. HTML goes through
``pipeline.ingest_html`` and Markdown front matter through ``pipeline.ingest_markdown``.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from .errors import ArticleRejected
from .model import Document

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
TEXT_SUFFIXES = {".txt", ".text"}
# Codecs charset-normalizer may choose between, in the names Python knows them by
# and in order of preference: when several decode a file to the same text, the
# first is reported (German text is cp1252 rather than cp1250, a pure JIS X 0208
# file shift_jis rather than cp932, Polish cp1250 rather than ISO-8859-2).
LEGACY_CODECS = [
    "cp1252", "cp1250", "iso8859_2", "iso8859_15", "latin_1", "cp1251", "koi8_r", "koi8_u",
    "cp1253", "cp1254", "cp1257", "shift_jis", "cp932", "euc_jp", "iso2022_jp", "gb18030",
    "big5", "euc_kr", "utf_16_le", "utf_16_be",
]  # fmt: skip
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE, whose BOM it starts with
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
SNIFF_BYTES = 8192
MAX_CONTROL_SHARE = 0.05  # text has next to no C0 controls; random bytes have ~10 %
FEW_BAD_UTF8 = 3  # this many invalid spans in UTF-8 text are damage, not another codec
MAX_CHAOS = 0.1  # charset-normalizer's mess ratio above which a guess is doubtful
# Another reading within this mess ratio and coherence makes a guess doubtful.
RIVAL_CHAOS_MARGIN = 0.01
RIVAL_COHERENCE_MARGIN = 0.05

_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
# Controls and the noncharacters U+FFFE/U+FFFF, none of which XML (the feeds) allows.
_DROPPED_CHARS = dict.fromkeys(
    [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0), 0xFEFF, 0xFFFE, 0xFFFF]
)
_LINE_BREAKS = {0x0B: "\n", 0x0C: "\n", 0x85: "\n", 0x2028: "\n", 0x2029: "\n"}
# Lone surrogates (JSON-LD "\ud800") cannot be written as UTF-8.
_SURROGATES = dict.fromkeys(range(0xD800, 0xE000), "\ufffd")
_TRANSLATION = {**_DROPPED_CHARS, **_LINE_BREAKS, **_SURROGATES}
_ISO2022_ESCAPE = re.compile(rb"\x1b\$[@B]")
_HTML_START = re.compile(rb"^\s*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)


def iter_article_files(folder: Path) -> list[Path]:
    """Every file under ``folder``, recursively and sorted, skipping hidden files and folders."""
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )


def read_document(path: Path, name: str, max_bytes: int) -> Document:
    """Read, check, decode and normalise one article file.

    Raises ``ArticleRejected`` (``skipped`` for files that are not articles,
    ``error`` for unreadable or undecodable ones) with a one-line reason.
    """
    data = _read_bytes(path, name, max_bytes)
    fmt = _format(path, data)
    text, encoding, warnings = decode(data, name, html=fmt == "html")
    text = normalise(text)
    if not text.strip():
        raise ArticleRejected(name, "empty: the file holds only whitespace", "skipped")
    hints: dict[str, str] = {}
    if fmt == "html":
        from .ingest_html import read_html  # lxml and the date parser: only when an article is read

        text, hints = read_html(text, name)
        # Character references and JSON-LD escapes can spell any code point: normalise again.
        text = normalise(text)
        hints = {key: normalise(value).replace("\n", " ") for key, value in hints.items()}
    elif fmt == "md":
        from .ingest_markdown import read_markdown

        text, hints = read_markdown(text)
    if not text.strip():
        raise ArticleRejected(name, f"empty: no article text found in the {fmt} file", "skipped")
    return Document(path, name, text, fmt, encoding, hints, warnings)


def _read_bytes(path: Path, name: str, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ArticleRejected(name, "unreadable: not a regular file", "error")
        if size > max_bytes:
            reason = f"too large: {size} bytes, limit {max_bytes} (BRIEFPRESS_MAX_ARTICLE_BYTES)"
            raise ArticleRejected(name, reason, "skipped")
        if size == 0:
            raise ArticleRejected(name, "empty: the file is 0 bytes", "skipped")
        return path.read_bytes()
    except OSError as error:
        raise ArticleRejected(name, f"unreadable: {error.strerror or error}", "error") from None


def _format(path: Path, data: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "md"
    if suffix not in TEXT_SUFFIXES and _HTML_START.match(data[:512].lstrip(codecs.BOM_UTF8)):
        return "html"
    return "txt"


def decode(data: bytes, name: str, html: bool = False) -> tuple[str, str, list[str]]:
    """(text, Python codec name, warnings) for the bytes of one file."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return _decode_with(data, codec, name, "despite its byte-order mark")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _decode_with(data, utf16, name, "without a byte-order mark")
    sample = data[:SNIFF_BYTES]
    if sample.count(0) > max(1, len(sample) // 1000):  # a stray NUL is stripped later
        raise ArticleRejected(name, "binary data: the file contains NUL bytes", "skipped")
    if len(_CONTROL_BYTES.findall(sample)) > MAX_CONTROL_SHARE * len(sample):
        raise ArticleRejected(name, "binary data: mostly control characters", "skipped")
    if _ISO2022_ESCAPE.search(sample):  # 7-bit Japanese that would pass as ASCII
        return _decode_with(data, "iso2022_jp", name, "despite its escape sequences")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    utf8 = _damaged_utf8(data, name)
    if utf8:
        return utf8
    declared = _declared_charset(data) if html else None
    if declared:
        try:
            return data.decode(declared), declared, []
        except UnicodeDecodeError:
            pass
    return _guess_legacy(data, name)


def _decode_with(data: bytes, codec: str, name: str, how: str) -> tuple[str, str, list[str]]:
    try:
        return data.decode(codec), codec, []
    except UnicodeDecodeError:
        text = data.decode(codec, errors="replace")
        return text, codec, [f"{name}: invalid {codec} {how}; bad bytes replaced with U+FFFD"]


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM: NUL bytes, mostly the high half of ASCII characters.

    They sit at odd offsets for little-endian, even ones for big-endian; random
    binary data then fails the strict decoding or the printable-text check.
    """
    sample = data[: SNIFF_BYTES - SNIFF_BYTES % 2]
    if b"\x00" not in sample:
        return None
    order = ["utf-16-le", "utf-16-be"]
    if sample[0::2].count(0) > sample[1::2].count(0):
        order.reverse()
    for codec in order:
        try:
            text = data[: len(data) - len(data) % 2].decode(codec)
        except UnicodeDecodeError:
            continue
        printable = sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t")
        if ("\n" in text or " " in text) and printable >= 0.98 * len(text):
            return codec
    return None


def _damaged_utf8(data: bytes, name: str) -> tuple[str, str, list[str]] | None:
    """UTF-8 with a few bad bytes, or UTF-8 mixed with a legacy codec; else ``None``.

    Valid multi-byte sequences do not happen by chance in legacy-encoded text, so
    a file with many of them is UTF-8: with a few bad spans it is damaged UTF-8
    (truncated, a corrupted character); with many, whole lines came from another
    codec and are decoded line by line.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    valid = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    truncated = valid == 0 and bad == 1 and _truncated_at_end(data)
    if truncated or (valid > 0 and (bad <= FEW_BAD_UTF8 or bad * 20 <= valid)):
        return text, "utf-8", [f"{name}: invalid UTF-8 ({bad} bad byte sequences replaced)"]
    lines = data.split(b"\n")
    broken = [line for line in lines if not _is_utf8(line)]
    utf8_lines = sum(1 for line in lines if not line.isascii() and _is_utf8(line))
    if utf8_lines < 2:
        return None
    try:
        _, legacy, _ = _guess_legacy(b"\n".join(broken), name)
    except ArticleRejected:
        legacy = "cp1252"  # nothing fits better; its bad bytes become U+FFFD below
    decoded = [line.decode("utf-8" if _is_utf8(line) else legacy, "replace") for line in lines]
    count = f"{len(broken)} line" + ("s" if len(broken) > 1 else "")
    warning = f"{name}: mixes UTF-8 with {legacy} ({count}); decoded line by line"
    return "\n".join(decoded), "utf-8", [warning]


def _truncated_at_end(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.reason == "unexpected end of data"
    return False


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:SNIFF_BYTES])
    if not match:
        return None
    try:
        codec = codecs.lookup(match.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    # Browsers read a declared Latin-1 or ASCII page as windows-1252 (WHATWG Encoding).
    return "cp1252" if codec in ("iso8859-1", "ascii") else codec


def _guess_legacy(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """Best legacy codec for ``data``; a doubtful guess is kept but warned about."""
    from charset_normalizer import from_bytes

    results = from_bytes(data, cp_isolation=LEGACY_CODECS)
    best = results.best()
    if best is None:
        raise ArticleRejected(name, "undecodable: no known text encoding fits", "error")
    text = str(best)
    codec = _plain_name(data, text) or codecs.lookup(best.encoding).name
    rivals = [
        match
        for match in results
        if match.encoding != best.encoding
        and match.chaos <= best.chaos + RIVAL_CHAOS_MARGIN
        and match.coherence >= best.coherence - RIVAL_COHERENCE_MARGIN
        and str(match) != text
    ]
    if best.chaos > MAX_CHAOS or rivals:
        return text, codec, [f"{name}: decoded as {codec} with low confidence"]
    return text, codec, []


def _plain_name(data: bytes, text: str) -> str | None:
    """The first codec of ``LEGACY_CODECS`` that reads ``data`` as ``text``."""
    for codec in LEGACY_CODECS:
        try:
            if data.decode(codec) == text:
                return codecs.lookup(codec).name
        except UnicodeDecodeError:
            continue
    return None


def normalise(text: str) -> str:
    """LF line endings, NFC, and no control characters other than newline and tab."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_TRANSLATION)
    return unicodedata.normalize("NFC", text)
