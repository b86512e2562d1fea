"""Section indexes: what each listed record can be narrowed by (the facet documents the filter
script reads), and the page per year that keeps a large events or articles index light."""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import MINIMAL, REPO, SHIPPED, copy_briefings
from generator import indexes
from generator.indexes import FACETED, facet_script
from generator.pipeline import generate_all
from generator.render import page_paths
from test_links import check_links
from test_site_build import copy_project

TODAY = datetime.date(2026, 12, 4)
SCRIPT_START = "window.briefingsFacets = "


def facets_of(data: dict[str, str], name: str) -> dict:
    text = data[f"data/facets/{name}.js"]
    start = text.index(SCRIPT_START) + len(SCRIPT_START)
    return json.loads(text[start:].rstrip().removesuffix(";"))


def values_of(document: dict, record_id: str) -> dict[str, set[str]]:
    """A record's facet values by facet key, as ids (or years)."""
    return {
        facet["key"]: {facet["values"][number][0] for number in numbers}
        for facet, numbers in zip(document["facets"], document["entries"][record_id])
    }


def test_each_faceted_index_says_what_every_listed_record_belongs_to():
    site, pages, data = generate_all(SHIPPED, TODAY)
    for folder in FACETED:
        document = facets_of(data, folder)
        assert set(document["entries"]) == {record.id for record in site.of_folder(folder)}, folder
        digest = hashlib.sha256(data[f"data/facets/{folder}.js"].encode()).hexdigest()[:12]
        # The address names the script's text, so that no browser pairs this page with an old copy.
        assert pages[f"{folder}/index.md"].startswith(
            f'---\ntitle: "{folder.title()}"\nfacets: "data/facets/{folder}.js?v={digest}"\n')
    people = facets_of(data, "people")
    assert [facet["key"] for facet in people["facets"]] == ["country", "topic"]  # people have no year
    assert values_of(people, "kim-jong-un") == {"country": {"north-korea"},
                                                "topic": {"denuclearization", "trump-kim-summits"}}  # quoted on both
    assert values_of(people, "joe-biden")["topic"] == set()
    countries = next(facet for facet in people["facets"] if facet["key"] == "country")
    names = [name for _id, name in countries["values"]]
    assert names == sorted(names, key=str.casefold) and ["north-korea", "North Korea"] in countries["values"]
    events = facets_of(data, "events")
    assert [facet["key"] for facet in events["facets"]] == ["country", "topic", "year"]
    summit = values_of(events, "second-trump-kim-summit")
    assert {"north-korea", "united-states", "vietnam"} <= summit["country"] and summit["year"] == {"2019"}
    # An article is about the countries of the events it mentions: ABC's names the Hanoi summit, not Vietnam.
    articles = facets_of(data, "articles")
    assert "vietnam" in values_of(articles, "abcnews-2019-01-10-xi-backs-second-summit")["country"]
    years = next(facet for facet in events["facets"] if facet["key"] == "year")["values"]
    assert [year for year, _name in years] == ["2019", "2018"]  # newest first


def test_an_archived_edition_has_its_own_facets_and_a_facet_never_narrows_nothing():
    _site, pages, data = generate_all(SHIPPED, TODAY, editions=[datetime.date(2019, 1, 10)])
    assert 'facets: "editions/2019-01-10/data/facets/people.js?v=' in pages["editions/2019-01-10/people/index.md"]
    assert "editions/2019-01-10/data/facets/people.js" in data
    # One country, on no topic, in no year: nothing to narrow, so no form and no facet file.
    _site, pages, data = generate_all(MINIMAL, TODAY)
    for folder in FACETED:
        assert f"data/facets/{folder}.js" not in data and "facets:" not in pages[f"{folder}/index.md"]


def test_names_from_the_briefings_cannot_break_out_of_the_facet_script():
    hostile = {"noun": ["person", "people"], "facets": [{"key": "country", "label": "Country", "every": "All",
               "values": [["x", "</script><script>alert(1)</script>\u2028\"'"]]}], "entries": {"a": [[0]]}}
    script = facet_script(hostile)
    assert script.isascii() and "</script>" not in script and "\u2028" not in script
    assert json.loads(script[script.index(SCRIPT_START) + len(SCRIPT_START):].rstrip().removesuffix(";")) == hostile


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(), min_size=1, max_size=5))
def test_any_name_stays_inert_text_in_the_facet_script(names):
    document = {"noun": ["person", "people"], "keys": ["country"], "facets": [
        {"key": "country", "label": "Country", "every": "All", "values": [[str(n), name] for n, name in enumerate(names)]}],
        "entries": {"a": [[0]]}}
    script = facet_script(document)
    assert script.isascii() and not {"<", ">", "&"} & set(script.split("window.briefingsFacets = ", 1)[1])
    assert json.loads(script[script.index(SCRIPT_START) + len(SCRIPT_START):].rstrip().removesuffix(";")) == document


