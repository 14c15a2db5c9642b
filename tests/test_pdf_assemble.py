"""Briefs laid out once and assembled into PDFs: incremental digests, structure tree, pool.

One module build: two corpus briefs of one ISO week, then a third added to the
same output (only it may be laid out again), and a clean build of all four in
another output to compare with, byte for byte. The PDFs are read back with pypdf.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import multiprocessing
import os
import re
import zlib
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject
from test_pdf import corpus_brief, squash
from weasyprint.pdf import fonts as weasyprint_fonts

from pipeline import pdf_assemble, pdf_jobs, pdf_pool
from pipeline.briefs import make_slug
from pipeline.model import Brief
from pipeline.pdf import build_time, plan_digests, render_pdfs
from pipeline.pdf_assemble import AssemblyError, load_fonts
from pipeline.pdf_html import stylesheet
from pipeline.pdf_record import UnsupportedSection, record_section
from pipeline.pdf_render import lay_out
from pipeline.pdf_section import FLATE_LEVEL, SectionCache
from pipeline.settings import load_settings

WEEK = ["de-cloud-outage-bom.txt", "ja-ev-battery-sjis.txt"]
ADDED = "zh-ev-battery.txt"
SHORT = "en-ai-funding-crlf.txt"
EPOCH = "1735689600"  # both builds date their PDFs alike, so they can be compared bytewise
FOOTER_ARTIFACT = b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC"


def in_week(name: str, day: int) -> Brief:
    brief = dataclasses.replace(corpus_brief(name), date=dt.date(2025, 3, 10 + day))
    brief.slug = make_slug(brief)
    return brief


def digest_settings():
    """The repository's settings with digests in two locales and 20 latest briefs."""
    return dataclasses.replace(load_settings(), digest_locales=["en", "pl"], digest_latest=20)


@pytest.fixture(scope="module")
def settings():
    return digest_settings()


def plans(briefs: list[Brief], settings) -> list:
    """The week's and the latest digests (topic digests work alike and only cost time)."""
    return [p for p in plan_digests(briefs, settings) if p.kind != "topic"]


@pytest.fixture(scope="module")
def builds(tmp_path_factory, settings):
    patch = pytest.MonkeyPatch()
    patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    old = [in_week(name, day) for day, name in enumerate(WEEK)]
    every = [*old, in_week(ADDED, 3)]
    grown, clean = tmp_path_factory.mktemp("grown"), tmp_path_factory.mktemp("clean")
    try:
        first = render_pdfs(old, plans(old, settings), settings, grown, cache=grown / "cache")
        added = render_pdfs(every, plans(every, settings), settings, grown, cache=grown / "cache")
        cold = render_pdfs(every, plans(every, settings), settings, clean, cache=clean / "cache")
    finally:
        patch.undo()
    return {"briefs": every, "grown": grown, "clean": clean}, first, added, cold


def pdf_files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in (folder / "pdf").rglob("*.pdf")
    }


@pytest.mark.slow
def test_adding_a_brief_lays_out_only_it_and_matches_a_clean_build(builds, settings):
    data, first, added, cold = builds
    assert first.ok and added.ok and cold.ok, (first.failures, added.failures, cold.failures)
    assert added.laid_out == cold.laid_out - first.laid_out > 0
    assert added.unchanged == len(WEEK)  # the other briefs' own PDFs were not touched
    # the new brief's PDF, and the week's and the latest digests in both locales
    assert added.files == 1 + 2 * 2
    grown, clean = pdf_files(data["grown"]), pdf_files(data["clean"])
    assert grown.keys() == clean.keys() and len(grown) == len(data["briefs"]) + 4
    assert [rel for rel in grown if grown[rel] != clean[rel]] == []


