"""A build generates its pages in a child process, whose memory goes back to the system before
MkDocs converts them: the work's answer comes back, its errors come back as errors, and its
memory is never the caller's."""

import os
from pathlib import Path

import pytest

from generator.apart import FailedApart, can_fork, run_apart
from generator.problems import BriefingsError

pytestmark = pytest.mark.skipif(not can_fork(), reason="the work runs in the process where fork is unsafe")


def peak_memory() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")


def test_the_answer_comes_back_from_another_process():
    answer = run_apart(lambda: {"pid": os.getpid(), "pages": ["a.md"]})
    assert answer["pages"] == ["a.md"]
    assert answer["pid"] != os.getpid()


def test_the_memory_the_work_used_is_never_the_callers():
    before = peak_memory()
    size = before + 200 * 2**20  # more than the caller ever held: run here, it would raise the peak

    def work() -> int:
        block = bytearray(size)
        block[:: 4096] = b"\1" * len(range(0, size, 4096))  # touched, so resident
        return len(block)

    assert run_apart(work) == size
    assert peak_memory() < before + 50 * 2**20


def test_an_expected_error_comes_back_as_its_message():
    def work():
        raise BriefingsError([])

    with pytest.raises(FailedApart) as raised:
        run_apart(work, expected=(BriefingsError,))
    assert raised.value.expected
    assert raised.value.message == str(BriefingsError([]))


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
