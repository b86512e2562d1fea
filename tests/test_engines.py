"""The same site on every engine: MkDocs (with the plugin), ProperDocs (the same plugin), and
Zensical (through `briefings export`); `briefings watch` keeping an export current under
`zensical serve`; and the project settings read without MkDocs."""

from __future__ import annotations

import datetime
import importlib.util
import os
import posixpath
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO, run_briefings, tree_snapshot
from generator.engines import check_zensical_config, left_out_for_zensical, plugin_free_settings, write_zensical_config
from generator.export_folder import ExportError
from generator.project import PythonName, ProjectError, dump_settings, load_settings, read_project
from test_site_build import THIRD_PARTY, copy_project

OTHER_ENGINES = ("properdocs", "zensical")  # built by the `engine_sites` fixture (conftest.py)
# What only an engine's own machinery writes: its search index, sitemap and theme bundle differ.
ENGINE_FILES = re.compile(r"^(search/|search\.json$|sitemap\.xml|assets/(javascripts|stylesheets)/)")


class ArticleReader(HTMLParser):
    """What a reader gets from a page's article: its text, where its links lead (as site paths),
    its citations and its drawings."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page  # the page's folder, "" for the home page
        self.depth = 0  # inside <article> when > 0
        self.skipping = 0  # inside a heading's permalink, which each theme writes its own way
        self.text: list[str] = []
        self.links: list[str] = []
        self.citations: list[str] = []
        self.drawings = 0

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        attribute = dict(attributes)
        if tag == "article":
            self.depth += 1
        if not self.depth:
            return
        if self.skipping or (tag == "a" and "headerlink" in (attribute.get("class") or "")):
            self.skipping += tag == "a"
            return
        if tag == "a" and attribute.get("href"):
            self.links.append(self._where(attribute["href"]))
            if "footnote-ref" in (attribute.get("class") or ""):
                self.citations.append(attribute["href"])
        if tag == "svg":
            self.drawings += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.depth -= 1
        elif self.skipping and tag == "a":
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skipping:
            self.text.append(data)

    def _where(self, href: str) -> str:
        if re.match(r"^[a-z]+:", href) or href.startswith("#"):
            return href
        path, _, anchor = href.partition("#")
        resolved = posixpath.normpath(posixpath.join("/" + self.page, path)) if path else "/" + self.page
        resolved = re.sub(r"/index\.html$", "/", resolved).rstrip("/") + "/"
        return resolved + (f"#{anchor}" if anchor else "")

    def summary(self) -> dict:
        return {"text": " ".join("".join(self.text).split()), "links": self.links,
                "citations": self.citations, "drawings": self.drawings}


def read_article(site: Path, page: Path) -> dict:
    folder = page.parent.relative_to(site).as_posix()
    reader = ArticleReader("" if folder == "." else folder)
    reader.feed(page.read_text("utf-8"))
    return reader.summary()


def site_files(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*")
            if path.is_file() and not ENGINE_FILES.match(path.relative_to(site).as_posix())}


@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_every_engine_makes_the_same_pages_with_the_same_text_links_and_citations(built_site, engine_sites, engine):
    site = engine_sites[engine]
    assert site_files(site) == site_files(built_site)
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 150 and any("editions/" in page.as_posix() for page in pages)
    differences = []
    for page in pages:
        relative = page.relative_to(built_site)
        expected, found = read_article(built_site, page), read_article(site, site / relative)
        for what in ("text", "links", "citations", "drawings"):
            if found[what] != expected[what]:
                expected_text, found_text = str(expected[what]), str(found[what])
                start = max(next((index for index, (a, b) in enumerate(zip(expected_text, found_text)) if a != b),
                                 min(len(expected_text), len(found_text))) - 60, 0)
                differences.append(f"{relative}: {what} differ:\n  mkdocs: ...{expected_text[start:start + 200]}\n"
                                   f"  {engine}: ...{found_text[start:start + 200]}")
    assert not differences, "\n".join(differences[:10])
    checked = read_article(site, site / "countries" / "north-korea" / "index.html")
    assert checked["citations"] and checked["drawings"] and "Kim Jong Un" in checked["text"]


def test_properdocs_makes_the_very_same_site_but_for_its_name(built_site, engine_sites):
    generator = re.compile(rb'<meta name="generator" content="[^"]*">')
    mkdocs, properdocs = tree_snapshot(built_site), tree_snapshot(engine_sites["properdocs"])
    assert mkdocs.keys() == properdocs.keys()
    differing = [path for path in mkdocs if generator.sub(b"", mkdocs[path]) != generator.sub(b"", properdocs[path])]
    assert not differing, differing[:10]


@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_no_engine_makes_a_page_ask_another_host_for_anything(engine_sites, engine):
    asking = [page.relative_to(engine_sites[engine]).as_posix() for page in engine_sites[engine].rglob("*.html")
              if THIRD_PARTY.search(page.read_text("utf-8"))]
    assert not asking, asking[:10]


def test_the_footer_credits_the_engine_that_made_the_site(built_site, engine_sites):
    footers = {name: re.search(r'<div class="md-copyright">.*?</div>\s*</div>', (site / "index.html").read_text("utf-8"), re.S)
               for name, site in {"mkdocs": built_site, **engine_sites}.items()}
    assert all(footers.values()), footers
    assert "Material for MkDocs" in footers["mkdocs"][0] and "Material for MkDocs" in footers["properdocs"][0]
    assert "Zensical" in footers["zensical"][0] and "Material for MkDocs" not in footers["zensical"][0]


@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_every_engine_fills_the_home_pages_generated_blocks(engine_sites, engine):
    home = read_article(engine_sites[engine], engine_sites[engine] / "index.html")
    for country in ("North Korea", "China", "United States"):
        assert country in home["text"]
    assert "/countries/north-korea/" in home["links"] and "briefings:" not in home["text"]
    assert any(link.startswith("/articles/") and link != "/articles/" for link in home["links"])


def break_a_sheet(project: Path) -> None:
    sheet = project / "briefings" / "people" / "kim-jong-un.yaml"
    sheet.write_text(sheet.read_text("utf-8").replace("name: Kim Jong Un", "name: [Kim"), "utf-8")


def break_a_link(project: Path) -> None:  # good briefings: only the engine's own strict check can fail
    page = project / "docs" / "methodology.md"
    page.write_text(page.read_text("utf-8") + "\nSee [nothing](nowhere.md).\n", "utf-8")


@pytest.mark.parametrize("breaking", [break_a_sheet, break_a_link], ids=["bad sheet", "broken link"])
@pytest.mark.parametrize("engine", OTHER_ENGINES)
def test_a_failed_build_on_any_engine_leaves_the_last_good_site(tmp_path, engine, breaking):
    project = copy_project(tmp_path)
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("the last good site")
    breaking(project)
    sources_before = tree_snapshot(project / "briefings") | tree_snapshot(project / "docs")
    result = run_briefings("build", "--engine", engine, cwd=project, timeout=300)
    assert result.returncode == 1, result.stdout + result.stderr
    output = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)  # Zensical colours each letter
    assert ("kim-jong-un.yaml" if breaking is break_a_sheet else "nowhere.md") in output
    assert "Traceback" not in output or engine == "zensical" and breaking is break_a_link  # Zensical's own
    assert tree_snapshot(project / "site") == {"index.html": b"the last good site"}
    assert tree_snapshot(project / "briefings") | tree_snapshot(project / "docs") == sources_before
    assert not list(project.glob(".briefings-zensical-*")) and not list(project.glob("site.*"))


# ---------------------------------------------------------------------------------------------
# `briefings watch` under `zensical serve`.

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"waited {seconds} s for {what}")


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def start(arguments: list[str], cwd: Path, log: Path, **environment: str) -> subprocess.Popen:
    return subprocess.Popen(arguments, cwd=cwd, stdout=log.open("w"), stderr=subprocess.STDOUT,
                            env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1", **environment},
                            start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def save(path: Path, text: str) -> None:
    """As an editor saves: the whole new text at once (written beside, then renamed)."""
    beside = path.with_name(path.name + ".saving")
    beside.write_text(text, "utf-8")
    os.replace(beside, path)


def test_watch_keeps_an_export_current_under_zensical_serve(tmp_path):
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project")
    exported, config = tmp_path / "project" / "export" / "docs", tmp_path / "project" / "export" / "zensical.yml"
    watch_log, serve_log = tmp_path / "watch.log", tmp_path / "serve.log"
    watch = start([sys.executable, "-m", "generator", "watch", str(exported), "--engine-config", str(config)],
                  project, watch_log)
    serve = None
    try:
        wait_for(lambda: "Watching" in watch_log.read_text() or watch.poll() is not None, 300, "the first export")
        assert watch.poll() is None, watch_log.read_text()
        assert config.is_file()
        page = exported / "people" / "kim-jong-un.md"
        untouched = exported / "methodology.md"
        untouched_since = untouched.stat().st_mtime_ns
        port = free_port()
        serve = start([str(Path(sys.executable).parent / "zensical"), "serve", "--config-file", str(config),
                       "--dev-addr", f"127.0.0.1:{port}"], config.parent, serve_log)
        url = f"http://127.0.0.1:{port}/people/kim-jong-un/"
        wait_for(lambda: "Kim Jong Un" in fetch(url), 300, f"zensical serve on {url}\n{serve_log.read_text()}")

        sheet = project / "briefings" / "people" / "kim-jong-un.yaml"
        good = sheet.read_text("utf-8")
        save(sheet, good.replace("name: Kim Jong Un", "name: Kim Jong-un Watched"))
        wait_for(lambda: "Kim Jong-un Watched" in page.read_text("utf-8"), 60, f"the export\n{watch_log.read_text()}")
        wait_for(lambda: "Kim Jong-un Watched" in fetch(url), 60, "zensical serve to show the edit")
        assert untouched.stat().st_mtime_ns == untouched_since, "a page that did not change was rewritten"
        counts = [int(n) for n in re.findall(r"^(\d+) files written", watch_log.read_text(), re.M)]
        assert len(counts) >= 2 and counts[-1] < counts[0] / 4, f"an edit rewrote most of the folder: {counts}"

        exported_before, logged = tree_snapshot(exported), len(watch_log.read_text())
        save(sheet, good.replace("name: Kim Jong Un", "name: [Kim"))
        wait_for(lambda: "keeps the last good pages" in watch_log.read_text()[logged:], 60, "the problem to be reported")
        assert "kim-jong-un.yaml" in watch_log.read_text()[logged:]
        assert tree_snapshot(exported) == exported_before

        save(sheet, good)  # fixed again: the next good save shows, and the editor is told
        wait_for(lambda: "Kim Jong Un" in page.read_text("utf-8"), 60, "the fixed sheet to be exported")
        wait_for(lambda: "The problems are fixed." in watch_log.read_text()[logged:], 60, "the all-clear")
        wait_for(lambda: "Kim Jong-un Watched" not in fetch(url) and "Kim Jong Un" in fetch(url), 60,
                 "zensical serve to show the fixed sheet")
    finally:
        if serve is not None:
            stop(serve)
        stop(watch)
    assert watch.returncode == 0, watch_log.read_text()
    assert "Traceback" not in watch_log.read_text()


def test_watch_refuses_a_folder_it_did_not_write_and_one_inside_its_sources(tmp_path):
    project = copy_project(tmp_path)
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    refused = run_briefings("watch", "mine", cwd=project)
    assert refused.returncode == 1 and "never overwrites" in refused.stderr
    assert (tmp_path / "mine" / "notes.txt").read_text() == "keep me"
    inside = run_briefings("watch", "docs/export", cwd=project)
    assert inside.returncode == 1 and "inside" in inside.stderr and not (project / "docs" / "export").exists()


@pytest.mark.parametrize(("config", "message"), [
    ("docs/zensical.yml", "which the export is made from"),  # Zensical's site would land in the hand-written pages
    ("zensical.yml", "the project's own site"),  # ... or over the last good site
    ("elsewhere/zensical.yml", "inside the configuration's folder"),  # Zensical would refuse the folder
])
def test_watch_refuses_engine_settings_that_would_write_into_the_project(tmp_path, config, message):
    project = copy_project(tmp_path)
    before = tree_snapshot(project)
    refused = run_briefings("watch", "export/docs", "--engine-config", config, cwd=project)
    assert refused.returncode == 1 and message in refused.stderr, refused.stderr
    assert tree_snapshot(project) == before


def test_engine_settings_overwrite_only_settings_briefings_wrote(tmp_path):
    project = read_project(copy_project(tmp_path) / "mkdocs.yml")
    config = tmp_path / "export" / "zensical.yml"
    config.parent.mkdir()
    config.write_text("theme: mine\n")
    with pytest.raises(ExportError, match="never overwrites what it did not write"):
        check_zensical_config(project, config, config.parent / "docs")
    assert config.read_text() == "theme: mine\n"
    config.unlink()
    write_zensical_config(project, config, config.parent / "docs")
    check_zensical_config(project, config, config.parent / "docs")  # its own settings may be made again
    assert load_settings(config.read_text())["docs_dir"] == "docs"


# ---------------------------------------------------------------------------------------------
# The project's settings, read without MkDocs.

def test_the_shipped_settings_are_read_without_mkdocs():
    project = read_project(REPO / "mkdocs.yml")
    assert project.briefings_dir == REPO / "briefings" and project.docs_dir == REPO / "docs"
    assert project.custom_dir == REPO / "docs" / "overrides"
    assert project.editions == (datetime.date(2019, 1, 10),)


def test_settings_for_an_engine_without_plugins_keep_everything_but_the_plugin(tmp_path):
    project = read_project(REPO / "mkdocs.yml")
    config = tmp_path / "zensical.yml"
    settings = plugin_free_settings(project, config, tmp_path / "docs", tmp_path / "site")
    assert (settings["docs_dir"], settings["site_dir"], settings["theme"]["custom_dir"]) == ("docs", "site", "docs/overrides")
    assert settings["plugins"] == ["search"]
    again = load_settings(dump_settings(settings))
    slugify = again["markdown_extensions"][0]["toc"]["slugify"]
    assert isinstance(slugify, PythonName) and slugify == "generator.markdown_extension.heading_id"
    assert "!!python/name:generator.markdown_extension.heading_id" in dump_settings(settings)

    project.settings["plugins"] = {"search": {"lang": "en"}, "briefings": {"history_authors": True}}  # the mapping form
    assert plugin_free_settings(project, config, tmp_path / "docs", tmp_path / "site")["plugins"] == {"search": {"lang": "en"}}


@pytest.mark.parametrize(("text", "message"), [
    ("site_name: x\nplugins: [search]\n", "expected `briefings` among the plugins"),
    ("plugins:\n  - briefings:\n      editions: [yesterday]\n", "editions: expected a list of dates"),
    ("plugins: [briefings]\ndocs_dir: 3\n", "docs_dir: expected text, found 3"),
    ("- a list\n", "expected a mapping of settings"),
    ("plugins: [briefings\n", "not a YAML configuration file"),
    # what only MkDocs can read is refused by name
    ("INHERIT: base.yml\nplugins: [briefings]\n", "INHERIT: a configuration that inherits another is not supported"),
    ("plugins: [briefings]\ndocs_dir: !relative $config_dir/docs\n", "!relative paths are not supported outside MkDocs"),
])
def test_unusable_settings_are_explained(tmp_path, text, message):
    config = tmp_path / "mkdocs.yml"
    config.write_text(text)
    with pytest.raises(ProjectError, match=re.escape(message)):
        read_project(config)


def test_folders_are_compared_where_they_really_are(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "docs").symlink_to(tmp_path / "real")
    config = tmp_path / "project" / "mkdocs.yml"
    config.write_text("plugins: [briefings]\ntheme: {name: material, custom_dir: ../real/overrides}\n")
    project = read_project(config)
    assert project.docs_dir == tmp_path / "real" and project.custom_dir == tmp_path / "real" / "overrides"
    assert left_out_for_zensical(project) == {"overrides/partials/search.html"}


def test_environment_values_are_read_as_mkdocs_reads_them(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFINGS_TEST_URL", "https://example.org/")
    config = tmp_path / "mkdocs.yml"
    config.write_text("plugins: [briefings]\nsite_url: !ENV [BRIEFINGS_TEST_UNSET, BRIEFINGS_TEST_URL, 'https://x/']\n")
    assert read_project(config).site_url == "https://example.org/"
    monkeypatch.delenv("BRIEFINGS_TEST_URL")
    assert read_project(config).site_url == "https://x/"


def test_dev_py_serve_with_zensical_serves_and_stops_cleanly(tmp_path):
    """`python3 dev.py serve --engine zensical` runs `briefings watch` and `zensical serve`; a
    SIGTERM stops both and removes their folder."""
    port = free_port()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    log = tmp_path / "serve.log"
    server = subprocess.Popen(
        [sys.executable, str(REPO / "dev.py"), "serve", "--engine", "zensical", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=REPO, stdout=log.open("w"), stderr=subprocess.STDOUT, env={**os.environ, "TMPDIR": str(scratch)},
    )
    try:
        wait_for(lambda: "Kim Jong Un" in fetch(f"http://127.0.0.1:{port}/people/kim-jong-un/"), 300,
                 f"the server\n{log.read_text()}")
        assert [path.name for path in scratch.iterdir() if path.name.startswith("briefings-zensical-")]
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
    assert fetch(f"http://127.0.0.1:{port}/") == "", "something still serves the site"
    assert not any(scratch.iterdir()), f"left behind: {sorted(path.name for path in scratch.iterdir())}"
    assert "Traceback" not in log.read_text(), log.read_text()


@pytest.mark.parametrize("engine", ["zensical", "mkdocs"])
def test_a_build_stopped_midway_leaves_nothing_behind(tmp_path, engine):
    project = copy_project(tmp_path)
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("the last good site")
    temporary = tmp_path / "tmp"  # where MkDocs's plugin keeps the generated pages while it builds
    temporary.mkdir()
    # A page a tenth of a second: the whole build takes long enough for the stop to land inside it.
    (project / "slow_pages.py").write_text("import time\n\ndef on_page_markdown(markdown, **_):\n    time.sleep(0.1)\n")
    with (project / "mkdocs.yml").open("a") as settings:
        settings.write("\nhooks:\n  - slow_pages.py\n")
    log = tmp_path / "build.log"
    build = start([sys.executable, "-m", "generator", "build", "--engine", engine], project, log, TMPDIR=str(temporary))
    try:
        # MkDocs writes the site's folder only once every page is made: its first sign of work
        # is the plugin's folder of generated pages.
        working = {"zensical": lambda: list(project.glob(".briefings-zensical-*")),
                   "mkdocs": lambda: list(temporary.iterdir())}[engine]
        wait_for(lambda: working() or build.poll() is not None, 120, "the working folder")
        assert build.poll() is None, "the build ended before it could be stopped"
        os.kill(build.pid, signal.SIGTERM)
        build.wait(timeout=60)
    finally:
        stop(build)
    assert build.returncode == 130, log.read_text()
    assert "Stopped; the site was left as it was." in log.read_text() and "Traceback" not in log.read_text()
    assert tree_snapshot(project / "site") == {"index.html": b"the last good site"}
    assert not list(project.glob(".briefings-zensical-*")) and not list(project.glob("site.*"))
    assert not list(temporary.iterdir())


@pytest.mark.parametrize("arguments", [["--engine", "zensical", "-q"], ["--engine=zensical", "-q"], ["-q", "--engine=zensical"]])
def test_dev_py_takes_the_engine_as_two_words_or_one(arguments):
    spec = importlib.util.spec_from_file_location("dev", REPO / "dev.py")
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    assert dev.engine_of(arguments) == ("zensical", ["-q"])
    assert dev.engine_of(["-q"]) == ("mkdocs", ["-q"])
