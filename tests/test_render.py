"""Golden files for the rendered Markdown: a fixture country page, and the shipped North Korea briefing."""

import datetime
import html
import re
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import MINIMAL, SHIPPED, assert_golden, readable
from generator.pipeline import generate as generate_any_day
from generator.render import front_matter_string

GOLDEN = Path(__file__).resolve().parent / "golden"
BUILD_DATE = datetime.date(2026, 11, 28)  # pages mark staleness against the build date


def generate(root):
    return generate_any_day(root, today=BUILD_DATE)


def test_fixture_pages_match_their_golden_files():
    _, pages = generate(MINIMAL)
    for path in ("countries/ruritania.md", "people/rudolf.md", "articles/daily-2020-03-02-coronation.md",
                 "events/coronation.md", "timeline.md", "countries/index.md", "report.md", "compare.md",
                 "relations.md"):
        assert_golden(readable(pages[path]), GOLDEN / "minimal" / path)


def test_shipped_north_korea_briefing_matches_its_golden_file():
    _, pages = generate(SHIPPED)
    assert_golden(readable(pages["countries/north-korea.md"]), GOLDEN / "shipped" / "countries" / "north-korea.md")


def test_every_citation_on_a_page_has_its_source_listed_once_in_order():
    _, pages = generate(SHIPPED)
    cited_pages = 0
    for path, markdown in pages.items():
        cited = list(dict.fromkeys(re.findall(r'class="footnote-ref" href="#cite:([a-z0-9-]+)"', markdown)))
        listed = re.findall(r'<li id="cite:([a-z0-9-]+)" markdown>', markdown)
        assert listed == cited, f"{path}: cited {cited}, listed {listed}"
        numbers = re.findall(r'href="#cite:([a-z0-9-]+)">(\d+)</a>', markdown)
        assert all(int(number) == cited.index(source) + 1 for source, number in numbers), path
        cited_pages += bool(cited)
    assert cited_pages > 20


def test_country_sections_come_in_the_same_order_on_every_briefing():
    site, pages = generate(SHIPPED)
    expected = ["## Facts", "## Leadership", "## Positions", "## Relations", "## Timeline",
                "## Quotes", "## Mentioned in", "## Sources"]
    for country in site.countries():
        markdown = pages[site.page(country.id)]
        headings = [line for line in markdown.splitlines() if line.startswith("## ")]
        assert headings == expected, country.id


def test_a_review_by_date_in_the_past_marks_the_fact_stale_on_its_page_and_in_the_report():
    _, pages = generate(MINIMAL)
    assert '| Population | About one million <span class="stale">Stale: due for review' in pages["countries/ruritania.md"]
    assert "- [Ruritania](countries/ruritania.md): facts\\[0\\] \\(Population\\)" in pages["report.md"]
    _, before_due = generate_any_day(MINIMAL, today=datetime.date(2020, 6, 1))
    assert "Stale" not in before_due["countries/ruritania.md"]


def test_a_sheet_that_cites_nothing_has_no_empty_sources_section_but_a_country_keeps_its_sections():
    _, pages = generate(MINIMAL)
    newspaper = pages["organisations/strelsau-daily.md"]  # a kind, a country and a summary: nothing cited
    assert "## Sources" not in newspaper and "No sources cited" not in newspaper
    assert newspaper.rstrip().endswith("([format](../open-data.md)).*")  # its data line ends the page
    assert "## Sources\n\n<div class=\"footnote\"" in pages["countries/ruritania.md"]


def test_the_report_lists_names_a_summary_links_that_its_mentions_leave_out():
    _, pages = generate(SHIPPED)
    report = pages["report.md"]
    assert "| Articles whose summary names a record its `mentions` leave out | 1 |" in report
    assert ("- [Kim Jong Un has Xi Jinping's support for 2nd Trump summit](articles/abcnews-2019-01-10-xi-backs-second-"
            "summit.md): [Singapore](countries/singapore.md)\n") in report  # "in Singapore in June 2018"; not its outlet


# Any character, and often those the escaping is about (lone surrogates among them).
TITLE_CHARACTERS = st.characters(exclude_categories=()) | st.sampled_from(
    ['"', "\\", "\x85", "\u2028", "\u2029", "\ufeff", "\xa0", "\x00", "\x7f", "\t", "\n", "&", "<", "\ud800", "\udfff", "\U0001f600"])


@settings(max_examples=500, deadline=None)
@given(st.lists(TITLE_CHARACTERS, max_size=40).map("".join))
def test_a_front_matter_title_is_the_string_pyyaml_writes_and_reads_back_as_the_escaped_title(title):
    written = front_matter_string(title)
    escaped = html.escape(title, quote=False)
    assert written == yaml.safe_dump(escaped, default_style='"', allow_unicode=True, width=float("inf")).strip()
    assert yaml.safe_load(f"title: {written}\n") == {"title": escaped}
