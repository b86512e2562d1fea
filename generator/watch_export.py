"""`briefings watch`: an exported folder kept current while another engine (Zensical) serves it.

The briefings and the hand-written pages are watched with the system's own notifications
(watchdog); each change makes the whole export again in memory, reusing every file and page
that did not change (as `mkdocs serve` does with our plugin), then rewrites only the files whose
text changed. A broken edit prints its problems and leaves the folder as it was.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.observers import Observer

from .apart import on_stop
from .export_folder import ExportError, Exporter, ExportFolder, outside_the_sources
from .problems import BriefingsError
from .project import Project
from .watching import on_changes

SETTLE_SECONDS = 0.05  # an editor's save is often several writes: wait for the last


def keep_current(project: Project, target: Path, stop: threading.Event | None = None,
                 exported: Callable[[], None] | None = None, left_out: frozenset[str] = frozenset()) -> int:
    """Export into `target`, then again after each change, until `stop` is set or the process
    is interrupted (Ctrl-C, SIGTERM, a closed terminal). `exported` is called after each good
    export (an engine's settings are written after the first: started before, it would find no
    pages). Hand-written files `left_out` (docs-relative) are not exported."""
    outside_the_sources(project, target)
    folder = ExportFolder.claim(target, fresh=False)
    exporter = Exporter(project, left_out)
    stop = stop or threading.Event()
    changed = threading.Event()
    observer = _watch([project.briefings_dir, project.docs_dir], changed)
    if threading.current_thread() is threading.main_thread():
        on_stop(lambda *_: stop.set())  # stop as on Ctrl-C
    was_good = True

    def refresh() -> None:
        nonlocal was_good
        is_good = update(exporter, folder, after_problems=not was_good)
        if is_good and exported:
            exported()
        was_good = is_good

    try:
        refresh()
        print(f"Watching {project.briefings_dir} and {project.docs_dir}; Ctrl-C to stop.", flush=True)
        while not stop.is_set():
            if not changed.wait(0.2):
                continue
            while changed.is_set():  # until the writes settle
                changed.clear()
                time.sleep(SETTLE_SECONDS)
            refresh()
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        observer.join()
    return 0


def update(exporter: Exporter, folder: ExportFolder, after_problems: bool = False) -> bool:
    """Bring the folder up to date; whether the briefings were good. After an update that found
    problems, a good one says they are fixed."""
    started = time.perf_counter()
    try:
        files = exporter.files()
    except (BriefingsError, ExportError) as error:
        print(f"The briefings have problems; {folder.root} keeps the last good pages.\n{error}", file=sys.stderr, flush=True)
        return False
    try:
        written, removed = folder.update(files)
    except OSError as error:  # a full disk, a folder made read-only: the next save tries again
        print(f"Could not write to {folder.root}: {error}", file=sys.stderr, flush=True)
        return False
    fixed = "The problems are fixed. " if after_problems else ""
    print(f"{fixed}{len(written)} files written, {len(removed)} removed, in {time.perf_counter() - started:.2f} s", flush=True)
    return True


def _watch(folders: list[Path], changed: threading.Event) -> Observer:
    observer = Observer()
    handler = on_changes(changed.set)
    for folder in folders:
        if folder.is_dir():
            observer.schedule(handler, str(folder), recursive=True)
    observer.start()
    return observer
