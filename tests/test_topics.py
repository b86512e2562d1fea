"""Topics: sheets of their own, named by id from positions, facts, events, articles and quotes, and
a page per topic that sets each actor's stance side by side."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from conftest import SHIPPED, copy_briefings, MINIMAL
from generator.pipeline import generate_all

TODAY = datetime.date(2026, 12, 4)
ATOM = "{http://www.w3.org/2005/Atom}"


def section(page: str, heading: str) -> str:
    """The text of a `## heading` section of a generated page, up to the next one."""
    start = page.index(f"\n## {heading}\n")
    end = page.find("\n## ", start + 1)
    return page[start: end if end != -1 else None]


def test_the_denuclearization_page_sets_each_countrys_position_and_the_leaders_quotes_side_by_side():
    _site, pages, _data = generate_all(SHIPPED, TODAY)
    page = pages["topics/denuclearization.md"]
    stances = section(page, "Where each actor stands")
    rows = [line for line in stances.splitlines() if line.startswith("| [")]
    actors = [re.match(r"\| \[([^\]]+)\]", row).group(1) for row in rows]
    assert {"North Korea", "United States", "China"} <= set(actors)
    for row in rows:  # each with its date and its citation
        assert re.search(r'<time datetime="\d{4}-\d{2}-\d{2}">', row) and 'class="footnote-ref"' in row, row
    dates = [re.findall(r'<time datetime="([\d-]+)">', row)[-1] for row in rows]
    assert dates == sorted(dates, reverse=True)  # latest first
    quotes = section(page, "Quotes")
    assert "[Kim Jong Un](../people/kim-jong-un.md)" in quotes
    assert "“The DPRK will continue sticking to the stance of denuclearization" in quotes
    assert "[Xi Jinping](../people/xi-jinping.md)" in quotes
    assert "realizing denuclearization on the peninsula”" in quotes
    summits = pages["topics/trump-kim-summits.md"]
    assert {"China", "Donald Trump", "Xi Jinping", "Kim Jong Un", "Moon Jae-in"} <= set(
        re.findall(r"^\| \[([^\]]+)\]", section(summits, "Where each actor stands"), re.M))
    assert "“meet each other halfway”" in section(summits, "Quotes")
    events = section(page, "Events and articles")
    assert "singapore-summit-2018.md" in events and "usatoday-2019-01-09-kim-second-summit.md" in events
    assert "also called Denuclearization, Denuclearisation" in page


def test_every_record_page_links_its_topics_and_its_positions_name_them():
    _site, pages, _data = generate_all(SHIPPED, TODAY)
    north_korea = pages["countries/north-korea.md"]
    assert "**Topics:** [Denuclearization of the Korean Peninsula](../topics/denuclearization.md)" in north_korea
    positions = section(north_korea, "Positions")
    assert "| [Sanctions on North Korea](../topics/sanctions-on-north-korea.md) |" in positions
    article = pages["articles/usatoday-2019-01-09-kim-second-summit.md"]
    assert "../topics/trump-kim-summits.md" in article


def test_the_topics_index_counts_what_each_topic_gathers():
    site, pages, _data = generate_all(SHIPPED, TODAY)
    index = pages["topics/index.md"]
    for topic in site.of_folder("topics"):
        actors, items = site.topic_counts(topic.id)
        assert re.search(rf"^\| \[{re.escape(topic.name)}\]\(\.\./topics/{topic.id}\.md\) \| [^|]+ \| {actors} \| {items} \|$", index, re.M)
    assert site.topic_counts("denuclearization")[0] == 5  # three countries' positions, Kim and Xi quoted
    assert "| The aim of a Korean Peninsula free of nuclear weapons: above all" in index  # what it covers


def test_a_topic_has_its_own_feed_and_data():
    _site, pages, data = generate_all(SHIPPED, TODAY)
    feed = ElementTree.fromstring(data["data/topics/trump-kim-summits.xml"])
    links = [entry.find(f"{ATOM}link").get("href") for entry in feed.findall(f"{ATOM}entry")]
    assert "events/singapore-summit-2018/" in links and "articles/usatoday-2019-01-09-kim-second-summit/" in links
    assert "events/panmunjom-meeting-2019/" in links
    assert '"name": "Trump–Kim summits"' in data["data/topics/trump-kim-summits.json"]
    assert "its updates as an [Atom feed](../data/topics/trump-kim-summits.xml)" in pages["topics/trump-kim-summits.md"]


def _with_a_changed_stance_and_a_narrower_topic(tmp_path: Path) -> Path:
    root = copy_briefings(MINIMAL, tmp_path)
    country = root / "countries" / "ruritania.yaml"
    country.write_text(country.read_text("utf-8").replace("""positions:
  - topic: neutrality
