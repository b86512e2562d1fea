"""The data files: JSON per record and in bulk, the comparison CSV, the Atom feed."""

from __future__ import annotations

import copy
import csv
import datetime
import io
import json
import xml.etree.ElementTree as ElementTree

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SHIPPED
from generator.exports import bulk_document, bulk_text, json_text
from generator.incremental import Recall, RenderMemory
from generator.pipeline import generate_all

ATOM = "{http://www.w3.org/2005/Atom}"


def exports():
    return generate_all(SHIPPED, today=datetime.date(2026, 11, 28))


def test_each_record_has_a_json_document_with_its_dates_and_resolved_sources():
    site, pages, files = exports()
    document = json.loads(files["data/countries/north-korea.json"])
    assert document["format_version"] == 2  # 2: positions name topic records
    assert document["record"]["positions"][0]["topic"] == "denuclearization"
    assert document["type"] == "country"
    assert document["record"]["capital"] == {
        "value": "Pyongyang", "link": "pyongyang", "as_of": "2019-01-10", "sources": ["wikipedia-north-korea"]
    }
    source_ids = [source["id"] for source in document["sources"]]
    assert "usatoday-2019-01-09-kim-second-summit" in source_ids
    assert {"label": "ally of", "with": "china", "kind": "ally", "recorded_on": "china"} in document["relations"]
    assert {f"data/{site.folder_of[i]}/{i}.json" for i in site.records} <= set(files)


def test_the_bulk_document_holds_every_record():
    site, _pages, files = exports()
    bulk = json.loads(files["data/all.json"])
    assert [item["id"] for item in bulk["records"]] == sorted(site.records)


def test_the_comparison_csv_has_a_row_per_country():
    site, _pages, files = exports()
    rows = list(csv.DictReader(io.StringIO(files["data/compare.csv"])))
    assert [row["id"] for row in rows] == [country.id for country in site.countries()]
    north_korea = next(row for row in rows if row["id"] == "north-korea")
    assert north_korea["capital"] == "Pyongyang"
    assert north_korea["leaders"] == ("Kim Jong Un (Supreme Commander of the Korean People's Army, since 2011-12-30); "
                                      "Kim Jong Un (Chairman of the State Affairs Commission, since 2016-06-29)")
    # each key figure as a number, its unit and the year or day it is for; empty where not given
    assert (north_korea["figure_population"], north_korea["figure_population_unit"],
            north_korea["figure_population_for"]) == ("24052231", "people", "2008")
    assert north_korea["figure_area_for"] == "2026-11-28"
    singapore = next(row for row in rows if row["id"] == "singapore")
    assert singapore["figure_population"] == singapore["figure_population_unit"] == ""


def test_the_feed_is_atom_with_articles_and_events_newest_first():
    _site, _pages, files = exports()
    feed = ElementTree.fromstring(files["feed.xml"])
    entries = feed.findall(f"{ATOM}entry")
    updated = [entry.find(f"{ATOM}updated").text for entry in entries]
    assert updated == sorted(updated, reverse=True)
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert "tag:briefings,2019-01-09:article/usatoday-2019-01-09-kim-second-summit" in ids
    assert "tag:briefings,2018-06-12:event/singapore-summit-2018" in ids
    assert feed.find(f"{ATOM}updated").text == "2019-06-30T00:00:00Z"  # the meeting at Panmunjom


def test_pages_link_to_their_data():
    _site, pages, _files = exports()
    assert "[JSON](../data/countries/north-korea.json)" in pages["countries/north-korea.md"]
    assert "[CSV](data/compare.csv)" in pages["compare.md"]
    assert "[Atom feed](../feed.xml)" in pages["articles/index.md"]


def test_the_same_briefings_give_the_same_bytes():
    assert exports()[2] == exports()[2]


def test_no_comparison_cell_can_run_as_a_formula(tmp_path):
    from conftest import copy_briefings
    from generator.exports import FORMULA_STARTS, spreadsheet_cell

    root = copy_briefings(SHIPPED, tmp_path)
    sheet = root / "countries" / "vietnam.yaml"
    sheet.write_text(sheet.read_text("utf-8").replace("name: Vietnam", "name: \"=HYPERLINK(\\\"https://tracker.example\\\")\"", 1), "utf-8")
    _site, _pages, files = generate_all(root, today=datetime.date(2026, 11, 28))
    rows = list(csv.reader(io.StringIO(files["data/compare.csv"])))
    assert ["'=HYPERLINK(\"https://tracker.example\")"] == [cell for row in rows for cell in row if "HYPERLINK" in cell]
    assert not [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]
    assert [spreadsheet_cell(text) for text in ("-1", "+1", "@x", "\tx", "\rx", " =1", "\n=1", "x=1")] == [
        "'-1", "'+1", "'@x", "'\tx", "'\rx", "' =1", "'\n=1", "x=1"]
    assert all(line.startswith('"') for line in files["data/compare.csv"].splitlines())  # every cell quoted


def test_the_bulk_file_is_the_bulk_document_and_an_unchanged_record_keeps_its_part():
    site, _pages, files = exports()
    assert files["data/all.json"] == json_text(bulk_document(site)) + "\n"
    memory = RenderMemory()
    assert bulk_text(site, Recall(site, memory)) == files["data/all.json"]
    kept = dict(memory.bulk_entries)
    changed_id = "kim-jong-un"
    site.records[changed_id] = site.records[changed_id].model_copy(update={"summary": "Changed."})
    again = bulk_text(site, Recall(site, memory))
    assert json.loads(again)["records"] == bulk_document(site)["records"]
    assert memory.bulk_entries[changed_id][1] != kept[changed_id][1]
    assert all(memory.bulk_entries[record_id][1] is kept[record_id][1] for record_id in kept if record_id != changed_id)
    empty = copy.copy(site)
    empty.records = {}
    assert bulk_text(empty) == json.dumps(bulk_document(empty), indent=2, ensure_ascii=False) + "\n"


# What the data files hold: text of any character a YAML file can carry (no lone surrogates),
# whole numbers within the schema's limit, and mappings and lists of them.
JSON_TEXT = st.text(st.characters(exclude_categories=["Cs"]))
JSON_SCALARS = st.none() | st.booleans() | st.integers(-(10**18), 10**18) | JSON_TEXT
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.lists(inner) | st.dictionaries(JSON_TEXT, inner), max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_json_text_is_pythons_indented_json(value):
    assert json_text(value) == json.dumps(value, indent=2, ensure_ascii=False)


@settings(max_examples=300, deadline=None)
@given(st.recursive(JSON_SCALARS | st.floats(allow_nan=False, allow_infinity=False),
                    lambda inner: st.lists(inner) | st.dictionaries(JSON_TEXT, inner), max_leaves=30))
def test_json_text_with_numbers_reads_back_as_pythons(value):
    assert json.loads(json_text(value)) == json.loads(json.dumps(value, indent=2, ensure_ascii=False)) == value


def test_json_text_spells_small_numbers_its_own_way():
    """The one difference from Python's json, pinned, so that a change of spelling is seen."""
    assert json_text([5e-05, 1e-06, 0.0001, 1.5e16, 39.02]) == "[\n  0.00005,\n  1e-6,\n  0.0001,\n  1.5e+16,\n  39.02\n]"
