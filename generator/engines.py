"""Building the site with each engine it runs on, into the project's site folder, which a failed
build leaves as it was.

- `mkdocs` (the default): MkDocs 1.6 with Material and our plugin.
- `properdocs`: ProperDocs, the continuation of MkDocs 1.x, with the same plugin and theme.
- `zensical`: Zensical runs no MkDocs plugin: the site's Markdown is exported into a working
  folder (`export_folder`), and Zensical builds that with the project's settings.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from . import publish
from .export_folder import export
from .pipeline import edition_date
from .project import PLUGIN, Project, dump_settings, load_settings

ENGINES = ("mkdocs", "properdocs", "zensical")
DEFAULT_ENGINE = "mkdocs"
# What to install for each engine, as the README says (extras of pyproject.toml).
EXTRA_OF = {"properdocs": "properdocs", "zensical": "zensical"}


class EngineMissing(Exception):
    """The engine's command is not installed."""


def command(engine: str) -> str:
    """The engine's command: beside this Python (its virtual environment) first, then on PATH."""
    found = shutil.which(engine, path=str(Path(sys.executable).parent)) or shutil.which(engine)
    if found is None:
        extra = EXTRA_OF.get(engine)
        hint = f' (pip install "briefings[{extra}]")' if extra else ""
        raise EngineMissing(f"{engine} is not installed{hint}")
    return found


def plugin_free_settings(project: Project, config_file: Path, docs_dir: Path, site_dir: Path) -> dict[str, Any]:
    """The project's settings for an engine that runs no MkDocs plugin, written to `config_file`
    to build the exported folder `docs_dir` into `site_dir`: the briefings plugin left out (its
    work is in the folder). Folders are given relative to the configuration's own folder, which
    Zensical requires of them."""
    settings = load_settings(project.config_file.read_text("utf-8"))
    here = config_file.resolve().parent
    settings["docs_dir"] = _relative(docs_dir, here)
    settings["site_dir"] = _relative(site_dir, here)
    if project.custom_dir is not None:
        inside = project.docs_dir in project.custom_dir.parents or project.custom_dir == project.docs_dir
        custom_dir = docs_dir.resolve() / project.custom_dir.relative_to(project.docs_dir) if inside else project.custom_dir
        settings["theme"]["custom_dir"] = _relative(custom_dir, here)
    settings["plugins"] = [
        item for item in settings.get("plugins") or []
        if item != PLUGIN and not (isinstance(item, dict) and PLUGIN in item)
    ]
    # What the plugin tells the theme (the date the site speaks as of, for the footer and print).
    settings["extra"] = {**(settings.get("extra") or {}), "edition": edition_date().isoformat()}
    return settings


def _relative(folder: Path, base: Path) -> str:
    return Path(os.path.relpath(folder.resolve(), base)).as_posix()


def build(engine: str, project: Project, strict: bool = True) -> int:
    """Build the site with `engine`; the engine's exit status. The site folder changes only
    when the whole build succeeded."""
    if engine in ("mkdocs", "properdocs"):  # the plugin builds beside the site folder and swaps it in
        arguments = [command(engine), "build", "--config-file", str(project.config_file), "--site-dir", str(project.site_dir)]
        return subprocess.run([*arguments, *(["--strict"] if strict else [])], env=_quiet()).returncode
    if engine != "zensical":
        raise ValueError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    zensical = command(engine)
    # Zensical wants the pages and the site inside the configuration's folder: a working folder
    # beside the site folder, on the same disk, so that the finished site is swapped in by a rename.
    project.site_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".briefings-zensical-", dir=project.site_dir.parent) as work:
        docs_dir, built = Path(work) / "docs", Path(work) / "site"
        export(project, docs_dir)
        config = Path(work) / "zensical.yml"
        config.write_text(dump_settings(plugin_free_settings(project, config, docs_dir, built)), "utf-8")
        arguments = [zensical, "build", "--config-file", str(config), *(["--strict"] if strict else [])]
        status = subprocess.run(arguments, cwd=work, env=_quiet()).returncode
        if status == 0 and built.is_dir():
            publish.promote(built, project.site_dir)
            print(f"Site published to {project.site_dir}")
            return 0
    print(f"The build failed; {project.site_dir} was left as it was.", file=sys.stderr)
    return status or 1


def _quiet() -> dict[str, str]:
    """The environment for an engine: Material's end-of-life banner not printed on every build
    (the README's "Engines" section says what happens after 2027-05-05)."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
