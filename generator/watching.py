"""Under `mkdocs serve`, a saved fact sheet starts a rebuild as soon as the system says so.

MkDocs looks for changes by listing its watched folders every half second, so a save waits a
quarter of a second on average before anything happens, and at thousands of sheets each look
costs time of its own. The briefings folder is watched instead with the operating system's own
notifications (inotify, FSEvents, ReadDirectoryChangesW, through watchdog, which MkDocs already
depends on). Where that cannot be had (a MkDocs whose server is not the one this was written for,
or a system out of watches), the folder is watched as MkDocs watches the others.

Also here: telling the server to stop from a signal handler, as its own shutdown does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

# Reading a file (as every build does) is not a change; "closed" is a file closed after writing.
CHANGES = frozenset({"created", "modified", "deleted", "moved", "closed", "events_lost"})
# What changes the files under a folder when it happens to the folder: a folder moved away
# is reported as the folder's deletion alone; lost events are reported for the watched folder.
FOLDER_CHANGES = frozenset({"created", "deleted", "moved", "events_lost"})


def watch(server: Any, folder: str) -> Any | None:
    """Have `server` rebuild when anything under `folder` changes; the observer started for it,
    or None where MkDocs's own watching was used."""
    condition = getattr(server, "_rebuild_cond", None)
    if condition is None or not hasattr(server, "_want_rebuild"):
        server.watch(folder)
        return None

    def changed() -> None:
        with condition:  # as MkDocs's own watcher does
            server._want_rebuild = True
            condition.notify_all()

    handler = on_changes(changed)
    observer = Observer()
    try:
        observer.schedule(handler, folder, recursive=True)
        observer.start()
    except OSError:
        server.watch(folder)
        return None
    return observer


def on_changes(callback: Callable[[], None]) -> FileSystemEventHandler:
    """A watchdog handler that calls `callback` for what changes files, and for nothing else."""

    def noticed(event: FileSystemEvent) -> None:
        if event.event_type in (FOLDER_CHANGES if event.is_directory else CHANGES):
            callback()

    handler = FileSystemEventHandler()
    handler.on_any_event = noticed  # type: ignore[method-assign]
    return handler


def ask_to_stop(server: Any) -> None:
    """Have MkDocs's server leave its loop once the rebuild under way, if any, is done: what its
    own `shutdown` does first. (Its condition is reentrant, so a signal handler may take it.)"""
    condition = getattr(server, "_rebuild_cond", None)
    if condition is None or not hasattr(server, "_shutdown"):
        return
    with condition:
        server._shutdown = True
        condition.notify_all()
