"""Under `serve`, files whose inputs are unchanged are recalled rather than rendered again: the
recalled site must be exactly the site rendered afresh, whatever the edit."""

import dataclasses
import datetime
import shutil
from collections import defaultdict

import pytest

from conftest import SHIPPED
from generator.exports import render_exports
from generator.incremental import Packed, Recall, RenderMemory, TrackedSite
from generator.model import build_model
from generator.pipeline import check, generate_all
from generator.render import render_pages
from generator.validate import Entry

TODAY = datetime.date(2026, 11, 28)


def entries_of_shipped() -> dict[str, Entry]:
    entries, problems = check(SHIPPED)
    assert not problems
    return entries


def all_files(entries: dict[str, Entry], memory: RenderMemory | None = None, today=TODAY) -> dict[str, str]:
    site = build_model(entries, today)
    recall = Recall(site, memory) if memory is not None else None
    return {**render_pages(site, recall), **render_exports(site, "", recall)}


def edited(entries: dict[str, Entry], record_id: str, **changes) -> dict[str, Entry]:
    """The entries with one record changed; every other record the very same object, as under
    `serve`, where unchanged files keep their records."""
    entry = entries[record_id]
    return {**entries, record_id: Entry(entry.record.model_copy(update=changes), entry.document)}


def edits(entries: dict[str, Entry]):
    """(description, changed entries): for every record, a renaming, a summary that names
    another record, a review date on the other side of today, each reference to a country,
    outlet or place pointed elsewhere, and each of its lists with the last item dropped."""
    named = [entry.record for entry in entries.values() if entry.folder in ("people", "organisations", "countries")]
    for record_id, entry in entries.items():
        record = entry.record
        title_field = "title" if hasattr(record, "title") else "name"
        yield f"{record_id}: {title_field} changed", edited(entries, record_id, **{title_field: getattr(record, title_field) + " II"})
        if hasattr(record, "summary"):
            other = next(other for other in named if other.id != record_id and other.name not in record.summary)
            summary = record.summary + f"\n\nThis also concerns {other.name}."
            yield f"{record_id}: summary names {other.id}", edited(entries, record_id, summary=summary)
        if hasattr(record, "review_by"):
            stale = record.review_by is None or record.review_by >= TODAY
            review_by = TODAY - datetime.timedelta(days=1) if stale else TODAY + datetime.timedelta(days=30)
            yield f"{record_id}: review date moved to {review_by}", edited(entries, record_id, review_by=review_by)
        for name, folder in (("country", "countries"), ("outlet", "organisations"), ("place", "places")):
            if getattr(record, name, None):
                elsewhere = next(i for i, e in entries.items() if e.folder == folder and i != getattr(record, name))
                yield f"{record_id}: {name} now {elsewhere}", edited(entries, record_id, **{name: elsewhere})
        for name in type(record).model_fields:
            value = getattr(record, name)
            if isinstance(value, list) and value:
                yield f"{record_id}: last of {name} dropped", edited(entries, record_id, **{name: value[:-1]})


def test_every_edit_to_the_shipped_briefings_gives_the_site_a_fresh_render_gives():
    entries = entries_of_shipped()
    fresh_base = all_files(entries)
    memory = RenderMemory()
    assert all_files(entries, memory) == fresh_base
    count = 0
    for description, changed in edits(entries):
        fresh = all_files(changed)
        assert fresh != fresh_base, f"{description}: the edit changed nothing, so it tests nothing"
        recalled = all_files(changed, memory)
        wrong = sorted(path for path in fresh if recalled.get(path) != fresh[path])
        assert not wrong, f"{description}: stale after the edit: {wrong}"
        count += 1
        if count % 2:  # else straight on to the next edit: this one undone and another made at once
            assert all_files(entries, memory) == fresh_base, f"{description}: stale after undoing it"
    assert count >= 3 * len(entries)


def test_an_edit_renders_again_only_the_files_that_read_what_changed():
    entries = entries_of_shipped()
    memory = RenderMemory()
    all_files(entries, memory)
    topics = sum(1 for entry in entries.values() if entry.folder == "topics")
    # every page, and a data file per record and a feed per topic, the first time
    pages = render_pages(build_model(entries, TODAY))
    assert set(memory.rendered) >= set(pages)
    assert sum(1 for path in memory.rendered if path.startswith("data/")) == len(entries) + topics

    person = entries["kim-jong-un"].record
    all_files(edited(entries, "kim-jong-un", positions=person.positions[:-1]), memory)

    assert "people/kim-jong-un.md" in memory.rendered
    assert "data/people/kim-jong-un.json" in memory.rendered
    assert "people/xi-jinping.md" not in memory.rendered
    # pages that list records read whole indexes, and are rendered again only where those changed
    assert {"people/index.md", "report.md"} <= set(memory.rendered)  # the report counts positions
    assert not {"timeline.md", "sources.md", "relations.md", "events/index.md", "countries/index.md"} & set(memory.rendered)
    assert len(memory.rendered) <= 8


