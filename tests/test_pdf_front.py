"""A digest's cover and contents: laid out with the page numbers they lead to, recorded
and kept like a brief's section, and drawn again while they read as before.

The fixtures and briefs are ``test_pdf_assemble``'s: two corpus briefs of one ISO week.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zlib
from collections import Counter
from types import SimpleNamespace

import pytest
from pypdf import PdfReader
from site_helpers import copy_theme
from test_pdf_assemble import EPOCH, SHORT, WEEK, digest_settings, in_week, pdf_files, plans

from pipeline import pdf_assemble, pdf_jobs
from pipeline.model import Brief
from pipeline.pdf import build_time, render_pdfs
from pipeline.pdf_assemble import AssemblyError
from pipeline.pdf_html import stylesheet
from pipeline.pdf_record import UnsupportedSection, record_section
from pipeline.pdf_render import PDF_OPTIONS, lay_out
from pipeline.pdf_section import Section, SectionCache, SectionPage


@pytest.fixture(scope="module")
def settings():
    return digest_settings()


def layout_kind(html: str) -> str:
    """What a laid-out HTML is: a brief's section, a brief's frame, a digest's cover and
    contents, a digest's folio sheet (its brief pages' footers), or the document kept
    covers and contents are drawn in."""
    if html == pdf_jobs.STAND_IN:
        return "stand-in"
    if 'class="single"' in html:
        return "frame"
    if 'class="digest"' in html:
        return "folios" if 'class="host"' in html else "front"
    return "section"


@pytest.mark.slow
def test_reprinting_a_digest_lays_out_only_the_changed_brief_and_contents_that_changed(
    tmp_path, settings, monkeypatch
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    briefs = [in_week(name, day) for day, name in enumerate(WEEK)]
    first = render_pdfs(briefs, plans(briefs, settings), settings, tmp_path, cache=tmp_path / "c")
    made = tmp_path / "made.log"  # the spies run in forked workers too: they append to a file
    real_html, real_lay_out = pdf_jobs.section_html, pdf_jobs.lay_out

    def log(line: str) -> None:
        with made.open("a", encoding="utf-8") as file:
            file.write(f"{line}\n")

    def spy_html(brief: Brief, locale: str, *args: object) -> str:
        log(f"html {brief.slug} {locale}")
        return real_html(brief, locale, *args)

    def spy_lay_out(html: str, *args: object) -> object:
        log(f"layout {layout_kind(html)}")
        return real_lay_out(html, *args)

    monkeypatch.setattr(pdf_jobs, "section_html", spy_html)
    monkeypatch.setattr(pdf_jobs, "lay_out", spy_lay_out)
    pages = {rel: len(PdfReader(tmp_path / rel).pages) for rel in pdf_files(tmp_path)}
    edited = [dataclasses.replace(briefs[0], summary=f"{briefs[0].summary} Corrected."), briefs[1]]
    again = render_pdfs(edited, plans(edited, settings), settings, tmp_path, cache=tmp_path / "c")
    assert first.ok and again.ok, (first.failures, again.failures)
    # its own PDF (en), and the week's and the latest digests in en and pl
    assert again.files == 1 + 2 * 2 and again.unchanged == 1
    lines = made.read_text(encoding="utf-8").splitlines()
    made_html = sorted(line.split(" ", 1)[1] for line in lines if line.startswith("html "))
    assert made_html == sorted([f"{briefs[0].slug} en", f"{briefs[0].slug} pl"])
    # no digest changed length, so each kept its folio sheet, and its contents read as
    # before, so each kept its cover and contents too
    assert pages == {rel: len(PdfReader(tmp_path / rel).pages) for rel in pdf_files(tmp_path)}
    layouts = Counter(line.split()[1] for line in lines if line.startswith("layout "))
    assert layouts["section"] == 2 and layouts["folios"] == layouts["front"] == 0, layouts
    clean = tmp_path / "clean"
    render_pdfs(edited, plans(edited, settings), settings, clean, cache=clean / "c")
    assert pdf_files(tmp_path) == pdf_files(clean)
    # a new title is in the contents: the four digests' covers and contents are laid out
    made.write_text("")
    retitled = [dataclasses.replace(edited[0], title=f"{edited[0].title} (corrected)"), briefs[1]]
    again = render_pdfs(
        retitled, plans(retitled, settings), settings, tmp_path, cache=tmp_path / "c"
    )
    assert again.ok and again.files == 1 + 2 * 2, again.failures
    lines = made.read_text(encoding="utf-8").splitlines()
    layouts = Counter(line.split()[1] for line in lines if line.startswith("layout "))
    assert layouts["front"] == 4 and layouts["folios"] == 0, layouts
    render_pdfs(retitled, plans(retitled, settings), settings, clean, cache=clean / "c")
    assert pdf_files(tmp_path) == pdf_files(clean)


@pytest.mark.slow
def test_a_cover_a_section_cannot_hold_is_laid_out_at_each_print(tmp_path, settings, monkeypatch):
    """A theme may give its cover what a recorded section cannot hold (a transparency
    group, here): its digests print all the same, their covers and contents laid out
    each time, as they are not kept."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    theme = tmp_path / "theme"
    copy_theme(theme)
    css = theme / "pdf" / "print.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.cover-title { opacity: 0.5; }\n")
    themed = dataclasses.replace(settings, theme=theme)
    with pytest.raises(UnsupportedSection):
        page = pdf_jobs.digest_frame(plans([in_week(SHORT, 0)], themed)[0], [in_week(SHORT, 0)],
                                     themed, [1], None, 1)  # fmt: skip
        record_section(lay_out(page.html, stylesheet(theme), [theme], []), "x", within=True)
    briefs = [in_week(name, day) for day, name in enumerate(WEEK)]
    made = tmp_path / "made.log"  # the spy runs in forked workers too: it appends to a file
    real_lay_out = pdf_jobs.lay_out

    def spy_lay_out(html: str, *args: object) -> object:
        with made.open("a", encoding="utf-8") as file:
            file.write(f"{layout_kind(html)}\n")
        return real_lay_out(html, *args)

    monkeypatch.setattr(pdf_jobs, "lay_out", spy_lay_out)
    out, cache = tmp_path / "out", tmp_path / "c"
    for summary in ("", " Corrected."):
        made.write_text("")
        edited = [dataclasses.replace(briefs[0], summary=briefs[0].summary + summary), briefs[1]]
        result = render_pdfs(edited, plans(edited, themed), themed, out, cache=cache)
        assert result.ok, result.failures
    # the second print's contents read as the first's, and are laid out again all the same:
    # the week's and the latest digests, in en and pl
    assert Counter(made.read_text().split())["front"] == 4
    reader = PdfReader(out / "pdf" / "digests" / "week-2025-w11-en.pdf")
    assert "Week 11, 2025" in reader.pages[0].extract_text()
    contents = [a.get_object() for a in reader.pages[1]["/Annots"]]
    targets = {reader.get_destination_page_number(reader.named_destinations[a["/Dest"]])
               for a in contents}  # fmt: skip
    assert targets == {reader.get_destination_page_number(o) for o in reader.outline}


