"""Editions: the site speaks as of one date, and can be built again as it stood on an earlier one."""

from __future__ import annotations

import datetime
import re

import pytest

from conftest import MINIMAL, SHIPPED, copy_briefings
from generator import pipeline
from generator.problems import BriefingsError
from generator.render import placeholder_blocks

EDITION = datetime.date(2026, 11, 29)
STORY_DAY = datetime.date(2019, 1, 10)
ARCHIVE = "editions/2019-01-10/"
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DAY_IN_WORDS = re.compile(rf"\b(\d{{1,2}}) ({MONTHS}) (\d{{4}})\b|\b({MONTHS}) (\d{{4}})\b")


@pytest.fixture(scope="module")
def shipped():
    return pipeline.generate_all(SHIPPED, today=EDITION, editions=[STORY_DAY])


def archived_files(shipped) -> dict[str, str]:
    _site, pages, data_files = shipped
    return {path: text for path, text in {**pages, **data_files}.items() if path.startswith(ARCHIVE)}


def test_the_current_edition_names_the_presidents_in_office_on_its_date(shipped):
    _site, pages, _data = shipped
    south_korea = pages["countries/south-korea.md"]
    box = south_korea[south_korea.index('class="infobox"'): south_korea.index("</aside>")]
    assert "Lee Jae-myung" in box and "Moon Jae-in" not in box
    united_states = pages["countries/united-states.md"]
    box = united_states[united_states.index('class="infobox"'): united_states.index("</aside>")]
    assert "Donald Trump" in box and "Joe Biden" not in box


def test_the_hanoi_summit_reads_as_held_with_its_dates(shipped):
    _site, pages, _data = shipped
    summit = pages["events/second-trump-kim-summit.md"]
    assert '<time datetime="2019-02-27">' in summit and '<time datetime="2019-02-28">' in summit
    assert "Planned" not in summit and "not yet announced" not in summit


def test_the_archived_edition_shows_the_story_day(shipped):
    files = archived_files(shipped)
    south_korea = files[ARCHIVE + "countries/south-korea.md"]
    box = south_korea[south_korea.index('class="infobox"'): south_korea.index("</aside>")]
    assert "Moon Jae-in" in box and "Lee Jae-myung" not in box
    summit = files[ARCHIVE + "events/second-trump-kim-summit.md"]
    assert "Planned, date not yet announced" in summit
    assert ARCHIVE + "people/lee-jae-myung.md" not in files  # not yet known: not in the edition
    assert ARCHIVE + "events/panmunjom-meeting-2019.md" not in files


def test_nothing_in_the_archived_edition_is_dated_after_its_day(shipped):
    later = []
    for path, text in archived_files(shipped).items():
        for match in ISO_DATE.finditer(text):
            year, month, day = map(int, match.groups())
            if 1 <= month <= 12 and datetime.date(year, month, min(day, 28)) > STORY_DAY:
                later.append((path, match.group(0)))
        later += [(path, year) for year in YEAR.findall(text) if int(year) > STORY_DAY.year]
        for match in DAY_IN_WORDS.finditer(text):
            day, month, year = (match.group(1), match.group(2), match.group(3)) if match.group(1) else (
                "1", match.group(4), match.group(5))
            said = datetime.date(int(year), MONTHS.split("|").index(month) + 1, int(day))
            if said > STORY_DAY:
                later.append((path, match.group(0)))
    assert later == []


def test_the_archived_edition_has_no_stale_marks_and_stays_out_of_the_search(shipped):
    files = archived_files(shipped)
    pages = {path: text for path, text in files.items() if path.endswith(".md")}
    assert pages and not [path for path, text in pages.items() if '<span class="stale">' in text]
    for path, text in pages.items():
        front_matter = text.split("\n---\n", 1)[0]
        assert "search:\n  exclude: true" in front_matter and "edition: '2019-01-10'" in front_matter, path


def test_every_page_shows_its_edition_and_links_to_itself_in_the_other(shipped):
    _site, pages, _data = shipped
    archived = {path.removeprefix(ARCHIVE) for path in pages if path.startswith(ARCHIVE)}
    assert "index.md" in archived and "people/lee-jae-myung.md" not in archived
    for path, text in pages.items():
        if path.startswith(ARCHIVE):
            assert "Archived edition of <time datetime=\"2019-01-10\">" in text, path
            assert "This page in the current edition" in text, path
        elif path == "fields.md":  # the field reference describes the schema, not the briefings
            continue
        elif path in archived:
            assert 'Edition of <time datetime="2026-11-29">' in text, path
            assert "This page as of <time datetime=\"2019-01-10\">" in text, path
        else:  # a link to that edition's home says so, not "this page"
            assert 'Edition of <time datetime="2026-11-29">' in text, path
            assert "[The edition of <time datetime=\"2019-01-10\">" in text and "This page as of" not in text, path
    korea = pages["countries/south-korea.md"]
    assert "](../editions/2019-01-10/countries/south-korea.md)" in korea
    assert "](../../../countries/south-korea.md)" in pages[ARCHIVE + "countries/south-korea.md"]
    # a record the archived edition does not have: its page links to that edition's home
    assert "](../editions/2019-01-10/index.md)" in pages["people/lee-jae-myung.md"]


def test_a_site_without_archived_editions_has_no_edition_links():
    _site, pages, data_files = pipeline.generate_all(SHIPPED, today=EDITION)
    assert not [path for path in {**pages, **data_files} if path.startswith("editions/")]
    assert not [path for path, text in pages.items() if "This page as of" in text]


def test_each_page_gives_the_date_of_its_newest_source(shipped):
    _site, pages, _data = shipped
    assert "newest source <time datetime=\"2019-01-09\">" in pages[ARCHIVE + "countries/south-korea.md"]


