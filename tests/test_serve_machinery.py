"""What keeps `mkdocs serve` quick, each part on its own: the watcher of the briefings folder,
the writer that spares unchanged files, and the garbage collection between rebuilds. That they
change nothing a reader sees is tests/test_serve_equivalence.py's part."""

from __future__ import annotations

import gc
import os
import re
import threading
import types
import time
import weakref
from pathlib import Path

from mkdocs import utils

from generator import collector, watching
from generator.conversions import SearchMemory, skip_empty_scrub
from generator.site_writes import SiteWrites
from generator.svg import figure


class FakeServer:
    """What MkDocs's LiveReloadServer has that the watcher uses."""

    def __init__(self) -> None:
        self._rebuild_cond = threading.Condition()
        self._want_rebuild = False
        self._shutdown = False
        self.watched: list[str] = []

    def watch(self, folder: str) -> None:
        self.watched.append(folder)

    def wants_rebuild(self, seconds: float) -> bool:
        with self._rebuild_cond:
            return self._rebuild_cond.wait_for(lambda: self._want_rebuild, timeout=seconds)


def test_a_saved_sheet_asks_for_a_rebuild_and_reading_one_does_not(tmp_path: Path):
    sheet = tmp_path / "people" / "someone.yaml"
    sheet.parent.mkdir()
    sheet.write_text("id: someone\n", "utf-8")
    server = FakeServer()
    observer = watching.watch(server, str(tmp_path))
    try:
        assert observer is not None and server.watched == []  # the system's notifications, not MkDocs's polling
        time.sleep(0.2)
        sheet.read_text("utf-8")  # as every build does
        assert not server.wants_rebuild(1.0)
        sheet.write_text("id: someone-else\n", "utf-8")
        assert server.wants_rebuild(10.0)
        with server._rebuild_cond:
            server._want_rebuild = False
        sheet.unlink()
        assert server.wants_rebuild(10.0)
        with server._rebuild_cond:
            server._want_rebuild = False
        (tmp_path / "people").rename(tmp_path.parent / f"{tmp_path.name}-moved-away")  # reported as the folder's deletion
        assert server.wants_rebuild(10.0)
    finally:
        observer.stop()
        observer.join(10)


def test_a_stop_asked_from_a_signal_handler_ends_the_servers_loop():
    server = FakeServer()
    stopped = threading.Event()

    def build_loop() -> None:  # as MkDocs's LiveReloadServer._build_loop waits
        with server._rebuild_cond:
            server._rebuild_cond.wait_for(lambda: server._want_rebuild or server._shutdown, timeout=30)
        stopped.set()

    loop = threading.Thread(target=build_loop)
    loop.start()
    time.sleep(0.1)
    with server._rebuild_cond:  # held, as by the loop between its checks, when a handler interrupts it there
        watching.ask_to_stop(server)
    assert stopped.wait(10) and server._shutdown
    loop.join(10)


def test_a_server_of_another_make_is_left_to_watch_the_folder_itself(tmp_path: Path):
    class OtherServer:
        def __init__(self) -> None:
            self.watched: list[str] = []

        def watch(self, folder: str) -> None:
            self.watched.append(folder)

    server = OtherServer()
    assert watching.watch(server, str(tmp_path)) is None
    assert server.watched == [str(tmp_path)]


