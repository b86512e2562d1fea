"""The benchmark's synthetic briefings pass the checker, so that the benchmark measures builds
that succeed (a rule the synthetic data breaks would stop the benchmark, not the tests)."""

from __future__ import annotations

import sys

from conftest import REPO
from generator.pipeline import check

sys.path.insert(0, str(REPO / "bench"))
from synth import synthesise  # noqa: E402


def test_synthetic_briefings_pass_the_checker(tmp_path):
    root = tmp_path / "briefings"
    synthesise(root, 300)
    entries, problems = check(root)
    assert problems == []
    assert len(entries) == 630
