"""One tagged PDF from a frame document and the recorded sections it hosts.

The *frame* is laid out by WeasyPrint like any page. A brief's is one empty
``.host`` page per section page, which carries what depends on the PDF the section
lands in (the "page X of Y" footer, the site name on the first page). A digest's is
its cover and contents only: laying out a host page for each of its brief pages,
whenever one brief of the digest changes, cost more than everything else in
printing it. Its brief pages are ``FolioPage``s, laid out nowhere, each drawing a
section page and a footer from the digest's folio sheet (recorded once per locale,
length and start, like a section; ``pdf_record.record_folios``), with the anchor the
contents link to on each brief's first page. The cover and contents themselves are
recorded too, links to those anchors included, and drawn on ``DrawnPage``s of an
empty frame (``drawn_pages``), so a reprint whose contents read as before lays out
nothing but the briefs that changed.
Each host page gets its section page drawn underneath: the section's
compressed operators become the page's first content stream, its structure
elements join the document's structure tree in reading order, its marked-content
ids head the page's entry of the parent tree (the frame's own ids are moved after
them while the frame is drawn), and its links and bookmarks are added. Fonts are
loaded again from their recorded Pango descriptions with the glyphs the sections
used, so each font is subset once for the whole PDF.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Callable, Iterable
from functools import partial
from itertools import groupby
from typing import Any

import pydyf
from weasyprint.document import Document, Page
from weasyprint.formatting_structure.boxes import PageBox
from weasyprint.pdf import fonts as weasyprint_fonts
from weasyprint.pdf.fonts import Font
from weasyprint.text.ffi import TO_UNITS, ffi, gobject, pango
from weasyprint.text.fonts import get_pango_font_key

from .pdf_section import FLATE_LEVEL, Section, SectionPage, SubsetCache

LinkFix = Callable[[str], str]
SIZED_ARRAY = re.compile(r"(\w+)\[(\d+)\]")


class _UnsizedArrays:
    """WeasyPrint's cffi for font subsetting, asking for arrays without their length.

    cffi parses a C type once per spelling, and WeasyPrint spells the glyph arrays
    it subsets fonts with by their length (``hb_codepoint_t[381]``): a C parse of
    about 10 ms for nearly every font of every PDF. ``hb_codepoint_t[]`` with the
    same items makes the same array and is parsed once per process.
    """

    def __init__(self, ffi: Any) -> None:
        self._ffi = ffi

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ffi, name)

    def new(self, cdecl: Any, init: Any = None) -> Any:
        match = SIZED_ARRAY.fullmatch(cdecl) if isinstance(cdecl, str) else None
        if match and (init is None or len(init) == int(match[2])):
            return self._ffi.new(f"{match[1]}[]", int(match[2]) if init is None else init)
        return self._ffi.new(cdecl, init)


if not isinstance(weasyprint_fonts.ffi, _UnsizedArrays):
    weasyprint_fonts.ffi = _UnsizedArrays(weasyprint_fonts.ffi)


class AssemblyError(RuntimeError):
    """The frame and the sections do not fit together."""


class KeptSubsets:
    """Each font's subset taken from, or put in, a ``SubsetCache``, already compressed.

    WeasyPrint subsets a font (``Font.clean``) and the result is compressed each time a
    PDF is written. Here a font's ``clean`` is looked up first by a key of
    everything the subset depends on (``base``: the fonts installed, WeasyPrint's
    version and options; the font, its glyphs, its stand-ins for missing ones), and the
    font's stream is given the kept compressed bytes before the PDF is written (``use``).
    The bytes are those pydyf would write (at ``FLATE_LEVEL``, see ``_ZlibAtFlateLevel``),
    so a PDF is the same with or without the cache.
    Fonts whose ``clean`` does more than subset (variable and colour fonts) are left
    to WeasyPrint. ``keys`` lists the subsets the PDF used, for pruning the cache.
    """

    def __init__(self, cache: SubsetCache, base: str) -> None:
        self.cache = cache
        self.base = base
        self.keys: list[str] = []
        self._compressed: dict[int, bytes] = {}  # by id() of a font's final file_content

    def watch(self, fonts: Iterable[Font]) -> None:
        for font in fonts:
            if not ("fvar" in font.tables or font.png or font.svg or font.colr):
                font.clean = partial(self._clean, font)

    def use(self, pdf: pydyf.PDF) -> None:
        """Give the fonts' streams in ``pdf`` their compressed subsets."""
        for item in pdf.objects:
            if isinstance(item, pydyf.Stream) and item.compress and len(item.stream) == 1:
                compressed = self._compressed.get(id(item.stream[0]))
                if compressed is not None:
                    item.stream = [compressed]
                    item.compress = False
                    item.extra["Filter"] = "/FlateDecode"

    def _clean(self, font: Font, to_unicode: dict[int, str], hinting: bool) -> None:
        if not to_unicode:  # WeasyPrint keeps the whole font
            return
        digest = hashlib.blake2b(digest_size=16)
        digest.update(f"{self.base}\0{font.hash}\0{hinting}\0{bool(font.missing)}".encode())
        digest.update(b"".join(gid.to_bytes(4, "big") for gid in sorted(to_unicode)))
        key = digest.hexdigest()
        compressed = self.cache.get(key)
        try:
            content = zlib.decompress(compressed) if compressed is not None else None
        except zlib.error:
            self.cache.forget(key)
            content = None
        if content is None:
            Font.clean(font, to_unicode, hinting)
            compressed = zlib.compress(font.file_content, FLATE_LEVEL)
            self.cache.save(key, compressed)
        else:
            font.file_content = content
        assert compressed is not None
        self._compressed[id(font.file_content)] = compressed
        self.keys.append(key)


