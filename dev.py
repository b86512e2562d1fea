#!/usr/bin/env python3
"""Set up and run Briefings with one command each.

    python3 dev.py build    build the site into site/ (creates .venv and installs what is needed)
    python3 dev.py test     run the whole test suite
    python3 dev.py serve    serve the site with live reload on http://127.0.0.1:8000/
    python3 dev.py check    check the briefings and list every problem

Only the standard library is used here, so it runs on a fresh Python 3.11+.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".installed"


def ensure_environment() -> None:
    """Create .venv and install the project with its test tools, again whenever pyproject.toml changes."""
    if sys.version_info < (3, 11):
        sys.exit(f"Briefings needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    if not (BIN / "python").exists():
        print("Creating the virtual environment in .venv ...", flush=True)
        venv.create(VENV, with_pip=True)
    print("Installing Briefings and its dependencies ...", flush=True)
    pip = [str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--editable", f"{ROOT}[test]"], check=True)
    STAMP.write_text(wanted)


def run(*command: str) -> int:
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(command, cwd=ROOT, env=environment).returncode


COMMANDS = {
    "build": lambda extra: run(str(BIN / "mkdocs"), "build", "--strict", *extra),
    "test": lambda extra: run(str(BIN / "python"), "-m", "pytest", *extra),
    "serve": lambda extra: run(str(BIN / "mkdocs"), "serve", "--dev-addr", "127.0.0.1:8000", *extra),
    "check": lambda extra: run(str(BIN / "briefings"), "check", *extra),
}


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__.strip())
        return 2
    ensure_environment()
    return COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
