"""What readers get, checked in a real browser: Debian's headless Chromium, driven by Playwright,
opens the site built from the shipped briefings and served from this machine.

Each page type loads without errors and asks no other host for anything; axe-core finds no serious
or critical accessibility problem in the light or the dark scheme; search finds pages; names and
cards lead where they say; a phone never scrolls sideways; the printed briefing keeps its
citations, dates, diagram and link targets and drops navigation; hostile text in the briefings
never runs. Screenshots land in tests/artifacts/screenshots/ (and, with UPDATE_SCREENSHOTS=1, the
README's in .github/screenshots/).

Without Chromium, Playwright or axe-core these tests are skipped with the reason; under CI (CI set)
they fail instead, since .ci/run and dev.py install all three.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from browser.harness import (
    CHROMIUM,
    LAUNCH_ARGS,
    Tab,
    axe_findings,
    axe_violations,
    block_other_hosts,
    describe_violations,
    missing_axe,
    missing_browser,
    serve,
    start_axe,
)
from conftest import REPO, run_briefings
from generator.pipeline import generate_all
from test_site_build import copy_project, mkdocs_build

IN_CI = bool(os.environ.get("CI"))
MISSING = missing_browser()
if MISSING and not IN_CI:
    pytest.skip(f"browser tests skipped: {MISSING}", allow_module_level=True)

ARTIFACTS = REPO / "tests" / "artifacts" / "screenshots"
README_SCREENSHOT = REPO / ".github" / "screenshots" / "north-korea.png"
README_PHONE_SCREENSHOT = REPO / ".github" / "screenshots" / "north-korea-phone.png"
UPDATE_SCREENSHOTS = os.environ.get("UPDATE_SCREENSHOTS") == "1"

# One representative page of each type the site has.
PAGES = {
    "home": "/",
    "section-index": "/countries/",
    "people-index": "/people/",
    "events-index": "/events/",
    "people-narrowed": "/people/?country=north-korea&topic=trump-kim-summits",
    "country": "/countries/north-korea/",
    "person": "/people/kim-jong-un/",
    "organisation": "/organisations/xinhua/",
    "place": "/places/yongbyon-nuclear-facility/",
    "event": "/events/singapore-summit-2018/",
    "article": "/articles/usatoday-2019-01-09-kim-second-summit/",
    "topic": "/topics/denuclearization/",
    "topics-index": "/topics/",
    "timeline": "/timeline/",
    "relations": "/relations/",
    "sources": "/sources/",
    "compare": "/compare/",
    "editors-guide": "/editors-guide/",
    "fields": "/fields/",
    "report": "/report/",
    "changes": "/changes/",
    "archived-country": "/editions/2019-01-10/countries/south-korea/",
    "archived-home": "/editions/2019-01-10/",
}
ARTICLE = PAGES["article"]
NORTH_KOREA = PAGES["country"]
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's scheme (mkdocs.yml)
PHONE = {"viewport": {"width": 375, "height": 812}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI must run the browser tests)", pytrace=False)
    pytest.skip(reason)


# ---------------------------------------------------------------------------------------------
# Fixtures: one browser for the module, the shipped site served locally, a tab per kind of reader.


@pytest.fixture(scope="module")
def browser():
    if MISSING:
        _unavailable(MISSING)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def site_dir(browser, tmp_path_factory) -> Path:
    """The site built from the shipped briefings."""
    directory = tmp_path_factory.mktemp("browser") / "site"
    result = mkdocs_build(REPO, directory)
    assert result.returncode == 0, result.stderr
    return directory


@pytest.fixture(scope="module")
def site(site_dir) -> str:
    """The built site served on a free loopback port: its base URL."""
    with serve(site_dir) as base:
        yield base


@pytest.fixture
def axe() -> None:
    reason = missing_axe()
    if reason:
        _unavailable(reason)


# The kinds of reader, each with one browser context and one tab kept for the whole module:
# reusing a tab is several times faster than opening one per test.
READERS = {
    "light": {"color_scheme": "light", "viewport": {"width": 1280, "height": 800}},
    "dark": {"color_scheme": "dark", "viewport": {"width": 1280, "height": 800}},
    "phone": {"color_scheme": "light", **PHONE},
    # the text width of an A4 page: 210 mm less Material's 25 mm margins (@page), at 96 px an inch
    "print": {"color_scheme": "light", "viewport": {"width": 605, "height": 1000}},
}


@pytest.fixture(scope="module")
def tabs(browser):
    kept: dict[str, Tab] = {}

    def tab_for(reader: str) -> Tab:
        if reader not in kept or kept[reader].page.is_closed():
            context = browser.new_context(**READERS[reader])
            context.set_default_timeout(15_000)
            context.set_default_navigation_timeout(15_000)
            block_other_hosts(context)
            kept[reader] = Tab.open(context)
        return kept[reader]

    yield tab_for
    for tab in kept.values():
        tab.page.context.close()


@pytest.fixture
def open_tab(tabs, site):
    """open_tab(reader="light", base=the shipped site) -> that reader's tab, its records cleared."""
    return lambda reader="light", base=None: tabs(reader).reset(base or site)


def heading(page) -> str:
    """The page's h1 as a reader sees it, without the permalink mark."""
    return page.locator("article h1").first.evaluate(
        "h => [...h.childNodes].filter(n => !(n.classList && n.classList.contains('headerlink')))"
        ".map(n => n.textContent).join('').trim()"
    )


