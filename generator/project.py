"""A project's settings as `mkdocs.yml` gives them, read without MkDocs: what an engine that runs
no MkDocs plugin (Zensical, through `briefings export`) needs to make the same site.

The plugin's default briefings folder is declared here once; the plugin's config class takes
it from here.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

CONFIG_FILE = "mkdocs.yml"
PLUGIN = "briefings"
DEFAULT_BRIEFINGS_DIR = "briefings"
DEFAULT_DOCS_DIR = "docs"
DEFAULT_SITE_DIR = "site"
MAX_CONFIG_BYTES = 1_000_000  # a configuration file, not data


class ProjectError(Exception):
    """The configuration file cannot be read as a project's: the message says where and why."""


@dataclass(frozen=True)
class Project:
    config_file: Path
    docs_dir: Path
    site_dir: Path
    briefings_dir: Path
    custom_dir: Path | None  # the theme's overrides
    site_url: str
    editions: tuple[datetime.date, ...]
    history_authors: bool
    settings: dict[str, Any] = field(default_factory=dict, compare=False)  # the whole file, as read


class PythonName(str):
    """A `!!python/name:` value (the table of contents' slugify), kept as written: only MkDocs
    itself imports it."""


class _ConfigLoader(yaml.SafeLoader):
    """YAML as MkDocs reads it, without running anything."""


class _ConfigDumper(yaml.SafeDumper):
    pass


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda _loader, suffix, _node: PythonName(suffix))
_ConfigDumper.add_representer(
    PythonName, lambda dumper, value: dumper.represent_scalar(f"tag:yaml.org,2002:python/name:{value}", "")
)


def load_settings(text: str) -> Any:
    """The settings of a configuration file's text, `!ENV` values resolved."""
    return yaml.load(text, Loader=_ConfigLoader)  # noqa: S506 (a safe loader)


def dump_settings(settings: dict[str, Any]) -> str:
    return yaml.dump(settings, Dumper=_ConfigDumper, sort_keys=False, allow_unicode=True)


def _environment_value(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """MkDocs's `!ENV NAME` and `!ENV [NAME, OTHER, default]`: the first variable set, else the default."""
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(loader.construct_scalar(node))
    values = loader.construct_sequence(node)
    names, default = (values[:-1], values[-1]) if len(values) > 1 else (values, None)
    return next((os.environ[str(name)] for name in names if str(name) in os.environ), default)


_ConfigLoader.add_constructor("!ENV", _environment_value)


def _unsupported_relative(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    raise yaml.constructor.ConstructorError(
        None, None, "!relative paths are not supported outside MkDocs; give the folder itself", node.start_mark)


_ConfigLoader.add_constructor("!relative", _unsupported_relative)


def read_project(config_file: Path) -> Project:
    """The settings of the project whose configuration is `config_file`; relative folders are
    taken from the file's own folder, as MkDocs takes them."""
    try:
        if config_file.stat().st_size > MAX_CONFIG_BYTES:
            raise ProjectError(f"{config_file}: larger than {MAX_CONFIG_BYTES:,} bytes; is it a configuration file?")
        settings = load_settings(config_file.read_text("utf-8"))
    except OSError as error:
        raise ProjectError(f"{config_file}: cannot be read ({error.strerror})") from None
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        raise ProjectError(f"{config_file}: not a YAML configuration file ({error})") from None
    if not isinstance(settings, dict):
        raise ProjectError(f"{config_file}: expected a mapping of settings, found {type(settings).__name__}")
    if "INHERIT" in settings:
        raise ProjectError(f"{config_file}: INHERIT: a configuration that inherits another is not supported "
                           "outside MkDocs; write the settings in one file")
    theme = settings.get("theme") if isinstance(settings.get("theme"), dict) else {}
    plugin = _plugin_options(config_file, settings.get("plugins"))
    custom_dir = theme.get("custom_dir")
    return Project(
        config_file=config_file.resolve(),
        docs_dir=_folder(config_file, "docs_dir", settings.get("docs_dir", DEFAULT_DOCS_DIR)),
        site_dir=_folder(config_file, "site_dir", settings.get("site_dir", DEFAULT_SITE_DIR)),
        briefings_dir=_folder(config_file, f"plugins: {PLUGIN}: briefings_dir", plugin.get("briefings_dir", DEFAULT_BRIEFINGS_DIR)),
        custom_dir=_folder(config_file, "theme: custom_dir", custom_dir) if custom_dir is not None else None,
        site_url=_text(config_file, "site_url", settings.get("site_url") or ""),
        editions=_dates(config_file, plugin.get("editions") or []),
        history_authors=bool(plugin.get("history_authors", False)),
        settings=settings,
    )


def _folder(config_file: Path, field_name: str, value: Any) -> Path:
    """A folder the configuration names, relative to its own folder as MkDocs takes it; resolved,
    so that comparing two folders is comparing where they really are."""
    return (config_file.resolve().parent / _text(config_file, field_name, value)).resolve()


def _plugin_options(config_file: Path, plugins: Any) -> dict[str, Any]:
    """The briefings plugin's options, from a list of names or of one-key mappings, or a mapping."""
    entries = plugins.items() if isinstance(plugins, dict) else (
        next(iter(item.items())) if isinstance(item, dict) and len(item) == 1 else (item, {})
        for item in plugins or [])
    for name, options in entries:
        if name == PLUGIN:
            if options is not None and not isinstance(options, dict):
                raise ProjectError(f"{config_file}: plugins: {PLUGIN}: expected a mapping of options")
            return options or {}
    raise ProjectError(f"{config_file}: plugins: expected `{PLUGIN}` among the plugins; this is not a briefings site")


def _text(config_file: Path, field_name: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ProjectError(f"{config_file}: {field_name}: expected text, found {value!r}")
    return value


def _dates(config_file: Path, values: Any) -> tuple[datetime.date, ...]:
    if not isinstance(values, list) or not all(isinstance(value, datetime.date) for value in values):
        raise ProjectError(f"{config_file}: plugins: {PLUGIN}: editions: expected a list of dates (YYYY-MM-DD)")
    return tuple(value.date() if isinstance(value, datetime.datetime) else value for value in values)


def default_project(base: Path) -> Project:
    """The settings of a project without a configuration file, in the folder `base`."""
    base = base.resolve()
    return Project(
        config_file=base / CONFIG_FILE, docs_dir=(base / DEFAULT_DOCS_DIR).resolve(),
        site_dir=(base / DEFAULT_SITE_DIR).resolve(), briefings_dir=(base / DEFAULT_BRIEFINGS_DIR).resolve(),
        custom_dir=None, site_url="", editions=(), history_authors=False,
        settings={"site_name": "Briefings", "plugins": ["search", PLUGIN]},
    )


def find_project(config_file: Path | None) -> Project:
    """The project of `config_file`; without one, of ./mkdocs.yml if there is one, else the defaults."""
    if config_file is None:
        config_file = Path(CONFIG_FILE)
        if not config_file.is_file():
            return default_project(Path.cwd())
    return read_project(config_file)
