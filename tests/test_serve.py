"""`mkdocs serve` over a copy of the briefings: edits show up, broken edits keep the last good pages."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO
from test_site_build import copy_project

WAIT_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.3)
    raise AssertionError(f"gave up after {WAIT_SECONDS} s waiting for {what}")


@pytest.fixture
def served(tmp_path: Path):
    project = copy_project(tmp_path)
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    scratch = tmp_path / "tmp"  # the server's temporary folder, where generated pages wait for MkDocs
    scratch.mkdir()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(scratch)},
        # A shell that runs the tests in the background (as CI may) starts them with Ctrl-C
        # ignored, and a child inherits that: the server must hear the Ctrl-C sent below.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: fetch(base)[0] == 200, "the server to start")
        yield project, base, tmp_path / "serve.log"
    finally:
        server.send_signal(signal.SIGINT)  # as an editor stops it, with Ctrl-C
        server.wait(timeout=30)
        log.close()
    assert not any(scratch.iterdir()), "the server left temporary files behind"


def test_edits_show_broken_edits_keep_the_last_good_page_and_fixes_recover(served):
    project, base, log = served
    sheet = project / "briefings" / "countries" / "china.yaml"
    original = sheet.read_text("utf-8")
    page = base + "countries/china/"

    sheet.write_text(original.replace("has its capital in Beijing", "has its capital in Beijing (first edit)"))
    wait_for(lambda: "(first edit)" in fetch(page)[1], "the first edit to show")

    sheet.write_text(original.replace("capital:", "capitol:"))
    wait_for(lambda: "capitol: unknown field" in log.read_text(), "the problem to be reported")
    status, html = fetch(page)
    assert status == 200 and "(first edit)" in html, "the last good page is no longer served"
    assert "Traceback" not in log.read_text()

    sheet.write_text(original.replace("has its capital in Beijing", "has its capital in Beijing (fixed)"))
    wait_for(lambda: "(fixed)" in fetch(page)[1], "the fixed edit to show")


def test_added_and_deleted_fact_sheets_appear_and_disappear(served):
    project, base, _log = served
    japan = project / "briefings" / "countries" / "japan.yaml"
    japan.write_text(
        "id: japan\nname: Japan\nsummary: An island country.\nlast_reviewed: 2026-11-28\n", "utf-8"
    )
    wait_for(lambda: fetch(base + "countries/japan/")[0] == 200, "the new briefing to be served")
    wait_for(lambda: "Japan" in fetch(base + "countries/")[1], "the new country in the index")

    japan.unlink()
    wait_for(lambda: fetch(base + "countries/japan/")[0] == 404, "the deleted briefing to go")


def test_an_edit_shows_on_the_other_pages_that_show_what_changed(served):
    """Pages whose inputs are unchanged are not rendered again under serve; those that read the
    edited record are, even when it is not their own."""
    project, base, _log = served
    sheet = project / "briefings" / "countries" / "china.yaml"
    sheet.write_text(
        sheet.read_text("utf-8").replace("North Korea's closest ally.", "North Korea's closest ally (edited)."), "utf-8"
    )
    wait_for(lambda: "closest ally (edited)" in fetch(base + "countries/north-korea/")[1], "the other side of the relation")


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "closed terminal"])
def test_stopping_dev_py_serve_stops_mkdocs_and_leaves_no_generated_pages(tmp_path: Path, stop):
    """`python3 dev.py serve` is MkDocs itself once started, so the signal reaches it; MkDocs then
    shuts down as on Ctrl-C, and the plugin removes the folder of generated pages."""
    port = free_port()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    with (tmp_path / "serve.log").open("w") as log:
        server = subprocess.Popen(
            [sys.executable, str(REPO / "dev.py"), "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=REPO, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "TMPDIR": str(scratch)},
        )
        try:
            wait_for(lambda: fetch(f"http://127.0.0.1:{port}/")[0] == 200, "the server to start")
            assert [path.name for path in scratch.iterdir() if path.name.startswith("briefings-generated-")]
            server.send_signal(stop)
            server.wait(timeout=30)
        finally:
            if server.poll() is None:
                server.kill()
    assert fetch(f"http://127.0.0.1:{port}/")[0] == 0, "something still serves the site"
    assert not any(scratch.iterdir()), f"left behind: {sorted(path.name for path in scratch.iterdir())}"
