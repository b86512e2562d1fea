"""After any sequence of edits under `mkdocs serve`, the site equals a fresh build, file for file.

Both run as `mkdocs serve` builds (the same plugin instances rebuilding after each edit, against
one process that builds the final state once), so that what serve keeps between rebuilds (parsed
files, rendered pages, converted HTML) is proven to change nothing a reader sees: every page's
HTML, the search index, the data files.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from test_site_build import copy_project

BUILD_MOMENT = str(int(time.time()))  # one fixed moment for every build of the test, as they are compared

SERVE_LIKE = """
import json, sys
from pathlib import Path
from mkdocs.config import load_config
from mkdocs.commands.build import build
from generator import incremental
unpacked = []  # texts the render memory kept packed and a rebuild read back
unpack = incremental.Packed.text
incremental.Packed.text = lambda packed: unpacked.append(1) or unpack(packed)
config_file, site_dir, edits = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
def rebuild():
    config = load_config(config_file=config_file, site_dir=site_dir)
    build(config)
    return config
config = load_config(config_file=config_file, site_dir=site_dir)
config.plugins.on_startup(command="serve", dirty=False)  # once, as `mkdocs serve` does
build(config)
root = Path(config_file).parent
reused = []
for path, old, new in edits:
    target = root / path
    if new is None:
        target.unlink()
    elif old is None:
        target.write_text(new, "utf-8")
    else:
        text = target.read_text("utf-8")
        assert old in text, (path, old)
        target.write_text(text.replace(old, new, 1), "utf-8")
    unpacked.clear()
    config = rebuild()
    briefings = next(plugin for name, plugin in config.plugins.items() if name.endswith("briefings"))
    reused.append((briefings.conversions.reused, briefings.search_entries.reused, briefings.page_outputs.reused,
                   briefings.site_writes.skipped, len(unpacked)))
config.plugins.on_shutdown()
print(json.dumps(reused))
"""

NEW_PERSON = """id: lee-nak-yon
name: Lee Nak-yon
country: south-korea
summary: A South Korean politician, added and removed again in this test.
last_reviewed: 2026-11-28
"""

EDITS = [
    # a summary: one page's Markdown, and the pages that quote its sentence in "Mentioned in"
    ("briefings/people/xi-jinping.yaml", "Xi Jinping is", "Xi Jinping, China's leader, is"),
    # a new record: every page's links may now resolve differently
    ("briefings/people/lee-nak-yon.yaml", None, NEW_PERSON),
    # a name that other pages link and print
    ("briefings/places/danang.yaml", "name: Danang", "name: Da Nang"),
    # a hand-written page
    ("docs/methodology.md", "# ", "# The "),
    # the record removed again
    ("briefings/people/lee-nak-yon.yaml", "", None),
]


def build_like_serve(project: Path, site: Path, edits: list) -> list[int]:
    result = subprocess.run(
        [sys.executable, "-c", SERVE_LIKE, str(project / "mkdocs.yml"), str(site), json.dumps(edits)],
        cwd=project, capture_output=True, text=True, timeout=900,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": BUILD_MOMENT},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def site_files(site: Path) -> dict[str, bytes]:
    # The sitemap's gzip copy records when it was written; its plain copy is compared.
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*"))
            if path.is_file() and path.suffix != ".gz"}


def test_a_served_site_after_edits_equals_a_fresh_build(tmp_path: Path):
    (tmp_path / "served").mkdir()
    served = copy_project(tmp_path / "served")
    reused = build_like_serve(served, tmp_path / "served-site", EDITS)
    # Conversions and search entries were given back where nothing changed, and no conversion
    # where the files changed.
    conversions, search_entries, outputs, files_kept, unpacked = zip(*reused)
    assert conversions[0] > 100 and conversions[1] == 0 and conversions[2] > 100, reused
    assert search_entries[0] > 100 and outputs[0] > 100, reused
    assert files_kept[0] > 100, reused  # files not written again, yet the site folder ends as a fresh build's
    assert set(unpacked) == {0}, reused  # a text kept is not read back: only what changed is written

    fresh = tmp_path / "fresh"
    fresh.mkdir()
    copy_project(fresh)
    for path in ("briefings", "docs"):  # the final state of the edited files
        subprocess.run(["rm", "-rf", str(fresh / path)], check=True)
        subprocess.run(["cp", "-r", str(served / path), str(fresh / path)], check=True)
    build_like_serve(fresh, tmp_path / "fresh-site", [])

    after_edits, built_fresh = site_files(tmp_path / "served-site"), site_files(tmp_path / "fresh-site")
    assert sorted(after_edits) == sorted(built_fresh)
    differing = [path for path in built_fresh if after_edits[path] != built_fresh[path]]
    assert differing == [], differing[:10]
    index = json.loads(built_fresh["search/search_index.json"])
    assert any("Da Nang" in doc["title"] for doc in index["docs"])