# ---------------------------------------------------------------------------------------------
# 1. Every page type loads cleanly and asks nobody else for anything.


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_page_loads_without_errors_or_requests_to_other_hosts(open_tab, path):
    tab = open_tab()
    # Material's search worker loads the search index after the page: wait for that too.
    with tab.page.expect_request_finished(lambda request: request.url.endswith("/search/search_index.json")):
        tab.goto(path)
    assert heading(tab.page), f"{path}: no h1"
    assert tab.problems() == [], f"{path}:\n" + "\n".join(tab.problems())


# ---------------------------------------------------------------------------------------------
# 2. Accessibility: axe-core, light and dark.


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_no_serious_accessibility_problem_in_either_scheme(open_tab, axe, path):
    tabs = {scheme: open_tab(scheme) for scheme in SCHEMES}
    for scheme, tab in tabs.items():  # both at once: each scheme's tab has a process of its own
        tab.goto(path)
        shown = tab.page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert shown == SCHEMES[scheme], f"prefers-color-scheme: {scheme} showed Material's {shown!r} scheme"
        start_axe(tab.page)
    for scheme, tab in tabs.items():
        violations = axe_findings(tab.page)
        assert not violations, f"axe-core on {path} ({scheme} scheme):\n{describe_violations(violations)}"
        assert tab.problems() == [], "\n".join(tab.problems())


@pytest.mark.parametrize("scheme", SCHEMES)
def test_open_search_results_and_footnote_tooltips_are_accessible(open_tab, axe, scheme):
    tab = open_tab(scheme)
    tab.goto(NORTH_KOREA)
    search(tab.page, "Yongbyon")
    violations = axe_violations(tab.page)
    assert not violations, f"axe-core, search results open ({scheme}):\n{describe_violations(violations)}"

    tab.goto(NORTH_KOREA)
    tab.page.locator("a.footnote-ref").first.hover()
    tab.page.locator(".md-tooltip2--active").wait_for()
    violations = axe_violations(tab.page)
    assert not violations, f"axe-core, footnote tooltip open ({scheme}):\n{describe_violations(violations)}"


# ---------------------------------------------------------------------------------------------
# 3. Search.


SEARCH_STATE = """() => [
  document.querySelector(".md-search__input").value,
  document.querySelector(".md-search-result__meta").textContent.trim(),
  [...document.querySelectorAll(".md-search-result__link")].map(a => a.href).join(" "),
]"""


def search(page, query: str) -> list[str]:
    """Type `query` into Material's search box as a reader would; the paths of all the results."""
    box = page.locator(".md-search__input")
    if box.is_visible():
        box.click()
    else:  # narrow screens show a search button instead of the box
        page.keyboard.press("/")
    box.fill("")
    box.press_sequentially(query, delay=20)
    # Results change with each letter typed: wait until they are there and have settled.
    deadline, last, settled = time.monotonic() + 15, None, 0
    while time.monotonic() < deadline and settled < 3:
        state = page.evaluate(SEARCH_STATE)
        done = state[0] == query and re.search(r"\d+ matching|No matching", state[1])
        settled = settled + 1 if done and state == last else 0
        last = state
        page.wait_for_timeout(100)
    assert settled >= 3, f"no search results for {query!r}: {last}"
    items, shown = page.locator(".md-search-result__item"), -1
    for _ in range(20):  # Material shows results ten pages at a time as the list is scrolled
        if items.count() == shown:
            break
        shown = items.count()
        page.locator(".md-search__scrollwrap").evaluate("wrap => wrap.scrollTo(0, wrap.scrollHeight)")
        page.wait_for_timeout(150)
    hrefs = page.locator("a.md-search-result__link").evaluate_all("links => links.map(a => a.href)")
    return sorted({urlsplit(href).path for href in hrefs})


def test_search_finds_the_place_the_article_and_the_person(open_tab):
    tab = open_tab()
    tab.goto("/")
    found = search(tab.page, "Yongbyon")
    assert "/places/yongbyon-nuclear-facility/" in found, found
    assert ARTICLE in found, found

    found = search(tab.page, "Moon")
    assert "/people/moon-jae-in/" in found, found
    assert tab.problems() == [], "\n".join(tab.problems())


def test_search_finds_a_topic_by_its_name_and_by_an_alias(open_tab):
    tab = open_tab()
    tab.goto("/")
    assert "/topics/trump-kim-summits/" in search(tab.page, "Trump–Kim summits")
    found = search(tab.page, "Denuclearisation")  # an alias, in British spelling
    assert found[0].endswith("/topics/denuclearization/"), found
    assert tab.problems() == [], "\n".join(tab.problems())


# ---------------------------------------------------------------------------------------------
# 4. Navigation by clicking.


@pytest.mark.parametrize(
    ("name", "path"),
    [("North Korea", "/countries/north-korea/"), ("China", "/countries/china/"),
     ("United States", "/countries/united-states/")],
)
def test_a_country_card_on_the_home_page_leads_to_its_briefing(open_tab, name, path):
    tab = open_tab()
    tab.goto("/")
    tab.page.locator(".grid.cards").get_by_role("link", name=name, exact=True).click()
    tab.page.wait_for_url(tab.base + path)
    assert heading(tab.page) == name
    assert tab.problems() == [], "\n".join(tab.problems())


