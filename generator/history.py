"""The history of every record, read from git: dated, field-level changes, newest first.

`git log --raw` names the files each commit changed and the blobs before and after; one
`git cat-file --batch` reads those blobs; each pair is parsed and compared field by field. Git
itself does the reading of its objects. Only commit dates are used (author names only when the
editor asks for them), so the history, and the pages, are the same on every clone of the same
commits. In a shallow clone, the oldest commit there stands for everything before it and is not
shown as a change.
"""

from __future__ import annotations

import datetime
import itertools
import re
import subprocess
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .characters import shown
from .load import LoadError, parse_source
from .schema import KINDS

NO_GIT = ("The history of this page is unavailable: the briefings were built outside a git repository "
          "(from an archive, for example).")
EMPTY_BLOB = "0" * 40
# Limits: the commits read (the newest), the changes told per commit and record, and each one's length.
MAX_COMMITS = 5000
MAX_ITEMS = 20
MAX_ITEM = 300
LINE_BREAKS = re.compile(r"(?<![ \t])[ \t]*+(?:\r\n|\n|\r)[ \t\r\n]*+")  # tried once per run of blanks
FIELD_SEPARATOR, COMMIT_SEPARATOR = "\x1f", "\x1e"
# How the items of each list are told apart between two versions of a file, and named.
ITEM_KEYS = {
    "leaders": ("Leader", ("person", "office")),
    "offices": ("Office", ("title",)),
    "facts": ("Fact", ("label",)),
    "relations": ("Relation", ("kind", "actor")),
    "positions": ("Position", ("topic",)),
    "figures": ("Figure", ("figure",)),
    "quotes": ("Quote", ("speaker", "words")),
    "earlier": ("Earlier state", ("until",)),
}
PLAIN_LISTS = {"aliases": "Alias", "mentions": "Mention", "participants": "Participant", "passages": "Passage",
               "sources": "Source"}


@dataclass(frozen=True)
class Change:
    """What one commit changed in one record."""

    date: datetime.date
    commit: str
    record: str
    items: tuple[str, ...]  # "Status: planned → held", "Quote added: ..."
    author: str | None = None
    seconds: int = 0  # the commit's time (Unix seconds): orders the changes of one day


@dataclass
class History:
    available: bool
    note: str = ""
    changes: dict[str, list[Change]] = field(default_factory=dict)  # record id -> newest first


def read_history(root: Path, names: dict[str, str] | None = None, authors: bool = False) -> History:
    """The changes of every record under `root`, or a History that says why there are none."""
    try:
        top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
        # Merges are read against their first parent: what a merged branch changed, on the day
        # it was merged.
        log = _git(root, "-c", "core.quotePath=false", "log", "--no-renames", "--raw", "--no-abbrev",
                   "--first-parent", "-m", f"--max-count={MAX_COMMITS}",
                   f"--format={COMMIT_SEPARATOR}%H{FIELD_SEPARATOR}%cs{FIELD_SEPARATOR}%ct{FIELD_SEPARATOR}%an", "--", ".")
        boundary = _shallow_commits(root)
        prefix = root.resolve().relative_to(top.resolve()).as_posix() if root.resolve() != top.resolve() else ""
        commits = list(_parse_log(log, prefix))
        blobs = _read_blobs(root, {sha for *_commit, files in commits for _p, old, new in files for sha in (old, new)})
    except (OSError, ValueError, subprocess.CalledProcessError):
        return History(available=False, note=NO_GIT)
    history = History(available=True)
    by_record: dict[str, list[Change]] = defaultdict(list)
    for commit, day, seconds, author, files in commits:  # newest first, as git log gives them
        if commit in boundary:
            continue  # a shallow clone's oldest commit: everything before it, not one change
        for path, old, new in files:
            record_id = Path(path).stem
            if (old != EMPTY_BLOB and old not in blobs) or (new != EMPTY_BLOB and new not in blobs):
                continue  # a version this clone does not hold
            suffix = Path(path).suffix
            items = _told(describe(_parse(blobs.get(old), suffix), _parse(blobs.get(new), suffix), names or {}))
            if items:
                by_record[record_id].append(Change(day, commit, record_id, items, shown(author) if authors else None,
                                                   seconds))
    history.changes = dict(by_record)
    return history


