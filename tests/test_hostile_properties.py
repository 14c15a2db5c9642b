"""Property-based tests: random bytes and Unicode against ingest, slugs and brief files.

Whatever the input, ingest gives a clean ``Document`` or a one-line reason, analysis
gives a ``Brief`` or a ``Problem`` (never an exception), every slug is path-safe,
and no text can add a metadata line to a brief or markup to its page.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify as pelican_slugify
from test_hostile_input import (
    FORBIDDEN_CHARS,
    HEADER_KEYS,
    LIMIT,
    REASON,
    SAFE_SLUG,
    SETTINGS,
    Rendered,
    analysed,
    pelican_markdown,
    pelican_meta,
)

from pipeline.briefs import (
    entity_slug,
    escape_markdown,
    make_slug,
    one_line,
    read_brief,
    render_brief,
)
from pipeline.errors import ArticleRejected
from pipeline.extract import analysis_options
from pipeline.ingest import read_document
from pipeline.model import Brief, Entity, Problem
from pipeline.pdf_plan import brief_slug
from pipeline.site_pages import source_slug


@pytest.fixture(scope="module")
def options():
    return analysis_options(SETTINGS)


# --- 7. properties ------------------------------------------------------------------------
PROPERTY = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
MARKUP_TEXT = st.text(
    alphabet=st.sampled_from(list("ab :\\`*_{}[]()#+-.!|<>&=~^\"'/\t@%;?1\u00a0\u2028\u3000")),
    max_size=30,
)
SUFFIXES = st.sampled_from(["txt", "html", "md", "text", "htm", "bin"])


def assert_clean_document_or_reason(path: Path, name: str) -> None:
    try:
        document = read_document(path, name, LIMIT)
    except ArticleRejected as rejected:
        assert rejected.name == name and REASON.match(rejected.reason), rejected.reason
        assert "\n" not in rejected.reason
        return
    assert document.text.strip() and not FORBIDDEN_CHARS.search(document.text)
    assert document.text == unicodedata.normalize("NFC", document.text)
    for value in document.hints.values():
        assert not FORBIDDEN_CHARS.search(value) and "\n" not in value


@PROPERTY
@given(data=st.binary(max_size=3000), suffix=SUFFIXES)
def test_random_bytes_never_crash_ingest(tmp_path, data, suffix) -> None:
    path = tmp_path / f"random.{suffix}"
    path.write_bytes(data)
    assert_clean_document_or_reason(path, path.name)


@PROPERTY
@given(text=st.text(max_size=2000), suffix=SUFFIXES)
def test_random_unicode_never_crashes_ingest(tmp_path, text, suffix) -> None:
    path = tmp_path / f"random.{suffix}"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    assert_clean_document_or_reason(path, path.name)


@settings(PROPERTY, max_examples=25)
@given(text=st.text(max_size=1500))
def test_random_unicode_gives_a_brief_or_a_problem_never_an_exception(
    tmp_path, options, text
) -> None:
    path = tmp_path / "random.txt"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    result = analysed(path, options)
    assert isinstance(result, Brief | Problem)
    if isinstance(result, Problem):
        assert not result.reason.startswith("analysis failed"), result.reason


@PROPERTY
@given(
    title=st.text(max_size=200),
    file=st.text(min_size=1, max_size=80),
    date=st.none() | st.dates(),
)
def test_slug_of_any_title_and_file_name_stays_in_its_folder(tmp_path, title, file, date) -> None:
    slug = make_slug(Brief(file=file, title=title, date=date))
    assert SAFE_SLUG.match(slug) and len(slug) <= 90
    assert (tmp_path / f"{slug}.md").resolve().parent == tmp_path.resolve()
    hand_edited = Brief(file=file, title=title, date=date, slug=title)
    assert SAFE_SLUG.match(brief_slug(hand_edited))


@PROPERTY
@given(name=st.text(min_size=1, max_size=80))
def test_entity_source_and_tag_slugs_are_path_safe(name) -> None:
    for slug in (entity_slug(name), source_slug(name)):
        assert SAFE_SLUG.match(slug), (name, slug)
    # Pelican's own tag and author slug, or the site plugin's fallback when it is empty.
    subs = (
        SETTINGS.pelican.get("TAG_REGEX_SUBSTITUTIONS")
        or DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"]
    )
    tag = pelican_slugify(name, regex_subs=subs) or source_slug(name)
    assert tag and "/" not in tag and not tag.startswith("."), (name, tag)


@PROPERTY
@given(
    title=st.text(max_size=120),
    author=st.none() | st.text(max_size=60),
    tags=st.lists(st.text(max_size=20), max_size=4),
    body=st.lists(st.text(max_size=200), max_size=4),
    points=st.lists(st.text(max_size=60), max_size=3),
    entity=st.text(min_size=1, max_size=30),
)
def test_any_text_round_trips_through_a_brief_file_without_new_metadata(
    tmp_path, title, author, tags, body, points, entity
) -> None:
    brief = Brief(
        file="random.txt",
        title=title,
        author=author,
        tags=tags,
        body=body,
        key_points=points,
        entities=[Entity(entity, "person", [entity], False)],
        summary=" ".join(body),
    )
    brief.slug = make_slug(brief)
    text = render_brief(brief)
    meta = pelican_meta(text)
    assert set(meta) <= HEADER_KEYS and meta["slug"] == [brief.slug]
    path = tmp_path / f"{brief.slug}.md"
    path.write_text(text, encoding="utf-8")
    back = read_brief(path)
    assert back.title == one_line(title) and back.slug == brief.slug
    assert back.body == [one_line(p) for p in body if p.strip()]
    assert back.key_points == points and [e.name for e in back.entities] == [entity]


@settings(PROPERTY, max_examples=300)
@given(paragraphs=st.lists(MARKUP_TEXT, min_size=1, max_size=4))
def test_escaped_paragraphs_render_as_plain_paragraphs(paragraphs) -> None:
    paragraphs = [p for p in paragraphs if p.split()]
    source = "Title: t\n\n" + "\n\n".join(escape_markdown(p) for p in paragraphs)
    parsed = Rendered(pelican_markdown().convert(source))
    assert parsed.tags == ["p"] * len(paragraphs)
    shown = [one_line(t) for t in "".join(parsed.text).split("\n") if t.strip()]
    assert shown == [one_line(p) for p in paragraphs]
