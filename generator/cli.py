"""The `briefings` command line: check the briefings, export the generated pages."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from . import pipeline
from .problems import format_problems, problems_as_json
from .render import fill_placeholders

DEFAULT_ROOT = Path("briefings")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    arguments = parser.parse_args(argv)
    if not hasattr(arguments, "run"):
        parser.print_help()
        return 2
    return arguments.run(arguments)


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
    export.description = "Write every generated page, and the hand-written docs with their blocks filled, into DIR."
    export.add_argument("directory", metavar="DIR", type=Path, help="the folder to write; must be empty or absent")
    _add_root(export)
    export.add_argument("--docs", type=Path, default=Path("docs"), help="the hand-written pages (default: docs)")
    export.set_defaults(run=_export)
    return parser


def _add_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="the briefings folder (default: briefings)")


def _check(arguments: argparse.Namespace) -> int:
    entries, problems = pipeline.check(arguments.root)
    if arguments.format == "json":
        print(problems_as_json(problems))
    elif problems:
        print(format_problems(problems), file=sys.stderr)
    else:
        print(f"{len(entries)} records checked, no problems.")
    return 1 if problems else 0


def _export(arguments: argparse.Namespace) -> int:
    target: Path = arguments.directory
    if target.exists() and any(target.iterdir()):
        print(f"{target}: expected an empty or new folder; it holds files, and export never overwrites", file=sys.stderr)
        return 1
    try:
        site, pages = pipeline.generate(arguments.root)
    except pipeline.BriefingsError as error:
        print(error, file=sys.stderr)
        return 1
    if arguments.docs.is_dir():
        shutil.copytree(arguments.docs, target, dirs_exist_ok=True)
        for markdown_file in target.rglob("*.md"):
            path = markdown_file.relative_to(target).as_posix()
            markdown_file.write_text(fill_placeholders(markdown_file.read_text("utf-8"), site, path), "utf-8")
    for path, markdown in pages.items():
        destination = target / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(markdown, "utf-8")
    print(f"{len(pages)} generated pages written to {target}")
    return 0
