"""The built shipped site as a reader finds it, read from its HTML: every page reachable from the
home page, a map on every country and place page, key facts before the summary, no filler. What
needs a browser to measure (sizes, positions, search) is in test_browser.py."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path

from test_links import parse, target_file

FILLER = re.compile(r"recorded yet|none recorded|not mentioned elsewhere|nothing dated|no quotes|no sources cited", re.I)
RECORD_FOLDERS_WITHOUT_FIXED_SECTIONS = ("people", "organisations", "places", "events")


class ArticleText(HTMLParser):
    """The text of a page's <article>, and the order of its infobox and first paragraph."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.text: list[str] = []
        self.order: list[str] = []  # "p" for each paragraph, "infobox" where the box stands
        self.rows: list[list[str]] = []  # the infobox's rows (and any later table's), what each cites
        self.in_box = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "article":
            self.depth += 1
        if self.depth and "infobox" in classes:
            self.order.append("infobox")
            self.in_box = True
        if self.depth and tag == "p" and not self.in_box and not {"print-only", "edition"} & set(classes):
            self.order.append("p")  # a paragraph of the article itself, not of the box
        if self.depth and tag == "tr" and "infobox" in self.order:
            self.rows.append([])
        if self.depth and tag == "a" and "footnote-ref" in classes and self.rows:
            self.rows[-1].append("cited")

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        if tag == "aside":
            self.in_box = False

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)


def article(page: Path) -> ArticleText:
    reader = ArticleText()
    reader.feed(page.read_text("utf-8"))
    return reader


def pages_reached_from_home(site: Path) -> set[Path]:
    reached, queue = {site / "index.html"}, deque([site / "index.html"])
    while queue:
        page = queue.popleft()
        for link in parse(page).links:
            if re.match(r"^[a-z]+:|^//", link) or link.startswith("#"):
                continue
            target = target_file(site, page, link)
            if target.suffix == ".html" and target.is_file() and target not in reached:
                reached.add(target)
                queue.append(target)
    return reached


def test_every_page_is_reached_by_links_from_the_home_page(built_site: Path):
    pages = {page for page in built_site.rglob("*.html") if page.name != "404.html"}
    orphans = sorted(page.relative_to(built_site).as_posix() for page in pages - pages_reached_from_home(built_site))
    assert orphans == []
    assert len(pages) > 70


def test_the_orphan_check_finds_a_page_nothing_links_to(built_site: Path, tmp_path: Path):
    (tmp_path / "index.html").write_text('<a href="a/">a</a>', "utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("<p>a</p>", "utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "index.html").write_text("<p>b</p>", "utf-8")
    assert pages_reached_from_home(tmp_path) == {tmp_path / "index.html", tmp_path / "a" / "index.html"}


def test_every_country_and_place_page_has_a_map(built_site: Path):
    for folder in ("countries", "places"):
        pages = [page for page in (built_site / folder).glob("*/index.html")]
        assert pages, folder
        for page in pages:
            html = page.read_text("utf-8")
            assert re.search(r'<figure class="locator-map"[^>]*>\s*<svg[^>]* role="img"', html), page
            assert "<desc id=" in html, f"{page}: a map without a text alternative"
    assert 'class="locator-map places-map"' in (built_site / "places" / "index.html").read_text("utf-8")


def test_record_pages_other_than_countries_carry_no_filler(built_site: Path):
    filled = []
    for folder in RECORD_FOLDERS_WITHOUT_FIXED_SECTIONS:
        for page in (built_site / folder).glob("*/index.html"):
            match = FILLER.search(" ".join(article(page).text))
            if match:
                filled.append(f"{page.relative_to(built_site)}: {match.group(0)!r}")
    assert filled == []


def test_every_record_page_puts_its_key_facts_before_its_summary(built_site: Path):
    for folder in ("countries", *RECORD_FOLDERS_WITHOUT_FIXED_SECTIONS):
        for page in (built_site / folder).glob("*/index.html"):
            # the line that says what the record is, then the box, then the summary's paragraphs
            assert article(page).order[:3] == ["p", "infobox", "p"], page


def test_north_koreas_infobox_gives_population_and_area_with_year_and_source(built_site: Path):
    html = (built_site / "countries" / "north-korea" / "index.html").read_text("utf-8")
    box = html[html.index('class="infobox"'): html.index("</aside>")]
    assert re.search(r"Population</a></th>\s*<td>24,052,231 <sup>.*?</sup><br><small class=\"infobox__date\">2008 census", box)
    assert re.search(r"Area</a></th>\s*<td>120,540 km² <sup>", box)
    rows = article(built_site / "countries" / "north-korea" / "index.html").rows[:6]
    assert len(rows) == 6 and all(rows), f"a row of the box without its citation: {rows}"


def test_mentioned_in_lists_each_record_once_without_boilerplate(built_site: Path):
    html = (built_site / "countries" / "north-korea" / "index.html").read_text("utf-8")
    section = html[html.index('id="mentioned-in"'): html.index('id="sources"')]
    linked = re.findall(r'<li><a href="([^"#]+)"', section)
    assert linked and len(linked) == len(set(linked)), linked
    assert "has a relation with it" not in section and "mentions it" not in section


def test_an_event_is_on_the_timeline_of_its_places_country(built_site: Path):
    html = (built_site / "countries" / "singapore" / "index.html").read_text("utf-8")
    timeline = html[html.index('id="timeline"'): html.index('id="quotes"')]
    assert "singapore-summit-2018/" in timeline


def test_an_office_that_names_its_country_links_it_in_place_rather_than_repeat_it(built_site: Path):
    def offices(person: str) -> list[str]:
        html = (built_site / "people" / person / "index.html").read_text("utf-8")
        box = html[html.index('class="infobox"'): html.index("</aside>")]
        return [re.sub(r"<sup.*", "", re.sub(r"\s+", " ", cell))
                for cell in re.findall(r"Office</th>\s*<td>(.*?)</td>", box, re.DOTALL)]

    assert offices("donald-trump")[0].startswith(
        'President of the <a href="../../countries/united-states/">United States</a>, since')
    assert offices("kim-jong-un")[0].startswith(  # a title without the country's name: the country after it
        'Supreme Commander of the Korean People\'s Army, <a href="../../countries/north-korea/">North Korea</a>, since')