def test_unchanged_files_are_not_written_again_and_files_no_longer_made_are_removed(tmp_path: Path):
    site, source = tmp_path / "site", tmp_path / "asset.css"
    site.mkdir()
    source.write_text("body {}", "utf-8")
    writes = SiteWrites()
    writes.install()
    try:
        def build(pages: dict[str, str]) -> None:
            writes.start(str(site))
            utils.clean_directory(str(site))
            for path, text in pages.items():
                utils.write_file(text.encode(), str(site / path))
            utils.copy_file(str(source), str(site / "assets" / "asset.css"))
            writes.finish()

        build({"a/index.html": "A", "b/index.html": "B"})
        written_at = {path: os.stat(site / path).st_mtime_ns for path in ("a/index.html", "assets/asset.css")}
        time.sleep(0.05)
        build({"a/index.html": "A", "c/index.html": "C"})

        assert writes.skipped == 2  # a/index.html and the asset, left as they were
        assert {path: os.stat(site / path).st_mtime_ns for path in written_at} == written_at
        assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == [
            "a/index.html", "assets/asset.css", "c/index.html"]
        assert not (site / "b").exists()  # its folder went with it

        source.write_text("body { color: black }", "utf-8")
        (site / "a" / "index.html").unlink()  # gone behind its back: written again
        build({"a/index.html": "A", "c/index.html": "C2"})
        assert (site / "assets" / "asset.css").read_text("utf-8") == "body { color: black }"
        assert (site / "a" / "index.html").read_text("utf-8") == "A"
        assert (site / "c" / "index.html").read_text("utf-8") == "C2"

        elsewhere = tmp_path / "elsewhere.txt"  # outside the site folder: written as always
        utils.write_file(b"x", str(elsewhere))
        utils.write_file(b"x", str(elsewhere))
        assert elsewhere.read_bytes() == b"x" and writes.skipped == 0
    finally:
        writes.uninstall()
    assert utils.write_file.__module__ == "mkdocs.utils"


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_garbage_of_a_rebuild_is_collected_in_the_pause_after_it(monkeypatch):
    monkeypatch.setattr(collector, "PAUSE_SECONDS", 0.05)
    keeper = collector.Collector()
    try:
        garbage = Cycle()  # alive when the rebuild starts, garbage during it
        gone = weakref.ref(garbage)
        keeper.build_started()
        assert gc.get_freeze_count() > 0  # what was alive before the rebuild is not walked during it
        del garbage
        gc.collect()
        assert gone() is not None
        keeper.build_finished()
        deadline = time.monotonic() + 10
        while gone() is not None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert gone() is None
        assert gc.get_freeze_count() == 0
    finally:
        keeper.stop()


def test_rebuilds_without_a_pause_still_collect_their_garbage(monkeypatch):
    monkeypatch.setattr(collector, "PAUSE_SECONDS", 3600)
    keeper = collector.Collector()
    try:
        garbage = Cycle()
        gone = weakref.ref(garbage)
        keeper.build_started()
        del garbage
        keeper.build_finished()
        for _ in range(collector.MOST_UNCOLLECTED):
            keeper.build_started()
            keeper.build_finished()
        assert gone() is None
    finally:
        keeper.stop()
    assert gc.get_freeze_count() == 0


def test_a_rebuild_that_starts_before_the_pause_first_collects_what_the_last_one_left(monkeypatch):
    monkeypatch.setattr(collector, "PAUSE_SECONDS", 3600)
    keeper = collector.Collector()
    automatic = gc.isenabled()
    gc.disable()  # only the collector's own collections
    try:
        keeper.build_started()
        made = Cycle()  # made by the rebuild (a page), garbage once it is over
        gone = weakref.ref(made)
        del made
        keeper.build_finished()
        keeper.build_started()  # saved again before the pause was over
        assert gone() is None  # collected, not set aside with what is alive
        assert gc.get_freeze_count() > 0
    finally:
        keeper.stop()
        if automatic:
            gc.enable()
    assert gc.get_freeze_count() == 0


