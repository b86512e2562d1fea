"""The stages run in order: load, validate, model, render. The command line and the plugin both call this."""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable
from pathlib import Path

from . import collector, memo
from .load import Document, LoadError, discover, display_path, load_document
from .editions import archived_edition, as_of
from .history import HistoryOptions
from .model import Site, build_model
from .problems import BriefingsError, Problem
from .exports import render_exports
from .incremental import EditionOutput, Recall, RenderedFiles, RenderMemory, as_kept
from .render import page_paths, render_edition_pages, render_pages
from .validate import TIME_ZONE_MARGIN, Entry, validate_documents


FileCache = dict  # path -> ((mtime_ns, size), Document or LoadError), kept between serve rebuilds


def load_all(root: Path, cache: FileCache | None = None) -> tuple[list[Document], dict[str, str], list[Problem]]:
    """Every source file under `root` that could be read; the names and folders of those that
    could not, or are misplaced, with a problem for each. With `cache`, a file whose size and
    modification time are unchanged is neither read nor parsed again."""
    paths, unreadable, problems = discover(root)
    documents = []
    fresh: FileCache = {}
    for path in paths:
        try:
            status = path.lstat()
        except OSError:  # gone since it was found: it is simply not there
            continue
        signature = (status.st_mtime_ns, status.st_size)
        cached = cache.get(path) if cache is not None else None
        loaded = cached[1] if cached and cached[0] == signature else _load(root, path)
        fresh[path] = (signature, loaded)
        if isinstance(loaded, LoadError):
            unreadable[path.stem] = path.parent.name
            problems.append(Problem(display_path(root, path), loaded.mark.line, loaded.mark.column, "", loaded.message))
        else:
            documents.append(loaded)
    if cache is not None:
        cache.clear()
        cache.update(fresh)
    return documents, unreadable, problems


def _load(root: Path, path: Path) -> Document | LoadError:
    try:
        return load_document(root, path)
    except LoadError as error:
        return error


def check(
    root: Path, cache: FileCache | None = None, today: datetime.date | None = None
) -> tuple[dict[str, Entry], list[Problem]]:
    """Every valid record, and every problem in the briefings, for an edition as of `today`."""
    if not root.is_dir():
        return {}, [Problem(root.as_posix(), 1, 1, "", "expected a folder of briefings; none found")]
    edition = today or edition_date()
    memo.new_generation()  # a build begins with the check
    with collector.paused():  # the check keeps what it makes, and makes no cycles
        documents, unreadable, problems = load_all(root, cache)
        entries, record_problems = validate_documents(documents, build_date(), unreadable, edition=edition)
    if cache is not None:  # kept for the next build: a valid record's file is not held beside it
        for entry in entries.values():
            entry.document.let_go()
    return entries, sorted(set(problems + record_problems))


EDITION_VARIABLE = "BRIEFINGS_EDITION"


