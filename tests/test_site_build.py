"""A real `mkdocs build --strict` of the shipped briefings, and of a copy with a mistake in it."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import REPO, tree_snapshot

STORY_URL = "https://www.usatoday.com/story/news/world/2019/01/09/kim-jong-un-looks-ahead-second-summit-donald-trump/2533309002/"
# Anything that makes the browser fetch from another host: scripts, styles, fonts, images, frames.
THIRD_PARTY = re.compile(r"""<(?:script|link|img|iframe|source)\b[^>]*?(?:src|href)=["'](?:https?:)?//""", re.I)


def mkdocs_build(project: Path, site_dir: Path, environment: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    scratch = Path(tempfile.mkdtemp(prefix="build-tmp-"))  # where generated pages wait for MkDocs
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(scratch), **(environment or {})},
    )
    assert not any(scratch.iterdir()), "the build left temporary files behind"
    scratch.rmdir()
    return result


def copy_project(destination: Path) -> Path:
    for name in ("mkdocs.yml", "docs", "briefings"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, destination / name)
    return destination


def page_text(site: Path, page: str) -> str:
    html = (site / page / "index.html").read_text("utf-8")
    article = html[html.index("<article"): html.index("</article>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article))


@pytest.mark.parametrize(
    ("country", "leader"),
    [("north-korea", "Kim Jong Un"), ("china", "Xi Jinping"), ("united-states", "Donald Trump")],
)
def test_country_briefings_name_their_leader_show_dates_and_cite_the_story(built_site, country, leader):
    text = page_text(built_site, f"countries/{country}")
    html = (built_site / "countries" / country / "index.html").read_text("utf-8")
    assert leader in text
    assert re.search(r"\b20\d\d-\d\d-\d\d\b", text), "no dated fact"
    assert STORY_URL in html, "the story is not cited"
    assert 'class="footnote-ref"' in html, "no numbered citation"


def test_every_page_type_is_built(built_site):
    for page in ("index.html", "countries/index.html", "people/kim-jong-un/index.html",
                 "organisations/xinhua/index.html", "places/yongbyon-nuclear-facility/index.html",
                 "events/singapore-summit-2018/index.html",
                 "articles/usatoday-2019-01-09-kim-second-summit/index.html", "timeline/index.html",
                 "sources/index.html", "methodology/index.html", "editors-guide/index.html"):
        assert (built_site / page).is_file(), page


def test_home_page_shows_the_countries_and_the_latest_article(built_site):
    text = page_text(built_site, ".")
    for country in ("North Korea", "China", "United States", "South Korea", "Vietnam"):
        assert country in text
    assert "Kim Jong Un hopes second summit with Trump" in text
    assert "briefings:" not in text


def test_no_page_asks_a_third_party_for_anything(built_site):
    for html_file in built_site.rglob("*.html"):
        html = html_file.read_text("utf-8")
        assert not THIRD_PARTY.findall(html), f"{html_file}: {THIRD_PARTY.findall(html)}"
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, html_file


def test_search_leaves_out_the_words_of_maps_and_diagrams(built_site):
    """A map names every country in view, for readers who cannot see it; searched, those names
    would find every page with a map (China's names Mongolia, which no briefing is about)."""
    described = []  # each map's description in words, and each diagram's of several relations
    for page in built_site.rglob("index.html"):
        text = page.read_text("utf-8")
        described += re.findall(r'<desc id="map-[^"]+">([^<]+)</desc>', text)
        described += re.findall(r'<desc id="relations-[^"]+">([^<]+; [^<]+)</desc>', text)
    assert len(described) > 20 and any("Mongolia" in text for text in described)
    assert any(text.startswith("Map of") for text in described) and any("; " in text for text in described)
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    searched = " ".join(doc["title"] + " " + doc["text"] for doc in index["docs"])
    assert [text for text in described if html.unescape(text) in searched] == []
    assert "Mongolia" not in searched


def test_search_leaves_out_the_edition_line(built_site):
    """On every page, it would match a search for the edition's date, or the story's, everywhere."""
    assert '<p class="edition" data-search-exclude="true">' in (built_site / "countries" / "china" / "index.html").read_text("utf-8")
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    holding = [doc["location"] for doc in index["docs"] if "newest source" in doc["text"]]
    assert holding == ["editors-guide/#editions-the-site-as-of-a-date"]  # where the guide explains it


def test_the_navigation_stays_short(built_site):
    html = (built_site / "countries" / "north-korea" / "index.html").read_text("utf-8")
    nav_targets = re.findall(r'<a href="([^"]*)" class="md-nav__link', html)
    site_links = [target for target in nav_targets if not target.startswith("#")]
    sections = len(re.findall(r"^\s*- [^:]+: \S+\.md$", (REPO / "mkdocs.yml").read_text(), re.M))
    assert len(site_links) <= sections + 1, site_links  # the nav's own sections, whatever the data
    assert not [t for t in site_links if re.search(r"/(people|places|organisations|events|articles)/.+", t)]


def test_names_in_a_summary_link_to_their_pages(built_site):
    html = (built_site / "articles" / "usatoday-2019-01-09-kim-second-summit" / "index.html").read_text("utf-8")
    assert 'href="../../people/kim-jong-un/"' in html
    assert 'href="../../countries/china/"' in html


def test_a_misspelt_field_fails_the_build_and_keeps_the_last_good_site(tmp_path):
    project = copy_project(tmp_path)
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    sheet = project / "briefings" / "countries" / "north-korea.yaml"
    lines = sheet.read_text("utf-8").splitlines(keepends=True)
    line_number = next(i for i, line in enumerate(lines, 1) if line.startswith("capital:"))
    lines[line_number - 1] = lines[line_number - 1].replace("capital:", "capitl:")
    sheet.write_text("".join(lines), "utf-8")
    sources_before, site_before = tree_snapshot(project), tree_snapshot(site)

    result = mkdocs_build(project, site)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    expected = f"briefings/countries/north-korea.yaml:{line_number}:1: capitl: unknown field;"
    assert expected in result.stderr
    assert "(did you mean `capital`?)" in result.stderr
    assert tree_snapshot(project) == sources_before
    assert tree_snapshot(site) == site_before


def test_a_build_that_fails_late_leaves_the_last_good_site_untouched(tmp_path):
    project = copy_project(tmp_path)
    site = tmp_path / "site"
    assert mkdocs_build(project, site).returncode == 0
    (project / "docs" / "broken.md").write_text("# Broken\n\nA [link](nowhere.md) to nothing.\n")
    site_before = tree_snapshot(site)

    result = mkdocs_build(project, site)

    assert result.returncode == 1
    assert "nowhere.md" in result.stderr
    assert tree_snapshot(site) == site_before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["briefings", "docs", "mkdocs.yml", "site"]


def test_a_good_build_replaces_the_site_whole(tmp_path):
    project = copy_project(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "stale.html").write_text("from an old build")
    assert mkdocs_build(project, site).returncode == 0
    assert not (site / "stale.html").exists()
    assert (site / "countries" / "china" / "index.html").is_file()


def test_two_builds_of_the_same_sources_are_byte_identical(tmp_path):
    environment = {"SOURCE_DATE_EPOCH": str(int(time.time()))}  # one fixed moment for both builds
    first, second = tmp_path / "first", tmp_path / "second"
    for site in (first, second):
        result = mkdocs_build(REPO, site, environment)
        assert result.returncode == 0, result.stderr
    assert tree_snapshot(first) == tree_snapshot(second)


TWO_BUILDS = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
for site_dir in sys.argv[1:]:
    config = load_config(site_dir=site_dir)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
"""


def test_a_second_build_in_the_same_process_starts_afresh(tmp_path):
    # MkDocs keeps one plugin instance per process; tools that build twice must get two whole sites.
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", TWO_BUILDS, str(tmp_path / "first"), str(tmp_path / "second")],
        cwd=project, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(scratch)},
    )
    assert result.returncode == 0, result.stderr
    for site in ("first", "second"):
        assert (tmp_path / site / "countries" / "north-korea" / "index.html").is_file()
        assert (tmp_path / site / "data" / "all.json").is_file()
    assert sorted(path.name for path in tmp_path.iterdir()) == ["first", "project", "second", "tmp"]
    assert not any(scratch.iterdir()), "temporary files were left behind"


def test_with_every_record_gone_the_site_still_builds_and_the_check_agrees(tmp_path):
    from conftest import run_briefings

    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / "briefings")
    (project / "briefings").mkdir()
    checked = run_briefings("check", cwd=project)
    assert (checked.returncode, checked.stdout) == (0, "0 records checked, no problems.\n")
    built = mkdocs_build(project, project / "site")
    assert built.returncode == 0, built.stderr
    assert "None recorded yet." in page_text(project / "site", "people")
