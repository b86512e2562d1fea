"""The benchmark: our build against a plain MkDocs build of the very pages it generates.

    python3 dev.py bench                  # sizes 100, 1000 and 5000 entities (slow: tens of minutes)
    python3 dev.py bench --sizes 100,1000

For each size it synthesises deterministic briefings (bench/synth.py), then measures in one run:
the baseline (plain MkDocs + Material, without our plugin, of the Markdown `briefings export`
writes, same nav and theme), our full `mkdocs build`, our stages alone, `briefings check`, the
floor for reading the data (PyYAML's C loader and nothing else), the site's size and page sizes,
peak memory, and a serve-style rebuild after one file changes against a plain MkDocs rebuild. It
prints ratios next to times and writes the table to docs/benchmark.md. These machines are noisy:
read the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import synthesise  # noqa: E402

from generator import pipeline  # noqa: E402
from generator.exports import render_exports  # noqa: E402
from generator.model import build_model  # noqa: E402
from generator.render import render_pages  # noqa: E402

ENVIRONMENT = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
TODAY = datetime.date(2026, 11, 28)


def timed_process(command: list[str], cwd: Path) -> tuple[float, int]:
    """Seconds and peak memory (bytes) of a command, which must succeed."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENVIRONMENT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{process.stderr.read().decode()}")
    return seconds, usage.ru_maxrss * 1024


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def parse_floor(root: Path) -> None:
    for path in sorted(root.rglob("*")):
        if path.is_file():
            text = path.read_text("utf-8")
            if path.suffix == ".md":
                text = text.split("---\n")[1]
            yaml.load(text, Loader=yaml.CSafeLoader)


