"""Building the site with each engine it runs on, into the project's site folder, which a failed
build leaves as it was.

- `mkdocs` (the default): MkDocs 1.6 with Material and our plugin.
- `properdocs`: ProperDocs, the continuation of MkDocs 1.x, with the same plugin and theme.
- `zensical`: Zensical runs no MkDocs plugin: the site's Markdown is exported into a working
  folder (`export_folder`), and Zensical builds that with the project's settings.
"""

from __future__ import annotations

import copy
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from . import publish
from .export_folder import ExportError, export, outside_the_sources, replace_file
from .pipeline import edition_date
from .project import PLUGIN, Project, dump_settings

ENGINES = ("mkdocs", "properdocs", "zensical")
DEFAULT_ENGINE = "mkdocs"
# Theme overrides that are Material 9's own partials with a fix: Zensical's partials already have
# the fix, and a copy of Material 9's markup would break Zensical's header.
MATERIAL_ONLY_OVERRIDES = ("partials/search.html",)


class EngineMissing(Exception):
    """The engine's command is not installed."""


def command(engine: str) -> str:
    """The engine's command: beside this Python (its virtual environment) first, then on PATH."""
    found = shutil.which(engine, path=str(Path(sys.executable).parent)) or shutil.which(engine)
    if found is None:
        raise EngineMissing(f"{engine} is not installed: `python3 dev.py` installs every engine into .venv "
                            f"(or, in another environment, pip install --editable '.[{engine}]')")
    return found


def plugin_free_settings(project: Project, config_file: Path, docs_dir: Path, site_dir: Path) -> dict[str, Any]:
    """The project's settings for an engine that runs no MkDocs plugin, written to `config_file`
    to build the exported folder `docs_dir` into `site_dir`: the briefings plugin left out (its
    work is in the folder). Folders are given relative to the configuration's own folder, which
    Zensical requires of them."""
    settings = copy.deepcopy(project.settings)
    here = config_file.resolve().parent
    settings["docs_dir"] = _relative(docs_dir, here)
    settings["site_dir"] = _relative(site_dir, here)
    if project.custom_dir is not None:
        exported = _overrides_in_docs(project)
        custom_dir = docs_dir.resolve() / exported if exported is not None else project.custom_dir
        settings.setdefault("theme", {})["custom_dir"] = _relative(custom_dir, here)
    plugins = settings.get("plugins") or []
    if isinstance(plugins, dict):  # the mapping form, name -> options
        settings["plugins"] = {name: options for name, options in plugins.items() if name != PLUGIN}
    else:
        settings["plugins"] = [item for item in plugins if item != PLUGIN and not (isinstance(item, dict) and PLUGIN in item)]
    # What the plugin tells the theme (the date the site speaks as of, for the footer and print),
    # and which engine made the site (credited in the footer).
    settings["extra"] = {**(settings.get("extra") or {}), "edition": edition_date().isoformat(), "engine": "zensical"}
    return settings


def check_zensical_config(project: Project, config_file: Path, docs_dir: Path) -> None:
    """Refuse a place for Zensical's settings that would make it write into the sources or over
    the project's site, or that Zensical would not accept; raises ExportError."""
    outside_the_sources(project, config_file.parent)  # Zensical writes its site and cache there
    here = config_file.resolve().parent
    site_dir = here / "site"
    if not docs_dir.resolve().is_relative_to(here):
        raise ExportError(f"{config_file}: Zensical needs the exported folder {docs_dir} inside the configuration's "
                          "folder; put the configuration beside it (e.g. export/docs and export/zensical.yml)")
    if site_dir == project.site_dir:
        raise ExportError(f"{config_file}: Zensical would build into {site_dir}, the project's own site; "
                          "put the configuration in a folder of its own")
    if config_file.exists() and not _written_by_us(config_file):
        raise ExportError(f"{config_file}: expected a new file or settings Briefings wrote; it holds something "
                          "else, and Briefings never overwrites what it did not write")


# The first line of the settings written for Zensical: what lets them be written again, and
# nothing else (mkdocs.yml, an editor's own file) be overwritten.
ZENSICAL_CONFIG_HEADER = "# Written by Briefings from mkdocs.yml, for Zensical; made again on every export.\n"


