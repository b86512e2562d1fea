"""Python's garbage collector, where the stages know better than its thresholds.

`paused`: while the check reads the briefings and the model is built, nearly everything made is
kept until the stage returns, and no reference cycles are made, so the collector's walks over
the growing heap find nothing. They were a quarter of the check's time and half of the model's
at 5,000 records (bench/run.py: "Check / floor", "Our stages"). Rendering makes cycles (in
Jinja's runtime) and is not paused.

`give_back_freed_memory`: what Python has freed, handed back to the system (glibc's malloc keeps it).

`Collector`: under `mkdocs serve`, Python's garbage collector looks only at what the current rebuild made.

What serve keeps between rebuilds (parsed sheets, rendered pages, converted HTML) is hundreds of
thousands of objects at a thousand records, and each full collection, which a rebuild triggers
once or twice, walks them all: about a fifth of a rebuild. So when a rebuild starts, everything
then alive is set aside (`gc.freeze`); collections during the rebuild walk only the new objects.
Once the rebuild is done and its pages served, the objects set aside are handed back and the
garbage of the rebuild is collected in full, in the pause before the next save. Nothing is set
aside for longer than a rebuild, so nothing that becomes garbage is kept for good.

A rebuild that starts before that pause is over (saves quicker than rebuilds) first collects
what the last rebuild made, and only that: the objects set aside before it are not walked. Set
aside with the rest, the last rebuild's pages (in reference cycles, which only a collection
frees) would be kept through this one: at 1,000 records, the collection takes about 35 ms, and
six rebuilds in a row peaked 27 MB lower.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import threading
from collections.abc import Callable, Iterator

# Rebuilds in a row without a pause (saves quicker than rebuilds) after which garbage is
# collected before the next one starts, so that it cannot pile up.
MOST_UNCOLLECTED = 3

# Long enough for the browser to have fetched the rebuilt page before the collection holds the
# interpreter; short against the time between two saves.
PAUSE_SECONDS = 0.5


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No automatic collections inside; as they were (on or off) after."""
    enabled = gc.isenabled()
    try:
        gc.disable()  # inside: a stop that lands here still turns the collector back on
        yield
    finally:
        if enabled:
            gc.enable()


class Collector:
    def __init__(self) -> None:
        self._builds = 0  # rebuilds started, so that a pause's collection knows it is still a pause
        self._uncollected = 0  # rebuilds since the last full collection
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None

    def build_started(self) -> None:
        with self._lock:
            self._builds += 1
            if self._timer is not None:
                self._timer.cancel()
            if self._uncollected >= MOST_UNCOLLECTED:
                self._collect_all()
            elif self._uncollected:
                gc.collect()  # only what the last rebuild made: what was alive before it is set aside
            self._uncollected += 1
            gc.freeze()

    def build_finished(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()  # a strict build that fails after its end reports twice
            started = self._builds
            self._timer = threading.Timer(PAUSE_SECONDS, self._collect, args=(started,))
            self._timer.daemon = True
            self._timer.start()

    def _collect(self, started: int) -> None:
        with self._lock:
            if started != self._builds:
                return  # another rebuild began meanwhile: it collects when it is done
            self._collect_all()

    def _collect_all(self) -> None:
        gc.unfreeze()
        gc.collect()
        self._uncollected = 0

    def stop(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._builds += 1
            gc.unfreeze()


# Python frees objects to C's malloc, which may keep the memory: glibc's keeps what it frees inside
# its heap, pinned there by what is allocated meanwhile. `malloc_trim` hands it back.
def _trim_function() -> Callable[[int], int] | None:
    """glibc's malloc_trim, where the process runs on glibc; None elsewhere."""
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the symbols the process has loaded
    except (OSError, AttributeError, TypeError):
        return None
    trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
    return trim


_MALLOC_TRIM = _trim_function()


def give_back_freed_memory() -> None:
    """Hand what malloc holds freed back to the system, where the C library can (glibc)."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)
