"""The benchmark: our build against a plain MkDocs build of the very pages it generates.

    python3 dev.py bench                  # sizes 100, 1000 and 5000 entities (slow: tens of minutes)
    python3 dev.py bench --sizes 100,1000

For each size it synthesises deterministic briefings (bench/synth.py), then measures in one run:
the baseline (plain MkDocs + Material, without our plugin, of the Markdown `briefings export`
writes, same nav and theme), our full `mkdocs build`, our stages alone, `briefings check`, the
floor for reading the data (PyYAML's C loader and nothing else), the site's size and page sizes,
peak memory, and a serve-style rebuild after one file changes against a plain MkDocs rebuild.
Under a real `mkdocs serve` it times five saves of five kinds of sheet until the changed page is
served over HTTP (at 1,000 and 5,000 entities, and on the shipped briefings), with the server's
peak memory against plain `mkdocs serve`'s on the same edits to the exported pages (at 1,000).
It prints ratios next to times and writes the table to docs/benchmark.md.

These machines are noisy: the same build can cost a third more CPU time from one minute to the
next. So every time is CPU time (user + system), and each build and serve rebuild is run several
times, ours and the baseline in turns, each going first as often as the other. The build and
rebuild ratios are the median of the ratios of those pairs of runs, which one lucky or unlucky
run cannot move, so they need not equal the quotient of the best times shown beside them. Check,
the parsing floor and the stages are timed in this process: check and the floor as the best of
at least three runs, the model and render stages once. Small builds, the noisiest, get the most
runs. Read the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import synthesise  # noqa: E402

from generator import pipeline  # noqa: E402
from generator.exports import render_exports  # noqa: E402
from generator.history import read_history  # noqa: E402
from generator.model import build_model  # noqa: E402
from generator.project import dump_settings, load_settings  # noqa: E402
from generator.render import render_pages  # noqa: E402

ENVIRONMENT = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
TODAY = datetime.date(2026, 11, 28)


def timed_process(command: list[str], cwd: Path) -> tuple[float, int]:
    """CPU seconds and peak memory (bytes) of a command, which must succeed."""
    with tempfile.TemporaryFile() as errors:  # not a pipe: a full pipe would stall the command
        process = subprocess.Popen(command, cwd=cwd, env=ENVIRONMENT, stdout=subprocess.DEVNULL, stderr=errors)
        _pid, status, usage = os.wait4(process.pid, 0)
        if status != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(command)} failed:\n{errors.read().decode()}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def cpu_seconds(work) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def best_of(runs: int, work) -> float:
    return min(cpu_seconds(work) for _ in range(runs))


HISTORY_COMMITS = 300


def with_history(root: Path, commits: int) -> None:
    """Put the briefings in git: one commit of everything, then `commits` commits that each
    change a few sheets, as editors do, so that builds read a real history."""
    def git(*arguments: str) -> None:
        subprocess.run(["git", "-C", str(root), *arguments], check=True, capture_output=True,
                       env={**ENVIRONMENT, "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
                            "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org"})

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "-m", "All the briefings")
    sheets = sorted((root / "people").glob("*.yaml")) + sorted((root / "countries").glob("*.yaml"))
    for number in range(commits):
        for sheet in sheets[number * 3 % len(sheets): number * 3 % len(sheets) + 3]:
            day = datetime.date(2026, 1, 1) + datetime.timedelta(days=number % 300)
            text = sheet.read_text("utf-8")
            sheet.write_text(text[: text.rindex("last_reviewed:")] + f"last_reviewed: {day}\n", "utf-8")
        git("commit", "-q", "-am", f"Review {number}")


def history_cpu_seconds(root: Path, names: dict[str, str]) -> float:
    """CPU time of reading the history, git's own included."""
    before = time.process_time() + _children_seconds()
    read_history(root, names)
    return time.process_time() + _children_seconds() - before