def test_a_new_build_date_renders_everything_again():
    entries = entries_of_shipped()
    memory = RenderMemory()
    all_files(entries, memory)
    rendered_first = len(memory.rendered)
    all_files(entries, memory, today=TODAY + datetime.timedelta(days=1))
    assert len(memory.rendered) == rendered_first


def test_an_edited_file_under_serve_gives_the_site_a_fresh_build_gives(tmp_path):
    """Through the file cache, as the plugin runs it: unchanged files keep their records."""
    root = tmp_path / "briefings"
    shutil.copytree(SHIPPED, root)
    cache, memory = {}, RenderMemory()
    generate_all(root, TODAY, cache=cache, memory=memory)
    sheet = root / "people" / "xi-jinping.yaml"
    sheet.write_text(sheet.read_text("utf-8").replace("last_reviewed: 2026-", "last_reviewed: 2025-"), "utf-8")

    _, pages, data_files = generate_all(root, TODAY, cache=cache, memory=memory)

    _, fresh_pages, fresh_data_files = generate_all(root, TODAY)
    assert (pages, data_files) == (fresh_pages, fresh_data_files)
    assert "people/xi-jinping.md" in memory.rendered
    # the people's section lists the sheet, and the report its review date
    assert set(memory.rendered) <= {"people/xi-jinping.md", "data/people/xi-jinping.json", "countries/china.md",
                                    "people/index.md", "report.md"}


def test_a_rebuild_under_serve_unpacks_no_text_but_those_it_changed(tmp_path, monkeypatch):
    """The memory keeps texts packed: a rebuild tells unchanged files by their fingerprints, finds
    the stale pages, and reads back only what changed, as the plugin's outbox does."""
    root = tmp_path / "briefings"
    shutil.copytree(SHIPPED, root)
    cache, memory = {}, RenderMemory()
    _, pages, data_files = generate_all(root, TODAY, cache=cache, memory=memory)
    before = {path: files.fingerprint(path) for files in (pages, data_files) for path in files}
    sheet = root / "people" / "xi-jinping.yaml"
    sheet.write_text(sheet.read_text("utf-8").replace("summary: ", "summary: Edited. ", 1), "utf-8")
    unpacked = []
    text = Packed.text
    monkeypatch.setattr(Packed, "text", lambda packed: unpacked.append(packed) or text(packed))

    _, pages, data_files = generate_all(root, TODAY, cache=cache, memory=memory)
    changed = {path: files[path] for files in (pages, data_files) for path in files
               if files.fingerprint(path) != before[path]}

    assert unpacked == []
    assert "people/xi-jinping.md" in changed and "Edited." in changed["people/xi-jinping.md"]
    assert len(changed) < len(before) / 10
    _, fresh_pages, fresh_data_files = generate_all(root, TODAY)
    assert {**pages, **data_files} == {**fresh_pages, **fresh_data_files}  # unpacked, each as a fresh build writes it
    assert len(unpacked) > len(before) / 2


STORY_DAY = datetime.date(2019, 1, 10)


def edited_under_serve(tmp_path, sheet_path: str, old: str, new: str):
    """The shipped briefings with the story's day as an archived edition, built as serve builds
    them before and after one edit, and checked against a fresh build: the render memory, the
    archived edition's files from before the edit, and the pages."""
    root = tmp_path / "briefings"
    shutil.copytree(SHIPPED, root)
    cache, memory = {}, RenderMemory()
    generate_all(root, TODAY, cache=cache, memory=memory, editions=[STORY_DAY])
    before = memory.edition_outputs[STORY_DAY]
    sheet = root / sheet_path
    sheet.write_text(sheet.read_text("utf-8").replace(old, new), "utf-8")

    _, pages, data_files = generate_all(root, TODAY, cache=cache, memory=memory, editions=[STORY_DAY])

    _, fresh_pages, fresh_data_files = generate_all(root, TODAY, editions=[STORY_DAY])
    assert (pages, data_files) == (fresh_pages, fresh_data_files)
    return memory, before, pages


def test_an_edit_under_serve_gives_archived_editions_what_a_fresh_build_gives(tmp_path):
    memory, _before, _pages = edited_under_serve(
        tmp_path, "people/moon-jae-in.yaml", "Moon Jae-in was President", "Moon Jae-in served as President")
    archived = memory.editions[STORY_DAY].rendered
    assert "people/moon-jae-in.md" in archived and "people/xi-jinping.md" not in archived