def build_date() -> datetime.date:
    """Today, or the date of SOURCE_DATE_EPOCH where it is set, for builds that must be reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc).date()
    return datetime.date.today()


def edition_date() -> datetime.date:
    """The date the site speaks as of: BRIEFINGS_EDITION where it is set, else the build date."""
    value = os.environ.get(EDITION_VARIABLE, "").strip()
    if not value:
        return build_date()
    try:
        return datetime.date.fromisoformat(value) if len(value) == 10 else _bad_edition(value)
    except ValueError:
        return _bad_edition(value)


def _bad_edition(value: str) -> datetime.date:
    raise BriefingsError([Problem(EDITION_VARIABLE, 1, 1, "", f"expected the edition date as YYYY-MM-DD, "
                                                              f"such as 2019-01-10; found {value!r}")])


def current(entries: dict[str, Entry], today: datetime.date) -> dict[str, Entry]:
    """The records of the current edition: as of its date, with the day of margin that time zones
    make (what the checker accepts as dated today, a story dated tomorrow in Seoul, is shown)."""
    return as_of(entries, today + TIME_ZONE_MARGIN, archived=False)


def build_site(root: Path, today: datetime.date | None = None, cache: FileCache | None = None) -> Site:
    """The site model of the briefings under `root` as of `today` (the edition date); raises
    BriefingsError listing every problem."""
    today = today or edition_date()
    return build_model(current(valid_entries(root, cache, today), today), today)


def valid_entries(root: Path, cache: FileCache | None, today: datetime.date) -> dict[str, Entry]:
    """Every record of the briefings; raises BriefingsError listing every problem."""
    entries, problems = check(root, cache, today)
    if problems:
        raise BriefingsError(problems)
    return entries


def generate(
    root: Path, today: datetime.date | None = None, cache: FileCache | None = None
) -> tuple[Site, dict[str, str]]:
    """The site model and every generated Markdown page."""
    site = build_site(root, today, cache)
    return site, render_pages(site)


def generate_all(
    root: Path,
    today: datetime.date | None = None,
    base_url: str = "",
    cache: FileCache | None = None,
    memory: RenderMemory | None = None,
    editions: Iterable[datetime.date] = (),
    history: HistoryOptions | None = None,
) -> tuple[Site, RenderedFiles, RenderedFiles]:
    """The site model, every generated page, and every data file (JSON, CSV, feed), with the
    pages and data of each archived edition under its own folder. With `memory`, files whose
    inputs did not change since the last call are not rendered again (and, in a memory that
    packs them, their texts are left packed until read: `RenderedFiles`). With `history`, each
    record page has the record's changes from git."""
    today = today or edition_date()
    entries = valid_entries(root, cache, today)
    site = build_model(current(entries, today), today)
    days = [day for day in sorted(set(editions)) if day < today]  # a later one would be the current edition
    kept = memory.edition_outputs if memory is not None else {}
    stated = {day: as_of(entries, day, archived=True) for day in days}
    # An edition whose records read as at the last build is not modelled again (under serve, an
    # edit to what was written since its day changes nothing in it).
    archives = {day: build_model(stated[day], day, archived_edition(day)) for day in days
                if day not in kept or kept[day].entries != stated[day]}
    every_edition = [(site.edition, page_paths(site))] + [
        (archived_edition(day), page_paths(archives[day]) if day in archives else kept[day].paths) for day in days
    ]
    site.other_editions = every_edition[1:]
    if history is not None:
        names = {record_id: site.name(record_id) for record_id in site.records}
        found = history.read(root, names)
        site.history_note = found.note
        if found.available:  # a back-dated edition tells no change made after its date
            site.history = {record_id: [change for change in changes if change.date <= today]
                            for record_id, changes in found.changes.items()}
    recall = Recall(site, memory) if memory is not None else None
    pages, data_files = render_pages(site, recall), render_exports(site, base_url, recall)
    outputs = {}
    for number, day in enumerate(days, start=1):
        others = every_edition[:number] + every_edition[number + 1:]
        previous = kept.get(day)
        if day in archives or previous.others != others or previous.base_url != base_url:
            archive = archives.get(day) or build_model(stated[day], day, archived_edition(day))
            archive.other_editions = others
            edition_memory = memory.editions.setdefault(day, RenderMemory(packs=memory.packs)) if memory is not None else None
            previous, edition_pages, edition_data = _edition_output(archive, stated[day], base_url, edition_memory)
        else:
            edition_pages, edition_data = previous.pages, previous.data_files
        outputs[day] = previous
        pages.update(edition_pages)
        data_files.update(edition_data)
    if memory is not None:
        memory.edition_outputs = outputs
    return site, pages, data_files


def _edition_output(
    archive: Site, entries: dict[str, Entry], base_url: str, memory: RenderMemory | None
) -> tuple[EditionOutput, RenderedFiles, RenderedFiles]:
    """An archived edition's pages and data files, under its own folder: as kept for the next
    build, and as this build has them."""
    recall = Recall(archive, memory) if memory is not None else None
    prefix = archive.edition.prefix
    pages = render_edition_pages(archive, recall)
    data_files = render_exports(archive, base_url + prefix, recall)
    output = EditionOutput(entries, page_paths(archive), archive.other_editions, base_url,
                           as_kept(pages, prefix, memory), as_kept(data_files, prefix, memory))
    return output, pages.with_prefix(prefix), data_files.with_prefix(prefix)


def write_files(folder: Path, files: dict[str, str]) -> None:
    """Write each generated file (docs-relative path -> text) under `folder`."""
    for parent in {(folder / path).parent for path in files}:
        parent.mkdir(parents=True, exist_ok=True)
    for path, text in files.items():
        (folder / path).write_text(text, "utf-8")