def test_a_name_in_an_article_summary_leads_to_the_person(open_tab):
    tab = open_tab()
    tab.goto(ARTICLE)
    summary = tab.page.locator("article > p")  # the summary's paragraphs, in our own words
    summary.get_by_role("link", name="Xi Jinping", exact=True).first.click()
    tab.page.wait_for_url(tab.base + "/people/xi-jinping/")
    assert heading(tab.page) == "Xi Jinping"
    assert tab.problems() == [], "\n".join(tab.problems())


# ---------------------------------------------------------------------------------------------
# 5. A phone: nothing scrolls sideways but wide tables, inside their own wrapper.

# A phone browser zooms out a page that is too wide, so window.innerWidth grows with the overflow:
# measure against the phone's own width.
OVERFLOW = """phone => {
  const scrollsSideways = el => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  const insideABox = el => {
    for (let box = el.parentElement; box; box = box.parentElement)
      if (scrollsSideways(box) || getComputedStyle(box).overflowX === "hidden") return true;
    return false;
  };
  const describe = el => el.tagName.toLowerCase()
    + (typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\\s+/).join(".") : "")
    + " (right edge at " + Math.round(el.getBoundingClientRect().right) + " px)";
  const tooWide = [...document.querySelectorAll("body *")]
    .filter(el => el.getBoundingClientRect().right > phone + 1 && !insideABox(el)
                  && getComputedStyle(el).position !== "fixed")
    .slice(0, 5).map(describe);
  const tables = [...document.querySelectorAll(".md-typeset table:not([class])")].map(table => {
    const wrap = table.closest(".md-typeset__scrollwrap");
    return {
      wrapped: !!wrap,
      wide: !!wrap && table.scrollWidth > wrap.clientWidth + 1,
      scrolls: !!wrap && scrollsSideways(wrap),
      fits: !!wrap && wrap.getBoundingClientRect().right <= phone + 1,
      keyboard: !!wrap && wrap.tabIndex >= 0,  // a keyboard scrolls only what it can focus
    };
  });
  // A diagram too wide to stay legible on a phone is not shown there (the table after it lists
  // the same relations); one that is shown must fit.
  const diagrams = [...document.querySelectorAll(".relations-diagram svg")].map(svg => {
    if (svg.getClientRects().length === 0) return true;
    const box = svg.getBoundingClientRect();
    return box.width <= svg.parentElement.clientWidth + 1 && box.right <= phone + 1;
  });
  return { width: window.innerWidth, scrollWidth: document.documentElement.scrollWidth, tooWide, tables, diagrams };
}"""



def test_a_phone_never_scrolls_sideways(open_tab):
    tab = open_tab("phone")
    failures, wide_tables, diagrams = [], 0, 0
    for path in PAGES.values():
        tab.goto(path)
        width = PHONE["viewport"]["width"]
        layout = tab.page.evaluate(OVERFLOW, width)
        if max(layout["scrollWidth"], layout["width"]) > width:
            failures.append(f"{path}: {layout['scrollWidth']} px wide on a {width} px screen "
                            f"(zoomed out to {layout['width']} px); too wide: {layout['tooWide']}")
        for index, table in enumerate(layout["tables"]):
            if not (table["wrapped"] and table["fits"]) or (table["wide"] and not table["scrolls"]):
                failures.append(f"{path}: table {index + 1} does not scroll inside its own wrapper: {table}")
            elif table["wide"] and not table["keyboard"]:
                failures.append(f"{path}: table {index + 1} scrolls, but not from the keyboard")
            wide_tables += table["wide"]
        if not all(layout["diagrams"]):
            failures.append(f"{path}: a relations diagram is wider than its column")
        diagrams += len(layout["diagrams"])
    assert not failures, "\n".join(failures)
    assert wide_tables, "no table was wider than a phone: the check of table wrappers proved nothing"
    assert diagrams, "no relations diagram was checked"
    tab.goto(NORTH_KOREA)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.page.screenshot(path=str(ARTIFACTS / "north-korea-phone.png"))
    assert tab.problems() == [], "\n".join(tab.problems())


@pytest.mark.parametrize("path", [PAGES["fields"], PAGES["editors-guide"], NORTH_KOREA])
def test_wide_tables_and_code_on_a_phone_are_accessible(open_tab, axe, path):
    """On a phone, tables and code blocks scroll sideways: a keyboard must be able to scroll them."""
    tab = open_tab("phone")
    tab.goto(path)
    violations = axe_violations(tab.page)
    assert not violations, f"axe-core on {path} (phone):\n{describe_violations(violations)}"


# ---------------------------------------------------------------------------------------------
# 6. Print.

PRINTED = """() => {
  const shown = el => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const article = document.querySelector("article");
  const times = [...article.querySelectorAll("time")];
  const external = [...article.querySelectorAll('a[href^="http"]')];
  return {
    footnotes: shown(article.querySelector(".footnote")) ? article.querySelectorAll(".footnote li").length : 0,
    citations: [...article.querySelectorAll("sup a.footnote-ref")].filter(shown).length,
    times: times.length, timesShown: times.filter(shown).length,
    diagram: shown(article.querySelector(".relations-diagram svg"))
      && article.querySelector(".relations-diagram svg").getBoundingClientRect().width > 100,
    clippedTables: [...article.querySelectorAll("table")].filter(table => {
      const box = table.closest(".md-typeset__scrollwrap") || table;
      return box.scrollWidth > box.clientWidth + 1 && getComputedStyle(box).overflowX !== "visible"
        || table.getBoundingClientRect().right > article.getBoundingClientRect().right + 1;
    }).map(table => table.querySelector("th") && table.querySelector("th").textContent.trim()),
    external: external.length,
    targetsShown: external.filter(a => getComputedStyle(a, "::after").content.includes(a.getAttribute("href"))).length,
    hidden: Object.fromEntries([".md-header", ".md-sidebar", ".md-search"].map(selector =>
      [selector, [...document.querySelectorAll(selector)].every(el => getComputedStyle(el).display === "none")])),
  };
}"""


