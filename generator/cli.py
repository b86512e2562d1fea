"""The `briefings` command line: check the briefings, export the generated pages."""

from __future__ import annotations

import argparse
import datetime
import shutil
import sys
import traceback
from pathlib import Path

from . import pipeline
from .editor_schema import SCHEMA_FOLDER, json_schema_files
from .history import HistoryOptions
from .problems import format_problems, problems_as_json
from .render import fill_placeholders, placeholder_blocks
from .scaffold import FOLDER_OF_KIND, ScaffoldError, skeleton
from .validate import unverified_quotes

DEFAULT_ROOT = Path("briefings")


EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3


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
    check.description = "Validate every file under the briefings folder; print each problem as path:line:column: field: message."
    _add_root(check)
    check.add_argument("--format", choices=("text", "json"), default="text", help="how to print the problems")
    check.set_defaults(run=_check)

    export = commands.add_parser("export", help="write the generated Markdown pages into a folder")
    export.description = ("Write every generated page of the current edition (as of BRIEFINGS_EDITION, else today), "
                          "and the hand-written docs with their blocks filled, into DIR.")
    export.add_argument("directory", metavar="DIR", type=Path, help="the folder to write; must be empty or absent")
    _add_root(export)
    export.add_argument("--docs", type=Path, default=Path("docs"), help="the hand-written pages (default: docs)")
    export.set_defaults(run=_export)

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
    new.set_defaults(run=_new)

    schema = commands.add_parser("schema", help="write the JSON Schema files for editors")
    schema.description = "Write the JSON Schema (draft-07) of every kind of file, generated from the one schema."
    schema.add_argument("--output", type=Path, default=Path(SCHEMA_FOLDER), help="the folder (default: schema)")
    schema.set_defaults(run=_schema)
    return parser


def _add_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="the briefings folder (default: briefings)")


def _check(arguments: argparse.Namespace) -> int:
    entries, problems = pipeline.check(arguments.root)
    warnings = sorted(unverified_quotes(entries))
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


def _export(arguments: argparse.Namespace) -> int:
    target: Path = arguments.directory
    if target.exists() and any(target.iterdir()):
        print(f"{target}: expected an empty or new folder; it holds files, and export never overwrites", file=sys.stderr)
        return 1
    try:
        site, pages, data_files = pipeline.generate_all(arguments.root, history=HistoryOptions())
    except pipeline.BriefingsError as error:
        print(error, file=sys.stderr)
        return 1
    if arguments.docs.is_dir():
        shutil.copytree(arguments.docs, target, dirs_exist_ok=True)
        for markdown_file in target.rglob("*.md"):
            path = markdown_file.relative_to(target).as_posix()
            blocks = placeholder_blocks(site, path)
            markdown_file.write_text(fill_placeholders(markdown_file.read_text("utf-8"), blocks), "utf-8")
    pipeline.write_files(target, {**pages, **data_files})
    print(f"{len(pages)} generated pages and {len(data_files)} data files written to {target}")
    return 0


def _new(arguments: argparse.Namespace) -> int:
    options = {
        name: getattr(arguments, name)
        for name in ("id", "kind_choice", "country", "date", "source", "url", "publisher", "outlet", "published")
    }
    try:
        made = skeleton(arguments.kind, arguments.name, datetime.date.today(), **options)
    except ScaffoldError as error:  # what the command line asked for cannot be made
        print(f"briefings new: {error}", file=sys.stderr)
        return EXIT_USAGE
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


def _schema(arguments: argparse.Namespace) -> int:
    arguments.output.mkdir(parents=True, exist_ok=True)
    for name, text in json_schema_files().items():
        (arguments.output / name).write_text(text, "utf-8")
    print(f"JSON Schema files written to {arguments.output}")
    return 0
