"""Shared helpers: the repository's paths, copies of briefings, and golden-file comparison."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "briefings"
MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"
UPDATE_GOLDEN = os.environ.get("UPDATE_GOLDEN") == "1"

# Property-based tests draw a fixed set of examples, so that the suite is a repeatable, quick
# signal; HYPOTHESIS_PROFILE=fuzz searches much longer (a run of its own, not part of CI).
settings.register_profile("ci", max_examples=150, derandomize=True, database=None)
settings.register_profile("fuzz", max_examples=3000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Compiled templates of test runs stay out of the user's ~/.cache (set before the generator is imported).
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="briefings-test-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], True)


def assert_golden(actual: str, golden: Path) -> None:
    """Compare with a golden file; UPDATE_GOLDEN=1 rewrites it instead (read the diff before committing)."""
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, "utf-8")
        return
    assert golden.exists(), f"no golden file {golden}; run with UPDATE_GOLDEN=1 to create it"
    assert actual == golden.read_text("utf-8")


def readable(markdown: str) -> str:
    """Generated Markdown with its name-link tokens (private-use characters, invisible in a diff)
    written as Markdown links titled "name link", for golden files and assertions."""
    from generator.text import NAME_LINK

    return NAME_LINK.sub(lambda match: f'[{match.group(2)}]({match.group(1)} "name link")', markdown)


def copy_briefings(source: Path, destination: Path) -> Path:
    """A copy of a briefings folder at `destination/briefings`, so messages show `briefings/...`."""
    root = destination / "briefings"
    shutil.copytree(source, root)
    return root


def run_briefings(
    *arguments: str, cwd: Path, timeout: float = 120, memory_limit: int | None = None,
    environment: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `briefings ARGUMENTS` in `cwd`. It fails the test (subprocess.TimeoutExpired) if it runs
    longer than `timeout` seconds; with `memory_limit`, the command may reserve at most that many
    bytes of address space, so input that blows up memory fails instead of swamping the machine."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(REPO), **(environment or {})},
        preexec_fn=None if memory_limit is None else _address_space_limit(memory_limit),
    )


def _address_space_limit(limit: int) -> Callable[[], None]:
    """Run in the child between fork and exec: cap its address space (RLIMIT_AS) at `limit` bytes."""
    import resource

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def tree_snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    return copy_briefings(MINIMAL, tmp_path)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The shipped briefings built once with a real `mkdocs build --strict`, for tests that read the site."""
    from test_site_build import mkdocs_build

    site = tmp_path_factory.mktemp("built") / "site"
    docs_before = tree_snapshot(REPO / "docs")
    result = mkdocs_build(REPO, site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    assert tree_snapshot(REPO / "docs") == docs_before, "the build wrote into docs/"
    return site


@pytest.fixture(scope="session")
def engine_sites(tmp_path_factory) -> dict[str, Path]:
    """The shipped project built strict with each other engine, through `briefings build`, from
    the repository itself, as `built_site` is: the same git history."""
    sites = {}
    for engine in ("properdocs", "zensical"):
        sites[engine] = tmp_path_factory.mktemp(engine) / "site"
        docs_before = tree_snapshot(REPO / "docs")
        result = run_briefings("build", "--engine", engine, "--site-dir", str(sites[engine]), cwd=REPO, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        assert not list(sites[engine].parent.glob(".briefings-zensical-*")), "the working folder was left behind"
        assert tree_snapshot(REPO / "docs") == docs_before
    return sites
