"""Under `mkdocs serve`, a rebuild writes only the files of the site that changed.

MkDocs empties the site folder before every build that is not `--dirty`, then writes every page
and copies every theme asset and data file again: at a thousand records that is thousands of
files created and written after each save, most of a rebuild's time on these machines. `--dirty`
avoids it by not building unchanged pages at all, which leaves the navigation stale and the
search index without them. Here every page is still built, in full, as in a clean build; only
the writing is spared: a file whose bytes (or, for a copy, whose source file) are as when it was
last written is left as it is, and a file the previous build wrote that this build did not is
deleted afterwards, so that the folder holds what a clean build would have left. (The search
index, written in pieces, is the one file written on every build.)

MkDocs writes through three functions of `mkdocs.utils`; while serving, they are wrapped, and
only for paths inside the folder being served.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Callable, Iterable

from mkdocs import utils


class SiteWrites:
    def __init__(self) -> None:
        self.folder: str | None = None  # the site folder of the current build
        self.written: dict[str, object] = {}  # path -> what was last written there (digest or source stamp)
        self.this_build: set[str] = set()  # paths the current build wrote or left as they were
        self.skipped = 0  # files of the last build left as they were
        self._originals: dict[str, Callable] = {}

    def install(self) -> None:
        if self._originals:
            return
        self._originals = {name: getattr(utils, name) for name in ("write_file", "copy_file", "clean_directory")}
        utils.write_file = self._write_file
        utils.copy_file = self._copy_file
        utils.clean_directory = self._clean_directory

    def uninstall(self) -> None:
        for name, function in self._originals.items():
            setattr(utils, name, function)
        self._originals = {}
        self.folder, self.written = None, {}

    def start(self, site_dir: str) -> None:
        """Before a build: where it writes."""
        if not self._originals:
            return  # not installed: MkDocs writes as it always does
        folder = os.path.abspath(site_dir)
        if folder != self.folder:
            self.written = {}  # another folder: nothing in it is known
        self.folder = folder
        self.this_build = set()
        self.skipped = 0

    def finish(self) -> None:
        """After a build that succeeded: delete what the previous build wrote and this one did not."""
        if not self._originals:
            return
        left_over = self.written.keys() - self.this_build
        remove_left_over(left_over, self.this_build, Path(self.folder))
        for path in left_over:
            del self.written[path]

    def kept(self, path: str, digest: bytes) -> bytes | None:
        """The bytes of the file at `path` if this writer last wrote it with `digest` and it is
        still there; else None."""
        absolute = self._ours(path)
        if absolute is None or self.written.get(absolute) != digest:
            return None
        try:
            return Path(absolute).read_bytes()
        except OSError:
            return None

    def _ours(self, path: str) -> str | None:
        """The absolute path of `path` if it is inside the site folder being served (MkDocs makes
        every output path from the site folder's own absolute path)."""
        if self.folder is None:
            return None
        absolute = os.path.abspath(path)
        return absolute if absolute.startswith(self.folder + os.sep) else None

    def _clean_directory(self, directory: str) -> None:
        if self.folder is not None and os.path.abspath(directory) == self.folder and self.written:
            return  # kept: each file is compared as it is written, and what is left over goes at the end
        self.written = {}
        self._originals["clean_directory"](directory)

    def _write_file(self, content: bytes, output_path: str) -> None:
        path = self._ours(output_path)
        if path is None:
            return self._originals["write_file"](content, output_path)
        digest = file_digest(content)
        self._keep_or_write(path, digest, lambda: self._originals["write_file"](content, output_path))

    def write_pieces(self, pieces: Iterable[bytes], output_path: str) -> None:
        """MkDocs's `write_file` for a file given in pieces, which are never all in memory at once.
        The pieces go to a file beside it that takes its place once whole: a failure halfway leaves
        the last file as it was. Such a file is always written, as what it holds is known only once
        it is."""
        digest = hashlib.blake2b(digest_size=16)  # as `file_digest` makes it of the whole
        folder, name = os.path.split(output_path)
        os.makedirs(folder, exist_ok=True)
        partial = os.path.join(folder, f".{name}.part")
        try:
            with open(partial, "wb") as file:
                for piece in pieces:
                    digest.update(piece)
                    file.write(piece)
            os.replace(partial, output_path)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        path = self._ours(output_path)
        if path is not None:
            self.this_build.add(path)
            self.written[path] = digest.digest()

    def _copy_file(self, source_path: str, output_path: str) -> None:
        path = self._ours(output_path)
        if path is None or os.path.isdir(output_path):
            return self._originals["copy_file"](source_path, output_path)
        source = os.stat(source_path)
        stamp = (os.path.abspath(source_path), source.st_ino, source.st_mtime_ns, source.st_ctime_ns, source.st_size)
        self._keep_or_write(path, stamp, lambda: self._originals["copy_file"](source_path, output_path))

    def _keep_or_write(self, path: str, fingerprint: object, write: Callable[[], None]) -> None:
        self.this_build.add(path)
        if self.written.get(path) == fingerprint and os.path.isfile(path):
            self.skipped += 1
            return
        self.written.pop(path, None)  # until it is written whole
        write()
        self.written[path] = fingerprint


def remove_left_over(paths: Iterable[str | Path], written: Iterable[str | Path], top: Path) -> None:
    """Delete the files at `paths` (under `top`), which a previous run wrote and this one did not,
    and the folders that leaves empty; but not one that is among the `written` under another case
    of its name, as on a file system that ignores case."""
    written_by_case = {str(path).casefold(): str(path) for path in written}
    for path in paths:
        if not _same_file(str(path), written_by_case.get(str(path).casefold())):
            Path(path).unlink(missing_ok=True)
            remove_empty_parents(Path(path).parent, top)


def _same_file(path: str, other: str | None) -> bool:
    """Whether `path` is the file `other` (on a file system that ignores case, `About/index.html`
    is the `about/index.html` just written, and must not be deleted as left over)."""
    try:
        return other is not None and os.path.samefile(path, other)
    except OSError:
        return False


def file_digest(content: bytes) -> bytes:
    return hashlib.blake2b(content, digest_size=16).digest()


def remove_empty_parents(folder: Path, top: Path) -> None:
    while folder != top and top in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return  # not empty
        folder = folder.parent
