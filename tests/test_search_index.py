"""`search_index` writes the bytes Material's search plugin writes, in pieces.

The whole sites built with it are compared with Python-Markdown's builds in `test_page_html.py`
and with fresh builds in `test_serve_equivalence.py`, but both write the index this way; here it
is held to Material's own `generate_search_index`.
"""

from __future__ import annotations

import os
import types
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from material.plugins.search.plugin import SearchIndex, SearchPlugin

from generator import search_index
from generator.site_writes import SiteWrites, file_digest

SETTINGS = {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["stemmer"], "fields": {"title": {"boost": 1e3}}}
TEXT = st.lists(st.characters(exclude_categories=()) | st.sampled_from(['"', "\\", "</", "\u2028", "\x00", "\ud800", "é", "\U0001f600"]),
               max_size=30).map("".join)
ENTRY = st.fixed_dictionaries(
    {"location": TEXT, "title": TEXT, "text": TEXT},
    optional={
        "boost": st.integers(-10, 10) | st.floats(),  # infinities and NaN as json writes them
        "tags": st.lists(TEXT, max_size=3),
        "written": st.dates() | st.builds(Path, TEXT),  # what only `default=str` writes
        "counts": st.dictionaries(st.integers(-3, 3) | st.booleans() | st.none(), TEXT, max_size=3),  # keys json makes text
    },
)


def material_bytes(index: SearchIndex) -> bytes:
    return index.generate_search_index(None).encode("utf-8")


def index_of(entries: list[dict], **settings: object) -> SearchIndex:
    index = SearchIndex(**{**SETTINGS, **settings})
    index.entries = entries
    return index


def test_it_stands_in_for_the_material_code_we_pin():
    """A new Material fails here, so that its writing of the index is read again before ours stands in for it."""
    assert search_index.AVAILABLE, search_index.material_digest()


@settings(max_examples=200, deadline=None)
@given(st.lists(ENTRY, max_size=8), TEXT)
def test_the_pieces_are_materials_index(entries, separator):
    index = index_of(entries, separator=separator)
    assert b"".join(search_index.index_pieces(index)) == material_bytes(index)


def test_an_index_of_many_pieces_and_an_empty_one_are_materials():
    entries = [{"location": f"p{number}/", "title": f"Päge {number}", "text": "<p>x</p>"} for number in range(2345)]
    index = index_of(entries)
    pieces = list(search_index.index_pieces(index))
    assert len(pieces) == 2 + 3  # opening, three pieces of entries, closing
    assert b"".join(pieces) == material_bytes(index)
    empty = index_of([])
    assert b"".join(search_index.index_pieces(empty)) == material_bytes(empty) == (
        b'{"config":{"lang":["en"],"separator":"[\\\\s\\\\-]+","pipeline":["stemmer"],'
        b'"fields":{"title":{"boost":1000.0}}},"docs":[]}')


def _search_plugin(entries: list[dict]) -> SearchPlugin:
    plugin = SearchPlugin()
    plugin.load_config({})
    plugin.search_index = index_of(entries)
    return plugin


def test_the_search_plugin_writes_its_index_in_pieces(tmp_path: Path):
    plugin = _search_plugin([{"location": "a/", "title": "A", "text": "α"}])
    plugins = types.SimpleNamespace(events={"post_build": [plugin.on_post_build]},
                                    _event_origins={plugin.on_post_build: "material/search"})
    written = []

    def write_pieces(pieces, path):
        written.append(path)
        SiteWrites().write_pieces(pieces, path)  # not serving: written as MkDocs writes

    search_index.install(plugin, plugins, write_pieces)
    post_build = plugins.events["post_build"][0]
    assert post_build is not plugin.on_post_build
    assert plugins._event_origins[post_build] == "material/search"  # as MkDocs names it in its messages
    post_build(config=types.SimpleNamespace(site_dir=str(tmp_path / "site")))
    path = tmp_path / "site" / "search" / "search_index.json"
    assert written == [str(path)]
    assert path.read_bytes() == material_bytes(plugin.search_index)


