"""Build into a staging folder and swap it in only when the whole build succeeded.

A failed build then leaves the last good site exactly as it was, never half written.
"""

from __future__ import annotations

import shutil
from pathlib import Path

STAGING_SUFFIX = ".building"
PREVIOUS_SUFFIX = ".previous"


def staging_folder(site_dir: Path) -> Path:
    """A fresh, empty folder beside `site_dir` (on the same disk, so the swap is a rename)."""
    staging = site_dir.with_name(site_dir.name + STAGING_SUFFIX)
    shutil.rmtree(staging, ignore_errors=True)
    return staging


def promote(staging: Path, site_dir: Path) -> None:
    """Put the finished build in place of the old site."""
    previous = site_dir.with_name(site_dir.name + PREVIOUS_SUFFIX)
    shutil.rmtree(previous, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(previous)
    staging.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
