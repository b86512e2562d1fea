"""The thin MkDocs adapter: run the pipeline, hand its pages to MkDocs, watch the briefings."""

from __future__ import annotations

import datetime
import logging
import shutil
import sys
import threading
import tempfile
from dataclasses import dataclass
from typing import TYPE_CHECKING
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as options
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

# Only what MkDocs's process needs is imported here: a build generates its pages in a process of
# its own (apart.py), which imports the pipeline, so the build's memory stays MkDocs's own.
from . import apart, markdown_extension, page_conversion, project, publish, search_index, search_sections, watching
from .collector import Collector, give_back_freed_memory
from .conversions import ConversionMemory, PageOutputs, SearchMemory, TemplateMemory, skip_empty_scrub
from .problems import BriefingsError
from .site_writes import SiteWrites
from .text import fill_placeholders

if TYPE_CHECKING:  # the pipeline is imported only where pages are generated (see above)
    from .incremental import RenderedFiles

log = logging.getLogger("mkdocs.plugins.briefings")




class BriefingsConfig(base.Config):
    briefings_dir = options.Type(str, default=project.DEFAULT_BRIEFINGS_DIR)
    """The folder of fact sheets and article summaries, relative to mkdocs.yml."""
    editions = options.ListOfItems(options.Type(datetime.date), default=[])
    """Archived editions: dates (YYYY-MM-DD) as of which the site is built again, under
    `editions/DATE/`. The current edition's date is BRIEFINGS_EDITION, or the build date."""
    history_authors = options.Type(bool, default=False)
    """Whether each change in a page's History names its author (from git)."""


@dataclass(frozen=True)
class Generated:
    """What a run of the generator hands the build: small, since a build's run is in a process of its own."""

    edition: str  # the date the site speaks as of
    files: dict[str, bool]  # docs-relative path in the outbox -> whether it is a page
    fingerprints: dict[str, int]  # docs-relative path -> hash of its text
    blocks: dict[str, dict[str, str]]  # hand-written page -> its placeholder blocks


def _walk_order(file: File) -> tuple:
    """Where MkDocs would have met the file had it been in the docs folder: a folder's files
    (index first) before its subfolders, each in name order. Pages are then converted in the
    order a plain build of the export converts them; appended after the hand-written ones, the
    largest pages (the timeline, sources) came last, when the memory their conversion takes
    was added to that of every other page (40 MB more at the peak of 5,000 entities)."""
    *folders, name = file.src_uri.split("/")
    return (*((1, folder) for folder in folders), (0, name.rsplit(".", 1)[0] not in ("index", "README"), name))