def project(folder: Path, briefings: Path | None, docs: Path, with_plugin: bool) -> Path:
    """A project folder: mkdocs.yml (ours, or ours without the plugin) and its docs."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    config["docs_dir"] = str(docs)
    config["strict"] = False  # the hand-written pages link to shipped records the synthetic data lacks
    config["theme"]["custom_dir"] = str(REPO / "docs" / "overrides")
    if with_plugin:
        config["plugins"] = ["search", {"briefings": {"briefings_dir": str(briefings)}}]
    else:
        config["plugins"] = ["search"]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    return folder


REBUILD_SCRIPT = """
import sys, time
from pathlib import Path
from mkdocs.config import load_config
from mkdocs.commands.build import build
config_file, site_dir, touched = sys.argv[1], sys.argv[2], Path(sys.argv[3])
def once():
    config = load_config(config_file=config_file, site_dir=site_dir)
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
once()
touched.write_text(touched.read_text().replace("last_reviewed: 2026-11-28", "last_reviewed: 2026-11-27"))
start = time.perf_counter()
once()
print(time.perf_counter() - start)
"""


def rebuild_seconds(config_dir: Path, site_dir: Path, touched: Path) -> float:
    """The second build in one process, after `touched` changed, as `mkdocs serve` rebuilds."""
    output = subprocess.run(
        [sys.executable, "-c", REBUILD_SCRIPT, str(config_dir / "mkdocs.yml"), str(site_dir), str(touched)],
        env=ENVIRONMENT, capture_output=True, text=True, check=True,
    )
    return float(output.stdout.strip().splitlines()[-1])


def page_sizes(site: Path) -> list[int]:
    return [path.stat().st_size for path in site.rglob("index.html")]


def measure(size: int, work: Path, rebuild: bool) -> dict[str, float]:
    root = work / "briefings"
    synthesise(root, size)
    figures: dict[str, float] = {"entities": size, "files": sum(1 for p in root.rglob("*") if p.is_file())}

    figures["floor"] = best_of(3, lambda: parse_floor(root))
    figures["check"] = best_of(3, lambda: pipeline.check(root))
    entries, _ = pipeline.check(root)
    start = time.perf_counter()
    site = build_model(entries, TODAY)
    figures["model"] = time.perf_counter() - start
    start = time.perf_counter()
    render_pages(site)
    render_exports(site)
    figures["render"] = time.perf_counter() - start
    figures["stages"] = figures["check"] + figures["model"] + figures["render"]

    exported = work / "exported"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "export", str(exported), "--root", str(root), "--docs", str(REPO / "docs")],
        env=ENVIRONMENT, capture_output=True, text=True,
    )
    if result.returncode:
        raise SystemExit(result.stderr)
    baseline = project(work / "baseline", None, exported, with_plugin=False)
    ours = project(work / "ours", root, REPO / "docs", with_plugin=True)
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir"]
    figures["baseline"], figures["baseline_memory"] = timed_process([*mkdocs, str(work / "site-baseline")], baseline)
    figures["ours"], figures["memory"] = timed_process([*mkdocs, str(work / "site-ours")], ours)

    sizes = page_sizes(work / "site-ours")
    figures["pages"] = len(sizes)
    figures["site_mb"] = sum(p.stat().st_size for p in (work / "site-ours").rglob("*") if p.is_file()) / 1e6
    figures["median_kb"] = statistics.median(sizes) / 1e3
    figures["largest_kb"] = max(sizes) / 1e3

    if not rebuild:
        figures["rebuild"] = figures["baseline_rebuild"] = float("nan")
        return figures
    touched_source = sorted((root / "people").glob("*.yaml"))[0]
    figures["rebuild"] = rebuild_seconds(ours, work / "site-rebuild-ours", touched_source)
    touched_page = exported / "people" / f"{touched_source.stem}.md"
    touched_page.write_text(touched_page.read_text("utf-8") + "\nlast_reviewed: 2026-11-28\n", "utf-8")
    figures["baseline_rebuild"] = rebuild_seconds(baseline, work / "site-rebuild-baseline", touched_page)
    return figures


COLUMNS = [
    ("entities", "Entities", "{:.0f}"),
    ("pages", "Pages", "{:.0f}"),
    ("baseline", "Plain MkDocs (s)", "{:.1f}"),
    ("ours", "Our build (s)", "{:.1f}"),
    ("ratio_build", "Ours / plain (target <= 1.15)", "{:.2f}"),
    ("stages", "Our stages (s)", "{:.2f}"),
    ("ratio_stages", "Stages / our build (target <= 0.10)", "{:.3f}"),
    ("check", "Check (s)", "{:.2f}"),
    ("floor", "Parse floor (s)", "{:.2f}"),
    ("ratio_check", "Check / floor (target <= 2)", "{:.2f}"),
    ("site_mb", "Site (MB)", "{:.1f}"),
    ("median_kb", "Median page (KB)", "{:.1f}"),
    ("largest_kb", "Largest page (KB)", "{:.0f}"),
    ("memory_mb", "Peak memory (MB, target < 1024)", "{:.0f}"),
    ("rebuild", "Serve rebuild (s)", "{:.1f}"),
    ("baseline_rebuild", "Plain rebuild (s)", "{:.1f}"),
    ("ratio_rebuild", "Rebuild ratio (target <= 1.1)", "{:.2f}"),
]


def table(rows: list[dict[str, float]]) -> str:
    for row in rows:
        row["ratio_build"] = row["ours"] / row["baseline"]
        row["ratio_stages"] = row["stages"] / row["ours"]
        row["ratio_check"] = row["check"] / row["floor"]
        row["memory_mb"] = row["memory"] / 2**20
        row["ratio_rebuild"] = row["rebuild"] / row["baseline_rebuild"]
    lines = ["| " + " | ".join(title for _key, title, _format in COLUMNS) + " |"]
    lines.append("|" + " --- |" * len(COLUMNS))
    for row in rows:
        lines.append("| " + " | ".join(fmt.format(row[key]) for key, _title, fmt in COLUMNS) + " |")
    if len(rows) > 1:
        growth = rows[-1]["median_kb"] / rows[0]["median_kb"]
        lines.append("")
        lines.append(
            f"Median page size at {rows[-1]['entities']:.0f} entities / at {rows[0]['entities']:.0f}: "
            f"{growth:.2f} (target <= 1.2)."
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="entity counts, comma-separated")
    parser.add_argument("--rebuild-sizes", default="100,1000", help="sizes at which to time serve rebuilds too")
    parser.add_argument("--no-page", action="store_true", help="do not rewrite docs/benchmark.md")
    arguments = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="briefings-bench-") as scratch:
        for size in (int(part) for part in arguments.sizes.split(",")):
            work = Path(scratch) / str(size)
            print(f"measuring {size} entities ...", file=sys.stderr, flush=True)
            rows.append(measure(size, work, str(size) in arguments.rebuild_sizes.split(",")))
            shutil.rmtree(work, ignore_errors=True)
    result = table(rows)
    print(result)
    if not arguments.no_page:
        page = REPO / "docs" / "benchmark.md"
        page.write_text(
            "# Benchmark\n\nWritten by `python3 dev.py bench` "
            f"on {os.cpu_count()} cores; times are the best of the run, ratios are what count.\n\n"
            f"{result}\n",
            "utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