def test_the_printed_briefing_keeps_citations_dates_diagram_and_link_targets(open_tab, tmp_path):
    tab = open_tab("print")  # a tab of its own: it stays in print media
    tab.goto(NORTH_KOREA)
    tab.page.emulate_media(media="print")
    printed = tab.page.evaluate(PRINTED)
    assert printed["footnotes"] > 0 and printed["citations"] > 0, f"citations not printed: {printed}"
    assert printed["times"] > 0 and printed["timesShown"] == printed["times"], f"dates not printed: {printed}"
    assert printed["diagram"], "the relations diagram is not printed"
    assert printed["external"] > 0 and printed["targetsShown"] == printed["external"], (
        f"only {printed['targetsShown']} of {printed['external']} external links print their address")
    assert all(printed["hidden"].values()), f"navigation or search printed: {printed['hidden']}"
    assert not printed["clippedTables"], f"tables cut off at the page's edge: {printed['clippedTables']}"

    pdf = tab.page.pdf(format="A4")
    assert pdf.startswith(b"%PDF"), "no PDF"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "north-korea.pdf").write_bytes(pdf)
    if shutil.which("pdftotext"):  # poppler-utils; .ci/run installs it
        (tmp_path / "north-korea.pdf").write_bytes(pdf)
        text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "north-korea.pdf"), "-"],
                              capture_output=True, text=True, timeout=60, check=True).stdout
        flat = re.sub(r"\s+", "", text)
        assert "North Korea" in text and "Kim Jong Un" in text
        assert "2019-01-10" in text, "no as-of date in the PDF"
        assert "usatoday.com/story/news/world/2019/01/09" in flat, "the cited story's address is not in the PDF"
        assert "Skip to content" not in text and "Switch to dark mode" not in text
    assert tab.problems() == [], "\n".join(tab.problems())


# ---------------------------------------------------------------------------------------------
# 7. Hostile text in the briefings never becomes script.

# Each one passes the checker (which refuses anything tag-like and unsafe link schemes outright);
# each would run, load or become markup if a template, a Markdown extension or a script put it
# into a page unescaped: attributes, entities, template syntax, an attribute list, the footnotes
# extension's marker, a spreadsheet formula, a character outside the Basic Multilingual Plane.
PAYLOADS = [
    "onerror=alert(1)",
    '" onmouseover="alert(2)',
    "&lt;script&gt;alert(3)&lt;/script&gt;",
    "&#x3C;img src=x onerror=alert(4)&#x3E;",
    "javascript:alert(5)",
    '[x](https://example.org "onmouseover=alert(6)")',
    "a < b > c",
    "{{ 7*7 }}",
    "${alert(8)}",
    "{: onclick=alert(9) }",
    "///Footnotes Go Here///",
    '=HYPERLINK("https://tracker.example/10")',
    "𠮷",
]
# In every web-address field: an address that closes its Markdown link and opens an image.
HOSTILE_URL = "https://example.org/a)![x](https://tracker.example/11.png)[y](javascript:alert(12))"
HOSTILE = " ".join(PAYLOADS)
# Names are at most 300 characters: they carry the payloads that matter in titles and headings.
NAME_HOSTILE = " ".join(PAYLOADS[:4] + PAYLOADS[7:8] + PAYLOADS[9:10] + PAYLOADS[11:])
WRITTEN_BY_HAND = {PAGES["editors-guide"], PAGES["fields"]}  # pages that show no briefing data
TEXT_FIELDS = "name|label|value|stance|office|title|publisher|note|context|author|dateline"


def _quoted(text: str) -> str:
    return yaml.safe_dump(text, default_style='"', width=1_000_000).strip()


def _is_number(text: str) -> bool:
    value = yaml.safe_load(text)
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def taint(root: Path) -> None:
    """Append the payloads to every plain text field and every summary, and quote them in the article."""
    for path in [*root.rglob("*.yaml"), *root.rglob("*.md")]:
        text = path.read_text("utf-8")
        text = re.sub(
            rf"^(\s*(?:- )?({TEXT_FIELDS}): )(?![|>])(.+)$",
            lambda m: m.group(0) if _is_number(m.group(3)) else  # a figure's value stays a number
            m.group(1) + _quoted(f"{yaml.safe_load(m.group(3))} {NAME_HOSTILE if m.group(2) == 'name' else HOSTILE}"),
            text, flags=re.M,
        )
        text = re.sub(r"^(summary: \|\n(?:  .*\n|\n)*)",
                      lambda m: m.group(1).rstrip("\n") + f"\n\n  {HOSTILE}\n", text, flags=re.M)
        text = re.sub(r"^((?:url|website): ).*$", lambda m: m.group(1) + _quoted(HOSTILE_URL), text, flags=re.M)
        if path.suffix == ".md":  # the summary is the body; a quote must be found in a passage
            text = text.replace("passages:\n", f"passages:\n  - {_quoted(HOSTILE)}\n", 1)
            text = text.replace("quotes:\n", "quotes:\n  - speaker: kim-jong-un\n"
                                f"    words: {_quoted(HOSTILE)}\n    said: 2019-01-10\n    context: hostile\n", 1)
            text = text.rstrip("\n") + f"\n\n{HOSTILE}\n"
        path.write_text(text, "utf-8")