def _children_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def parse_floor(root: Path) -> None:
    for path in sorted(root.rglob("*")):
        if path.is_file():
            text = path.read_text("utf-8")
            if path.suffix == ".md":
                text = text.split("---\n")[1]
            yaml.load(text, Loader=yaml.CSafeLoader)


def project(folder: Path, briefings: Path | None, docs: Path, with_plugin: bool) -> Path:
    """A project folder: mkdocs.yml (ours, or ours without the plugin and without our Markdown
    extension, so that the baseline is MkDocs and Material alone) and its docs."""
    config = load_settings((REPO / "mkdocs.yml").read_text("utf-8"))
    config["docs_dir"] = str(docs)
    config["strict"] = False  # the hand-written pages link to shipped records the synthetic data lacks
    config["theme"]["custom_dir"] = str(REPO / "docs" / "overrides")
    if with_plugin:
        config["plugins"] = ["search", {"briefings": {"briefings_dir": str(briefings)}}]
    else:
        config["plugins"] = ["search"]
        config["markdown_extensions"] = [
            item for item in config["markdown_extensions"] if item != "generator.markdown_extension"
        ]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mkdocs.yml").write_text(dump_settings(config), "utf-8")
    return folder


# As `mkdocs serve` does: one process, the same plugin instances, a full build after each edit.
# It builds once, says "ready", then rebuilds after editing `touched` each time it reads a line.
REBUILD_SCRIPT = """
import sys, time
from pathlib import Path
from mkdocs.config import load_config
from mkdocs.commands.build import build
config_file, site_dir, touched = sys.argv[1], sys.argv[2], Path(sys.argv[3])
def once():
    config = load_config(config_file=config_file, site_dir=site_dir)
    build(config)
    return config
config = load_config(config_file=config_file, site_dir=site_dir)
config.plugins.on_startup(command="serve", dirty=False)  # once, as `mkdocs serve` does
build(config)
print("ready", flush=True)
old, new = "last_reviewed: 2026-11-28", "last_reviewed: 2026-11-27"
for _request in sys.stdin:
    touched.write_text(touched.read_text().replace(old, new))
    old, new = new, old
    start = time.process_time()
    config = once()
    print("seconds", time.process_time() - start, flush=True)
config.plugins.on_shutdown()
"""


class Server:
    """A process that rebuilds one project on request, as `mkdocs serve` would after an edit."""

    def __init__(self, config_dir: Path, site_dir: Path, touched: Path, log: Path):
        self.log = log
        with log.open("w") as errors:
            self.process = subprocess.Popen(
                [sys.executable, "-c", REBUILD_SCRIPT, str(config_dir / "mkdocs.yml"), str(site_dir), str(touched)],
                env=ENVIRONMENT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors, text=True,
            )

    def answer(self, word: str) -> str:
        """The rest of the next line that starts with `word` (anything else a build prints is skipped)."""
        for line in self.process.stdout:
            if line.startswith(word):
                return line[len(word):].strip()
        self.process.kill()
        raise SystemExit(f"the rebuild process failed:\n{self.log.read_text()}")

    def ready(self) -> None:
        """Wait for the first build."""
        self.answer("ready")

    def rebuild(self) -> float:
        self.process.stdin.write("rebuild\n")
        self.process.stdin.flush()
        return float(self.answer("seconds"))

    def stop(self) -> None:
        self.process.stdin.close()
        if self.process.wait() != 0:
            raise SystemExit(f"the rebuild process failed:\n{self.log.read_text()}")


def rebuild_seconds(projects: list[tuple[Path, Path, Path]], work: Path, runs: int) -> list[tuple[float, ...]]:
    """For each run, the CPU seconds of one rebuild of each (config folder, site folder, file to
    edit), the projects rebuilding in turns, each waiting while the other works."""
    servers = []
    for index, project in enumerate(projects):
        servers.append(Server(*project, work / f"rebuild-{index}.log"))
        servers[-1].ready()
    times = []
    for run in range(runs):  # each going first as often as the other
        order = servers if run % 2 == 0 else servers[::-1]
        seconds = {server: server.rebuild() for server in order}
        times.append(tuple(seconds[server] for server in servers))
    for server in servers:
        server.stop()
    return times