class HostPage:
    """A frame page that also draws one section page (WeasyPrint's ``Page`` interface)."""

    folio: SectionPage | None = None  # a footer drawn over the page (``FolioPage``)

    def __init__(self, page: Page, section: Section, index: int) -> None:
        self.frame = page
        self.section = section
        self.index = index
        self.width, self.height, self.bleed = page.width, page.height, page.bleed
        self.links, self.anchors, self.forms = page.links, page.anchors, page.forms
        self._page_box = page._page_box
        self.bookmarks = list(page.bookmarks) + _bookmarks(section, index)

    @property
    def data(self) -> SectionPage:
        return self.section.pages[self.index]

    def paint(self, stream: Any, scale: float = 1) -> None:
        """Draw the frame with marked-content ids after the section's own.

        The section's operators are added when the PDF is finished (``_Tree``),
        as the page's first content stream; here the frame's ids make room.
        """
        for name, state in self.section.states.items():
            stream._resources["ExtGState"].setdefault(name, pydyf.Dictionary(state))
        if stream._tags is None:
            raise AssemblyError("sections are assembled into tagged PDFs only")
        placeholders = [object() for _ in range(self.data.mcids)]
        for placeholder in placeholders:
            stream._tags[placeholder] = None
        self.frame.paint(stream, scale)
        for placeholder in placeholders:
            del stream._tags[placeholder]


def _bookmarks(section: Section, index: int) -> list[tuple[int, str, tuple[float, float], str]]:
    """The bookmarks of a section's page, as WeasyPrint's ``Page.bookmarks`` holds them."""
    return [
        (level, label, (x, y), state)
        for number, level, label, x, y, state in section.bookmarks
        if number == index
    ]


class _NoBoxes(PageBox):
    """The box tree of a page laid out nowhere: WeasyPrint's tagging finds nothing in it."""

    def __init__(self) -> None:
        self.element = None
        self.children = []


class DrawnPage(HostPage):
    """A page laid out nowhere: one section page, with ``anchor`` on it if given."""

    def __init__(self, section: Section, index: int, anchor: str | None = None) -> None:
        self.frame = None
        self.section = section
        self.index = index
        self.states = dict(section.states)
        self.width, self.height = self.data.width, self.data.height
        self.bleed = {side: 0 for side in ("top", "right", "bottom", "left")}
        self.links, self.forms = [], {None: []}
        self.anchors = {anchor: (0, 0, 0, 0)} if anchor else {}
        self._page_box = _NoBoxes()
        self.bookmarks = _bookmarks(section, index)

    def paint(self, stream: Any, scale: float = 1) -> None:
        """Nothing to draw but the section (and a folio), added when the PDF is finished."""
        for name, state in self.states.items():
            stream._resources["ExtGState"].setdefault(name, pydyf.Dictionary(state))


