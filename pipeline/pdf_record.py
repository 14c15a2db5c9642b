"""Recording a laid-out brief, a digest's cover and contents, or a digest's folio sheet,
as a ``Section`` (see ``pdf_section``).

The recording follows WeasyPrint's own ``generate_pdf`` page loop and tagging
(WeasyPrint is pinned in ``pyproject.toml``) into a scratch PDF, then keeps
what a section needs as plain data. Anything a section cannot hold (images,
patterns, transparency groups, and internal links but for a digest's contents)
raises ``UnsupportedSection`` instead of printing wrong.
"""

from __future__ import annotations

import zlib
from typing import Any

import pydyf
from weasyprint.document import Document
from weasyprint.matrix import Matrix
from weasyprint.pdf.anchors import add_links, resolve_links
from weasyprint.pdf.stream import Stream
from weasyprint.pdf.tags import add_tags
from weasyprint.text.ffi import ffi, pango
from weasyprint.text.fonts import get_pango_font_key

from .pdf_section import FLATE_LEVEL, Section, SectionPage

# PDF points per CSS pixel (WeasyPrint's zoom 1).
SCALE = 0.75
# Structure element keys the assembly sets itself; the others are copied as written.
OWN_KEYS = {"Type", "S", "K", "P", "Pg"}
_RESOURCE_NAMES = ("ExtGState", "XObject", "Pattern", "Shading", "ColorSpace")
# How a folio sheet's page is marked: a running footer, outside the structure tree.
ARTIFACT = b"/Artifact <</Type /Pagination /Subtype /Footer>>"


class UnsupportedSection(ValueError):
    """The section draws something a recorded section cannot hold."""


