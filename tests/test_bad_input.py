"""The bad-input corpus: each case overlays files on the minimal briefings and pins the exact message.

A case is a folder under tests/bad_input/ holding the files to add or replace (as they would stand
under briefings/), a `delete` file listing files to remove, and `expected.txt`, the golden output
of `briefings check`. Every case must exit with status 1, print no traceback, and change no file.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import MINIMAL, assert_golden, copy_briefings, run_briefings, tree_snapshot

CASES = Path(__file__).resolve().parent / "bad_input"
CASE_CONTROL_FILES = {"expected.txt", "delete"}


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

    result = run_briefings("check", cwd=tmp_path)

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert tree_snapshot(root) == before
    assert_golden(result.stderr, CASES / case / "expected.txt")


def test_the_minimal_briefings_are_valid(tmp_path):
    copy_briefings(MINIMAL, tmp_path)
    result = run_briefings("check", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "7 records checked, no problems.\n", "")
