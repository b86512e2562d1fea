"""The `briefings` command line: check the briefings, export the generated pages."""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import sys
import traceback
from pathlib import Path

from . import engines, pipeline
from .apart import on_stop
from .editor_schema import SCHEMA_FOLDER, json_schema_files
from .engines import DEFAULT_ENGINE, ENGINES
from .export_folder import ExportError, export
from .problems import format_problems, problems_as_json
from .project import CONFIG_FILE, Project, ProjectError, find_project, read_project
from .scaffold import FOLDER_OF_KIND, ScaffoldError, missing_reference, skeleton
from .validate import unverified_quotes, unwritten_summaries
from .watch_export import keep_current

DEFAULT_ROOT = Path("briefings")


EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # as a shell reports a command stopped by Ctrl-C


def _interrupted(signal_number: int, _frame) -> None:
    raise KeyboardInterrupt(f"signal {signal_number}")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    arguments = parser.parse_args(argv)  # exits with EXIT_USAGE on a wrong command line
    if not hasattr(arguments, "run"):
        parser.print_help()
        return EXIT_USAGE
    try:
        return arguments.run(arguments)
    except Exception:  # a bug in Briefings, not a problem in the editor's files
        traceback.print_exc()
        print("\nThis is a bug in Briefings, not a problem in your files; please report it with the text above.",
              file=sys.stderr)
        return EXIT_BUG


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefings", description="Validate briefings and generate the pages of the briefing site."
    )
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    check = commands.add_parser("check", help="validate every fact sheet and article summary")
    check.description = ("Validate every file under the briefings folder (the configuration's, as the site is built from "
                         "it); print each problem as path:line:column: field: message.")
    _add_project(check, docs=False)
    check.add_argument("--format", choices=("text", "json"), default="text", help="how to print the problems")
    check.set_defaults(run=_check)

    export = commands.add_parser("export", help="write the site's Markdown pages into a folder, for any engine")
    export.description = ("Write the hand-written pages with their blocks filled, and every generated page and data file "
                          "(of the current edition, as of BRIEFINGS_EDITION, else today, and of each archived edition), "
                          "into DIR, for an engine that runs no MkDocs plugin (Zensical).")
    export.add_argument("directory", metavar="DIR", type=Path, help="the folder to write; must be empty or absent")
    _add_project(export)
    export.set_defaults(run=_export)

    watch = commands.add_parser("watch", help="keep an exported folder current as the briefings change")
    watch.description = ("Export into DIR, then rewrite in it only the files that change whenever a briefing or a "
                         "hand-written page is saved, until stopped (Ctrl-C). A broken edit keeps the last good pages. "
                         "With --engine-config, `zensical serve --config-file FILE` then serves it.")
    watch.add_argument("directory", metavar="DIR", type=Path,
                       help="the folder to keep current: new, empty, or written by an earlier export or watch")
    _add_project(watch)
    watch.add_argument("--engine-config", type=Path, metavar="FILE",
                       help="also write Zensical's settings for DIR to FILE, in a folder that holds DIR "
                            "(export/zensical.yml for export/docs); Zensical then builds into site/ beside FILE")
    watch.set_defaults(run=_watch)

    build = commands.add_parser("build", help="build the site with an engine into its site folder")
    build.description = ("Build the site into the site folder of mkdocs.yml; a failed build leaves the last good site. "
                         "mkdocs and properdocs run the plugin; zensical builds an export.")
    build.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE,
                       help=f"what builds the site (default: {DEFAULT_ENGINE}); see the README's Engines section")
    build.add_argument("--config", type=Path, default=Path(CONFIG_FILE), help=f"the configuration (default: {CONFIG_FILE})")
    build.add_argument("--site-dir", type=Path, help="where to build (default: the configuration's site_dir)")
    build.set_defaults(run=_build)

    new = commands.add_parser("new", help="write a commented skeleton for a new record")
    new.description = (
        "Write a skeleton for a new record into the right folder, with its id made from NAME. "
        "It never overwrites a file. Examples: briefings new country Japan; "
        "briefings new organisation 'Asahi Shimbun' --kind newspaper --country japan"
    )
    new.add_argument("kind", choices=list(FOLDER_OF_KIND), metavar="KIND", help=", ".join(FOLDER_OF_KIND))
    new.add_argument("name", metavar="NAME", help="the name (or, for an article or reference, the title)")
    _add_root(new)
    new.add_argument("--id", help="the id, if not the one made from NAME")
    new.add_argument("--kind", dest="kind_choice", metavar="SORT", help="organisation or place: what sort it is")
    new.add_argument("--country", help="person, organisation or place: the id of its country")
    new.add_argument("--date", help="event: the date it was held (YYYY-MM-DD); without it, a planned event")
    new.add_argument("--source", help="event: the id of the article or reference it is known from")
    new.add_argument("--url", help="article or reference: its web address")
    new.add_argument("--publisher", help="reference: who publishes it")
    new.add_argument("--outlet", help="article: the id of the organisation that published it")
    new.add_argument("--published", help="article: the date it was published (default: today)")
    new.set_defaults(run=_new, usage=new.format_usage())

    schema = commands.add_parser("schema", help="write the JSON Schema files for editors")
    schema.description = "Write the JSON Schema (draft-07) of every kind of file, generated from the one schema."
    schema.add_argument("--output", type=Path, default=Path(SCHEMA_FOLDER), help="the folder (default: schema)")
    schema.set_defaults(run=_schema)
    return parser


