"""The worst the checker lets through, at the shipped site's size: how long check and build take.

    python3 dev.py bench-hostile

The shipped briefings are copied, and every summary is replaced by the Markdown that costs
Python-Markdown the most time among a fixed set of candidates that pass the checker (each at the
summary's limit of 10,000 characters, in blocks at the block limit: dense emphasis, entities,
escapes, code spans, links, quotes, tables, nested lists). Every name gets characters outside the
Basic Multilingual Plane and every one-line text field its full length. Then `briefings check`
and `mkdocs build` are timed (CPU seconds) on that copy and on the unchanged briefings, in turns,
and the figures printed. The targets (issue 11): check under 5 s, build under 30 s.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import timed_process  # noqa: E402

from generator import markdown_checks, schema  # noqa: E402
from generator.markdown_extension import site_markdown  # noqa: E402

BLOCK = markdown_checks.MAX_BLOCK - 100


def _blocks(unit: str, limit: int = schema.MAX_MARKDOWN) -> str:
    """Whole `unit`s repeated into blocks of nearly the block limit, up to `limit` characters."""
    block = unit * (BLOCK // len(unit))
    text = ""
    while len(text) < limit:
        text += block[: limit - len(text) - 2 - (limit - len(text) - 2) % len(unit)] + "\n\n"
    return text.strip("\n")


CANDIDATES = {
    "emphasis": _blocks("*a* _b_ **c** __d__ "),
    "open emphasis": _blocks("*_"),
    "entities": _blocks("&amp;&lt;&#106;&#x3C; "),
    "escapes": _blocks("\\* \\_ \\` \\[x\\] "),
    "code spans": _blocks("``a`b`` `c` "),
    "links": _blocks("[a](https://example.org/a) "),
    "links with titles": _blocks('[a](https://example.org/(a) "t") '),
    "reference links": _blocks("[a][r] [r] ", schema.MAX_MARKDOWN - 40) + "\n\n[r]: https://example.org/r",
    "emphasis and links": _blocks("*_ [a](https://example.org/a) *a* `b` "),
    "line breaks": _blocks("a  \n"),
    "quotes and tables": _blocks("> |a|b|\n"),
    "tables": "|a|b|\n|-|-|\n" + _blocks("|`x`|[y](https://example.org/)|\n", BLOCK - 20),
    "nested lists": _blocks("- a\n    - b\n        - c\n            - d\n                - e\n"),
    "notes": _blocks("!!! note\n    a *b* [c](https://example.org/)\n\n"),
}


def worst_summary() -> tuple[str, str, float]:
    """The candidate that passes the checker and costs the most to check and convert."""
    converter = site_markdown()
    timings = []
    for name, text in CANDIDATES.items():
        start = time.process_time()
        problem = next(markdown_checks.markdown_problems(text), None)
        checked = time.process_time() - start
        if problem or len(text) > schema.MAX_MARKDOWN:
            print(f"  {name}: refused by the checker ({problem[1] if problem else 'too long'}), left out")
            continue
        start = time.process_time()
        converter.reset().convert(text)
        converted = time.process_time() - start
        timings.append((checked + converted, name, text))
        print(f"  {name}: {len(text):,} characters, {checked:.3f} CPU s to check, {converted:.3f} to convert")
    seconds, name, text = max(timings)
    return name, text, seconds


def hostile_copy(folder: Path, summary: str) -> Path:
    folder.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "briefings"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, folder / name)
    indented = "\n".join(f"  {line}" if line else "" for line in summary.split("\n"))
    for path in (folder / "briefings").rglob("*"):
        if path.suffix == ".yaml":
            text = path.read_text("utf-8")
            text = re.sub(r"^summary: \|\n(?:  .*\n|\n)*", lambda _m: f"summary: |\n{indented}\n", text, flags=re.M)
            text = re.sub(r"^summary: (?!\|).*\n", lambda _m: f"summary: |\n{indented}\n", text, flags=re.M)
            text = re.sub(r"^(name: )(.+)$", lambda m: m.group(1) + json.dumps(
                yaml.safe_load(m.group(2)) + " 𠮷野家 " + "長" * 200, ensure_ascii=False), text, flags=re.M)
            text = re.sub(r"^(\s+(?:note|stance|value): )(.+)$",
                          lambda m: m.group(1) + '"' + ("Long text, " * 200)[: schema.MAX_TEXT - 1] + '"', text, flags=re.M)
            path.write_text(text, "utf-8")
        elif path.suffix == ".md":
            front, _body = path.read_text("utf-8").split("\n---\n", 1)
            path.write_text(front + "\n---\n" + summary + "\n", "utf-8")
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (default 3)")
    arguments = parser.parse_args()
    print("Candidate summaries (each converted once):")
    name, summary, seconds = worst_summary()
    print(f"Worst: {name} ({seconds:.3f} CPU s per summary to check and convert)\n")
    work = Path(tempfile.mkdtemp(prefix="briefings-hostile-"))
    try:
        hostile = hostile_copy(work / "hostile", summary)
        (work / "shipped").mkdir()
        for item in ("mkdocs.yml", "docs", "briefings"):
            source = REPO / item
            (shutil.copytree if source.is_dir() else shutil.copyfile)(source, work / "shipped" / item)
        python = sys.executable
        results: dict[str, list[float]] = {}
        for _ in range(arguments.runs):
            for label, project in (("shipped", work / "shipped"), ("hostile", hostile)):
                check = timed_process([python, "-m", "generator", "check"], project)[0]
                build = timed_process([python, "-m", "mkdocs", "build", "--strict", "-d", str(project / "site")], project)[0]
                results.setdefault(f"{label} check", []).append(check)
                results.setdefault(f"{label} build", []).append(build)
        records = sum(1 for path in (hostile / "briefings").rglob("*") if path.is_file())
        print(f"{records} records; CPU seconds, median of {arguments.runs} runs (best in brackets):")
        print("| What | Shipped | Worst accepted | Ratio | Target |")
        print("| --- | --- | --- | --- | --- |")
        for what, target in (("check", "< 5 s"), ("build", "< 30 s")):
            shipped, worst = results[f"shipped {what}"], results[f"hostile {what}"]
            print(f"| {what} | {statistics.median(shipped):.2f} ({min(shipped):.2f}) | "
                  f"{statistics.median(worst):.2f} ({min(worst):.2f}) | "
                  f"{statistics.median(worst) / statistics.median(shipped):.2f} | {target} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