def test_an_answer_about_a_record_is_kept_while_builds_ask_for_it_and_no_longer():
    from generator.memo import RecordMemo

    asked = []
    memo = RecordMemo(lambda record, day: asked.append((record.name, day)) or (record if day == 1 else Named(day)))
    first, second = Named("a"), Named("b")
    assert memo(first, 1) is first and memo(first, 1) is first and memo(second, 2).name == 2
    assert asked == [("a", 1), ("b", 2)]  # each worked out once
    memo.new_generation()
    assert memo(first, 1) is first and asked == [("a", 1), ("b", 2)]  # asked again in the next build: kept
    memo.new_generation()
    memo.new_generation()  # a build that asked nothing about `second`, and then one more
    memo(second, 2)
    assert asked[-1] == ("b", 2)  # dropped, so worked out again
    gone = weakref.ref(first)
    del first
    assert gone() is None  # an answer that is the record itself does not keep it alive


class Named:
    def __init__(self, name):
        self.name = name


class _SearchIndex:
    def __init__(self) -> None:
        self.entries: list = []

    def add_entry_from_context(self, page) -> None:
        self.entries.append({"location": page.url})


class _SearchPlugin:
    """What SearchMemory relies on of Material's search plugin: its index, its `enabled` option,
    and an `on_page_context` that indexes the page and then scrubs its `data-search-*` attributes."""

    def __init__(self) -> None:
        self.config = types.SimpleNamespace(enabled=True)
        self.search_index = _SearchIndex()
        self.scrubbed: list[str] = []

    def on_page_context(self, context, *, page, config, nav):
        self.search_index.add_entry_from_context(page)
        self.scrubbed.append(page.url)
        page.content = re.sub(r"\s?data-search-\w+=\"[^\"]+\"", "", page.content)


def _page(url: str, content: str | None):
    return types.SimpleNamespace(url=url, title=url, meta={}, content=content,
                                 file=types.SimpleNamespace(src_uri=f"{url}.md"))


def test_search_indexes_every_page_and_scrubs_only_those_with_search_attributes():
    search = _SearchPlugin()
    plugins = types.SimpleNamespace(events={"page_context": [search.on_page_context]},
                                    _event_origins={search.on_page_context: "material/search"})
    SearchMemory().wrap(search)
    skip_empty_scrub(search, plugins)
    page_context = plugins.events["page_context"][0]
    assert page_context is not search.on_page_context
    assert plugins._event_origins[page_context] == "material/search"  # as MkDocs names it in its messages
    plain = _page("plain", "<p>Nothing to take out</p>")
    marked = _page("marked", '<h2 data-search-exclude="yes">Hidden</h2>')
    drawn = figure("locator-map", 10, 10, "map", "A map", "Of somewhere.", "", "")
    pictured = _page("pictured", f"<p>x</p>{drawn}{drawn}")
    both = _page("both", f'{drawn}<h2 data-search-exclude="yes">Hidden</h2>')
    for page in (plain, marked, pictured, both):
        page_context({}, page=page, config=None, nav=None)
    assert [entry["location"] for entry in search.search_index.entries] == ["plain", "marked", "pictured", "both"]
    assert search.scrubbed == ["marked", "both"]  # the others were not scanned by the expression
    assert marked.content == "<h2>Hidden</h2>" and plain.content == "<p>Nothing to take out</p>"
    assert pictured.content == f"<p>x</p>{drawn}{drawn}"  # the site's own attributes stay: no copy of the page


def test_search_runs_as_always_when_disabled_or_not_the_plugin_it_knows():
    search = _SearchPlugin()
    search.config.enabled = False
    plugins = types.SimpleNamespace(events={"page_context": [search.on_page_context]})
    SearchMemory().wrap(search)
    skip_empty_scrub(search, plugins)
    plugins.events["page_context"][0]({}, page=_page("plain", "<p>x</p>"), config=None, nav=None)
    assert search.scrubbed == ["plain"]  # disabled is the plugin's own business

    for unknown_config in (None, types.SimpleNamespace(lang=["en"])):  # none, or MkDocs's own search's
        unknown = _SearchPlugin()
        unknown.config = unknown_config
        events = {"page_context": [unknown.on_page_context]}
        skip_empty_scrub(unknown, types.SimpleNamespace(events=events))
        assert events["page_context"] == [unknown.on_page_context]