def test_the_edition_date_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("BRIEFINGS_EDITION", "2019-01-10")
    site = pipeline.build_site(SHIPPED)
    assert site.today == STORY_DAY
    south_korea = site.records["south-korea"]
    assert [leader.person for leader in south_korea.leaders if site.in_office(leader)] == ["moon-jae-in"]
    monkeypatch.setenv("BRIEFINGS_EDITION", "10/01/2019")
    with pytest.raises(BriefingsError) as raised:
        pipeline.build_site(SHIPPED)
    assert str(raised.value) == ("BRIEFINGS_EDITION:1:1: expected the edition date as YYYY-MM-DD, such as "
                                 "2019-01-10; found '10/01/2019'\n1 problem in 1 file.")


def test_a_planned_event_whose_day_has_passed_is_not_shown_as_planned(tmp_path):
    root = copy_briefings(MINIMAL, tmp_path)
    event = root / "events" / "coronation.yaml"
    event.write_text(event.read_text().replace("date: 2020-03-01", "status: planned\ndate: 2020-04-01"))
    _site, pages = pipeline.generate(root, today=datetime.date(2020, 6, 1))
    page = pages["events/coronation.md"]
    assert "Planned for <time" in page and '<span class="stale">' in page
    assert "Planned events whose day has passed | 1 |" in pages["report.md"]
    event.write_text(event.read_text().replace("date: 2020-04-01", "date: 2020-07-01"))
    _site, pages = pipeline.generate(root, today=datetime.date(2020, 6, 1))  # before its day: planned
    assert "Planned, expected" in pages["events/coronation.md"]
    assert "Planned events whose day has passed | 0 |" in pages["report.md"]


def test_the_report_counts_the_pages_that_show_a_stale_mark():
    site, pages = pipeline.generate(SHIPPED, today=datetime.date(2031, 1, 1))
    report = pages["report.md"]
    shown = sorted(path for path, text in pages.items() if '<span class="stale">' in text and path != "report.md")
    home = placeholder_blocks(site, "index.md")["countries"]
    assert '<span class="stale">' in home and "- [index.md](index.md)" in report  # the home page's cards too
    shown.append("index.md")
    count = int(re.search(r"Pages that show a stale mark \| (\d+) \|", report).group(1))
    assert shown and count == len(shown)
    stale = int(re.search(r"Stale statements \(past their review-by date\) \| (\d+) \|", report).group(1))
    assert stale > 0


def edit(root, path: str, old: str, new: str) -> None:
    sheet = root / path
    text = sheet.read_text("utf-8")
    assert old in text, (path, old)
    sheet.write_text(text.replace(old, new, 1), "utf-8")


def test_an_archived_edition_never_names_what_it_left_out(tmp_path):
    """Whatever names a record the edition leaves out (an article published later, an event held
    later) loses that name, or goes: never a page that links to a missing one."""
    root = copy_briefings(MINIMAL, tmp_path)
    later = "daily-2020-03-02-coronation"
    edit(root, "places/strelsau.yaml", "country: ruritania\n",
         f"country: ruritania\ncoordinates:\n  latitude: 50.0\n  longitude: 14.0\n  sources: [{later}]\n")
    edit(root, "countries/ruritania.yaml", "last_reviewed: 2020-03-03",
         f"earlier:\n  - until: 2019-11-01\n    summary: A kingdom.\n    sources: [{later}]\nlast_reviewed: 2020-03-03")
    edit(root, "countries/ruritania.yaml", "  link: strelsau\n", "  link: coronation\n")
    edit(root, "people/rudolf.yaml", "last_reviewed", "offices:\n  - title: Colonel of the Guard\n    until: 2021-01-01\n"
         "    as_of: 2019-06-01\n    sources: [encyclopedia-ruritania]\nlast_reviewed")
    day = datetime.date(2019, 12, 1)
    _site, pages, data_files = pipeline.generate_all(root, today=datetime.date(2020, 3, 3), editions=[day])
    archived = {path: text for path, text in {**pages, **data_files}.items() if path.startswith("editions/")}
    assert "editions/2019-12-01/events/coronation.md" not in archived
    assert not [path for path, text in archived.items() if later in text or "2021-01-01" in text]
    assert "Colonel of the Guard" in archived["editions/2019-12-01/people/rudolf.md"]  # held then, end unknown


def test_the_current_edition_keeps_a_sheet_nothing_names_and_reports_it_as_an_orphan(tmp_path):
    root = copy_briefings(MINIMAL, tmp_path)
    (root / "organisations" / "lonely-gazette.yaml").write_text(
        "id: lonely-gazette\nname: Lonely Gazette\nkind: newspaper\nsummary: A paper.\nlast_reviewed: 2020-03-03\n",
        "utf-8")
    _site, pages = pipeline.generate(root, today=datetime.date(2020, 3, 3))
    assert "organisations/lonely-gazette.md" in pages
    assert "Lonely Gazette" in pages["report.md"].split("## Orphan entities")[1]


def test_an_event_under_way_on_the_edition_date_does_not_say_when_it_ends(tmp_path):
    root = copy_briefings(MINIMAL, tmp_path)
    edit(root, "events/coronation.yaml", "date: 2020-03-01\n", "date: 2020-03-01\nend_date: 2020-03-05\n")
    _site, pages, _data = pipeline.generate_all(root, today=datetime.date(2020, 3, 10), editions=[datetime.date(2020, 3, 3)])
    assert "2020-03-05" in pages["events/coronation.md"]
    assert "2020-03-05" not in pages["editions/2020-03-03/events/coronation.md"]