def commit(project, message: str) -> None:
    environment = {**os.environ, "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
                   "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org"}
    for arguments in (["init", "-q"], ["add", "-A", "briefings"], ["commit", "-q", "-m", message]):
        subprocess.run(["git", "-C", str(project), *arguments], check=True, capture_output=True, env=environment)


@pytest.fixture(scope="module")
def hostile_site(browser, tmp_path_factory) -> str:
    project = copy_project(tmp_path_factory.mktemp("hostile"))
    # In git, with the taint as its last commit: the history of changes carries the hostile text too.
    commit(project, "The briefings as shipped")
    taint(project / "briefings")
    commit(project, "The hostile edit")
    checked = run_briefings("check", "--root", str(project / "briefings"), cwd=project)
    assert checked.returncode == 0, f"the checker refused the hostile copy:\n{checked.stdout}{checked.stderr}"
    built = mkdocs_build(project, project / "site")
    assert built.returncode == 0, built.stderr
    with serve(project / "site") as base:
        yield base


# Every attribute that could run script: event handlers, and script or data URLs where a link or
# a resource goes.
SCRIPTABLE = """() => [...document.querySelectorAll("*")].flatMap(el => [...el.attributes]
  .filter(a => a.name.startsWith("on")
               || /^(href|src|action|formaction|xlink:href)$/.test(a.name)
                  && /^\\s*(javascript|data|vbscript):/i.test(a.value))
  .map(a => `<${el.tagName.toLowerCase()} ${a.name}="${a.value.slice(0, 60)}">`))"""


def test_hostile_text_in_the_briefings_never_runs(hostile_site, open_tab):
    tab = open_tab("light", hostile_site)
    failures = []
    for path in PAGES.values():
        tab.goto(path)
        if path not in WRITTEN_BY_HAND and PAYLOADS[0] not in tab.page.locator("article").inner_text():
            failures.append(f"{path}: the hostile text did not reach the page, so it proves nothing")
        if path == NORTH_KOREA:  # a citation's tooltip copies its footnote's HTML into the page
            tab.page.locator("a.footnote-ref").first.hover()
            tab.page.locator(".md-tooltip2--active").wait_for()
        scriptable = tab.page.evaluate(SCRIPTABLE)
        if scriptable:
            failures.append(f"{path}: {scriptable}")
    # Search renders the index's text as HTML: look for the payloads there too.
    for query in ("onerror", "javascript"):
        assert search(tab.page, query), f"search found none of the hostile text for {query!r}"
        shown = tab.page.locator(".md-search-result").inner_text()
        assert "alert(" in shown, f"the results for {query!r} do not show the hostile text"
        failures += [f"search results for {query!r}: {item}" for item in tab.page.evaluate(SCRIPTABLE)]

    alerts = [text for _, text in tab.console if "alert" in text.lower()]
    assert not tab.dialogs, f"a dialog opened: {tab.dialogs}"
    assert not alerts, f"console: {alerts}"
    assert not failures, "\n".join(failures)
    assert tab.problems() == [], "\n".join(tab.problems())

    tab.goto(NORTH_KOREA)  # shown exactly as the editor typed it, and nothing evaluated
    assert heading(tab.page) == f"North Korea {NAME_HOSTILE}"
    tab.goto(PAGES["people-index"])  # the filter's choices carry names as text, never as markup
    options = tab.page.locator("select[name=country] option").all_text_contents()
    assert any(f"North Korea {NAME_HOSTILE}" in option for option in options), options
    assert tab.page.evaluate(SCRIPTABLE) == [] and not tab.dialogs


# ---------------------------------------------------------------------------------------------
# 7b. Narrowing a section index by country, topic and year (docs/assets/facets.js).


def shown_rows(page) -> list[str]:
    """The names in the visible rows of the page's tables."""
    return page.locator("article tbody tr:visible td:first-child").all_text_contents()


def shown_headings(page) -> list[str]:
    return [text.replace("\u00b6", "").strip() for text in page.locator("article h2:visible").all_text_contents()]


def test_narrowing_the_people_to_north_korea_shows_only_its_people_and_the_address_keeps_it(open_tab):
    site_model, _pages, _data = generate_all(REPO / "briefings")
    north_koreans = sorted(person.name for person in site_model.of_folder("people") if person.country == "north-korea")
    everyone = sorted(person.name for person in site_model.of_folder("people"))
    tab = open_tab()
    tab.goto("/people/")
    assert sorted(shown_rows(tab.page)) == everyone
    assert tab.page.locator(".facets [role=status]").text_content() == f"Showing all {len(everyone)} people."
    tab.page.get_by_label("Country").select_option("north-korea")
    assert sorted(shown_rows(tab.page)) == north_koreans
    assert shown_headings(tab.page) == ["North Korea"]
    room = tab.page.evaluate("""() => [...document.querySelectorAll("article table")]
        .filter(table => !table.querySelector("tbody tr:not([hidden])"))
        .map(table => (table.closest(".md-typeset__scrollwrap") || table).getBoundingClientRect().height)""")
    assert room and not any(room), f"the boxes of emptied groups still take room: {room} px"
    assert [text.strip() for text in tab.page.locator(".md-nav--secondary a:visible").all_text_contents()] == ["North Korea"]
    assert urlsplit(tab.page.url).query == "country=north-korea"
    status = f"Showing {len(north_koreans)} of {len(everyone)} people (Country: North Korea)."
    assert tab.page.locator(".facets [role=status]").text_content() == status
    # The address reproduces the narrowed list for whoever opens it.
    shared = urlsplit(tab.page.url)
    tab.goto(f"{shared.path}?{shared.query}")
    assert tab.page.get_by_label("Country").input_value() == "north-korea"
    assert sorted(shown_rows(tab.page)) == north_koreans
    # A topic narrows further; "Show all" brings back the whole list and the plain address.
    tab.page.get_by_label("Topic").select_option("trump-kim-summits")
    assert shown_rows(tab.page) == ["Kim Jong Un"] and "topic=trump-kim-summits" in tab.page.url
    tab.page.get_by_role("button", name="Show all").click()
    assert sorted(shown_rows(tab.page)) == everyone and urlsplit(tab.page.url).query == ""
    assert tab.page.evaluate("document.activeElement.name") == "country"  # the focus stays in the form
    assert tab.problems() == [], "\n".join(tab.problems())