class FolioPage(DrawnPage):
    """A digest's brief page: one section page and its footer, a folio sheet's page."""

    def __init__(
        self, section: Section, index: int, folios: Section, folio: int, anchor: str | None
    ) -> None:
        super().__init__(section, index, anchor)
        self.folio = folios.pages[folio]
        self.states = {**folios.states, **section.states}


def drawn_pages(document: Document, section: Section, anchors: list[str]) -> list[HostPage]:
    """Make the section's pages ``document``'s only ones, drawn, not laid out: a digest's
    cover and contents kept from an earlier print, on a frame with no page of its own.
    Its links within the PDF must go to ``anchors``, which the pages after them carry."""
    missing = {uri[1:] for _, _, uri in section.links if uri.startswith("#")} - set(anchors)
    if missing:
        raise AssemblyError(f"the contents link to no brief at #{sorted(missing)[0]}")
    document.pages = [DrawnPage(section, index) for index in range(len(section.pages))]
    return list(document.pages)


def folio_pages(
    document: Document, sections: list[Section], folios: Section, anchors: list[str]
) -> list[HostPage]:
    """Add a ``FolioPage`` for each page of the sections, in order, after the frame's
    pages; ``anchors[i]`` is put on the first page of ``sections[i]``."""
    if sum(len(section.pages) for section in sections) != len(folios.pages):
        raise AssemblyError("the folio sheet and the sections differ in length")
    hosts: list[HostPage] = []
    for section, anchor in zip(sections, anchors, strict=True):
        for index, data in enumerate(section.pages):
            folio = folios.pages[len(hosts)]
            if (round(folio.width, 3), round(folio.height, 3)) != (
                round(data.width, 3),
                round(data.height, 3),
            ):
                raise AssemblyError("a section page and its folio differ in size")
            first = anchor if index == 0 else None
            hosts.append(FolioPage(section, index, folios, len(hosts), first))
    document.pages.extend(hosts)
    return hosts


def host_pages(document: Document, sections: list[Section]) -> list[HostPage]:
    """Put the sections, in order, on the frame's last pages."""
    needed = sum(len(section.pages) for section in sections)
    first = len(document.pages) - needed
    if first < 0 or len(document.pages[first:]) != needed:
        raise AssemblyError(f"the frame has {len(document.pages)} pages for {needed}")
    hosts = []
    for section in sections:
        for index, data in enumerate(section.pages):
            page = document.pages[first + len(hosts)]
            if (round(page.width, 3), round(page.height, 3)) != (
                round(data.width, 3),
                round(data.height, 3),
            ):
                raise AssemblyError("a section page and its host page differ in size")
            hosts.append(HostPage(page, section, index))
    document.pages[first:] = hosts
    return hosts


def load_fonts(document: Document, sections: Iterable[Section]) -> None:
    """Register the sections' fonts, with the glyphs they use, in the frame document."""
    font_map = document.font_config.font_map
    context = ffi.gc(pango.pango_font_map_create_context(font_map), gobject.g_object_unref)
    loaded: dict[str, Font] = {}
    for section in sections:
        for name, use in section.fonts.items():
            family, style, weight, variations, size, widths, text, missing = use
            font = loaded.get(name)
            if font is None:
                description = _description(family, style, weight, variations, size)
                pango_font = pango.pango_font_map_load_font(font_map, context, description)
                key, found, found_size = get_pango_font_key(pango_font)
                font = document.fonts.get(key) or Font(pango_font, found, found_size)
                if font.hash != name:
                    raise AssemblyError(f"font {family!r} no longer loads as it was laid out")
                document.fonts[key] = loaded[name] = font
            font.widths.update(widths)
            font.to_unicode.update(text)
            _merge_missing(font, missing)