def _add_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="the briefings folder (default: briefings)")


def _add_project(parser: argparse.ArgumentParser, docs: bool = True) -> None:
    parser.add_argument("--config", type=Path, help=f"the project's configuration (default: {CONFIG_FILE} if there is one)")
    parser.add_argument("--root", type=Path, help="the briefings folder (default: the configuration's, else briefings)")
    if docs:
        parser.add_argument("--docs", type=Path, help="the hand-written pages (default: the configuration's, else docs)")


def _project(arguments: argparse.Namespace) -> Project:
    """The project the command line names, its folders as given; raises ProjectError."""
    project = find_project(arguments.config)
    if arguments.root is not None:
        project = dataclasses.replace(project, briefings_dir=arguments.root.resolve())
    if getattr(arguments, "docs", None) is not None:
        project = dataclasses.replace(project, docs_dir=arguments.docs.resolve())
    return project


def _check(arguments: argparse.Namespace) -> int:
    root = arguments.root
    if root is None:
        try:
            root = _shown(_project(arguments).briefings_dir)
        except ProjectError as error:
            if arguments.config is not None:
                print(error, file=sys.stderr)
                return EXIT_PROBLEMS
            # Without --config, a mkdocs.yml this command cannot read (not ours, or with settings
            # only MkDocs reads) does not stop a check of the usual folder.
            root = DEFAULT_ROOT
            print(f"warning: {error}; checking {root}/", file=sys.stderr)
    entries, problems = pipeline.check(root)
    warnings = sorted([*unverified_quotes(entries), *unwritten_summaries(entries)])
    if arguments.format == "json":
        print(problems_as_json(problems, warnings))
        return 1 if problems else 0
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if problems:
        print(format_problems(problems), file=sys.stderr)
    else:
        counted = f", {len(warnings)} warning{'s' if len(warnings) != 1 else ''}" if warnings else ""
        print(f"{len(entries)} records checked, no problems{counted}.")
    return 1 if problems else 0


def _shown(path: Path) -> Path:
    """`path` relative to the working folder where it lies inside it, as messages show paths."""
    try:
        return path.relative_to(Path.cwd())
    except ValueError:
        return path


def _export(arguments: argparse.Namespace) -> int:
    try:
        project = _project(arguments)
        written = export(project, arguments.directory)
    except (ProjectError, ExportError, pipeline.BriefingsError) as error:
        print(error, file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"{written} files written to {arguments.directory}")
    return EXIT_OK


def _watch(arguments: argparse.Namespace) -> int:
    try:
        project = _project(arguments)
        config, folder = arguments.engine_config, arguments.directory
        if config is None:
            return keep_current(project, folder)
        engines.check_zensical_config(project, config, folder)
        return keep_current(project, folder, left_out=engines.left_out_for_zensical(project),
                            exported=lambda: engines.write_zensical_config(project, config, folder))
    except (ProjectError, ExportError) as error:
        print(error, file=sys.stderr)
        return EXIT_PROBLEMS


def _build(arguments: argparse.Namespace) -> int:
    on_stop(_interrupted)  # stopped, a build cleans up as on Ctrl-C
    try:
        project = read_project(arguments.config)
        if arguments.site_dir is not None:
            project = dataclasses.replace(project, site_dir=arguments.site_dir.resolve())
        return engines.build(arguments.engine, project)
    except KeyboardInterrupt:
        print("Stopped; the site was left as it was.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except (ProjectError, ExportError, engines.EngineMissing) as error:
        print(error, file=sys.stderr)
        return EXIT_PROBLEMS
    except pipeline.BriefingsError as error:
        print(f"The briefings have problems; the site was left as it was.\n{error}", file=sys.stderr)
        return EXIT_PROBLEMS


def _new(arguments: argparse.Namespace) -> int:
    options = {
        name: getattr(arguments, name)
        for name in ("id", "kind_choice", "country", "date", "source", "url", "publisher", "outlet", "published")
    }
    try:
        made = skeleton(arguments.kind, arguments.name, datetime.date.today(), **options)
    except ScaffoldError as error:  # what the command line asked for cannot be made
        return _wrong_new(arguments, str(error))
    missing = missing_reference(arguments.root, options)
    if missing:
        return _wrong_new(arguments, missing)
    path = arguments.root / made.path
    if path.exists():
        print(f"{path}: already exists; `new` never overwrites a file", file=sys.stderr)
        return 1
    taken = [other for other in arguments.root.glob(f"*/{path.stem}.*") if other.parent.name != path.parent.name]
    if taken:
        print(f"{taken[0]}: already has the id `{path.stem}` (ids are shared by every kind of record); "
              f"give another with --id", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:
        file.write(made.text)
    print(f"Wrote {path}. Fill it in, then run `briefings check`.")
    return 0


def _wrong_new(arguments: argparse.Namespace, message: str) -> int:
    """A command line `new` cannot follow: its usage, then why, as argparse reports its own refusals."""
    print(f"{arguments.usage}briefings new: {message}", file=sys.stderr)
    return EXIT_USAGE


def _schema(arguments: argparse.Namespace) -> int:
    arguments.output.mkdir(parents=True, exist_ok=True)
    for name, text in json_schema_files().items():
        (arguments.output / name).write_text(text, "utf-8")
    print(f"JSON Schema files written to {arguments.output}")
    return 0