def test_the_events_narrow_by_year_with_the_keyboard_alone(open_tab):
    tab = open_tab()
    tab.goto("/events/")
    year = tab.page.get_by_label("Year")
    year.focus()
    assert year.input_value() == ""
    tab.page.keyboard.press("ArrowDown")  # from "All years" to the newest year, 2019
    tab.page.keyboard.press("ArrowDown")  # then 2018
    assert year.input_value() == "2018"
    assert shown_headings(tab.page) == ["2018"] and shown_rows(tab.page) == ["Singapore summit (2018)"]
    options = tab.page.locator("select[name=country] option").all_text_contents()
    assert "Singapore (1)" in options  # the counts follow the other choices
    assert tab.page.locator("select[name=country] option:disabled", has_text="Vietnam (0)").count() == 1
    tab.page.keyboard.press("Tab")
    tab.page.keyboard.press("Enter")  # "Show all"
    assert year.input_value() == "" and len(shown_rows(tab.page)) == 6
    assert tab.problems() == [], "\n".join(tab.problems())


def test_the_address_keeps_what_is_not_ours_and_drops_choices_the_list_does_not_offer(open_tab):
    tab = open_tab()
    tab.goto("/people/?h=kim&country=atlantis&year=2019&topic=denuclearization#content")
    assert urlsplit(tab.page.url).query == "h=kim&topic=denuclearization"  # no such country; people have no year
    assert urlsplit(tab.page.url).fragment == "content"
    assert tab.page.get_by_label("Country").input_value() == ""
    tab.page.get_by_label("Country").select_option("china")
    assert urlsplit(tab.page.url).query == "h=kim&country=china&topic=denuclearization"
    assert urlsplit(tab.page.url).fragment == "content"
    assert shown_rows(tab.page) == ["Xi Jinping"]  # quoted on denuclearization
    assert tab.problems() == [], "\n".join(tab.problems())


def test_without_javascript_the_index_is_the_whole_list_grouped_by_country(browser, site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 800})
    block_other_hosts(context)
    try:
        page = context.new_page()
        page.goto(site + "/people/?country=north-korea", wait_until="load")
        assert page.locator("form.facets").count() == 0
        headings = shown_headings(page)
        assert {"China", "North Korea", "United States"} <= set(headings) and headings == sorted(headings)
        assert len(shown_rows(page)) == len(generate_all(REPO / "briefings")[0].of_folder("people"))
    finally:
        context.close()


def test_with_our_scripts_blocked_the_grouped_list_has_no_serious_accessibility_problem(browser, site, axe):
    # axe-core cannot run where JavaScript is off; blocking every script file the page asks for
    # leaves the same page a reader without scripts gets.
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.route("**/*.js", lambda route: route.abort("blockedbyclient"))
    try:
        page = context.new_page()
        page.goto(site + "/people/?country=north-korea", wait_until="load")
        assert page.locator("form.facets").count() == 0
        violations = axe_violations(page)
        assert not violations, describe_violations(violations)
    finally:
        context.close()


def test_narrowing_works_from_a_file_on_disk(browser, site_dir):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    asked: list[str] = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                  else (asked.append(route.request.url), route.abort("blockedbyclient")))
    try:
        page = context.new_page()
        page.goto((site_dir / "people" / "index.html").as_uri() + "?country=china", wait_until="load")
        assert shown_rows(page) == ["Xi Jinping"]
        page.get_by_label("Country").select_option("united-states")
        assert urlsplit(page.url).query == "country=united-states"
        assert {"Donald Trump", "Joe Biden"} <= set(shown_rows(page))
        assert asked == []  # offline: nothing but the files beside the page
    finally:
        context.close()


# ---------------------------------------------------------------------------------------------
# 8. Screenshots.


def test_screenshots_of_the_home_page_and_a_briefing(open_tab):
    tab = open_tab("light")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name, path in (("home", "/"), ("north-korea", NORTH_KOREA)):
        tab.goto(path)
        tab.page.evaluate("document.fonts.ready.then(() => true)")
        png = ARTIFACTS / f"{name}.png"
        tab.page.screenshot(path=str(png))
        assert png.read_bytes().startswith(b"\x89PNG"), png
    phone = open_tab("phone")
    phone.goto(NORTH_KOREA)
    phone.page.screenshot(path=str(ARTIFACTS / "north-korea-phone-top.png"))
    if UPDATE_SCREENSHOTS:
        README_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ARTIFACTS / "north-korea.png", README_SCREENSHOT)
        shutil.copyfile(ARTIFACTS / "north-korea-phone-top.png", README_PHONE_SCREENSHOT)
    assert tab.problems() == [] and phone.problems() == [], "\n".join(tab.problems() + phone.problems())