def _merge_missing(font: Font, missing: dict[int, int]) -> None:
    """Add a section's stand-in glyphs for characters the font lacks, if they agree.

    Each layout numbers them from the font's glyph count, so two sections could
    give one number to two characters; coverage checks keep such text out, and
    should one get through, the PDF fails rather than extract the wrong text.
    """
    taken = {glyph: point for point, glyph in font.missing.items()}
    for point, glyph in missing.items():
        if taken.get(glyph, point) != point or font.missing.get(point, glyph) != glyph:
            raise AssemblyError(f"font {font.family!r} lacks glyphs two briefs number alike")
        font.missing[point] = glyph
        taken[glyph] = point


def _description(family: str, style: int, weight: int, variations: str | None, size: float) -> Any:
    description = ffi.gc(pango.pango_font_description_new(), pango.pango_font_description_free)
    pango.pango_font_description_set_family(description, family.encode())
    pango.pango_font_description_set_style(description, style)
    pango.pango_font_description_set_weight(description, weight)
    pango.pango_font_description_set_absolute_size(description, int(size * TO_UNITS))
    if variations:
        pango.pango_font_description_set_variations(description, variations.encode())
    return description


def write_assembled(
    document: Document,
    hosts: list[HostPage],
    target: Any,
    fix_link: LinkFix,
    folios: Section | None = None,
    subsets: KeptSubsets | None = None,
    **options: Any,
) -> None:
    """Write the frame with its hosted sections and their folio sheet, if any, its fonts
    subset through ``subsets``, if any (``options`` as for ``write_pdf``)."""
    drawn = [h.section for h in hosts] + ([folios] if folios else [])
    load_fonts(document, {id(section): section for section in drawn}.values())
    if subsets is not None:
        subsets.watch(document.fonts.values())
    pydyf.zlib = _ZLIB_AT_FLATE_LEVEL  # type: ignore[attr-defined]
    document.write_pdf(target, finisher=_finisher(hosts, fix_link, subsets), **options)


def _number(reference: bytes) -> int:
    return int(reference.split()[0])


class _ZlibAtFlateLevel:
    """``zlib`` as pydyf sees it, compressing at ``FLATE_LEVEL`` whatever level pydyf asks
    for, so that every stream it writes (page content, fonts, images, and its object and
    cross-reference streams) is compressed at that level, not at its 9: level 9 took four
    times as long (a 70-page digest's object stream, which holds every dictionary of the
    PDF: 0.053 s against 0.014 s, for 6% fewer bytes). Everything else is ``zlib`` itself."""

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level: int = -1, *args: Any, **kwargs: Any) -> Any:
        return zlib.compressobj(FLATE_LEVEL, *args, **kwargs)


_ZLIB_AT_FLATE_LEVEL = _ZlibAtFlateLevel()


def _finisher(
    hosts: list[HostPage], fix_link: LinkFix, subsets: KeptSubsets | None
) -> Callable[[Document, pydyf.PDF], None]:
    def finish(document: Document, pdf: pydyf.PDF) -> None:
        if subsets is not None:
            subsets.use(pdf)
        objects = pdf.objects
        root = objects[_number(pdf.catalog["StructTreeRoot"])]
        top = objects[_number(root["K"][0])]
        nums = objects[_number(root["ParentTree"])]["Nums"]
        references = pdf.page_references
        number_of = {id(page): number for number, page in enumerate(document.pages)}
        hosted = {references[number_of[id(host)]] for host in hosts}
        # The frame's host pages hold only empty anchors: the sections take their place.
        top["K"] = pydyf.Array(r for r in top["K"] if objects[_number(r)]["Pg"] not in hosted)
        tree = _Tree(pdf, top, nums, references, fix_link)
        for _, group in groupby(hosts, key=lambda host: id(host.section)):
            pages = list(group)
            tree.attach(pages[0].section, [number_of[id(host)] for host in pages])
        for host in hosts:
            if host.folio is not None:
                tree.add_folio(number_of[id(host)], host.folio)

    return finish


