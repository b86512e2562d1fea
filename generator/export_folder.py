"""The site as a folder of Markdown, for an engine that runs no MkDocs plugin (Zensical): the
hand-written pages with their generated blocks filled, and every generated page and data file
of every edition.

`briefings export` writes it once; `briefings watch` keeps it current, rewriting only the files
whose text changed, each replaced whole (written beside, then renamed), so that an engine
watching the folder never reads half a file. Bad briefings change nothing in it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import pipeline
from .history import HistoryOptions
from .incremental import RenderMemory
from .model import Site
from .project import Project
from .render import placeholder_blocks
from .site_writes import file_digest, remove_left_over
from .text import fill_placeholders, has_placeholders, markdown_name_links

# Written into every exported folder: `watch` rewrites only a folder that holds it (or an empty one).
MARKER = ".briefings-export"
MARKER_TEXT = "Written by `briefings export` or `briefings watch`: files here are replaced on each change.\n"


class ExportError(Exception):
    """The folder cannot be written as asked: the message says why."""


def hand_written_files(project: Project, site: Site, left_out: frozenset[str] = frozenset()) -> dict[str, bytes]:
    """Every file under the docs folder (docs-relative path -> bytes) but those `left_out`, its
    Markdown pages with their `<!-- briefings:NAME -->` blocks filled for the current edition."""
    files: dict[str, bytes] = {}
    for path in sorted(project.docs_dir.rglob("*")):
        relative = path.relative_to(project.docs_dir).as_posix()
        if relative in left_out or _not_content(relative) or not path.is_file():
            continue
        try:
            content = path.read_bytes()
            if path.suffix == ".md":
                text = content.decode("utf-8")
                if has_placeholders(text):
                    content = markdown_name_links(fill_placeholders(text, placeholder_blocks(site, relative))).encode("utf-8")
        except FileNotFoundError:
            continue  # removed while the folder was listed (an editor's temporary file)
        except OSError as error:
            raise ExportError(f"{path}: cannot be read ({error.strerror})") from None
        except UnicodeDecodeError as error:
            raise ExportError(f"{path}: byte {error.start}: expected UTF-8 text, found byte 0x{error.object[error.start]:02x}") from None
        files[relative] = content
    return files


def hand_written_blocks(docs_dir: Path, site: Site) -> dict[str, dict[str, str]]:
    """The blocks of each hand-written page that asks for them (docs-relative path -> name ->
    block), for an engine that fills them itself; pages that cannot be read are left to it."""
    blocks = {}
    for path in sorted(docs_dir.rglob("*.md")):
        relative = path.relative_to(docs_dir).as_posix()
        if _not_content(relative):
            continue
        try:
            text = path.read_text("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue
        if has_placeholders(text):
            blocks[relative] = placeholder_blocks(site, relative)
    return blocks


def _not_content(relative: str) -> bool:
    """Hidden files and folders (as MkDocs leaves them out) and editors' backups (`name~`)."""
    return any(part.startswith(".") for part in relative.split("/")) or relative.endswith("~")


@dataclass
class Exporter:
    """Makes the whole folder's files from the briefings; between calls it keeps what lets an
    unchanged sheet go unread and an unchanged page go unrendered (hand-written pages, few and
    small, are read each time)."""

    project: Project
    left_out: frozenset[str] = frozenset()  # hand-written files (docs-relative) not to export
    cache: dict = field(default_factory=dict)
    memory: RenderMemory | None = field(default_factory=lambda: RenderMemory(packs=False))  # None: made once
    history: HistoryOptions = field(init=False)

    def __post_init__(self) -> None:
        self.history = HistoryOptions(authors=self.project.history_authors)

    def files(self) -> dict[str, bytes]:
        """Folder-relative path -> content; raises BriefingsError listing every problem."""
        site, pages, data_files = pipeline.generate_all(
            self.project.briefings_dir, base_url=self.project.site_url, cache=self.cache, memory=self.memory,
            editions=self.project.editions, history=self.history,
        )
        hand_written = hand_written_files(self.project, site, self.left_out)
        generated = {**pages, **data_files}
        clashes = sorted(hand_written.keys() & generated.keys())
        if clashes:
            raise ExportError(f"{self.project.docs_dir / clashes[0]} is hand-written, but the generator makes that file; rename it")
        # Name links are tokens that only our Markdown extension reads: here, plain Markdown links.
        exported = {path: markdown_name_links(text) if path.endswith(".md") else text for path, text in generated.items()}
        return {**hand_written, **{path: text.encode("utf-8") for path, text in exported.items()}}