def _written_by_us(config_file: Path) -> bool:
    try:
        with config_file.open("rb") as settings:
            return settings.read(len(ZENSICAL_CONFIG_HEADER)) == ZENSICAL_CONFIG_HEADER.encode()
    except OSError:  # a folder, or unreadable
        return False


def write_zensical_config(project: Project, config_file: Path, docs_dir: Path) -> bool:
    """Write the settings with which Zensical builds the export `docs_dir` into `site/` beside
    `config_file` (checked with `check_zensical_config`), if they changed; whether they did."""
    site_dir = config_file.resolve().parent / "site"
    text = ZENSICAL_CONFIG_HEADER + dump_settings(plugin_free_settings(project, config_file, docs_dir, site_dir))
    if config_file.is_file() and config_file.read_text("utf-8") == text:
        return False
    replace_file(config_file, text.encode("utf-8"))  # Zensical may be reading it
    return True


def left_out_for_zensical(project: Project) -> frozenset[str]:
    """The hand-written files (docs-relative) an export for Zensical leaves out."""
    exported = _overrides_in_docs(project)
    if exported is None:
        return frozenset()
    return frozenset(f"{exported}/{path}".lstrip("/") for path in MATERIAL_ONLY_OVERRIDES)


def _overrides_in_docs(project: Project) -> str | None:
    """Where the theme's overrides are inside the docs folder (and so in an export of it), if they are."""
    if project.custom_dir is None or not project.custom_dir.is_relative_to(project.docs_dir):
        return None
    relative = project.custom_dir.relative_to(project.docs_dir).as_posix()
    return "" if relative == "." else relative


def _relative(folder: Path, base: Path) -> str:
    return Path(os.path.relpath(folder.resolve(), base)).as_posix()


def build(engine: str, project: Project, strict: bool = True) -> int:
    """Build the site with `engine`; the engine's exit status. The site folder changes only
    when the whole build succeeded."""
    if engine in ("mkdocs", "properdocs"):  # the plugin builds beside the site folder and swaps it in
        arguments = [command(engine), "build", "--config-file", str(project.config_file), "--site-dir", str(project.site_dir)]
        return _run_to_its_end([*arguments, *(["--strict"] if strict else [])])
    if engine != "zensical":
        raise ValueError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    zensical = command(engine)
    # Zensical wants the pages and the site inside the configuration's folder: a working folder
    # beside the site folder, on the same disk, so that the finished site is swapped in by a rename.
    project.site_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".briefings-zensical-", dir=project.site_dir.parent) as work:
        docs_dir, built = Path(work) / "docs", Path(work) / "site"
        export(project, docs_dir, left_out_for_zensical(project))
        config = Path(work) / "zensical.yml"
        write_zensical_config(project, config, docs_dir)  # builds into `built`, beside it
        arguments = [zensical, "build", "--config-file", str(config), *(["--strict"] if strict else [])]
        status = _run_to_its_end(arguments, cwd=work)
        if status == 0 and built.is_dir():
            publish.promote(built, project.site_dir)
            print(f"Site published to {project.site_dir}")
            return 0
    print(f"The build failed; {project.site_dir} was left as it was.", file=sys.stderr)
    return status or 1


def _run_to_its_end(arguments: list[str], cwd: str | None = None) -> int:
    """Run an engine; its exit status. Stopped (Ctrl-C, or a signal the command line turns into
    one), the engine is stopped as by Ctrl-C and waited for, so that it removes its working
    folders (subprocess.run would kill it a quarter of a second later); if it had finished
    all the same, its success stands."""
    process = subprocess.Popen(arguments, cwd=cwd, env=_quiet(),
                               preexec_fn=_interruptible if os.name == "posix" else None)
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.send_signal(signal.SIGINT)
        if process.wait() == 0:
            return 0
        raise


def _interruptible() -> None:
    """In the engine's process, before it starts: Ctrl-C stops it even where this command was
    started with Ctrl-C ignored, as a shell starts a command in the background."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _quiet() -> dict[str, str]:
    """The environment for an engine: Material's end-of-life banner not printed on every build
    (the README's "Engines" section says what happens after 2027-05-05)."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