SECTION_FOLDERS = ("countries", "people", "organisations", "places", "events", "articles", "references", "topics")
SAVE_FOLDERS = ("people", "countries", "events", "organisations", "places")  # five edits, of five kinds
SERVED_TIMEOUT = 900


def save_to_served(project: Path, root: Path) -> tuple[float, int]:
    """Wall-clock seconds from saving a sheet to `mkdocs serve` serving its page with the change,
    polled over HTTP as a reader's browser would fetch it: the median of one edit of each kind;
    and the server's peak memory (bytes) by the end."""
    edits = []
    for number, folder in enumerate(SAVE_FOLDERS):
        sheet = sorted((root / folder).glob("*.yaml"))[0]
        edits.append((sheet, "summary: |\n  ", f"{folder}/{sheet.stem}/", f"Savemark{number}x"))
    return _served_edits(project, edits)


def plain_serve_memory(project: Path, exported: Path) -> int:
    """Peak memory (bytes) of plain `mkdocs serve` on the exported pages after the same five kinds
    of edit, each waited for."""
    edits = []
    for number, folder in enumerate(SAVE_FOLDERS):
        page = next(page for page in sorted((exported / folder).glob("*.md")) if page.stem != "index")
        edits.append((page, "\n## ", f"{folder}/{page.stem}/", f"Savemark{number}x"))
    return _served_edits(project, edits)[1]