def test_kept_contents_that_link_to_no_brief_of_the_digest_fail_its_print() -> None:
    """A kept cover and contents link to the anchors the digest's brief pages carry: one
    to an anchor no brief page has would be a dead link, so the digest fails instead."""
    page = SectionPage(595.0, 842.0, zlib.compress(b""), 0)
    links = [(0, [0.0, 0.0, 9.0, 9.0], "#b-kept"), (0, [0.0, 9.0, 9.0, 18.0], "#b-gone")]
    kept = Section(pages=[page], links=[*links, (0, [0.0, 0.0, 9.0, 9.0], "https://x.org")])
    frame = SimpleNamespace(pages=[])
    with pytest.raises(AssemblyError, match="#b-gone"):
        pdf_assemble.drawn_pages(frame, kept, ["b-kept"])
    drawn = pdf_assemble.drawn_pages(frame, kept, ["b-kept", "b-gone"])
    assert len(drawn) == 1 and frame.pages == drawn


def test_contents_that_take_several_pages_number_the_briefs_after_them(tmp_path, settings):
    """The contents give page numbers the frame cannot count (its brief pages are laid out
    apart), so contents that run longer or shorter than assumed are laid out again."""
    brief = in_week(SHORT, 0)
    many = [
        dataclasses.replace(brief, file=f"b{n}.txt", title=f"Brief number {n} of a busy week")
        for n in range(60)
    ]
    plan = next(p for p in plans(many, settings) if p.kind == "latest" and p.locale == "en")
    context = pdf_jobs.PdfContext(
        settings, tmp_path, tmp_path / "c", stylesheet(settings.theme), "base", "", build_time()
    )
    counts = [n % 3 + 1 for n in range(len(many))]
    fronts = set()
    # the default, a last build's count that is now wrong, and both again with the right
    # layout kept (only laid out when the guess is wrong)
    for guess in (None, 1, 12, None):
        task = pdf_jobs.AssembleTask("pdf/digests/x.pdf", many, [], "en", None, plan, guess)
        cache = SectionCache(context.cache)
        page, document, drawn, _ = pdf_jobs._digest_front(context, cache, task, counts, [])
        front = len(document.pages)
        fronts.add(front)
        numbers = [int(n) for n in re.findall(r'data-page="(\d+)"', page.html)]
        assert numbers == [front + 1 + sum(counts[:n]) for n in range(len(many))]
        printed = io.BytesIO()
        pdf_assemble.write_assembled(document, drawn, printed, str, **PDF_OPTIONS)
        last = PdfReader(printed).pages[-1].extract_text()
        assert f"Page {front} of {front + sum(counts)}" in last  # the footer counts every page
        assert re.search(rf"{numbers[-1]}\s*Brief number 59 of a busy week", last)
    assert len(fronts) == 1 and fronts.pop() > pdf_jobs.FRONT_PAGES