@dataclass
class ExportFolder:
    """A folder holding an export, and the digest of each file written into it."""

    root: Path
    digests: dict[str, bytes] = field(default_factory=dict)

    @classmethod
    def claim(cls, root: Path, *, fresh: bool) -> ExportFolder:
        """The folder to write: with `fresh`, new or empty (as `export` asks); else also one a
        previous export or watch wrote, whose files are then taken as they are."""
        held = cls.check(root, fresh=fresh)
        root.mkdir(parents=True, exist_ok=True)
        (root / MARKER).write_text(MARKER_TEXT, "utf-8")
        folder = cls(root)
        if held:
            folder.digests = {path.relative_to(root).as_posix(): file_digest(path.read_bytes())
                              for path in root.rglob("*") if path.is_file() and path.name != MARKER}
        return folder

    @staticmethod
    def check(root: Path, *, fresh: bool) -> bool:
        """Raise ExportError where `claim` would refuse the folder; whether it holds files."""
        if root.exists() and not root.is_dir():
            raise ExportError(f"{root}: expected a folder; it is a file")
        held = root.is_dir() and any(root.iterdir())
        if held and (fresh or not (root / MARKER).is_file()):
            raise ExportError(f"{root}: expected an empty or new folder; it holds files, and export never "
                              f"overwrites what it did not write" + ("" if fresh else f" (it has no {MARKER})"))
        return held

    def update(self, files: dict[str, bytes]) -> tuple[list[str], list[str]]:
        """Make the folder hold exactly `files`: the paths written and the paths removed."""
        digests = {path: file_digest(content) for path, content in files.items()}
        written = sorted(path for path in files if self.digests.get(path) != digests[path])
        removed = sorted(self.digests.keys() - files.keys())
        for path in written:
            replace_file(self.root / path, files[path])
            self.digests[path] = digests[path]
        remove_left_over([self.root / path for path in removed], [self.root / path for path in files], self.root)
        for path in removed:
            del self.digests[path]
        return written, removed


def outside_the_sources(project: Project, target: Path) -> None:
    """Refuse a folder inside the briefings or the hand-written pages: what is written there
    would become part of what the export is made from."""
    resolved = target.resolve()
    for source in (project.briefings_dir, project.docs_dir):
        if resolved.is_relative_to(source):
            raise ExportError(f"{target}: inside {source}, which the export is made from; choose a folder outside it")


def replace_file(target: Path, content: bytes) -> None:
    """Write `content` beside `target`, then rename it over it: a reader sees the old file or the new one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    beside = target.with_name(f".{target.name}.{os.getpid()}.writing")  # hidden: engines skip it
    try:
        beside.write_bytes(content)  # with the permissions any new file gets, as the engine's own
        os.replace(beside, target)
    except BaseException:
        beside.unlink(missing_ok=True)
        raise


def export(project: Project, target: Path, left_out: frozenset[str] = frozenset()) -> int:
    """Write the whole site's Markdown into the new or empty folder `target`: the number of files
    written. Raises BriefingsError or ExportError; then nothing is written."""
    outside_the_sources(project, target)
    ExportFolder.check(target, fresh=True)  # before the work of generating, which a refusal would waste
    files = Exporter(project, left_out, memory=None).files()
    ExportFolder.claim(target, fresh=True).update(files)
    return len(files)