class _Tree:
    """Adds sections' content, structure elements and links to a PDF being written."""

    def __init__(
        self,
        pdf: pydyf.PDF,
        top: pydyf.Dictionary,
        nums: Any,
        references: tuple[bytes, ...],
        fix_link: LinkFix,
    ) -> None:
        self.pdf = pdf
        self.top = top
        self.nums = nums
        self.references = references
        self.fix_link = fix_link
        self.next_parent = max(nums[0::2], default=-1) + 1

    def attach(self, section: Section, numbers: list[int]) -> None:
        pdf = self.pdf
        references = self.references
        pages = [pdf.objects[_number(references[n])] for n in numbers]
        for data, page in zip(section.pages, pages, strict=True):
            stream = pydyf.Stream([data.content], {"Filter": "/FlateDecode"})
            pdf.add_object(stream)
            page["Contents"] = pydyf.Array([stream.reference, page["Contents"]])
        made = []
        for tag, _, extra, _ in section.elements:
            element = pydyf.Dictionary({"Type": "/StructElem", "S": tag})
            element.update(extra)
            pdf.add_object(element)
            made.append(element)
        marked: list[list[bytes | None]] = [[None] * data.mcids for data in section.pages]
        for element, (_, number, _, kids) in zip(made, section.elements, strict=True):
            page_reference = references[numbers[number]]
            element["Pg"] = page_reference
            element["K"] = pydyf.Array()
            for kind, value in kids:
                if kind == "m":
                    element["K"].append(value)
                    marked[number][value] = element.reference
                elif kind == "e":
                    made[value]["P"] = element.reference
                    element["K"].append(made[value].reference)
                else:
                    reference = references[numbers[section.links[value][0]]]
                    element["K"].append(self._link(section.links[value], pages, reference, element))
        for index in (*section.roots, *section.orphans):
            made[index]["P"] = self.top.reference
        self.top["K"].extend(made[index].reference for index in section.roots)
        for number, refs in zip(numbers, marked, strict=True):
            if None in refs:
                raise AssemblyError("a marked-content id of a section has no structure element")
            self.nums[2 * number + 1][:0] = refs

    def add_folio(self, number: int, folio: SectionPage) -> None:
        """Draw a recorded footer after the page's section, before the page's own
        stream (which leaves WeasyPrint's coordinate flip in place)."""
        stream = pydyf.Stream([folio.content], {"Filter": "/FlateDecode"})
        self.pdf.add_object(stream)
        page = self.pdf.objects[_number(self.references[number])]
        page["Contents"].insert(1, stream.reference)

    def _link(
        self,
        link: tuple[int, list[float], str],
        pages: list[pydyf.Dictionary],
        page_reference: bytes,
        element: pydyf.Dictionary,
    ) -> bytes:
        """A link annotation on its host page, tied to ``element``; its OBJR reference."""
        number, rect, uri = link
        if uri.startswith("#"):  # to an anchor of this PDF, as WeasyPrint links one
            target = uri[1:]
            goes = {"Dest": pydyf.String(target)}
        else:
            target = self.fix_link(uri)
            action = {"Type": "/Action", "S": "/URI", "URI": pydyf.String(target)}
            goes = {"A": pydyf.Dictionary(action)}
        annotation = pydyf.Dictionary({
            "Type": "/Annot",
            "Subtype": "/Link",
            "Rect": pydyf.Array(rect),
            "BS": pydyf.Dictionary({"W": 0}),
            "Contents": pydyf.String(target),
            **goes,
            "StructParent": self.next_parent,
        })  # fmt: skip
        self.pdf.add_object(annotation)
        pages[number].setdefault("Annots", pydyf.Array()).append(annotation.reference)
        self.nums.extend([self.next_parent, element.reference])
        self.next_parent += 1
        marker = pydyf.Dictionary(
            {"Type": "/OBJR", "Obj": annotation.reference, "Pg": page_reference}
        )
        self.pdf.add_object(marker)
        return marker.reference