def _served_edits(project: Path, edits: list[tuple[Path, str, str, str]]) -> tuple[float, int]:
    """Serve `project`; for each (file, text in it, page address, marker) put the marker after the
    text and time until the page is served with it. The median time and the peak memory."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, env=ENVIRONMENT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_until(lambda: _served(base) is not None, "the server to start")
        seconds = []
        for path, after, address, marker in edits:
            text = path.read_text("utf-8")
            assert after in text, (path, after)
            path.write_text(text.replace(after, f"{after}{marker} ", 1), "utf-8")
            start = time.monotonic()
            _wait_until(lambda: marker in (_served(base + address) or ""), f"{path.name} to be served")
            seconds.append(time.monotonic() - start)
        return statistics.median(seconds), _peak_memory(server.pid)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=120)
        except subprocess.TimeoutExpired:  # plain MkDocs can miss a Ctrl-C that lands mid-rebuild
            server.kill()
            server.wait()


def _peak_memory(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def _served(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except (OSError, urllib.error.URLError):
        return None


def _wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + SERVED_TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up waiting for {what}")
        time.sleep(0.05)


def page_sizes(site: Path) -> list[int]:
    return [path.stat().st_size for path in site.rglob("index.html")]


FACET_SCRIPT = re.compile(r'<script src="([^"?]*data/facets/[^"?]+\.js)(?:\?[^"]*)?"></script>')  # ?v=digest


def index_weights(site: Path) -> dict[str, int]:
    """What a reader downloads for each section index and year page: its HTML and the facet data it
    loads (the theme's shared assets, cached after the first page, left out)."""
    weights = {}
    for folder in SECTION_FOLDERS:
        for page in [site / folder / "index.html", *sorted((site / folder / "years").glob("*/index.html"))]:
            if page.is_file():
                html = page.read_text("utf-8")
                scripts = [(page.parent / src).resolve() for src in FACET_SCRIPT.findall(html)]
                weights[page.parent.relative_to(site).as_posix() + "/"] = page.stat().st_size + sum(
                    script.stat().st_size for script in scripts)
    return weights


def measure(size: int, work: Path, runs: int, timed: set[str]) -> dict[str, Any]:
    """Every figure at `size` entities; serve rebuilds, save to served, and plain MkDocs's serve
    memory only where `timed` holds "rebuild", "served", "serve_memory"."""
    root = work / "briefings"
    synthesise(root, size)
    figures: dict[str, Any] = {"entities": size, "runs": runs, "files": sum(1 for p in root.rglob("*") if p.is_file())}

    figures["floor"] = best_of(max(runs, 3), lambda: parse_floor(root))
    figures["check"] = best_of(max(runs, 3), lambda: pipeline.check(root))
    entries, _ = pipeline.check(root)
    figures["model"] = cpu_seconds(lambda: build_model(entries, TODAY))
    site = build_model(entries, TODAY)
    figures["render"] = cpu_seconds(lambda: (render_pages(site), render_exports(site)))
    figures["stages"] = figures["check"] + figures["model"] + figures["render"]
    with_history(root, HISTORY_COMMITS)
    figures["history"] = history_cpu_seconds(root, {record_id: site.name(record_id) for record_id in site.records})

    exported = work / "exported"
    ours = project(work / "ours", root, REPO / "docs", with_plugin=True)
    result = subprocess.run(  # the same settings as our build (no archived editions)
        [sys.executable, "-m", "generator", "export", str(exported), "--config", str(ours / "mkdocs.yml")],
        env=ENVIRONMENT, capture_output=True, text=True,
    )
    if result.returncode:
        raise SystemExit(result.stderr)
    baseline = project(work / "baseline", None, exported, with_plugin=False)
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir"]
    pairs = []
    for run in range(runs):  # in turns, each going first as often as the other
        builds = {"ours": ([*mkdocs, str(work / "site-ours")], ours), "plain": ([*mkdocs, str(work / "site-baseline")], baseline)}
        order = ["ours", "plain"] if run % 2 == 0 else ["plain", "ours"]
        measured = {name: timed_process(*builds[name]) for name in order}
        pairs.append((measured["ours"], measured["plain"]))
    figures["ours"] = min(ours_run[0] for ours_run, _baseline_run in pairs)
    figures["baseline"] = min(baseline_run[0] for _ours_run, baseline_run in pairs)
    figures["build_ratios"] = [ours_run[0] / baseline_run[0] for ours_run, baseline_run in pairs]
    figures["ratio_build"] = statistics.median(figures["build_ratios"])
    figures["memory"] = max(ours_run[1] for ours_run, _baseline_run in pairs)
    figures["baseline_memory"] = max(baseline_run[1] for _ours_run, baseline_run in pairs)

    sizes = page_sizes(work / "site-ours")
    figures["pages"] = len(sizes)
    figures["site_mb"] = sum(p.stat().st_size for p in (work / "site-ours").rglob("*") if p.is_file()) / 1e6
    figures["median_kb"] = statistics.median(sizes) / 1e3
    figures["largest_kb"] = max(sizes) / 1e3
    largest = max((work / "site-ours").rglob("index.html"), key=lambda path: path.stat().st_size)
    figures["largest_page"] = largest.parent.relative_to(work / "site-ours").as_posix() + "/"
    weights = index_weights(work / "site-ours")
    figures["largest_index"] = max(weights, key=weights.get)
    figures["largest_index_kb"] = weights[figures["largest_index"]] / 1e3

    nothing = float("nan")
    figures["save_served"], figures["serve_memory"], figures["plain_serve_memory"] = nothing, nothing, nothing
    if "served" in timed:
        figures["save_served"], figures["serve_memory"] = save_to_served(ours, root)
    if "serve_memory" in timed:
        figures["plain_serve_memory"] = plain_serve_memory(baseline, exported)
    if "rebuild" not in timed:
        figures["rebuild"] = figures["baseline_rebuild"] = figures["ratio_rebuild"] = nothing
        return figures
    touched_source = sorted((root / "people").glob("*.yaml"))[0]
    touched_page = exported / "people" / f"{touched_source.stem}.md"
    touched_page.write_text(touched_page.read_text("utf-8") + "\nlast_reviewed: 2026-11-28\n", "utf-8")
    pairs = rebuild_seconds(
        [(ours, work / "site-rebuild-ours", touched_source), (baseline, work / "site-rebuild-baseline", touched_page)],
        work, runs,
    )
    figures["rebuild"] = min(ours_run for ours_run, _baseline_run in pairs)
    figures["baseline_rebuild"] = min(baseline_run for _ours_run, baseline_run in pairs)
    figures["rebuild_ratios"] = [ours_run / baseline_run for ours_run, baseline_run in pairs]
    figures["ratio_rebuild"] = statistics.median(figures["rebuild_ratios"])
    return figures


COLUMNS = [
    ("entities", "Entities", "{:.0f}"),
    ("pages", "Pages", "{:.0f}"),
    ("runs", "Runs", "{:.0f}"),
    ("baseline", "Plain MkDocs (CPU s)", "{:.1f}"),
    ("ours", "Our build (CPU s)", "{:.1f}"),
    ("ratio_build", "Ours / plain (target <= 0.6)", "{:.2f}"),
    ("stages", "Our stages (CPU s)", "{:.2f}"),
    ("ratio_stages", "Stages / our build (target <= 0.10)", "{:.3f}"),
    ("history", f"History of {HISTORY_COMMITS} commits (CPU s)", "{:.2f}"),
    ("ratio_history", "History / our build", "{:.3f}"),
    ("check", "Check (CPU s)", "{:.2f}"),
    ("floor", "Parse floor (CPU s)", "{:.2f}"),
    ("ratio_check", "Check / floor (target <= 2)", "{:.2f}"),
    ("site_mb", "Site (MB)", "{:.1f}"),
    ("median_kb", "Median page (KB)", "{:.1f}"),
    ("largest_kb", "Largest page (KB)", "{:.0f}"),
    ("largest_index_kb", "Largest section index with its facet data (KB, target < 1024)", "{:.0f}"),
    ("baseline_memory_mb", "Plain peak memory (MB)", "{:.0f}"),
    ("memory_mb", "Our peak memory (MB, target < 1024)", "{:.0f}"),
    ("rebuild", "Serve rebuild (CPU s)", "{:.1f}"),
    ("baseline_rebuild", "Plain rebuild (CPU s)", "{:.1f}"),
    ("ratio_rebuild", "Rebuild ratio (target <= 1.1)", "{:.2f}"),
    ("save_served", "Save -> page served under serve (wall s, median of 5 edits; target <= 2 at 1000, 8 at 5000)", "{:.2f}"),
    ("serve_memory_mb", "Serve peak memory after the edits (MB)", "{:.0f}"),
    ("plain_serve_memory_mb", "Plain MkDocs serve peak memory, same edits (MB)", "{:.0f}"),
    ("ratio_serve_memory", "Serve memory / plain (target <= 1.2)", "{:.2f}"),
]


def _cell(value: float, fmt: str) -> str:
    return "not timed" if math.isnan(value) else fmt.format(value)


def table(rows: list[dict[str, Any]]) -> str:
    for row in rows:
        row["ratio_stages"] = row["stages"] / row["ours"]
        row["ratio_history"] = row["history"] / row["ours"]
        row["ratio_check"] = row["check"] / row["floor"]
        row["memory_mb"] = row["memory"] / 2**20
        row["baseline_memory_mb"] = row["baseline_memory"] / 2**20
        row["serve_memory_mb"] = row["serve_memory"] / 2**20
        row["plain_serve_memory_mb"] = row["plain_serve_memory"] / 2**20
        row["ratio_serve_memory"] = row["serve_memory"] / row["plain_serve_memory"]
    # One column per size of site, one row per measure: the page fits a screen without scrolling.
    (entities_key, _title, entities_format), *measures = COLUMNS
    lines = ["| Measure | " + " | ".join(f"{_cell(row[entities_key], entities_format)} entities" for row in rows) + " |"]
    lines.append("| --- |" + " ---: |" * len(rows))
    for key, title, fmt in measures:
        lines.append(f"| {title} | " + " | ".join(_cell(row[key], fmt) for row in rows) + " |")
    if len(rows) > 1:
        growth = rows[-1]["median_kb"] / rows[0]["median_kb"]
        lines.append("")
        lines.append(
            f"Median page size at {rows[-1]['entities']:.0f} entities / at {rows[0]['entities']:.0f}: "
            f"{growth:.2f} (target <= 1.2)."
        )
    lines.append("")
    lines.append("The largest page: " + ", ".join(f"{row['largest_page']} at {row['entities']:.0f} entities" for row in rows) + ".")
    lines.append("The largest section index: " + ", ".join(
        f"{row['largest_index']} at {row['entities']:.0f} entities" for row in rows) + ".")
    lines.append("")
    lines.append("The ratio of each pair of runs, to show the noise the medians smooth out:")
    lines.append("")
    for row in rows:
        for key, what in (("build_ratios", "builds"), ("rebuild_ratios", "serve rebuilds")):
            if row.get(key):
                lines.append(f"- {row['entities']:.0f} entities, {what}: " + ", ".join(f"{ratio:.2f}" for ratio in row[key]))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="entity counts, comma-separated")
    parser.add_argument("--rebuild-sizes", default="100,1000", help="sizes at which to time serve rebuilds too")
    parser.add_argument("--served-sizes", default="1000,5000",
                        help="sizes at which to time a save until `mkdocs serve` serves the page, and its memory")
    parser.add_argument("--serve-memory-sizes", default="1000",
                        help="sizes at which to measure plain `mkdocs serve`'s memory on the same edits")
    parser.add_argument(
        "--runs", default="7,5,3",
        help="side-by-side runs of each build and rebuild, per size (one number: the same for all); "
        "small builds are the noisiest, so they get the most runs",
    )
    parser.add_argument("--no-page", action="store_true", help="do not rewrite docs/benchmark.md")
    arguments = parser.parse_args()
    sizes = [int(part) for part in arguments.sizes.split(",")]
    runs = [int(part) for part in arguments.runs.split(",")]
    runs = runs + [runs[-1]] * (len(sizes) - len(runs))
    rows = []
    with tempfile.TemporaryDirectory(prefix="briefings-bench-") as scratch:
        for size, size_runs in zip(sizes, runs):
            work = Path(scratch) / str(size)
            print(f"measuring {size} entities, {size_runs} runs ...", file=sys.stderr, flush=True)
            timed = {name for name, chosen in (("rebuild", arguments.rebuild_sizes), ("served", arguments.served_sizes),
                                               ("serve_memory", arguments.serve_memory_sizes))
                     if str(size) in chosen.split(",")}
            rows.append(measure(size, work, size_runs, timed))
            shutil.rmtree(work, ignore_errors=True)
    result = table(rows)
    with tempfile.TemporaryDirectory(prefix="briefings-bench-") as scratch:
        shipped = Path(scratch)
        for name in ("briefings", "docs"):
            shutil.copytree(REPO / name, shipped / name)
        shutil.copyfile(REPO / "mkdocs.yml", shipped / "mkdocs.yml")
        result += (f"\nSave -> page served under `mkdocs serve`, shipped briefings with the shipped mkdocs.yml "
                   f"(wall s, median of 5 edits): {save_to_served(shipped, shipped / 'briefings')[0]:.2f} (target <= 0.5).\n")
    print(result)
    if not arguments.no_page:
        page = REPO / "docs" / "benchmark.md"
        page.write_text(
            "# Benchmark\n\nWritten by `python3 dev.py bench` "
            f"on {os.cpu_count()} cores. Our build and the plain one run in turns, several times (Runs); "
            "times are the best CPU seconds of those runs, the build and rebuild ratios the median of "
            "the ratios of each pair of runs, and peak memory the largest of the runs. Ratios are what "
            "count.\n\n"
            f"{result}\n",
            "utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