def test_an_archived_edition_is_kept_packed_and_once_between_rebuilds(tmp_path):
    memory, _before, _pages = edited_under_serve(
        tmp_path, "people/moon-jae-in.yaml", "Moon Jae-in was President", "Moon Jae-in served as President")
    output, held = memory.edition_outputs[STORY_DAY], memory.editions[STORY_DAY].files
    prefix = f"editions/{STORY_DAY.isoformat()}/"
    for files in (output.pages, output.data_files):
        texts = files._texts
        assert texts and all(isinstance(text, Packed) for text in texts.values())
        # a file the edition's memory holds is that very copy, not a second one
        assert all(texts[prefix + path] is held[path][0] for path in held if prefix + path in texts)
    assert sum(1 for path in held if prefix + path in output.pages._texts) > 50


def test_an_edit_to_what_came_after_an_archived_edition_leaves_its_files_as_they_were(tmp_path):
    # president since 2025: not in the 2019 edition
    memory, before, pages = edited_under_serve(tmp_path, "people/lee-jae-myung.yaml", "summary: |\n  ", "summary: |\n  Since 2025, ")
    assert memory.edition_outputs[STORY_DAY] is before  # neither modelled nor rendered again
    assert "Since 2025, " in pages["people/lee-jae-myung.md"]


def changed_index(site, name, change):
    return dataclasses.replace(site, **{name: change(getattr(site, name))})


def with_ghost_relation(relations):
    return defaultdict(list, {**relations, "ghost": [next(view for views in relations.values() for view in views)]})


LOOKUPS = {  # what a file reads -> (the index it reads, a change to that index that changes what it reads)
    "'ghost' in folder_of": ("folder_of", lambda s: "ghost" in s.folder_of, lambda i: {**i, "ghost": "people"}),
    "folder_of.get": ("folder_of", lambda s: s.folder_of.get("ghost", "none"), lambda i: {**i, "ghost": "people"}),
    "'ghost' in relations": ("relations", lambda s: "ghost" in s.relations, with_ghost_relation),
    "relations.get": ("relations", lambda s: s.relations.get("ghost", "none"), with_ghost_relation),
    "relations[missing]": ("relations", lambda s: s.relations["ghost"], with_ghost_relation),
    "timeline[-1]": ("timeline", lambda s: s.timeline[-1].record, lambda i: [*i, i[0]]),
    "timeline[:2]": ("timeline", lambda s: [item.record for item in s.timeline[:2]], lambda i: i[::-1]),
    # whole indexes, as listings read them
    "len(records)": ("records", lambda s: len(s.records), lambda i: {**i, "ghost": next(iter(i.values()))}),
    "records.keys()": ("records", lambda s: list(s.records.keys()), lambda i: dict(reversed(i.items()))),
    "relations.items()": ("relations", lambda s: [(k, len(v)) for k, v in s.relations.items()], with_ghost_relation),
    "iter(timeline)": ("timeline", lambda s: [item.record for item in s.timeline], lambda i: i[::-1]),
    "folder_of.values()": ("folder_of", lambda s: sorted(s.folder_of.values()), lambda i: {**i, "ghost": "people"}),
}


@pytest.mark.parametrize("what", LOOKUPS)
def test_each_kind_of_lookup_reads_as_on_the_model_and_is_noted(what):
    name, read, change = LOOKUPS[what]
    entries = entries_of_shipped()
    site = build_model(entries, TODAY)
    assert read(TrackedSite(site)) == read(build_model(entries_of_shipped(), TODAY))
    memory = RenderMemory()
    Recall(site, memory).file("file", lambda tracked: str(read(tracked)))
    Recall(build_model(entries, TODAY), memory).file("file", lambda tracked: str(read(tracked)))
    assert memory.rendered == []  # nothing changed, though the model and its indexes were made anew

    changed = changed_index(site, name, change)
    text = Recall(changed, memory).file("file", lambda tracked: str(read(tracked)))
    assert memory.rendered == ["file"]
    assert text == str(read(changed)) != str(read(site))


def test_a_file_made_from_more_than_the_model_is_rendered_again_when_that_changes():
    site = build_model(entries_of_shipped(), TODAY)
    memory = RenderMemory()
    Recall(site, memory).file("report.md", lambda tracked: "stale: a", inputs=("a",))
    Recall(site, memory).file("report.md", lambda tracked: "stale: a", inputs=("a",))
    assert memory.rendered == []
    text = Recall(site, memory).file("report.md", lambda tracked: "stale: a, b", inputs=("a", "b"))
    assert memory.rendered == ["report.md"] and text == "stale: a, b"


def test_a_new_site_address_gives_the_data_files_it_anew():
    """The topic feeds' links begin with the site's address, which is not in the model."""
    entries = entries_of_shipped()
    memory = RenderMemory()
    site = build_model(entries, TODAY)
    render_exports(site, "https://a.example/", Recall(site, memory))
    site = build_model(entries, TODAY)
    recalled = render_exports(site, "https://b.example/", Recall(site, memory))
    assert recalled == render_exports(build_model(entries, TODAY), "https://b.example/")