class BriefingsPlugin(BasePlugin[BriefingsConfig]):
    def __init__(self) -> None:
        self.command = ""
        self._reset()

    def _reset(self) -> None:
        # MkDocs keeps one instance per process: a second `build` or `serve` in the same process
        # starts afresh.
        # Generated files wait on disk for MkDocs to read, as hand-written ones do: a build of
        # thousands of pages then holds neither our model nor a second copy of the text in memory.
        self.outbox: Path | None = None
        self.generated: dict[str, bool] = {}  # docs-relative path -> whether it is a page, from the last good run
        self.has_good_run = False
        self.fingerprints: dict[str, int] = {}  # docs-relative path -> hash of the text in the outbox
        self.blocks: dict[str, dict[str, str]] = {}  # hand-written page -> its placeholder blocks
        self.file_cache: dict = {}  # under `serve`, unchanged files are not read, parsed or validated again
        self.render_memory = None  # under `serve`, pages whose inputs are unchanged are not rendered again
        self.conversions = ConversionMemory()  # under `serve`, pages whose Markdown is unchanged are not converted again
        self.templates = TemplateMemory()  # under `serve`, the theme's templates are compiled once
        self.search_entries = SearchMemory()  # under `serve`, unchanged pages are not parsed for search again
        self.site_writes = SiteWrites()  # under `serve`, unchanged files of the site are not written again
        self.page_outputs = PageOutputs(self.site_writes)  # under `serve`, unchanged pages are not put through the theme again
        self.history = None  # HistoryOptions, made as the config asks; keeps the history between serve rebuilds
        self.collector = Collector()  # under `serve`, garbage is collected between rebuilds
        self.watcher = None  # under `serve`, what watches the briefings folder, if not MkDocs
        self.server = None  # under `serve`, MkDocs's live-reload server
        self.stop_asked = False  # whether a signal asked `serve` to stop
        self.own_html = False  # whether generated pages are converted by `page_html` where it reads them
        self.link_targets = None  # where the links of generated pages lead, worked out once per build
        self.site_dir: Path | None = None  # where a `build` publishes, once it has fully succeeded
        self.built = False

    @property
    def serving(self) -> bool:
        return self.command == "serve"

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self._discard_outbox()
        self.site_writes.uninstall()
        self._reset()
        if command == "serve" and not dirty:  # `--dirty` skips unchanged pages: their files must stay
            self.site_writes.install()
        if command == "serve" and threading.current_thread() is threading.main_thread():
            # Stopped by SIGTERM or a closed terminal, `serve` shuts down as on Ctrl-C: MkDocs
            # then calls on_shutdown, which removes the generated pages' folder.
            apart.on_stop(self._interrupt, ("SIGINT", "SIGTERM", "SIGHUP"))

    def _interrupt(self, signal_number: int, _frame) -> None:
        # The server is also told to stop, in case the interrupt lands where Python cannot raise it
        # (a finaliser during garbage collection), which would leave `serve` running; before the
        # server exists, it is told as soon as it does (on_serve).
        self.stop_asked = True
        if self.server is not None:
            watching.ask_to_stop(self.server)
        raise KeyboardInterrupt(f"signal {signal_number}")

    def on_config(self, config):
        self.root = Path(config.config_file_path).parent / self.config.briefings_dir
        # Name links and the allowlist sanitizer are not optional: every page goes through them.
        if markdown_extension.NAME not in config.markdown_extensions:
            config.markdown_extensions.append(markdown_extension.NAME)
        if self.command == "build" and self.site_dir is None:
            self.site_dir = Path(config.site_dir)
            self.staging = publish.staging_folder(self.site_dir)
            config.site_dir = str(self.staging)
        if self.serving:
            self.collector.build_started()
            self.site_writes.start(config.site_dir)
        return config

    def on_pre_build(self, *, config) -> None:
        # Runs before MkDocs cleans the site folder, so bad briefings never cost the last good site.
        if self.outbox is None:
            self.outbox = Path(tempfile.mkdtemp(prefix="briefings-generated-"))
        try:
            if self.serving:  # in this process, which keeps what the next rebuild can reuse
                generated = self._generate(config)
            else:  # in a process of its own: the build's peak memory is then MkDocs's alone
                generated = apart.run_apart(lambda: self._generate(config), expected=(BriefingsError,))
        except (BriefingsError, apart.FailedApart) as error:
            if isinstance(error, apart.FailedApart) and not error.expected:
                raise
            problems = error.message if isinstance(error, apart.FailedApart) else str(error)
            if not (self.serving and self.has_good_run):
                raise PluginError(f"The briefings have problems:\n{problems}") from None
            # Printed rather than logged: under `strict`, a logged error would abort the rebuild,
            # and the editor would see MkDocs's traceback instead of the last good pages.
            print(f"The briefings have problems; still serving the last good pages.\n{problems}", file=sys.stderr)
            return
        config.extra["edition"] = generated.edition  # the date the site speaks as of, for the footer
        self.generated, self.fingerprints, self.blocks = generated.files, generated.fingerprints, generated.blocks
        self.has_good_run = True

    def _generate(self, config) -> Generated:
        """Generate the pages and data files into the outbox; what the build needs to know of them."""
        from . import pipeline
        from .export_folder import hand_written_blocks
        from .history import HistoryOptions
        from .incremental import RenderMemory

        if self.history is None or self.history.authors != self.config.history_authors:
            self.history = HistoryOptions(authors=self.config.history_authors)
        if self.serving and self.render_memory is None:
            self.render_memory = RenderMemory()
        site, pages, data_files = pipeline.generate_all(
            self.root,
            base_url=config.site_url or "",
            cache=self.file_cache if self.serving else None,
            memory=self.render_memory if self.serving else None,
            editions=[day.date() if isinstance(day, datetime.datetime) else day for day in self.config.editions],
            history=self.history,
        )
        self._fill_outbox(pages, data_files)
        return Generated(
            edition=site.today.isoformat(),
            files={path: path in pages for path in sorted({*pages, *data_files})},
            fingerprints=self.fingerprints,
            blocks=hand_written_blocks(Path(config.docs_dir), site),
        )

    def _fill_outbox(self, *parts: RenderedFiles) -> None:
        """Write the files that are new or changed since the last run, and delete those now gone;
        a file unchanged is not read (under serve, most are still packed in the render memory)."""
        from . import pipeline

        assert self.outbox is not None
        fingerprints = {path: files.fingerprint(path) for files in parts for path in files}
        changed = {path: files[path] for files in parts for path in files if self.fingerprints.get(path) != fingerprints[path]}
        gone = self.fingerprints.keys() - fingerprints.keys()
        self.fingerprints = {}  # until the outbox is whole again, nothing in it is to be trusted
        for path in gone:
            (self.outbox / path).unlink(missing_ok=True)
        pipeline.write_files(self.outbox, changed)
        self.fingerprints = fingerprints

    def on_files(self, files: Files, *, config) -> Files:
        for path, is_page in self.generated.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"docs/{path} is hand-written, but the generator makes that file; rename it")
            # Entity pages are reached from section indexes, not the nav: no "not in nav" notices.
            inclusion = InclusionLevel.NOT_IN_NAV if is_page else InclusionLevel.UNDEFINED
            files.append(File.generated(config, path, abs_src_path=str(self.outbox / path), inclusion=inclusion))
        files = Files(sorted(files, key=_walk_order))
        self.own_html = page_conversion.matches(config)
        self.link_targets = page_conversion.Targets(files)
        if self.serving:
            self.conversions.start(config, files)
        return files

    def on_env(self, env, *, config, files):
        search = next((plugin for name, plugin in config.plugins.items() if name.endswith("search")), None)
        if search is not None:
            search_sections.install(search)  # Material's index, read as Material reads it, sooner
            skip_empty_scrub(search, config.plugins)  # in builds too, so that they write what serve does
            search_index.install(search, config.plugins, self.site_writes.write_pieces)
        if self.serving:
            env.bytecode_cache = self.templates
            self.page_outputs.start(config, files, self.conversions)
            self.page_outputs.wrap(env)
            if search is not None:
                self.search_entries.wrap(search)
        return env

    def on_pre_page(self, page, *, config, files):
        if self.own_html and self.generated.get(page.file.src_uri):
            page_conversion.install(page, self.link_targets)
        if self.serving:
            self.conversions.wrap(page)
        return page

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        blocks = self.blocks.get(page.file.src_uri)
        return fill_placeholders(markdown, blocks) if blocks else markdown

    @event_priority(-100)  # after every other plugin's look at the page's Markdown
    def on_page_content(self, html: str, *, page, config, files) -> str:
        # MkDocs keeps each page's Markdown to the end of the build, though only the page's title
        # reads it once the page is converted and its `page_content` event is over: a generated
        # page's title is settled, and its Markdown let go of. That is 177 of the 796 MB MkDocs's
        # process took at 5,000 records; and under `serve`, where a rebuild's pages wait for a
        # collection that saves quicker than rebuilds put off, each rebuild left uncollected no
        # longer keeps 37 MB at 1,000.
        if self.generated.get(page.file.src_uri):
            page.title = page.title  # MkDocs's `title` is None once the Markdown is None
            page.markdown = None
        return html

    @event_priority(100)  # before the search plugin writes its index, the largest single piece of work
    def _on_post_build_first(self, *, config) -> None:
        # What the pages' conversion and theme freed, malloc hands back to the system, rather than
        # keep it beside the search index (40 MB less at the peak of 5,000 entities).
        give_back_freed_memory()

    @event_priority(-100)  # after every other plugin has written its files
    def _on_post_build_last(self, *, config) -> None:
        self.built = True
        self._forget_build()
        if self.serving:
            self.site_writes.finish()
            self.collector.build_finished()

    on_post_build = CombinedEvent(_on_post_build_first, _on_post_build_last)

    def _forget_build(self) -> None:
        # The build's files lead to its pages: kept past the build, they would be kept, with every
        # page's HTML, through the next rebuild of `serve` (which sets aside what is alive when it starts).
        self.link_targets = None

    def on_build_error(self, *, error: Exception) -> None:
        self.built = False
        self._forget_build()
        if self.serving:
            self.collector.build_finished()

    def _discard_outbox(self) -> None:
        if self.outbox is not None:
            shutil.rmtree(self.outbox, ignore_errors=True)
        self.outbox = None
        self.fingerprints = {}

    def on_shutdown(self) -> None:
        self._discard_outbox()
        self.site_writes.uninstall()
        self.collector.stop()
        if self.watcher is not None:
            self.watcher.stop()
        if self.site_dir is None:
            return
        if self.built:
            publish.promote(self.staging, self.site_dir)
            log.info("Site published to %s", self.site_dir)
        else:
            publish.discard(self.staging)
            log.error("The build failed; %s was left as it was.", self.site_dir)

    def on_serve(self, server, *, config, builder):
        self.server = server
        if self.stop_asked:
            watching.ask_to_stop(server)
        self.watcher = watching.watch(server, str(self.root))
        return server
