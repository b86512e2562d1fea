"""A build generates its pages in a child process, whose memory goes back to the system before
MkDocs converts them: the work's answer comes back, its errors come back as errors, and its
memory is never the caller's."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.apart import FailedApart, can_fork, run_apart
from generator.problems import BriefingsError, Problem
from conftest import REPO

pytestmark = pytest.mark.skipif(not can_fork(), reason="the work runs in the process where fork is unsafe")


def memory(name: str) -> int:
    """VmHWM (the peak) or VmRSS (now) of this process, in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{name}:"):
            return int(line.split()[1]) * 1024
    raise AssertionError(f"no {name}")


def test_the_answer_comes_back_from_another_process():
    answer = run_apart(lambda: {"pid": os.getpid(), "pages": ["a.md"]})
    assert answer["pages"] == ["a.md"]
    assert answer["pid"] != os.getpid()


def test_the_memory_the_work_used_is_never_the_callers():
    before = memory("VmHWM")
    size = before - memory("VmRSS") + 200 * 2**20  # run here, it would raise the peak by 200 MB

    def work() -> int:
        block = bytearray(size)
        block[:: 4096] = b"\1" * len(range(0, size, 4096))  # touched, so resident
        return len(block)

    assert run_apart(work) == size
    assert memory("VmHWM") < before + 50 * 2**20


def test_an_expected_error_comes_back_as_its_message():
    problems = [Problem("briefings/people/kim.yaml", 3, 1, "born", "expected a date; found 'soon'")]

    def work():
        raise BriefingsError(problems)

    with pytest.raises(FailedApart) as raised:
        run_apart(work, expected=(BriefingsError,))
    assert raised.value.expected
    assert raised.value.message == str(BriefingsError(problems))
    assert "kim.yaml:3:1: born: expected a date; found 'soon'" in raised.value.message


def test_any_other_error_comes_back_with_the_childs_traceback():
    def work():
        return {}["missing"]

    with pytest.raises(FailedApart) as raised:
        run_apart(work, expected=(BriefingsError,))
    assert not raised.value.expected
    assert "KeyError: 'missing'" in str(raised.value)
    assert "In the child process" in str(raised.value) and "in work" in str(raised.value)


def test_a_child_that_ends_without_answering_is_an_error():
    with pytest.raises(RuntimeError, match=r"ended without an answer \(exit status 3\)"):
        run_apart(lambda: os._exit(3))


def test_a_stop_in_the_child_is_a_stop_here():
    def work():
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_apart(work)


def test_the_child_does_not_outlive_its_parent(tmp_path):
    """Killed outright (no cleanup can run), the parent takes the child with it."""
    child_pid = tmp_path / "child.pid"
    script = (f"import os, sys, time; sys.path.insert(0, {str(REPO)!r})\n"
              "from generator.apart import run_apart\n"
              f"run_apart(lambda: (open({str(child_pid)!r}, 'w').write(str(os.getpid())), time.sleep(60)))\n")
    parent = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 30
        while not (child_pid.exists() and child_pid.read_text()) and time.monotonic() < deadline:
            time.sleep(0.05)
        pid = int(child_pid.read_text())
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pid}").exists() and "zombie" not in _state(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not Path(f"/proc/{pid}").exists() or "zombie" in _state(pid)


def _state(pid: int) -> str:
    try:
        return next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("State:"))
    except (OSError, StopIteration):
        return "zombie"  # gone meanwhile


def test_the_plugin_leaves_the_pipeline_to_the_process_that_generates():
    # MkDocs's own process imports the plugin; the pipeline (the schema, pydantic, the templates)
    # is imported by the process that generates the pages, so a build's memory stays MkDocs's own.
    script = ("import sys, generator.plugin; "
              "print(sorted(name for name in ('generator.pipeline', 'generator.schema', 'pydantic') if name in sys.modules))")
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", result.stdout
