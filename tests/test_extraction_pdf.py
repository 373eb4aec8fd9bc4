"""Issue 17, item 5: press releases published as PDF files are read (pypdf), not dropped."""

from __future__ import annotations

from datetime import datetime, timezone

from crawlers.date_source import choose_date
from crawlers.pdf_release import extract_pdf, is_pdf, paragraphs
from tests.helpers.tiny_pdf import make_pdf

NOW = datetime(2026, 11, 27, tzinfo=timezone.utc)
HEADLINE = "Example CDMO opens a fill-finish plant in Lyon"
DATELINE = ("LYON, France, 21 November 2024 - Example CDMO said today it had opened a sterile fill-finish plant near "
            "Lyon, adding capacity for vials and prefilled syringes for its biotech customers in Europe.")
BODY = ("The plant employs about one hundred and twenty people and will run two isolator lines, the company said, "
        "with a third line planned for next year if demand from antibody developers keeps growing.")
UNDATED = ("Example CDMO said it had signed a supply agreement with a mid-sized biotech company for the commercial "
           "manufacture of an antibody, with the first batches due from its plant near Lyon.")
TAIL = ["About Example CDMO", "Example CDMO develops and manufactures biologics for clients around the world.",
        "Media contact", "press@example-cdmo.test"]


def test_a_release_gives_title_text_and_its_dateline_date():
    release = extract_pdf(make_pdf([HEADLINE, DATELINE, BODY, *TAIL], created="D:20241120093000+01'00'"), NOW)
    assert release is not None and release.is_release
    assert release.title == HEADLINE
    assert release.text.splitlines() == [DATELINE, BODY]  # wrapped lines joined, the release tail cut
    assert release.published == "2024-11-21"
    assert release.created == "2024-11-20T08:30:00+00:00"
    assert release.lang == "en"


def test_the_metadata_title_is_used_unless_it_names_the_file_or_tool():
    named = extract_pdf(make_pdf([DATELINE, BODY], title="Example CDMO opens a Lyon plant"), NOW)
    assert named is not None and named.title == "Example CDMO opens a Lyon plant"
    tool = extract_pdf(make_pdf([HEADLINE, DATELINE, BODY], title="Microsoft Word - release_final.docx"), NOW)
    assert tool is not None and tool.title == HEADLINE


def test_without_a_date_in_the_text_the_creation_date_is_the_last_resort():
    release = extract_pdf(make_pdf([HEADLINE, UNDATED, BODY], created="D:20241120093000Z"), NOW)
    assert release is not None and release.published is None
    dated = choose_date(release.published, None, "listing", None, None, NOW, release.created)
    assert (dated.published, dated.source) == ("2024-11-20T09:30:00+00:00", "pdf-metadata")
    # Any date from the feed or the server comes first; none at all stays none.
    assert choose_date(None, "2024-11-19", "feed", pdf_created=release.created).source == "feed"
    assert choose_date(None, None, "listing", now=NOW).source == "first-seen"


def test_a_creation_date_in_the_future_is_not_used():
    release = extract_pdf(make_pdf([HEADLINE, UNDATED, BODY], created="D:20991120093000Z"), NOW)
    assert release is not None and release.created is None


def test_a_short_document_is_not_a_release_and_a_broken_one_is_none():
    short = extract_pdf(make_pdf(["Price list 2025", "Vials: on request."]), NOW)
    assert short is not None and not short.is_release
    assert extract_pdf(b"%PDF-1.4\nnot really a pdf", NOW) is None


def test_pdf_is_told_by_content_type_or_magic_bytes():
    assert is_pdf(b"anything", "application/pdf")
    assert is_pdf(b"%PDF-1.7\n...", "application/octet-stream")
    assert not is_pdf(b"<html>", "text/html; charset=utf-8")


def test_paragraphs_of_hard_wrapped_lines():
    raw = "A headline of the release\nThe first line of a paragraph that runs\non to a second line.\n\nNext one."
    assert paragraphs(raw) == ["A headline of the release",
                               "The first line of a paragraph that runs on to a second line.", "Next one."]