def test_a_narrower_topic_counts_for_its_broader_one(tmp_path):
    root = copy_briefings(SHIPPED, tmp_path)
    sanctions = root / "topics" / "sanctions-on-north-korea.yaml"
    sanctions.write_text(sanctions.read_text("utf-8") + "parent: denuclearization\n", "utf-8")
    _site, _pages, data = generate_all(root, TODAY)
    trump = values_of(facets_of(data, "people"), "donald-trump")["topic"]
    assert {"sanctions-on-north-korea", "denuclearization"} <= trump  # his stance is on sanctions only


def test_a_large_index_has_a_page_per_year_and_every_page_is_listed_and_faceted(monkeypatch, tmp_path):
    monkeypatch.setattr(indexes, "YEAR_PAGES_ABOVE", 2)
    root = copy_briefings(SHIPPED, tmp_path)
    (root / "events" / "third-summit.yaml").write_text(
        "id: third-summit\nname: A third summit\nstatus: planned\nparticipants: [kim-jong-un, donald-trump]\n"
        "sources: [usatoday-2019-01-09-kim-second-summit]\nsummary: |\n  Not yet dated.\nlast_reviewed: 2026-12-04\n",
        "utf-8")
    site, pages, data = generate_all(root, TODAY)
    events = pages["events/index.md"]
    parts = re.findall(r"^\| \[([^\]]+)\]\(\.\./events/years/([\w-]+)/index\.md\) \| (\d+) \|$", events, re.M)
    # 2019 has more than two events: a page per month; 2018 has one: a page for the year. Newest first.
    assert parts == [("June 2019", "2019-06", "1"), ("February 2019", "2019-02", "1"), ("January 2019", "2019-01", "3"),
                     ("2018", "2018", "1"), ("Not yet dated", "undated", "1")]
    assert "facets:" not in events and "## 2018" not in events  # the years are the list
    year = pages["events/years/2018/index.md"]
    assert year.startswith('---\ntitle: "Events of 2018"\n') and "singapore-summit-2018.md" in year
    month = pages["events/years/2019-01/index.md"]
    assert month.startswith('---\ntitle: "Events of January 2019"\nfacets: "data/facets/events-2019-01.js?v=')
    assert "[events](../../../events/index.md)" in month and "kim-beijing-visit-2019.md" in month and "## 2019" not in month
    assert "second-trump-kim-summit.md" not in month
    # Within one month the year narrows nothing, so it is not offered.
    assert [facet["key"] for facet in facets_of(data, "events-2019-01")["facets"]] == ["country", "topic"]
    undated = pages["events/years/undated/index.md"]
    assert undated.startswith('---\ntitle: "Events not yet dated"\n') and "third-summit.md" in undated
    assert "facets:" not in undated  # one event: whatever it is about, no choice would hide anything
    assert {"events/years/2018/index.md", "events/years/2019-06/index.md"} <= page_paths(site)
    assert {path for path in pages if "/years/" in path} == {path for path in page_paths(site) if "/years/" in path}


SPLIT_BUILD = """
import sys
from generator import indexes
indexes.YEAR_PAGES_ABOVE = 2
from mkdocs.__main__ import cli
cli(["build", "--strict", "--site-dir", sys.argv[1]])
"""


def test_a_site_with_year_pages_builds_strict_and_every_link_resolves(tmp_path):
    project = copy_project(tmp_path)
    site = tmp_path / "site"
    scratch = Path(tempfile.mkdtemp(prefix="build-tmp-"))
    result = subprocess.run(
        [sys.executable, "-c", SPLIT_BUILD, str(site)], cwd=project, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(scratch), "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 0, result.stderr
    assert not any(scratch.iterdir()), "the build left temporary files behind"
    scratch.rmdir()
    assert (site / "events" / "years" / "2018" / "index.html").is_file()
    assert (site / "data" / "facets" / "events-2019-01.js").is_file()
    html = (site / "events" / "years" / "2019-01" / "index.html").read_text("utf-8")
    assert re.search(r'<script src="\.\./\.\./\.\./data/facets/events-2019-01\.js\?v=[0-9a-f]{12}"></script>', html)
    broken, _external = check_links(site)
    assert broken == []


@pytest.mark.parametrize("folder", FACETED)
def test_every_section_index_lists_its_records_once(folder):
    site, pages, _data = generate_all(SHIPPED, TODAY)
    page = pages[f"{folder}/index.md"]
    for record in site.of_folder(folder):
        assert page.count(f"](../{folder}/{record.id}.md)") == 1, record.id
