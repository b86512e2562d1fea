"""Shared helpers: the repository's paths, copies of briefings, and golden-file comparison."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "briefings"
MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"
UPDATE_GOLDEN = os.environ.get("UPDATE_GOLDEN") == "1"


def assert_golden(actual: str, golden: Path) -> None:
    """Compare with a golden file; UPDATE_GOLDEN=1 rewrites it instead (read the diff before committing)."""
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, "utf-8")
        return
    assert golden.exists(), f"no golden file {golden}; run with UPDATE_GOLDEN=1 to create it"
    assert actual == golden.read_text("utf-8")


def copy_briefings(source: Path, destination: Path) -> Path:
    """A copy of a briefings folder at `destination/briefings`, so messages show `briefings/...`."""
    root = destination / "briefings"
    shutil.copytree(source, root)
    return root


def run_briefings(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def tree_snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    return copy_briefings(MINIMAL, tmp_path)
