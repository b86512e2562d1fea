"""What the browser tests need besides Playwright: a local web server for a built site, a browser
tab that records everything the page does, and axe-core's findings in words."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")  # Debian's package: .ci/run installs it
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"  # npm ci --prefix tests/browser (dev.py does it)
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# axe-core's impacts that fail a test; "moderate" and "minor" findings are reported by axe but allowed.
BLOCKING_IMPACTS = ("serious", "critical")


def missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed: python3 dev.py test installs it (the test extra)"
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        return f"no Chromium at {CHROMIUM}: apt-get install chromium (.ci/run does it)"
    return None


def missing_axe() -> str | None:
    if AXE.is_file():
        return None
    hint = "python3 dev.py test runs it" if shutil.which("npm") else "npm is not on PATH either"
    where = AXE.relative_to(HERE.parent.parent)
    return f"axe-core is not installed at {where}: run `npm ci --prefix tests/browser` ({hint})"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    timeout = 10  # a client that stalls cannot hold a thread for longer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # A browser that stops reading (a page closed mid-download) is no error of the site's.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on a free loopback port for the duration; yields the base URL (no slash)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def is_local(url: str, base: str) -> bool:
    """Whether loading `url` stays with the test's own server at `base` (or in the page itself)."""
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or f"{parts.scheme}://{parts.netloc}" == base


def block_other_hosts(context) -> None:
    """Abort, in `context`, every request for anything but this machine's loopback servers, so a
    test never reaches the network whatever a page asks for (the tabs still record the request)."""

    def route(route) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme in ("data", "blob", "about") or parts.hostname == "127.0.0.1":
            route.continue_()
        else:
            route.abort("blockedbyclient")

    context.route("**/*", route)


AFTER_TWO_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


@dataclass
class Tab:
    """A browser page, with everything it did since the last `reset` written down."""

    page: object  # playwright.sync_api.Page
    base: str = ""
    requests: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)  # (type, text)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @classmethod
    def open(cls, context) -> Tab:
        tab = cls(page=context.new_page())
        tab.page.on("request", lambda request: tab.requests.append(request.url))  # workers' too
        tab.page.on("console", lambda message: tab.console.append((message.type, message.text)))
        tab.page.on("pageerror", lambda error: tab.page_errors.append(str(error)))
        tab.page.on("dialog", tab._dialog)
        return tab

    def reset(self, base: str) -> Tab:
        self.base = base
        for record in (self.requests, self.console, self.page_errors, self.dialogs):
            record.clear()
        return self

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def goto(self, path: str):
        response = self.page.goto(self.base + path, wait_until="load")
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        # What a reader sees is the page after its first frames: our scripts mark wide tables
        # scrollable and build the facet form in a frame after Material's own set-up, which can
        # come after "load" on a busy machine.
        self.page.evaluate(AFTER_TWO_FRAMES)
        return response

    @property
    def console_errors(self) -> list[str]:
        return [text for kind, text in self.console if kind == "error"]

    def outside_requests(self) -> list[str]:
        return [url for url in self.requests if not is_local(url, self.base)]

    def problems(self) -> list[str]:
        """Console errors, uncaught exceptions and requests for anything not on the test's server."""
        return (
            [f"console error: {text}" for text in self.console_errors]
            + [f"uncaught exception: {text}" for text in self.page_errors]
            + [f"request to another host: {url}" for url in self.outside_requests()]
        )


# Resolves once the page's transitions and animations have run (at most two seconds).
SETTLED = """() => Promise.race([
  Promise.all(document.getAnimations().map(animation => animation.finished.catch(() => null))),
  new Promise(resolve => setTimeout(resolve, 2000)),
]).then(() => true)"""

AXE_START = """() => {
  window.__axeFindings = axe.run(document, { resultTypes: ["violations"], rules: { "target-size": { enabled: true } } }).then(results =>
    results.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map(n => ({ target: n.target.join(" "), summary: n.failureSummary || "" })),
    })));
}"""


def start_axe(page) -> None:
    """Inject axe-core into the page as it is now and start its checks, without waiting for them:
    pages in other browser contexts run in other processes, so several can be checked at once."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    page.evaluate(SETTLED)  # mid-fade colours are no colours a reader is left with
    page.evaluate(AXE_START)


def axe_findings(page) -> list[dict]:
    """The serious and critical violations that the check `start_axe` began found."""
    return [v for v in page.evaluate("() => window.__axeFindings") if v["impact"] in BLOCKING_IMPACTS]


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page as it is now; the serious and critical violations."""
    start_axe(page)
    return axe_findings(page)


def describe_violations(violations: list[dict], limit: int = 6) -> str:
    """One paragraph per rule: what it asks, then each failing element and how to fix it."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"][:limit]:
            summary = " ".join(node["summary"].split())
            lines.append(f"    {node['target']}\n        {summary}")
        if len(violation["nodes"]) > limit:
            lines.append(f"    ... and {len(violation['nodes']) - limit} more elements")
    return "\n".join(lines)
