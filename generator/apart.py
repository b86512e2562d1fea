"""Run one piece of work in a child process of its own, so that the memory it used goes back to the
system when it is done.

A build generates its pages (hundreds of megabytes of parsed sheets, model and text at thousands of
records) before MkDocs converts them (hundreds more). Freed in the same process, the first is
fragmented among the second and raises the build's peak; worked out in a forked child, which
writes the pages to disk and hands back only a small answer, it never shares the process with
MkDocs's work. Only where `fork` is safe to use (Linux); elsewhere the work runs in the process.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import signal
import sys
import traceback
from collections.abc import Callable
from typing import TypeVar

Answer = TypeVar("Answer")


class FailedApart(Exception):
    """The work raised an exception in the child: its message, whether it was of an expected kind,
    and, if not, the child's traceback."""

    def __init__(self, kind: str, message: str, child_traceback: str):
        super().__init__(f"{kind}: {message}" + (f"\n\nIn the child process:\n{child_traceback}" if child_traceback else ""))
        self.message = message
        self.expected = not child_traceback


def can_fork() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def run_apart(work: Callable[[], Answer], expected: tuple[type[BaseException], ...] = ()) -> Answer:
    """`work()`'s answer (which must pickle), computed in a forked child. An exception of the
    `expected` kinds is raised again here as FailedApart with its message; any other, too, with
    the child's traceback. A stop (Ctrl-C) in either process stops both."""
    if not can_fork():
        return work()
    _flush()  # else what is buffered would be written twice, by each process
    parent = os.getpid()
    reading, writing = os.pipe()
    # Stops wait until each process is inside the code that handles them.
    stops = signal.pthread_sigmask(signal.SIG_BLOCK, STOPS)
    try:
        child = os.fork()
    except OSError:  # no memory or processes left for a child: the work runs here after all
        signal.pthread_sigmask(signal.SIG_SETMASK, stops)
        os.close(reading)
        os.close(writing)
        return work()
    if child == 0:  # pragma: no cover (runs in the child, which coverage does not follow)
        _answer_and_exit(work, expected, reading, writing, parent, stops)
    try:
        os.close(writing)
        signal.pthread_sigmask(signal.SIG_SETMASK, stops)
        with os.fdopen(reading, "rb") as pipe:
            data = pipe.read()
    except BaseException:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        raise
    _pid, status = os.waitpid(child, 0)
    if not data:
        raise RuntimeError(f"The generator's process ended without an answer ({_describe(status)}).")
    outcome, *details = pickle.loads(data)
    if outcome == "answer":
        return details[0]
    if details[0] == "KeyboardInterrupt":  # stopped in the child: a stop here too, not a crash
        raise KeyboardInterrupt
    raise FailedApart(*details)


STOPS = {signal.SIGINT, signal.SIGTERM}


def on_stop(handler: Callable[[int, object], object], names: tuple[str, ...] = ("SIGTERM", "SIGHUP")) -> None:
    """Have `handler` answer each of the signals `names` (a stop, a closed terminal) that the
    system has: Windows has no SIGHUP."""
    for name in names:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), handler)


PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def _answer_and_exit(work: Callable[[], Answer], expected: tuple[type[BaseException], ...], reading: int,
                     writing: int, parent: int, stops: set) -> None:
    status = 1
    try:
        os.close(reading)
        _end_with(parent)
        try:
            signal.pthread_sigmask(signal.SIG_SETMASK, stops)  # a stop waiting since the fork lands here
            message = pickle.dumps(("answer", work()))
        except BaseException as error:  # noqa: BLE001 (every error is told to the parent)
            child_traceback = "" if isinstance(error, expected) else traceback.format_exc()
            message = pickle.dumps(("error", type(error).__name__, str(error), child_traceback))
        with os.fdopen(writing, "wb") as pipe:
            pipe.write(message)
        status = 0
    finally:
        try:
            _flush()
        finally:
            os._exit(status)  # not SystemExit: the parent's cleanup (MkDocs's, the plugin's) must not run here


def _end_with(parent: int) -> None:
    """Have the child killed if the parent dies (killed outright, its terminal closed), rather than
    generate on for no one."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            stream.flush()


def _describe(status: int) -> str:
    code = os.waitstatus_to_exitcode(status)
    return f"stopped by signal {-code}" if code < 0 else f"exit status {code}"
