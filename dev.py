#!/usr/bin/env python3
"""Set up and run Briefings with one command each.

    python3 dev.py build    build the site into site/ (creates .venv and installs what is needed);
                            --engine properdocs or --engine zensical to build it with another engine
    python3 dev.py test     run the whole test suite
    python3 dev.py serve    serve the site with live reload on http://127.0.0.1:8000/ (--engine as for build)
    python3 dev.py check    check the briefings and list every problem
    python3 dev.py bench    benchmark against plain MkDocs (--sizes 100,1000,5000; slow)
    python3 dev.py bench-hostile  time check and build of the worst input the checker accepts

Only the standard library is used here, so it runs on a fresh Python 3.11+.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".installed"
BROWSER_TOOLS = ROOT / "tests" / "browser"  # axe-core for the browser tests, pinned by its package-lock.json
BROWSER_STAMP = BROWSER_TOOLS / "node_modules" / ".briefings-installed"


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
    subprocess.run([*pip, "--editable", f"{ROOT}[test,properdocs,zensical]"], check=True)
    STAMP.write_text(wanted)


def ensure_browser_tools() -> None:
    """Install the browser tests' npm packages (axe-core) when they are missing or the lock file
    changed, if npm is there. Without them the browser tests say why they were skipped."""
    lock = BROWSER_TOOLS / "package-lock.json"
    wanted = hashlib.sha256(lock.read_bytes()).hexdigest()
    installed = (BROWSER_TOOLS / "node_modules" / "axe-core").is_dir()
    if installed and BROWSER_STAMP.exists() and BROWSER_STAMP.read_text() == wanted:
        return
    npm = shutil.which("npm")
    if npm is None:
        if not installed:
            print("npm is not on PATH: the browser tests' accessibility checks will be skipped.", flush=True)
        return
    print("Installing the browser tests' tools (npm ci in tests/browser) ...", flush=True)
    command = [npm, "ci", "--prefix", str(BROWSER_TOOLS), "--no-audit", "--no-fund", "--loglevel=error"]
    if subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL).returncode == 0:
        BROWSER_STAMP.write_text(wanted)
    else:
        print("npm ci failed: the browser tests' accessibility checks may be skipped.", flush=True)


def test(extra: list[str]) -> int:
    ensure_browser_tools()
    return run(str(BIN / "python"), "-m", "pytest", *extra)


def run(*command: str) -> int:
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(command, cwd=ROOT, env=environment).returncode


def replace_with(*command: str) -> int:
    """Run `command` in place of this process: a signal to stop it (Ctrl-C, SIGTERM, a closed
    terminal) then reaches it directly, and nothing is left running."""
    os.chdir(ROOT)
    os.execve(command[0], list(command), {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"})
    return 1  # never reached: execve returns only by raising


SERVE_ADDRESS = "127.0.0.1:8000"


def engine_of(extra: list[str]) -> tuple[str, list[str]]:
    """The engine asked for with --engine NAME or --engine=NAME (default mkdocs), and the other arguments."""
    for at, argument in enumerate(extra):
        if argument.startswith("--engine="):
            return argument.removeprefix("--engine="), extra[:at] + extra[at + 1:]
    if "--engine" not in extra:
        return "mkdocs", extra
    at = extra.index("--engine")
    if at + 1 == len(extra):
        sys.exit("--engine needs a name: mkdocs, properdocs or zensical")
    return extra[at + 1], extra[:at] + extra[at + 2:]


def serve(extra: list[str]) -> int:
    engine, extra = engine_of(extra)
    if engine in ("mkdocs", "properdocs"):
        return replace_with(str(BIN / engine), "serve", "--config-file", "mkdocs.yml", "--dev-addr", SERVE_ADDRESS, *extra)
    if engine != "zensical":
        sys.exit(f"unknown engine {engine!r}; expected mkdocs, properdocs or zensical")
    return serve_with_zensical(extra)


def serve_with_zensical(extra: list[str]) -> int:
    """`briefings watch` keeps an export in a temporary folder current, `zensical serve` serves
    it; stopping this (Ctrl-C, SIGTERM, a closed terminal) stops both and removes the folder."""
    import signal
    import tempfile
    import time

    folder = Path(tempfile.mkdtemp(prefix="briefings-zensical-"))
    config = folder / "zensical.yml"
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    children = [subprocess.Popen([str(BIN / "briefings"), "watch", str(folder / "docs"),
                                  "--engine-config", str(config)], cwd=ROOT, env=environment)]

    def stop(signal_number, _frame):
        raise KeyboardInterrupt
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)
    try:
        while not config.exists():  # written after the first good export (fix the briefings if it waits)
            if children[0].poll() is not None:
                return children[0].returncode
            time.sleep(0.1)
        children.append(subprocess.Popen([str(BIN / "zensical"), "serve", "--config-file", str(config),
                                          "--dev-addr", SERVE_ADDRESS, *extra], cwd=folder, env=environment))
        while all(child.poll() is None for child in children):  # either one stopping stops both
            time.sleep(0.2)
        return next((child.returncode for child in children if child.returncode), 0)  # a crash is not 0
    except KeyboardInterrupt:
        return 0
    finally:
        for name in ("SIGINT", "SIGTERM", "SIGHUP"):  # a second signal must not cut the clean-up short
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), signal.SIG_IGN)
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
        shutil.rmtree(folder, ignore_errors=True)


COMMANDS = {
    "build": lambda extra: run(str(BIN / "briefings"), "build", *extra),
    "test": test,
    "serve": serve,
    "check": lambda extra: run(str(BIN / "briefings"), "check", *extra),
    "bench": lambda extra: run(str(BIN / "python"), str(ROOT / "bench" / "run.py"), *extra),
    "bench-hostile": lambda extra: run(str(BIN / "python"), str(ROOT / "bench" / "hostile.py"), *extra),
}


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__.strip())
        return 2
    ensure_environment()
    return COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
