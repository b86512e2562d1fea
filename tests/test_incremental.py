"""Under `serve`, files whose inputs are unchanged are recalled rather than rendered again: the
recalled site must be exactly the site rendered afresh, whatever the edit."""

import datetime

import pytest

from conftest import SHIPPED
from generator.exports import render_exports
from generator.incremental import Recall, RenderMemory
from generator.model import build_model
from generator.pipeline import check
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
    another record, and each of its lists with the last item dropped."""
    named = [entry.record for entry in entries.values() if entry.folder in ("people", "organisations", "countries")]
    for record_id, entry in entries.items():
        record = entry.record
        title_field = "title" if hasattr(record, "title") else "name"
        yield f"{record_id}: {title_field} changed", edited(entries, record_id, **{title_field: getattr(record, title_field) + " II"})
        if hasattr(record, "summary"):
            other = next(other for other in named if other.id != record_id and other.name not in record.summary)
            summary = record.summary + f"\n\nThis also concerns {other.name}."
            yield f"{record_id}: summary names {other.id}", edited(entries, record_id, summary=summary)
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
        assert all_files(entries, memory) == fresh_base, f"{description}: stale after undoing it"
        count += 1
    assert count >= 2 * len(entries)


def test_an_edit_renders_again_only_the_files_that_read_what_changed():
    entries = entries_of_shipped()
    memory = RenderMemory()
    all_files(entries, memory)
    assert len(memory.rendered) == 2 * len(entries)  # a page and a data file per record, the first time

    person = entries["kim-jong-un"].record
    all_files(edited(entries, "kim-jong-un", positions=person.positions[:-1]), memory)

    assert "people/kim-jong-un.md" in memory.rendered
    assert "data/people/kim-jong-un.json" in memory.rendered
    assert "people/xi-jinping.md" not in memory.rendered
    assert len(memory.rendered) <= 4


def test_a_new_build_date_renders_everything_again():
    entries = entries_of_shipped()
    memory = RenderMemory()
    all_files(entries, memory)
    rendered_first = len(memory.rendered)
    all_files(entries, memory, today=TODAY + datetime.timedelta(days=1))
    assert len(memory.rendered) == rendered_first


@pytest.mark.parametrize("index_name", ["records", "relations", "backlinks", "folder_of"])
def test_a_page_that_reads_a_whole_index_is_never_recalled(index_name):
    site = build_model(entries_of_shipped(), TODAY)
    memory = RenderMemory()
    Recall(site, memory).file("whole.md", lambda tracked: str(len(getattr(tracked, index_name))))
    recall = Recall(site, memory)
    recall.file("whole.md", lambda tracked: "again")
    assert memory.rendered == ["whole.md"]