@dataclass
class HistoryOptions:
    """Whether to name authors, and the history last read, kept while the commit is the same
    (under `mkdocs serve`, most rebuilds follow an edit, not a commit)."""

    authors: bool = False
    _last: tuple[tuple, History] | None = None

    def read(self, root: Path, names: dict[str, str]) -> History:
        key = (head(root), self.authors, tuple(sorted(names.items())))
        if self._last is None or self._last[0] != key or key[0] is None:
            self._last = (key, read_history(root, names, self.authors))
        return self._last[1]


def _told(items: Iterator[str]) -> tuple[str, ...]:
    """Changes as a page may show them: each on one line and short, with control, invisible and
    private-use characters written as escapes (old versions were never checked), and at most a few
    per commit. Line breaks (between a summary's paragraphs) are spaces, not escapes."""
    told = []
    for item in itertools.islice(items, MAX_ITEMS + 1):
        item = LINE_BREAKS.sub(" ", item)
        told.append(shown(item if len(item) <= MAX_ITEM else item[: MAX_ITEM - 1] + "…"))
    if len(told) > MAX_ITEMS:
        told[MAX_ITEMS:] = ["and more"]
    return tuple(told)


def head(root: Path) -> str | None:
    """The commit the briefings are at, to know when the history must be read again."""
    try:
        return _git(root, "rev-parse", "HEAD").strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def _git(root: Path, *arguments: str) -> str:
    return subprocess.run(["git", "-C", str(root), *arguments], capture_output=True, check=True,
                          text=True, encoding="utf-8", errors="replace").stdout


def _shallow_commits(root: Path) -> set[str]:
    shallow = Path(root, _git(root, "rev-parse", "--git-path", "shallow").strip())
    return set(shallow.read_text().split()) if shallow.is_file() else set()


def _parse_log(log: str, prefix: str) -> Iterator[tuple[str, datetime.date, int, str, list[tuple[str, str, str]]]]:
    """Each commit: its id, date, time, author, and the record files it changed (path, old blob, new blob)."""
    for chunk in log.split(COMMIT_SEPARATOR)[1:]:
        header, _, body = chunk.partition("\n")
        commit, day, seconds, author = header.split(FIELD_SEPARATOR, 3)
        files = []
        for line in body.splitlines():
            if not line.startswith(":"):
                continue
            meta, _, path = line.partition("\t")
            _old_mode, _new_mode, old, new, _status = meta[1:].split()
            relative = path[len(prefix) + 1:] if prefix else path
            parts = relative.split("/")
            if len(parts) == 2 and parts[0] in KINDS and parts[1].endswith(KINDS[parts[0]][1]):
                files.append((relative, old, new))
        if files:
            yield commit, datetime.date.fromisoformat(day), int(seconds), author, files


def _read_blobs(root: Path, shas: Iterable[str]) -> dict[str, bytes]:
    wanted = sorted(sha for sha in shas if sha != EMPTY_BLOB)
    if not wanted:
        return {}
    output = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"], input="\n".join(wanted).encode() + b"\n",
                            capture_output=True, check=True).stdout
    blobs, position = {}, 0
    for sha in wanted:
        end = output.index(b"\n", position)
        header = output[position:end].split()
        if len(header) < 3:  # "<sha> missing": not in a shallow clone
            position = end + 1
            continue
        size = int(header[2])
        blobs[sha] = output[end + 1:end + 1 + size]
        position = end + 1 + size + 1
    return blobs


UNREADABLE = {"\0unreadable": True}  # a version of a file that the checker could not have read


def _parse(blob: bytes | None, suffix: str) -> dict | None:
    """A version of a record file as its fields, read as the checker reads files (no aliases, no
    tags, limited depth and size); UNREADABLE where it could not be."""
    if blob is None:
        return None
    try:
        return parse_source(blob, suffix)
    except LoadError:
        return UNREADABLE