class _RecordingStream(Stream):
    """A page stream that notes the Pango description of each font it draws with."""

    def __init__(self, *args: Any, descriptions: dict[str, tuple], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._descriptions = descriptions

    def clone(self, **kwargs: Any) -> Stream:
        raise UnsupportedSection("a section cannot hold transparency groups or patterns")

    def add_font(self, pango_font: Any) -> tuple[Any, float]:
        font, size = super().add_font(pango_font)
        if font.hash not in self._descriptions:
            _, description, font_size = get_pango_font_key(pango_font)
            variations = pango.pango_font_description_get_variations(description)
            self._descriptions[font.hash] = (
                ffi.string(pango.pango_font_description_get_family(description)).decode(),
                int(pango.pango_font_description_get_style(description)),
                int(pango.pango_font_description_get_weight(description)),
                None if variations == ffi.NULL else ffi.string(variations).decode(),
                font_size,
            )
        return font, size


def record_section(document: Document, prefix: str, within: bool = False) -> Section:
    """Draw and tag ``document``'s pages as WeasyPrint would, and keep the result as data.

    ``prefix`` makes the structure ids (table header cells) unique in any PDF that
    holds several sections. With ``within``, links to anchors are kept too (a
    digest's contents link to its briefs' first pages, which put the anchors there);
    a brief's section has no anchor to link to.
    """
    pdf = pydyf.PDF()
    pdf.catalog["Lang"] = pydyf.String("und")  # tagging insists; the frame sets the real one
    resources = pydyf.Dictionary({name: pydyf.Dictionary() for name in _RESOURCE_NAMES})
    descriptions: dict[str, tuple] = {}
    streams, pages, section = [], [], Section(pages=[])
    kept = ("external", "internal") if within else ("external",)
    # WeasyPrint drops links to anchors its document lacks: the contents' anchors are on
    # the digest's brief pages, laid out apart (``pdf_assemble.drawn_pages`` checks them).
    if within:
        page_links = [page.links for page in document.pages]
    else:
        page_links = [links for links, _ in resolve_links(document.pages)]
    for page, links in zip(document.pages, page_links, strict=True):
        if any(link[0] not in kept for link in links):
            raise UnsupportedSection("a section cannot hold internal links or attachments")
        stream = _page_stream(document, page, resources, descriptions, tagged=True)
        pdf_page = pydyf.Dictionary({"Type": "/Page"})
        pdf.add_page(pdf_page)
        matrix = Matrix(SCALE, 0, 0, -SCALE, 0, page.height * SCALE)
        add_links((links, []), matrix, pdf, pdf_page, [], stream._tags)
        page.paint(stream, SCALE)
        section.pages.append(_page_data(page, stream))
        streams.append(stream)
        pages.append(pdf_page)
    if any(resources[name] for name in ("XObject", "Pattern", "Shading")):
        raise UnsupportedSection("a section cannot hold images, patterns or shadings")
    add_tags(pdf, document, "1.7", streams)
    _record_links(section, pdf, pages)
    _record_elements(section, pdf, pages, prefix)
    section.bookmarks = [
        (number, level, label, x, y, state)
        for number, page in enumerate(document.pages)
        for level, label, (x, y), state in page.bookmarks
    ]
    _keep_resources(section, document, descriptions, resources)
    return section


def record_folios(document: Document) -> Section:
    """Draw ``document``'s pages untagged, each marked as a pagination artifact.

    For a digest's folio sheet (``pdf_html.folio_sheet``): page footers are no part
    of the text a reader or screen reader follows, and PDF/UA wants them marked so.
    """
    resources = pydyf.Dictionary({name: pydyf.Dictionary() for name in _RESOURCE_NAMES})
    descriptions: dict[str, tuple] = {}
    section = Section(pages=[])
    for page in document.pages:
        stream = _page_stream(document, page, resources, descriptions, tagged=False)
        page.paint(stream, SCALE)
        section.pages.append(_page_data(page, stream, ARTIFACT))
    if any(resources[name] for name in ("XObject", "Pattern", "Shading")):
        raise UnsupportedSection("a folio sheet cannot hold images, patterns or shadings")
    _keep_resources(section, document, descriptions, resources)
    return section


def _page_stream(
    document: Document, page: Any, resources: Any, descriptions: dict[str, tuple], tagged: bool
) -> _RecordingStream:
    """A stream to draw one page into, as WeasyPrint's own page loop makes it."""
    return _RecordingStream(
        document.fonts, (0, 0, page.width, page.height), resources, {}, {} if tagged else None,
        document.color_profiles, document.output_intent, descriptions=descriptions,
    )  # fmt: skip


def _keep_resources(
    section: Section, document: Document, descriptions: dict[str, tuple], resources: Any
) -> None:
    """The fonts (to load again with the glyphs used) and graphics states the pages drew with."""
    section.fonts = {
        font.hash: (
            *descriptions[font.hash],
            dict(font.widths),
            dict(font.to_unicode),
            dict(font.missing),
        )
        for font in document.fonts.values()
    }
    section.states = {name: dict(state) for name, state in resources["ExtGState"].items()}


def _page_data(page: Any, stream: Stream, marked: bytes = b"") -> SectionPage:
    """The page's operators, in WeasyPrint's top-left coordinates, ready to share a page;
    inside ``marked`` (a marked-content tag and its properties) when given."""
    flip = pydyf._to_bytes(float(page.height * SCALE))
    body = b"\n".join(pydyf._to_bytes(item) for item in stream.stream)
    content = b"q\n1 0 0 -1 0 " + flip + b" cm\n" + body + b"\nQ"
    if marked:
        content = marked + b" BDC\n" + content + b"\nEMC"
    mcids = 0 if stream._tags is None else len(stream._tags)
    return SectionPage(page.width, page.height, zlib.compress(content, FLATE_LEVEL), mcids)


def _number(reference: bytes) -> int:
    return int(reference.split()[0])


def _record_links(section: Section, pdf: pydyf.PDF, pages: list[pydyf.Dictionary]) -> None:
    """Each link's page, rectangle and target: a URI, or ``#`` and an anchor's name."""
    for number, page in enumerate(pages):
        for reference in page.get("Annots", []):
            annotation = pdf.objects[_number(reference)]
            rect = [float(value) for value in annotation["Rect"]]
            if "Dest" in annotation:
                target = f"#{annotation['Dest'].string}"
            else:
                target = annotation["A"]["URI"].string
            section.links.append((number, rect, target))


def _record_elements(
    section: Section, pdf: pydyf.PDF, pages: list[pydyf.Dictionary], prefix: str
) -> None:
    """Flatten the structure tree the tagging built into ``section.elements``."""
    objects = pdf.objects
    page_of = {page.number: index for index, page in enumerate(pages)}
    link_of = {}
    for page in pages:
        for reference in page.get("Annots", []):
            link_of[_number(reference)] = len(link_of)
    root = objects[_number(pdf.catalog["StructTreeRoot"])]
    document = objects[_number(root["K"][0])]
    seen: set[int] = set()

    def convert(element: pydyf.Dictionary) -> int:
        index = len(section.elements)
        seen.add(element.number)
        section.elements.append(("", 0, {}, []))
        kids: list[tuple[str, int]] = []
        for kid in element["K"]:
            if isinstance(kid, int):
                kids.append(("m", kid))
                continue
            child = objects[_number(kid)]
            if child.get("Type") == "/OBJR":
                kids.append(("l", link_of[_number(child["Obj"])]))
            else:
                kids.append(("e", convert(child)))
        extra = {
            key: pydyf._to_bytes(_unique_ids(key, value, prefix))
            for key, value in element.items()
            if key not in OWN_KEYS
        }
        section.elements[index] = (str(element["S"]), page_of[_number(element["Pg"])], extra, kids)
        return index

    section.roots = [convert(objects[_number(reference)]) for reference in document["K"]]
    section.orphans = [
        convert(item)
        for item in objects[1:]
        if isinstance(item, pydyf.Dictionary)
        and item.get("Type") == "/StructElem"
        and item.get("P") == document.reference
        and item.number not in seen
    ]


def _unique_ids(key: str, value: Any, prefix: str) -> Any:
    """Table header ids (``ID``, and ``Headers`` in ``A``) made unique to this section."""
    if key == "ID":
        return pydyf.String(f"{prefix}-{value.string}")
    if key == "A" and "Headers" in value:
        value["Headers"] = pydyf.Array(
            pydyf.String(f"{prefix}-{header.string}") for header in value["Headers"]
        )
    return value