# ---------------------------------------------------------------------------------------------
# The theme's one copied partial stays Material's own but for the fix it carries.


def test_the_search_partial_is_materials_own_but_for_the_dialogs_name():
    import material

    def lines(path: Path) -> list[str]:
        text = re.sub(r"^\{#-.*?-#\}\n", "", path.read_text("utf-8"), flags=re.S)
        return [line.replace(""" aria-label="{{ lang.t('search') }}\"""", "") for line in text.splitlines()]

    ours = REPO / "docs" / "overrides" / "partials" / "search.html"
    theirs = Path(material.__file__).parent / "templates" / "partials" / "search.html"
    assert lines(ours) == lines(theirs), (
        f"{ours.relative_to(REPO)} is no longer Material's {theirs.name} plus the dialog's name: "
        "copy Material's again and name the dialog")


# ---------------------------------------------------------------------------------------------
# 9. A briefing a reader would choose: key facts first, legible diagrams and maps, tables that fit,
#    each record first in search for its own name, the site and its date on every page.

# The rendered size of every visible label in a diagram or map, in CSS px.
LABEL_SIZES = """() => [...document.querySelectorAll("article svg text")]
  .filter(text => text.getClientRects().length > 0)
  .map(text => {
    const svg = text.ownerSVGElement;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return parseFloat(getComputedStyle(text).fontSize) * scale;
  })"""
DRAWN = ("/relations/", NORTH_KOREA, "/places/", "/places/capella-hotel-sentosa/", PAGES["person"], PAGES["event"])


@pytest.mark.parametrize("reader", ["light", "phone"])
def test_every_diagram_and_map_label_is_at_least_12_px(open_tab, reader):
    tab = open_tab(reader)
    sizes = {}
    for path in DRAWN:
        tab.goto(path)
        sizes[path] = tab.page.evaluate(LABEL_SIZES)
    measured = [size for values in sizes.values() for size in values]
    assert measured, "no label was measured: the check proves nothing"
    small = {path: min(values) for path, values in sizes.items() if values and min(values) < 12}
    assert not small, f"labels under 12 px ({reader}): {small}"
    assert tab.problems() == [], "\n".join(tab.problems())


# A table is too wide if it, or the nearest box that scrolls or clips it (or else the article),
# holds more than it shows, or if it reaches past the article.
FIT = """() => {
  const article = document.querySelector("article");
  const clips = element => ["auto", "scroll", "hidden"].includes(getComputedStyle(element).overflowX);
  return [...article.querySelectorAll("table")].map(table => {
    let box = table.parentElement;
    while (box !== article && !clips(box)) box = box.parentElement;
    const wider = Math.max(table.scrollWidth - table.clientWidth, box.scrollWidth - box.clientWidth,
                           table.getBoundingClientRect().right - article.getBoundingClientRect().right);
    return { head: (table.querySelector("th") || {}).textContent, wider };
  }).filter(table => table.wider > 1);
}"""
CUT_DATES = """() => [...document.querySelectorAll("article time")]
  .filter(time => time.getClientRects().length > 1 || time.scrollWidth > time.getBoundingClientRect().width + 1)
  .map(time => time.textContent)"""


def test_no_table_is_wider_than_its_column_on_a_laptop_and_no_date_is_cut_on_a_phone(open_tab):
    laptop, phone = open_tab("light"), open_tab("phone")
    wide, cut = {}, {}
    for path in PAGES.values():
        laptop.goto(path)
        if path not in WRITTEN_BY_HAND:  # the field reference documents code, not records
            wide[path] = laptop.page.evaluate(FIT)
        phone.goto(path)
        cut[path] = phone.page.evaluate(CUT_DATES)
    assert not any(wide.values()), f"tables wider than their column at 1280 px: { {p: w for p, w in wide.items() if w} }"
    assert not any(cut.values()), f"dates broken or cut at 375 px: { {p: c for p, c in cut.items() if c} }"