def test_installed_again_for_each_build_it_still_writes_once_in_pieces(tmp_path: Path):
    """Under `serve`, each build installs it again: into the same events, or new ones around the same plugin."""
    plugin = _search_plugin([{"location": "a/", "title": "A", "text": "a"}])
    written = []
    events = {"post_build": [plugin.on_post_build]}
    for plugins in (types.SimpleNamespace(events=events), types.SimpleNamespace(events=events),
                    types.SimpleNamespace(events={"post_build": [plugin.on_post_build]})):
        search_index.install(plugin, plugins, lambda pieces, path: written.append(b"".join(pieces)))
        assert len(plugins.events["post_build"]) == 1 and plugins.events["post_build"][0] != plugin.on_post_build
        plugins.events["post_build"][0](config=types.SimpleNamespace(site_dir=str(tmp_path)))
    assert written == [material_bytes(plugin.search_index)] * 3


def test_material_writes_its_index_itself_when_disabled_under_dirty_or_not_the_plugin_it_knows(tmp_path: Path):
    def never(pieces, path):
        raise AssertionError("written in pieces")

    dirty = _search_plugin([{"location": "a/", "title": "A", "text": "a"}])
    dirty.is_dirty = True
    merging = _search_plugin([{"location": "b/", "title": "B", "text": "b"}])  # with the last build's index
    merging.search_index_prev = index_of([{"location": "c/", "title": "C", "text": "c"}])
    disabled = _search_plugin([])
    disabled.config.enabled = False
    for number, plugin in enumerate((dirty, merging, disabled)):
        plugins = types.SimpleNamespace(events={"post_build": [plugin.on_post_build]})
        search_index.install(plugin, plugins, never)
        plugins.events["post_build"][0](config=types.SimpleNamespace(site_dir=str(tmp_path / str(number))))
    assert (tmp_path / "0" / "search" / "search_index.json").read_bytes() == material_bytes(dirty.search_index)
    assert b'"location":"c/"' in (tmp_path / "1" / "search" / "search_index.json").read_bytes()
    assert not (tmp_path / "2").exists()

    other = types.SimpleNamespace(on_post_build=lambda *, config: None)  # MkDocs's own search, say
    events = {"post_build": [other.on_post_build]}
    search_index.install(other, types.SimpleNamespace(events=events), never)
    assert events["post_build"] == [other.on_post_build]


def test_a_file_written_in_pieces_under_serve_is_tracked_and_not_removed_as_left_over(tmp_path: Path):
    site = tmp_path / "site"
    writes = SiteWrites()
    writes.install()
    try:
        for text in (b"first", b"second"):
            writes.start(str(site))
            writes.write_pieces([text[:2], text[2:]], str(site / "search" / "index.json"))
            writes.finish()  # not deleted as left over
            assert (site / "search" / "index.json").read_bytes() == text
            assert writes.written[os.path.abspath(site / "search" / "index.json")] == file_digest(text)
        writes.start(str(site))
        writes.finish()  # no longer written: removed, as any file a build no longer makes
        assert not (site / "search").exists()
    finally:
        writes.uninstall()


def test_a_file_whose_pieces_fail_halfway_is_left_as_it_was(tmp_path: Path):
    site = tmp_path / "site"
    writes = SiteWrites()
    writes.install()
    try:
        writes.start(str(site))
        target = site / "search" / "index.json"
        writes.write_pieces([b"whole"], str(target))

        def failing():
            yield b"half"
            raise ValueError("an entry that cannot be written")

        with pytest.raises(ValueError):
            writes.write_pieces(failing(), str(target))
        assert target.read_bytes() == b"whole" and sorted(p.name for p in target.parent.iterdir()) == ["index.json"]
        assert writes.written[os.path.abspath(target)] == file_digest(b"whole")
    finally:
        writes.uninstall()