@pytest.mark.slow
def test_damaged_cached_sections_are_laid_out_again_not_failed(tmp_path, settings, monkeypatch):
    """A cache file that cannot be read (a full disk, a stray edit) costs a layout, not
    the PDFs that need it in this build and every build after."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    briefs = [in_week(name, day) for day, name in enumerate(WEEK)]
    cache = tmp_path / "c"
    assert render_pdfs(briefs, plans(briefs, settings), settings, tmp_path, cache=cache).ok
    printed = pdf_files(tmp_path)
    damaged = sorted(cache.glob("*.section"))
    for number, path in enumerate(damaged):  # empty, truncated, or not marshal data at all
        path.write_bytes([b"", path.read_bytes()[:40], b"not a section"][number % 3])
    for digest in (tmp_path / "pdf" / "digests").glob("*.pdf"):
        digest.unlink()
    again = render_pdfs(briefs, plans(briefs, settings), settings, tmp_path, cache=cache)
    assert again.ok, again.failures
    assert again.files == 2 * 2  # the digests, in en and pl; the briefs' own PDFs were kept
    assert pdf_files(tmp_path) == printed
    assert all(SectionCache(cache).get(path.stem) for path in damaged)  # kept again, whole


@pytest.mark.slow
def test_a_reprinted_digest_takes_its_font_subsets_from_the_cache(tmp_path, settings, monkeypatch):
    """Subsetting a digest's fonts (CJK ones of hundreds of kilobytes) and compressing
    them is done once per set of glyphs; a kept subset that cannot be read is made again."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    subset_by_weasyprint = tmp_path / "subset"  # a file: the PDF workers are forked
    clean = weasyprint_fonts.Font.clean

    def counted(font, to_unicode, hinting):  # type: ignore[no-untyped-def]
        with subset_by_weasyprint.open("a", encoding="utf-8") as log:
            log.write(f"{font.family}\n")
        return clean(font, to_unicode, hinting)

    monkeypatch.setattr(weasyprint_fonts.Font, "clean", counted)
    briefs = [in_week(name, day) for day, name in enumerate(WEEK)]
    cache = tmp_path / "c"
    assert render_pdfs(briefs, plans(briefs, settings), settings, tmp_path, cache=cache).ok
    printed = pdf_files(tmp_path)
    kept = sorted(cache.glob("*.subset"))
    assert any("CJK" in family for family in subset_by_weasyprint.read_text().split("\n"))
    assert len(kept) >= 4, "each digest's fonts, CJK among them, kept after the build's pruning"

    def reprint() -> None:
        subset_by_weasyprint.write_text("")
        for digest in (tmp_path / "pdf" / "digests").glob("*.pdf"):
            digest.unlink()
        again = render_pdfs(briefs, plans(briefs, settings), settings, tmp_path, cache=cache)
        assert again.ok and again.files == 2 * 2, again.failures
        assert pdf_files(tmp_path) == printed, "a kept subset prints as a fresh one"

    reprint()
    assert subset_by_weasyprint.read_text() == "", "a font was subset again"
    for number, path in enumerate(kept):  # empty, truncated, or not compressed at all
        path.write_bytes([b"", path.read_bytes()[:40], b"not a font"][number % 3])
    reprint()
    # Each made again (two digests sharing a subset may both make it, side by side).
    assert subset_by_weasyprint.read_text().count("\n") >= len(kept)
    assert all(zlib.decompress(path.read_bytes()) for path in kept), "kept again, whole"