def test_the_north_korea_infobox_starts_near_the_top_with_population_and_area(open_tab, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    block_other_hosts(context)
    tab = Tab.open(context).reset(open_tab().base)
    try:
        tab.goto(NORTH_KOREA)
        placed = tab.page.evaluate("""() => {
          const box = document.querySelector("article .infobox"), article = document.querySelector("article");
          return { offset: box.getBoundingClientRect().top - article.getBoundingClientRect().top, text: box.innerText };
        }""")
        assert placed["offset"] <= 300, f"the infobox starts {placed['offset']:.0f} px below the top of the article"
        assert "Population" in placed["text"] and "Area" in placed["text"], placed["text"]
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        tab.page.screenshot(path=str(ARTIFACTS / "north-korea-1280x900.png"))
    finally:
        context.close()


def first_result(page, query: str) -> str:
    search(page, query)
    return urlsplit(page.locator("a.md-search-result__link").first.get_attribute("href") or "").path


@pytest.mark.parametrize(("query", "path"), [
    ("North Korea", "/countries/north-korea/"), ("China", "/countries/china/"), ("Kim Jong Un", "/people/kim-jong-un/"),
    ("Yongbyon", "/places/yongbyon-nuclear-facility/"), ("Xinhua", "/organisations/xinhua/"),
])
def test_a_search_for_a_name_puts_its_own_page_first(open_tab, query, path):
    tab = open_tab()
    tab.goto("/")
    found = first_result(tab.page, query)
    assert found.rstrip("/").endswith(path.rstrip("/")), f"first result for {query!r}: {found}"


FINISH = """() => {
  const luminance = color => {
    const [r, g, b] = color.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => v / 255)
      .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const title = getComputedStyle(document.querySelector("article h1"));
  const body = getComputedStyle(document.querySelector("article p"));
  return { title: luminance(title.color), body: luminance(body.color), weight: Number(title.fontWeight),
           footer: document.querySelector(".md-copyright").innerText };
}"""


@pytest.mark.parametrize("reader", ["light", "dark"])
def test_the_title_is_the_strongest_text_and_the_footer_names_the_site_and_its_date(open_tab, reader):
    tab = open_tab(reader)
    tab.goto(NORTH_KOREA)
    finish = tab.page.evaluate(FINISH)
    darker = finish["title"] <= finish["body"] if reader == "light" else finish["title"] >= finish["body"]
    assert darker and finish["weight"] >= 700, finish
    assert re.search(r"Briefings · edition of \d{4}-\d{2}-\d{2}", finish["footer"]), finish["footer"]


def test_an_archived_page_stays_out_of_the_search_and_gives_its_own_date(open_tab):
    tab = open_tab("light")
    tab.goto(PAGES["archived-country"])
    footer = tab.page.locator(".md-copyright").inner_text()
    assert "edition of 2019-01-10" in footer, footer
    assert "Moon Jae-in" in tab.page.locator("aside.infobox").inner_text()
    results = search(tab.page, "Moon Jae-in")
    assert any("/people/moon-jae-in/" in path for path in results), results
    assert not [path for path in results if "/editions/" in path], results
    tab.page.keyboard.press("Escape")
    tab.page.get_by_role("link", name="This page in the current edition").click()
    tab.page.wait_for_load_state("load")
    assert tab.page.url.endswith("/countries/south-korea/") and "/editions/" not in tab.page.url
    assert "Lee Jae-myung" in tab.page.locator("aside.infobox").inner_text()


def test_a_printed_page_names_the_site_its_address_and_the_day_it_was_printed(open_tab):
    tab = open_tab("print")
    tab.goto(NORTH_KOREA)
    tab.page.emulate_media(media="print")
    tab.page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    origin = tab.page.locator(".print-origin").inner_text()
    assert re.search(r"Briefings, edition of \d{4}-\d{2}-\d{2} · http://127\.0\.0\.1:\d+/countries/north-korea/ · printed \d{4}-\d{2}-\d{2}", origin), origin
    kept = tab.page.evaluate("() => getComputedStyle(document.querySelector('article h2')).breakAfter")
    assert kept == "avoid", "a heading may be left alone at the foot of a printed page"


# ---------------------------------------------------------------------------------------------
# 10. The same site built with Zensical (through `briefings export`): a reader gets what they
# get under MkDocs, with Zensical's own theme and search.

ZENSICAL_PAGES = {name: PAGES[name] for name in ("home", "people-narrowed", "country", "article", "topic", "timeline",
                                                  "relations", "archived-country")}


@pytest.fixture(scope="module")
def zensical_site(browser, engine_sites) -> str:
    with serve(engine_sites["zensical"]) as base:
        yield base


@pytest.mark.parametrize("path", ZENSICAL_PAGES.values(), ids=ZENSICAL_PAGES.keys())
def test_under_zensical_a_page_loads_cleanly_and_has_no_serious_accessibility_problem(open_tab, axe, zensical_site, path):
    for scheme in SCHEMES:
        tab = open_tab(scheme, zensical_site)
        tab.goto(path)
        assert heading(tab.page), f"{path}: no h1"
        # The theme's own search in the header: Material 9's copy of it would stack its parts there.
        header = tab.page.locator(".md-header").bounding_box()
        assert header and header["height"] <= 64, f"{path}: the header is {header and header['height']} px high"
        violations = axe_violations(tab.page)
        assert not violations, f"axe-core on {path} under Zensical ({scheme}):\n{describe_violations(violations)}"
        assert tab.problems() == [], f"{path}:\n" + "\n".join(tab.problems())


def test_under_zensical_the_people_narrow_by_country(open_tab, zensical_site):
    tab = open_tab("light", zensical_site)
    tab.goto("/people/")
    tab.page.get_by_label("Country").select_option("china")
    assert shown_rows(tab.page) == ["Xi Jinping"]
    assert urlsplit(tab.page.url).query == "country=china"


def test_under_zensical_search_finds_the_place(open_tab, zensical_site):
    tab = open_tab("light", zensical_site)
    tab.goto("/countries/")
    tab.page.locator(".md-search__button").click()
    tab.page.keyboard.type("Yongbyon", delay=20)
    results = tab.page.locator("a:has-text('Yongbyon nuclear facility')")
    results.first.wait_for()
    found = [urlsplit(results.nth(index).get_attribute("href")).path for index in range(results.count())]
    assert "/places/yongbyon-nuclear-facility/" in found, found
    assert not [path for path in found if "/editions/" in path], found  # archived pages stay out of the search
    assert tab.problems() == [], "\n".join(tab.problems())
