"""The bad-input corpus: each case overlays files on the minimal briefings and pins the exact message.

A case is a folder under tests/bad_input/ holding the files to add or replace (as they would stand
under briefings/), a `delete` file listing files to remove, and `expected.txt`, the golden output
of `briefings check`. Every case must exit with status 1, print no traceback, and change no file.
Each run is bounded in time and memory, so input that makes the checker hang or blow up (an alias
bomb, a huge file) fails its test instead of the machine.

Inputs too big to keep in git are written at test time; their golden files are in bad_input_generated/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import MINIMAL, assert_golden, copy_briefings, run_briefings, tree_snapshot

CASES = Path(__file__).resolve().parent / "bad_input"
GENERATED_CASES = Path(__file__).resolve().parent / "bad_input_generated"
CASE_CONTROL_FILES = {"expected.txt", "delete"}
TIMEOUT_SECONDS = 30
MEMORY_LIMIT_BYTES = 1024**3  # address space; the checker needs a small fraction of it
BUILD_DATE = {"SOURCE_DATE_EPOCH": "1795824000"}  # 2026-11-28: messages about dates stay the same


def _check(cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_briefings("check", cwd=cwd, timeout=TIMEOUT_SECONDS, memory_limit=MEMORY_LIMIT_BYTES,
                         environment=BUILD_DATE)


def _apply_case(case: Path, root: Path) -> None:
    delete = case / "delete"
    if delete.exists():
        for line in delete.read_text().split():
            (root / line).unlink()
    for source in sorted(case.rglob("*")):
        if source.is_file() and source.name not in CASE_CONTROL_FILES:
            target = root / source.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_bad_input_is_reported_precisely(case, tmp_path):
    root = copy_briefings(MINIMAL, tmp_path)
    _apply_case(CASES / case, root)
    before = tree_snapshot(root)

    result = _check(tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert tree_snapshot(root) == before
    assert_golden(result.stderr, CASES / case / "expected.txt")


def test_a_file_over_10_mb_is_refused(tmp_path):
    """A valid-looking place whose summary makes the file over 10 MB, written here to keep it out of git."""
    root = copy_briefings(MINIMAL, tmp_path)
    place = root / "places" / "strelsau.yaml"
    sentence = "Strelsau is the capital of Ruritania, on the river. "  # 52 bytes
    huge = place.read_text("utf-8").replace("summary: The capital of Ruritania.", "summary: " + sentence * 210_000)
    place.write_text(huge, "utf-8")
    assert place.stat().st_size > 10 * 1024 * 1024
    before = tree_snapshot(root)

    result = _check(tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert tree_snapshot(root) == before
    assert_golden(result.stderr, GENERATED_CASES / "huge-file.expected.txt")


def test_the_minimal_briefings_are_valid(tmp_path):
    copy_briefings(MINIMAL, tmp_path)
    result = _check(tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "8 records checked, no problems.\n", "")


# Files the case folders cannot hold (links, pipes, names with line breaks) are made at test time.


def _refused_at_test_time(tmp_path: Path, make, golden: str) -> None:
    root = copy_briefings(MINIMAL, tmp_path)
    make(root)
    before = tree_snapshot(root)

    result = _check(tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert tree_snapshot(root) == before
    assert_golden(result.stderr, GENERATED_CASES / golden)


SECRET = "secret-text-that-must-never-be-shown"


def _outside_file(tmp_path: Path) -> Path:
    """A valid-looking place sheet outside the briefings folder, holding a secret."""
    outside = tmp_path / "outside" / "elsewhere.yaml"
    outside.parent.mkdir()
    outside.write_text((MINIMAL / "places" / "strelsau.yaml").read_text().replace(
        "id: strelsau", "id: elsewhere").replace("The capital of Ruritania.", SECRET))
    return outside


def test_a_link_to_a_sheet_outside_the_briefings_is_refused_unread(tmp_path):
    outside = _outside_file(tmp_path)
    _refused_at_test_time(tmp_path, lambda root: (root / "places" / "elsewhere.yaml").symlink_to(outside),
                          "symlink-to-outside-sheet.expected.txt")
    assert SECRET not in (GENERATED_CASES / "symlink-to-outside-sheet.expected.txt").read_text()


def test_a_link_to_a_system_file_is_refused_without_echoing_it(tmp_path):
    system_file = tmp_path / "passwd"
    system_file.write_text("root:x:0:0:root:/root:/bin/bash\n")
    _refused_at_test_time(tmp_path, lambda root: (root / "places" / "passwd.yaml").symlink_to(system_file),
                          "symlink-to-system-file.expected.txt")
    assert "root:x" not in (GENERATED_CASES / "symlink-to-system-file.expected.txt").read_text()


def test_a_linked_folder_is_refused(tmp_path):
    outside = _outside_file(tmp_path)

    def make(root: Path) -> None:
        (root / "events").rename(tmp_path / "events-elsewhere")
        (root / "events").symlink_to(outside.parent)

    _refused_at_test_time(tmp_path, make, "symlinked-folder.expected.txt")


def test_a_named_pipe_is_refused_without_waiting_for_it(tmp_path):
    _refused_at_test_time(tmp_path, lambda root: os.mkfifo(root / "places" / "pipe.yaml"), "named-pipe.expected.txt")


def test_a_file_name_cannot_forge_a_message(tmp_path):
    forged = "strelsau.yaml:1:1: all good\n0 problems.\nx.yaml"

    def make(root: Path) -> None:
        (root / "places" / "strelsau.yaml").rename(root / "places" / forged)

    _refused_at_test_time(tmp_path, make, "file-name-with-line-break.expected.txt")
    lines = (GENERATED_CASES / "file-name-with-line-break.expected.txt").read_text().splitlines()
    assert all(line.startswith("briefings/") or line.endswith(("file.", "files.")) for line in lines), lines


def test_folders_nested_deeper_than_python_recurses_are_refused_without_a_traceback(tmp_path):
    root = copy_briefings(MINIMAL, tmp_path)
    folders = [root / "places" / "old"]
    for _level in range(1100):  # past Python's recursion limit; each made on its own, without recursion
        folders[-1].mkdir()
        folders.append(folders[-1] / "d")
    try:
        result = _check(tmp_path)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        assert_golden(result.stderr, GENERATED_CASES / "nested-folders.expected.txt")
    finally:
        for folder in reversed(folders[:-1]):  # shutil.rmtree would recurse as deep
            folder.rmdir()


def test_a_hard_link_to_a_sheet_outside_the_briefings_is_refused_unread(tmp_path):
    outside = _outside_file(tmp_path)
    _refused_at_test_time(tmp_path, lambda root: os.link(outside, root / "places" / "elsewhere.yaml"),
                          "hard-link-to-outside-sheet.expected.txt")
    assert SECRET not in (GENERATED_CASES / "hard-link-to-outside-sheet.expected.txt").read_text()