@pytest.mark.slow
def test_a_digest_found_unchanged_keeps_its_folio_sheet_and_font_subsets(
    tmp_path, settings, monkeypatch
):
    """A brief whose inputs changed in what no PDF shows (its encoding) has its PDFs
    assembled again and found unchanged: what they were printed from stays cached."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    briefs = [in_week(name, day) for day, name in enumerate(WEEK)]
    cache = tmp_path / "c"
    assert render_pdfs(briefs, plans(briefs, settings), settings, tmp_path, cache=cache).ok
    kept = sorted(path.name for path in cache.iterdir())
    assert any(name.endswith(".subset") for name in kept)
    recoded = [dataclasses.replace(briefs[0], encoding="windows-1252"), briefs[1]]
    again = render_pdfs(recoded, plans(recoded, settings), settings, tmp_path, cache=cache)
    assert again.ok and again.files == 0, again.failures
    assert again.unchanged == len(WEEK) + 2 * 2  # the briefs' own PDFs and the digests
    assert sorted(path.name for path in cache.iterdir()) == kept


@pytest.mark.slow
def test_digest_structure_tree_maps_every_marked_content_id(builds):
    data, *_ = builds
    reader = PdfReader(data["grown"] / "pdf" / "digests" / "week-2025-w11-pl.pdf")
    root = reader.trailer["/Root"]["/StructTreeRoot"]
    nums = root["/ParentTree"]["/Nums"]
    parents = {nums[i]: nums[i + 1] for i in range(0, len(nums), 2)}
    pages = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    shared = b"".join(
        x.get_object().get_data()
        for x in reader.pages[0]["/Resources"].get("/XObject", {}).values()
    )
    for number, page in enumerate(reader.pages):
        ids = {int(m) for m in re.findall(rb"/MCID (\d+)", page.get_contents().get_data())}
        ids |= {int(m) for m in re.findall(rb"/MCID (\d+)", shared)} if number == 0 else set()
        owners = parents[page["/StructParents"]]
        assert ids == set(range(len(owners))), number
        for mcid, owner in enumerate(owners):
            element = owner.get_object()
            assert pages[element.raw_get("/Pg").idnum] == number
            kids = element["/K"] if isinstance(element["/K"], list) else [element["/K"]]
            assert mcid in kids
    top = root["/K"]
    top = (top[0] if isinstance(top, list) else top).get_object()
    order = [pages[k.get_object().raw_get("/Pg").idnum] for k in top["/K"]]
    assert order == sorted(order) and order[-1] == len(reader.pages) - 1  # reading order
    tags = set()

    def walk(element) -> None:
        tags.add(element["/S"])
        kids = element["/K"] if isinstance(element["/K"], list) else [element["/K"]]
        for kid in kids:
            if isinstance(kid, IndirectObject) and "/S" in kid.get_object():
                assert kid.get_object().raw_get("/P").idnum == element.indirect_reference.idnum
                walk(kid.get_object())

    for kid in top["/K"]:
        walk(kid.get_object())
    assert {"/Art", "/H1", "/H2", "/P", "/L", "/LI", "/Table", "/TH", "/TD", "/Link"} <= tags
    # every link annotation belongs to an element that points back at it; a brief's is a Link
    for page in reader.pages:
        for annotation in page.get("/Annots", []):
            link = annotation.get_object()
            owner = parents[link["/StructParent"]].get_object()
            assert owner["/S"] == "/Link" or "/Dest" in link
            kids = [k.get_object() for k in owner["/K"] if isinstance(k, IndirectObject)]
            markers = [k.raw_get("/Obj").idnum for k in kids if k.get("/Type") == "/OBJR"]
            assert annotation.idnum in markers


@pytest.mark.slow
def test_assembled_digest_pages_fonts_and_links(builds):
    data, *_ = builds
    reader = PdfReader(data["grown"] / "pdf" / "digests" / "latest-en.pdf")
    texts = [squash(page.extract_text()) for page in reader.pages]
    for number, text in enumerate(texts[1:], start=2):  # no footer on the cover
        assert text.endswith(f"Page{number}of{len(texts)}"), (number, text[-60:])
    # the brief pages' footers come from a folio sheet, marked as what they are for PDF/UA
    first_brief = reader.get_destination_page_number(reader.outline[0])
    for page in reader.pages[first_brief:]:
        assert page.get_contents().get_data().count(FOOTER_ARTIFACT) == 1
    names = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    faces = {name.split("+", 1)[1] for name in names}
    assert len(names) == len(faces)  # each face is embedded once, subset for the whole digest
    assert {"Noto-Sans-CJK-SC", "Noto-Sans-CJK-JP", "Noto-Serif", "Noto-Sans"} <= faces
    uris = {
        a.get_object()["/A"]["/URI"]
        for page in reader.pages
        for a in page.get("/Annots", [])
        if "/A" in a.get_object()
    }
    assert uris == {f"../../briefs/{b.slug}.html" for b in data["briefs"]}
    for brief in data["briefs"]:
        own = PdfReader(data["grown"] / "pdf" / f"{brief.slug}.pdf")
        text = squash("".join(page.extract_text() for page in own.pages))
        assert "../briefs/" not in text  # a relative address is not printed
        assert text.endswith(f"Page{len(own.pages)}of{len(own.pages)}")


def test_every_stream_briefpress_writes_is_compressed_at_its_own_level(builds):
    """Page content, recorded sections, fonts, and pydyf's own object and cross-reference
    streams are Flate-compressed at ``FLATE_LEVEL`` (zlib's header tells the level), not
    at pydyf's slower 9."""
    data, *_ = builds
    header = zlib.compress(b"", FLATE_LEVEL)[:2]
    for name in ["digests/latest-en.pdf", f"{data['briefs'][0].slug}.pdf"]:
        raw = (data["grown"] / "pdf" / name).read_bytes()
        heads = Counter()
        for match in re.finditer(rb"<<(.*?)>>\nstream\n(..)", raw, re.S):
            if b"/FlateDecode" in match[1]:
                kind = re.search(rb"/Type /(ObjStm|XRef)", match[1])
                heads[kind[1] if kind else b"other", match[2]] += 1
        assert {level for _, level in heads} == {header}, (name, heads)
        assert heads[b"other", header] > 10 and heads[b"ObjStm", header] == 1, (name, heads)


def test_printed_address_when_the_site_has_one(tmp_path, settings):
    brief = in_week(ADDED, 0)
    result = render_pdfs(
        [brief], [], settings, tmp_path, site_url="https://example.org/news", cache=tmp_path / "c"
    )
    assert result.ok, result.failures
    reader = PdfReader(tmp_path / "pdf" / f"{brief.slug}.pdf")
    text = squash("".join(page.extract_text() for page in reader.pages))
    assert squash(f"https://example.org/news/briefs/{brief.slug}.html") in text


def test_section_round_trips_through_its_cache_and_refuses_transparency(tmp_path, settings):
    css = stylesheet(settings.theme)
    html = '<html lang="pl"><body><article class="brief" lang="pl"><h1 class="brief-title">'
    html += "Zażółć gęślą jaźń</h1><p>Tekst.</p></article></body></html>"
    section = record_section(lay_out(html, css, [settings.theme], []), "x")
    cache = SectionCache(tmp_path)
    cache.save("k", section)
    assert cache.load("k") == section and section.bookmarks[0][2] == "Zażółć gęślą jaźń"
    assert cache.prune({"other"}) == 1 and not cache.has("k")
    faded = '<html lang="en"><body><p style="opacity: .5">faded</p></body></html>'
    with pytest.raises(UnsupportedSection):
        record_section(lay_out(faded, css, [settings.theme], []), "y")
    # a font that no longer loads as it was laid out fails loudly, never prints boxes
    rest = next(iter(section.fonts.values()))[1:]
    section.fonts = {"XXXXXX": ("No Such Font Family", *rest)}
    frame = lay_out('<html lang="en"><body><p>frame</p></body></html>', css, [settings.theme], [])
    with pytest.raises(AssemblyError, match="No Such Font Family"):
        load_fonts(frame, [section])


def test_workers_are_recycled_and_a_dying_worker_fails_only_its_pdfs(
    tmp_path, settings, monkeypatch
):
    briefs = [in_week(name, day) for day, name in enumerate([*WEEK, SHORT])]
    doomed = briefs[1].slug
    real = pdf_pool.lay_out_section

    def crash_on_doomed(context, task):
        if task.slug == doomed:
            os._exit(3)
        return real(context, task)

    monkeypatch.setattr(pdf_pool, "WORKER_MEMORY", 0)  # replace the pool after every batch
    monkeypatch.setattr(pdf_pool, "lay_out_section", crash_on_doomed)
    broken = render_pdfs(briefs, [], settings, tmp_path, cache=tmp_path / "c")
    assert "worker died" in broken.failures[f"pdf/{doomed}.pdf"]
    monkeypatch.setattr(pdf_pool, "lay_out_section", real)
    mended = render_pdfs(briefs, [], settings, tmp_path, cache=tmp_path / "c")
    assert mended.ok and mended.files + mended.unchanged == len(briefs)
    assert mended.files >= 1 and all((tmp_path / f"pdf/{b.slug}.pdf").is_file() for b in briefs)


def test_a_worker_counts_only_the_memory_it_holds_of_its_own() -> None:
    # What a large build's process holds before forking its PDF workers (RSS would count it).
    inherited = bytearray(os.urandom(1024)) * (96 * 1024)
    assert pdf_pool._private_mib() > 90
    with multiprocessing.get_context("fork").Pool(1) as pool:
        held = pool.apply(pdf_pool._private_mib)
    assert held < 48, held
    del inherited


def test_a_collection_in_a_pdf_worker_does_not_copy_the_builds_objects(monkeypatch) -> None:
    """A full collection in a worker touches every object it tracks; on the build's objects
    (hundreds of MB in a large build) that would copy each of their pages into the worker."""
    inherited = [[number] for number in range(1_000_000)]  # about 100 MB of tracked objects

    def collect_and_measure(context: object, task: object) -> float:
        gc.collect()
        return pdf_pool._private_mib()

    monkeypatch.setattr(pdf_pool, "lay_out_section", collect_and_measure)
    tasks = iter([("section", number) for number in range(4)])
    held = [
        outcome
        for _, outcome in pdf_pool.run_tasks(object(), lambda: next(tasks, None), 4, workers=2)
    ]
    assert len(held) == 4 and max(held) < 48, held
    assert len(inherited) == 1_000_000


def test_a_shared_brief_frame_prints_as_a_fresh_one(tmp_path, settings, monkeypatch):
    """Briefs of one language and length share a laid-out frame; it must not carry over."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setattr(pdf_jobs, "_FRAMES", pdf_jobs.OrderedDict())
    twin = dataclasses.replace(in_week(SHORT, 0), file="twin.txt", title="A twin brief")
    twin.slug = make_slug(twin)
    briefs = [in_week(SHORT, 0), twin]
    context = pdf_jobs.PdfContext(
        settings, tmp_path, tmp_path / "c", stylesheet(settings.theme), "base", "", build_time()
    )
    keys, pages = [], set()
    for brief in briefs:
        laid = pdf_jobs.lay_out_section(context, pdf_jobs.SectionTask(brief, brief.slug, "en"))
        assert laid.error is None
        keys.append(laid.key)
        pages.add(laid.pages)
    assert len(pages) == 1  # one language, one length: one frame fits both
    printed = []
    for name, brief, key in [
        ("a", briefs[0], keys[0]),
        ("b", twin, keys[1]),
        ("c", briefs[0], keys[0]),
    ]:
        task = pdf_jobs.AssembleTask(f"pdf/{name}.pdf", [brief], [key], "en", None)
        assert pdf_jobs.assemble(context, task).error is None
        printed.append((tmp_path / "pdf" / f"{name}.pdf").read_bytes())
    assert len(pdf_jobs._FRAMES) == 1  # one frame served all three
    assert printed[0] == printed[2] != printed[1]
    assert PdfReader(tmp_path / "pdf" / "b.pdf").metadata.title == "A twin brief"


def test_subsetting_asks_cffi_for_unsized_arrays():
    from weasyprint.pdf import fonts

    arrays = fonts.ffi
    assert isinstance(arrays, pdf_assemble._UnsizedArrays)
    glyphs = arrays.new("hb_codepoint_t[3]", [7, 8, 9])
    assert list(glyphs) == [7, 8, 9] and arrays.typeof(glyphs) == arrays.typeof("hb_codepoint_t[]")
    assert len(arrays.new("char[4]")) == 4
    assert len(arrays.new("hb_codepoint_t[4]", [1, 2])) == 4  # a shorter list keeps the length