def describe(old: dict | None, new: dict | None, names: dict[str, str]) -> Iterator[str]:
    """What changed from one version of a record to the next, field by field."""
    if new is None:
        yield "Removed"
        return
    if old is None:
        yield "Added"
        return
    if old is UNREADABLE or new is UNREADABLE:
        yield "Edited (one of the two versions is not a file the checker accepts)"
        return
    for key in dict.fromkeys([*old, *new]):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        label = key.replace("_", " ").capitalize()
        if key in ITEM_KEYS:
            yield from _list_changes(key, before or [], after or [], names)
        elif key in PLAIN_LISTS:
            yield from _plain_list_changes(PLAIN_LISTS[key], before or [], after or [], names)
        elif key == "summary":
            yield "Summary rewritten" if before else "Summary added"
        elif isinstance(before, list) or isinstance(after, list) or _nested(before) or _nested(after):
            yield f"{label} changed"
        elif before is None:
            yield f"{label}: {_value(after, names)}"
        else:
            yield f"{label}: {_value(before, names)} → {_value(after, names)}"


def _nested(value: Any) -> bool:
    """A mapping that is not a single value (such as `coordinates`), told as changed, not shown."""
    return isinstance(value, dict) and "value" not in value


def _value(value: Any, names: dict[str, str]) -> str:
    if value is None:
        return "none"
    if isinstance(value, dict):
        return _value(value.get("value", ""), names)
    if isinstance(value, str):
        return names.get(value, value)
    return str(value)


def _key(item: Any, fields: tuple[str, ...]) -> tuple:
    return tuple(str(item.get(name)) for name in fields) if isinstance(item, dict) else (str(item),)


def _list_changes(key: str, before: list, after: list, names: dict[str, str]) -> Iterator[str]:
    noun, fields = ITEM_KEYS[key]
    old = {_key(item, fields): item for item in before if isinstance(item, dict)}
    new = {_key(item, fields): item for item in after if isinstance(item, dict)}
    for item_key, item in new.items():
        if item_key not in old:
            yield f"{noun} added: {_summary(item, names)}"
        elif old[item_key] != item:
            detail = "; ".join(_field_changes(old[item_key], item, names))
            yield f"{noun} changed: {_summary(item, names)}" + (f" ({detail})" if detail else "")
    for item_key, item in old.items():
        if item_key not in new:
            yield f"{noun} removed: {_summary(item, names)}"


def _field_changes(before: dict, after: dict, names: dict[str, str]) -> Iterator[str]:
    """The fields of one item that changed: a value before and after where it is one value, the
    field's name alone where it holds several (sources, accounts, series) or the source's words."""
    for name in dict.fromkeys([*before, *after]):
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        label = name.replace("_", " ")
        if isinstance(old, (list, dict)) or isinstance(new, (list, dict)) or name == "excerpt":
            yield f"{label} changed"
        else:
            yield f"{label} {_value(old, names)} → {_value(new, names)}"


def _summary(item: dict, names: dict[str, str]) -> str:
    """An item of a list in a few words: 'Lee Jae-myung, President, since 2025-06-04'."""
    parts = []
    for name in ("person", "actor", "speaker", "figure", "label", "topic", "kind"):
        if item.get(name):
            parts.append(_value(item[name], names))
    if item.get("words"):
        parts.append(f"“{item['words']}”")
    for name in ("office", "title"):
        if item.get(name):
            parts.append(str(item[name]))
    if item.get("since"):
        parts.append(f"since {item['since']}")
    if item.get("until"):
        parts.append(f"until {item['until']}")
    return ", ".join(parts) or "(unnamed)"


def _plain_list_changes(noun: str, before: list, after: list, names: dict[str, str]) -> Iterator[str]:
    old, new = [str(item) for item in before], [str(item) for item in after]
    added = [item for item in new if item not in old]
    removed = [item for item in old if item not in new]
    if noun == "Passage":  # the story's own words: counted, not repeated
        if added:
            yield f"{len(added)} passage{'s' if len(added) > 1 else ''} added"
        if removed:
            yield f"{len(removed)} passage{'s' if len(removed) > 1 else ''} removed"
        return
    for item in added:
        yield f"{noun} added: {names.get(item, item)}"
    for item in removed:
        yield f"{noun} removed: {names.get(item, item)}"