""", """positions:
  - topic: armed-neutrality
    stance: Keeps an army to defend its neutrality.
    date: 2020-03-02
    sources: [daily-2020-03-02-coronation]
  - topic: neutrality
    stance: Once wanted alliances.
    date: 2020-01-01
    sources: [encyclopedia-ruritania]
  - topic: neutrality
"""), "utf-8")
    (root / "topics" / "armed-neutrality.yaml").write_text("""id: armed-neutrality
name: Armed neutrality
summary: |
  Neutrality kept with an army ready to defend it.
parent: neutrality
last_reviewed: 2026-11-28
""", "utf-8")
    return root


def test_a_stance_that_changed_shows_what_it_was_before_and_a_topic_its_narrower_topics(tmp_path):
    root = _with_a_changed_stance_and_a_narrower_topic(tmp_path)
    _site, pages, _data = generate_all(root, datetime.date(2026, 11, 28))
    page = pages["topics/neutrality.md"]
    stance = section(page, "Where each actor stands")
    latest, earlier = stance.index("Wants to stay out of alliances."), stance.index("Earlier (")
    assert latest < earlier and "Once wanted alliances." in stance[earlier:]
    assert "\n- [Armed neutrality](../topics/armed-neutrality.md)\n" in section(page, "Narrower topics")
    narrower = pages["topics/armed-neutrality.md"]
    assert "*Topic* · part of [Neutrality](../topics/neutrality.md)" in narrower
    assert "Keeps an army to defend its neutrality." in narrower


def test_a_topic_with_nothing_on_it_shows_no_empty_sections(tmp_path):
    root = copy_briefings(MINIMAL, tmp_path)
    (root / "topics" / "succession.yaml").write_text(
        "id: succession\nname: Succession\nsummary: |\n  Who reigns after the king.\nlast_reviewed: 2026-11-28\n", "utf-8")
    _site, pages, _data = generate_all(root, datetime.date(2026, 11, 28))
    page = pages["topics/succession.md"]
    for heading in ("Where each actor stands", "Quotes", "Facts", "Events and articles", "Narrower topics"):
        assert f"## {heading}" not in page


def test_an_archived_edition_has_the_topics_its_day_speaks_of():
    _site, pages, data = generate_all(SHIPPED, TODAY, editions=[datetime.date(2019, 1, 10)])
    archived = pages["editions/2019-01-10/topics/denuclearization.md"]
    assert "North Korea" in archived and "Last reviewed" not in archived  # reviewed after that day
    assert "editions/2019-01-10/data/topics/denuclearization.xml" in data


def test_section_indexes_read_as_lists_grouped_by_country_or_by_year():
    _site, pages, _data = generate_all(SHIPPED, TODAY)
    people = pages["people/index.md"]
    headings = re.findall(r"^## (.+)$", people, re.M)
    assert headings == sorted(headings, key=str.casefold) and {"North Korea", "South Korea", "United States"} <= set(headings)
    south_korea = section(people, "South Korea")
    assert "| [Lee Jae-myung](../people/lee-jae-myung.md) | President of the Republic of Korea |" in south_korea
    assert "| [Moon Jae-in](../people/moon-jae-in.md) | Former President of the Republic of Korea |" in south_korea
    events = pages["events/index.md"]
    assert re.findall(r"^## (.+)$", events, re.M)[:2] == ["2018", "2019"]
    assert "singapore-summit-2018.md" in section(events, "2018")
