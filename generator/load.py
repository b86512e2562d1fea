"""Read the editors' files into plain values, keeping the line and column of every value.

Only safe YAML is accepted: no tags, no aliases (an anchor alone is harmless and ignored), no
merge keys, no duplicate keys. Scalars follow
the YAML 1.2 core rules rather than PyYAML's 1.1 ones, so `no` stays the text "no" and dates
stay text until the schema checks them against the calendar.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .characters import character_name
from .problems import Problem
from .schema import KINDS

MAX_FILE_BYTES = 1024 * 1024
MAX_NESTING = 12  # mappings and lists inside each other; the deepest field of the schema needs 6
MAX_INTEGER_DIGITS = 20  # a longer run of digits stays text (Python refuses to read very long ones)
FRONT_MATTER_FENCE = "---"
YAML_TAG = "tag:yaml.org,2002:"
ALLOWED_TAGS = {YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}
INT = re.compile(r"^[-+]?[0-9]+$")
# Linear: the integer part cannot give back digits to anything that could also match them.
FLOAT = re.compile(r"^[-+]?(?:[0-9]++\.[0-9]*+|\.[0-9]++)(?:[eE][-+]?[0-9]++)?$")
# What YAML refuses to read (outside the YAML 1.1 printable set: C0 controls but tab and line
# breaks, DEL, C1 controls, surrogates, U+FFFE and U+FFFF), and the line breaks YAML reads but
# editors do not see as such (NEL, U+2028, U+2029), which would shift every line number after
# them. One character class: linear.
UNREADABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\xA0-\u2027\u202A-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
BOOLEANS = {"true": True, "false": False}
INDENT_TAB = re.compile(r"^ *+\t", re.MULTILINE)  # the first tab in a line's indentation; linear

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# Tags of plain scalars, by their first character, as PyYAML's resolver tells them (its own
# method rebuilds the list of candidates for every value: a check asks about half a million).
_WILDCARD = tuple(_BaseLoader.yaml_implicit_resolvers.get(None, ()))
_IMPLICIT = {first: (*resolvers, *_WILDCARD) for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items() if first}
_IMPLICIT_EMPTY = (*_BaseLoader.yaml_implicit_resolvers.get("", ()), *_WILDCARD)
_DEFAULT_TAGS = {yaml.ScalarNode: _BaseLoader.DEFAULT_SCALAR_TAG, yaml.SequenceNode: _BaseLoader.DEFAULT_SEQUENCE_TAG,
                 yaml.MappingNode: _BaseLoader.DEFAULT_MAPPING_TAG}


class Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader (PyYAML's C one where it is built), telling tags as it does, faster."""

    def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            candidates = _IMPLICIT.get(value[:1], _WILDCARD) if value else _IMPLICIT_EMPTY
            for tag, pattern in candidates:
                if pattern.match(value):
                    return tag
        if self.yaml_path_resolvers:  # none are set; PyYAML's own way, should one ever be
            return super().resolve(kind, value, implicit)
        return _DEFAULT_TAGS[kind]


FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Mark:
    line: int
    column: int


@dataclass
class Document:
    """One source file: its values, and where each value and key stands in the file.

    Positions are only needed to report problems, so they are worked out on first use, from the
    file's YAML composed once more: loading valid files stays close to plain parsing.
    """

    file: str  # as shown to editors, relative to the project
    folder: str  # the kind's folder under briefings/
    stem: str
    _data: dict[str, Any] | None
    _text: str | None = ""  # the file's text
    _yaml_text: str | None = ""  # the YAML part of it
    line_offset: int = 0  # lines before the YAML part
    body_line: int = 0  # for an article, the line where the summary below the front matter starts
    _marks: tuple[dict, dict, dict] | None = field(default=None, repr=False)
    validated: tuple | None = field(default=None, repr=False)  # (record or None, problems), once checked
    source: Path | None = field(default=None, repr=False)  # the file, to read again what was let go of
    _fingerprint: int = field(default=0, repr=False)  # of the text let go of (within this process)

    @property
    def data(self) -> dict[str, Any]:
        return self._contents()[0]

    @property
    def text(self) -> str:
        return self._contents()[1]

    @property
    def yaml_text(self) -> str:
        return self._contents()[2]

    def let_go(self) -> None:
        """Forget the file's text and values. Once its record is made, only placing a problem reads
        them, which is rare: they are read from the file again then. (Between the rebuilds of
        `serve`, each valid file would otherwise be held three times: as text, values and record.)"""
        if self.source is not None and self._text is not None:
            self._fingerprint = hash(self._text)
            self._data = self._text = self._yaml_text = None

    def _contents(self) -> tuple[dict[str, Any], str, str]:
        if self._data is None or self._text is None or self._yaml_text is None:
            self._read_again()
        return self._data, self._text, self._yaml_text  # type: ignore[return-value]

    def _read_again(self) -> None:
        """The text and values let go of, from the file, if it still holds the text the record was
        made from; if it was changed or removed since (the change starts a build of its own, which
        places the problems), none: problems are then placed at the top of the file."""
        try:
            again = read_document(self.source, self.file)  # type: ignore[arg-type]
        except (OSError, LoadError):
            again = None
        if again is None or hash(again._text) != self._fingerprint:
            self._data, self._text, self._yaml_text = {}, "", ""
        else:
            self._data, self._text, self._yaml_text = again._data, again._text, again._yaml_text

    @property
    def value_marks(self) -> dict[FieldPath, Mark]:
        return self._positions()[0]

    @property
    def key_marks(self) -> dict[FieldPath, Mark]:
        return self._positions()[1]

    @property
    def text_styles(self) -> dict[FieldPath, str]:
        """The YAML style of each text value: "|", ">", '"', "'", "" (plain) or "body"."""
        return self._positions()[2]

    def _positions(self) -> tuple[dict, dict, dict]:
        if self._marks is None:
            self._marks = ({}, {}, {})
            node = yaml.compose(self.yaml_text, Loader=Loader)
            if node is not None:  # None: a text no longer there to place anything in
                _Converter(self.line_offset, self._marks).convert(node, ())
            if self.body_line:
                self._marks[0][("summary",)] = Mark(self.body_line, 1)
                self._marks[2][("summary",)] = "body"
        return self._marks

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def mark(self, path: FieldPath, *, key: bool = False) -> Mark:
        """Where `path` stands, or its nearest ancestor that exists."""
        marks = self.key_marks if key else self.value_marks
        while path:
            if path in marks:
                return marks[path]
            path = path[:-1]
        return self.value_marks.get((), Mark(1, 1))

    def text_mark(self, path: FieldPath, offset: int) -> Mark:
        """Where the character at `offset` of the text value at `path` stands in the file, where
        the value's layout tells it (one-line values, `|` blocks, an article's body)."""
        start = self.mark(path)
        style = self.text_styles.get(path)
        value = self.data_at(path)
        if not isinstance(value, str) or style is None:
            return start
        line_offset = value.count("\n", 0, offset)
        line_start = value.rfind("\n", 0, offset) + 1
        line_text = value[line_start:].split("\n", 1)[0]
        if style == "body":
            return self._mark_in_line(start.line + line_offset, 0, "", line_text, offset - line_start)
        if style == "|" and start.line < len(self.lines):
            content = self.lines[start.line]  # the line after the `|` indicator
            indent = len(content) - len(content.lstrip(" "))
            return self._mark_in_line(start.line + 1 + line_offset, indent, "", line_text, offset - line_start)
        if "\n" not in value and style in ("", '"', "'"):
            begin = start.column - 1 + (1 if style else 0)
            return self._mark_in_line(start.line, begin, style, value, offset, fallback=start)
        return start

    def _mark_in_line(
        self, line: int, begin: int, style: str, text: str, offset: int, fallback: Mark | None = None
    ) -> Mark:
        """Where the character at `offset` of `text` stands, `text` being written on `line` of the
        file from `begin` in the given YAML style: escapes and other Unicode spellings are read as
        YAML and NFC read them. If the line does not hold `text` (a value folded over several
        lines), the start of the line, or `fallback`."""
        written = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        characters, columns = _written_characters(written, begin, style)
        if not unicodedata.normalize("NFC", characters).startswith(text) or offset >= len(text):
            return fallback or Mark(line, begin + 1)
        return Mark(line, columns[_unnormalised_index(characters, offset)] + 1)

    def data_at(self, path: FieldPath):
        """The value at `path`, or None where there is none (in a file changed since it was loaded)."""
        value = self.data
        for part in path:
            try:
                value = value[part]
            except (KeyError, IndexError, TypeError):
                return None
        return value


YAML_ESCAPES = {
    "0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
    "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029",
}
HEX_ESCAPE_WIDTHS = {"x": 2, "u": 4, "U": 8}


def _written_characters(written: str, begin: int, style: str) -> tuple[str, list[int]]:
    """The characters a one-line YAML scalar written in `written` from `begin` stands for (before
    NFC), each with the column, counted from 0, at which it is written."""
    characters, columns = [], []
    index = begin
    while index < len(written):
        char = written[index]
        if style and char == style and not (style == "'" and written.startswith("''", index)):
            break  # the closing quote
        columns.append(index)
        if style == '"' and char == "\\":
            kind = written[index + 1 : index + 2]
            width = HEX_ESCAPE_WIDTHS.get(kind, 0)
            digits = written[index + 2 : index + 2 + width]
            if width and len(digits) == width and all(digit in "0123456789abcdefABCDEF" for digit in digits):
                characters.append(chr(int(digits, 16)) if int(digits, 16) <= 0x10FFFF else "?")
            else:
                characters.append(YAML_ESCAPES.get(kind, kind))
            index += 2 + width
        elif style == "'" and written.startswith("''", index):
            characters.append("'")
            index += 2
        else:
            characters.append(char)
            index += 1
    return "".join(characters), columns


def _unnormalised_index(characters: str, offset: int) -> int:
    """The index in `characters` of what NFC makes its character at `offset`: the first `k` whose
    prefix, normalised, is longer than `offset` (the length never shrinks as the prefix grows)."""
    if unicodedata.is_normalized("NFC", characters):
        return offset
    low, high = 0, len(characters) - 1
    while low < high:
        middle = (low + high) // 2
        if len(unicodedata.normalize("NFC", characters[: middle + 1])) > offset:
            high = middle
        else:
            low = middle + 1
    return low


class LoadError(Exception):
    def __init__(self, line: int, column: int, message: str):
        super().__init__(message)
        self.mark = Mark(line, column)
        self.message = message


def discover(root: Path) -> tuple[list[Path], dict[str, str], list[Problem]]:
    """The source files under `root`; the names of misplaced or refused files with the folder
    they seem meant for (so that references to them are not reported too); problems with them.

    Only regular files inside `root` are read: symbolic links are refused, not followed, so
    that nothing outside the briefings folder can reach a page.
    """
    paths: list[Path] = []
    misplaced: dict[str, str] = {}
    problems: list[Problem] = []
    for entry in _entries(root) if root.is_dir() else []:
        if _ignored(entry.name):
            continue
        if entry.is_file(follow_symlinks=False):
            if entry.name.endswith((".yaml", ".yml", ".md")):
                message = f"unexpected file; expected it in one of the folders {', '.join(f + '/' for f in KINDS)}"
                problems.append(_file_problem(root, Path(entry.path), message))
            continue
        path = Path(entry.path)
        if not entry.is_dir(follow_symlinks=False):  # a symbolic link, or not a file at all
            problems.append(_file_problem(root, path, _refusal(entry)))
            continue
        folder = entry.name
        if folder not in KINDS:
            close = difflib.get_close_matches(folder, list(KINDS), n=1, cutoff=0.7)
            hint = f" (did you mean `{close[0]}/`?)" if close else ""
            problems.append(_file_problem(root, path, f"unknown folder; expected one of {', '.join(KINDS)}{hint}"))
            misplaced.update((Path(item.path).stem, close[0]) for item in _files_under(path) if close)
            continue
        suffix = KINDS[folder][1]
        for item in _files_under(path):
            item_path = Path(item.path)
            if not item.is_file(follow_symlinks=False):
                problems.append(_file_problem(root, item_path, _refusal(item, folder)))
                misplaced[item_path.stem] = folder
            elif item_path.suffix != suffix or item_path.parent != path:
                expected = f"a {suffix} file directly in {folder}/"
                problems.append(_file_problem(root, item_path, f"unexpected file; expected {expected}"))
                misplaced[item_path.stem] = folder
            else:
                paths.append(item_path)
    return paths, misplaced, problems


def _entries(folder: Path) -> list[os.DirEntry]:
    with os.scandir(folder) as entries:
        return sorted(entries, key=lambda entry: entry.name)


def _files_under(folder: Path) -> list[os.DirEntry]:
    """Every entry directly in `folder`, and the entries of its real subfolders (whose files are
    misplaced; a folder further down is itself an entry, and not looked into). Links are not followed."""
    found = []
    for entry in _entries(folder):
        if _ignored(entry.name):
            continue
        if entry.is_dir(follow_symlinks=False):
            found += [inner for inner in _entries(Path(entry.path)) if not _ignored(inner.name)]
        else:
            found.append(entry)
    return found


def _refusal(entry: os.DirEntry, folder: str = "") -> str:
    if entry.is_dir(follow_symlinks=False):
        return f"unexpected folder; expected the files directly in {folder}/"
    if entry.is_symlink():
        what = "folder" if entry.is_dir() else "file"
        return (f"a symbolic link; expected the {what} itself (links are not followed, so that nothing "
                "outside the briefings folder is read)")
    return "not a regular file; expected a text file"


def _ignored(name: str) -> bool:
    return name.startswith(".") or name.endswith("~") or name.lower() == "readme.md"


def _file_problem(root: Path, path: Path, message: str) -> Problem:
    return Problem(display_path(root, path), 1, 1, "", message)


def display_path(root: Path, path: Path) -> str:
    base = root.parent
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def load_document(root: Path, path: Path) -> Document:
    """Read one source file. Raises LoadError for anything that is not a safe YAML mapping."""
    return read_document(path, display_path(root, path))


def read_document(path: Path, shown_as: str) -> Document:
    text = _decode(_read(path))
    folder = path.parent.name
    if KINDS[folder][1] == ".md":
        yaml_text, line_offset, body, body_line = _split_front_matter(text)
    else:
        yaml_text, line_offset, body, body_line = text, 0, None, 0
    data = _compose_mapping(yaml_text, line_offset)
    document = Document(shown_as, folder, path.stem, data, text, yaml_text, line_offset, source=path)
    if body is not None and body.strip():
        if "summary" in document.data:
            mark = document.key_marks[("summary",)]
            raise LoadError(mark.line, mark.column, "summary: write the summary below the front matter, not in it")
        document.data["summary"] = unicodedata.normalize("NFC", body.strip("\n"))
        document.body_line = body_line + len(body) - len(body.lstrip("\n"))
    return document


def parse_source(raw: bytes, suffix: str) -> dict[str, Any]:
    """The fields of a source file's bytes (an article's with its summary), read as the checker
    reads files, with the same refusals (aliases, tags, depth, size). Raises LoadError."""
    if len(raw) > MAX_FILE_BYTES:
        raise LoadError(1, 1, f"file is over {MAX_FILE_BYTES:,} bytes; expected at most 1 MiB")
    text = _decode(raw)
    if suffix == ".md":
        yaml_text, line_offset, body, _body_line = _split_front_matter(text)
        data = _compose_mapping(yaml_text, line_offset)
        data["summary"] = unicodedata.normalize("NFC", body.strip("\n"))
        return data
    return _compose_mapping(text, 0)


def _read(path: Path) -> bytes:
    """The file's bytes: never through a symbolic link, never from anything but a regular file,
    never more than the size limit."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        if path.is_symlink():
            raise LoadError(1, 1, "a symbolic link; expected the file itself") from None
        raise LoadError(1, 1, f"cannot be read: {error.strerror}") from None
    try:  # on the descriptor itself, without a file object: half the time of reading the briefings
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise LoadError(1, 1, "not a regular file; expected a text file")
        if status.st_nlink > 1:
            raise LoadError(1, 1, f"a hard link (the file has {status.st_nlink} names); expected a file of its own, "
                                  "so that nothing outside the briefings folder is read")
        if status.st_size > MAX_FILE_BYTES:
            raise LoadError(1, 1, f"file is {status.st_size:,} bytes; expected at most {MAX_FILE_BYTES:,} bytes (1 MiB)")
        chunks, size = [], 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(descriptor, MAX_FILE_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(descriptor)
    raw = b"".join(chunks)
    if len(raw) > MAX_FILE_BYTES:  # it grew while being read
        raise LoadError(1, 1, f"file is over {MAX_FILE_BYTES:,} bytes; expected at most 1 MiB")
    return raw


# Byte order marks, longest first: UTF-32's begin with UTF-16's.
BYTE_ORDER_MARKS = (
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
    (b"\xff\xfe", "UTF-16 (little-endian)"),
    (b"\xfe\xff", "UTF-16 (big-endian)"),
)


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raise LoadError(1, 1, "file starts with a byte order mark (BOM); save it as UTF-8 without BOM")
    encoding = _wide_encoding(raw)
    if encoding:
        raise LoadError(1, 1, f"the file is in {encoding}; save it as UTF-8")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        found = raw[error.start : error.start + 1].hex()
        raise LoadError(line, column, f"expected UTF-8 text; found the byte 0x{found}{_legacy_hint(raw)}") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as YAML counts lines, so that marks agree
    unreadable = UNREADABLE.search(text)
    if unreadable and unreadable.group() == "\x1b" and b"\x1b$" in raw:
        raise LoadError(1, 1, f"expected UTF-8 text{_legacy_hint(raw)}")
    if unreadable:
        line = text.count("\n", 0, unreadable.start()) + 1
        column = unreadable.start() - (text.rfind("\n", 0, unreadable.start()) + 1) + 1
        others = len(UNREADABLE.findall(text)) - 1
        more = f" ({others:,} more after it)" if others else ""
        raise LoadError(line, column, f"found the control character {character_name(unreadable.group())}{more}; "
                                      "expected text: delete it")
    if not text.strip():
        raise LoadError(1, 1, "file is empty; expected a mapping of fields such as `id: ...`")
    tab = INDENT_TAB.search(text)
    if tab:
        raise LoadError(text.count("\n", 0, tab.start()) + 1, tab.end() - tab.start(), "expected spaces for indentation; found a tab")
    return text


def _wide_encoding(raw: bytes) -> str | None:
    """UTF-16 or UTF-32, by its byte order mark or, without one, by its zero bytes (text in
    these encodings holds a zero beside nearly every ASCII character)."""
    for mark, name in BYTE_ORDER_MARKS:
        if raw.startswith(mark):
            return f"{name}, with a byte order mark"
    sample = raw[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    for width, name in ((4, "UTF-32"), (2, "UTF-16")):
        units = len(sample) // width
        zeros = [sum(1 for i in range(offset, units * width, width) if sample[i] == 0) for offset in range(width)]
        for order, nonzero in (("little-endian", 0), ("big-endian", width - 1)):
            if zeros[nonzero] < units * 0.1 and all(zeros[i] > units * 0.6 for i in range(width) if i != nonzero):
                return f"{name} ({order}), without a byte order mark"
    return None


# Legacy encodings a file may be in, in the order they are tried: what each is called, and the
# script of its letters beyond ASCII. Windows-1252 must keep those letters few, as Western
# European text does; the others must give letters of their script, nearly all of them. Single-byte
# encodings of other alphabets read each other's bytes as letters: only the alphabet can be told.
SINGLE_BYTE_ALPHABET = "a single-byte encoding of another alphabet, such as Windows-1251 (Cyrillic) or Windows-1253 (Greek)"
LEGACY_ENCODINGS = (
    ("cp1252", "Windows-1252 (Latin-1)", "LATIN"),
    ("euc_kr", "EUC-KR (Korean)", "HANGUL"),
    ("shift_jis", "Shift_JIS (Japanese)", "KANA"),
    ("gbk", "GBK (Chinese)", "CJK"),
    ("big5", "Big5 (Chinese)", "CJK"),
    ("cp1251", SINGLE_BYTE_ALPHABET, "CYRILLIC"),
    ("cp1253", SINGLE_BYTE_ALPHABET, "GREEK"),
)
MAX_LATIN_SHARE = 0.4  # of letters beyond ASCII, in Western European text
MIN_SCRIPT_SHARE = 0.9  # of those letters in the expected script


def _legacy_hint(raw: bytes) -> str:
    """The legacy encoding a file that is not UTF-8 seems to be in, where one reads it as
    plausible text (a guess, for a short text)."""
    if re.search(rb"\xed[\xa0-\xbf]", raw):
        return "; the file encodes characters as UTF-16 pairs (CESU-8, as Java writes it): save it as UTF-8"
    if re.search(rb"\x1b\$[@B]|\x1b\([BJ]", raw):
        return "; the file seems to be in ISO-2022-JP (Japanese): save it as UTF-8"
    for codec, name, script in LEGACY_ENCODINGS:
        if _plausible(raw, codec, script):
            return f"; the file seems to be in {name}: save it as UTF-8"
    return "; it is in some other encoding: save it as UTF-8"


WESTERN_PUNCTUATION = frozenset("“”‘’–—…«»°€£·\xa0")


def _plausible(raw: bytes, codec: str, script: str) -> bool:
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        return False
    letters = [char for char in text if char.isalpha()]
    beyond = [char for char in letters if not char.isascii()]
    if script == "LATIN":  # few letters beyond ASCII, and few symbols beyond the usual punctuation
        symbols = [char for char in text if not char.isascii() and not char.isalpha() and char not in WESTERN_PUNCTUATION]
        return len(beyond) <= MAX_LATIN_SHARE * len(letters) and len(symbols) <= MAX_LATIN_SHARE * (len(beyond) + len(symbols))
    scripts = [_letter_script(char) for char in beyond]
    if script == "KANA":  # Japanese: kana, with Chinese characters
        return "KANA" in scripts and scripts.count("KANA") + scripts.count("CJK") >= MIN_SCRIPT_SHARE * len(beyond)
    return bool(beyond) and scripts.count(script) >= MIN_SCRIPT_SHARE * len(beyond)


def _letter_script(char: str) -> str:
    script = unicodedata.name(char, " ").split(" ", 1)[0]
    return "KANA" if script in ("HIRAGANA", "KATAKANA") else script


def _split_front_matter(text: str) -> tuple[str, int, str, int]:
    lines = text.split("\n")
    if lines[0].rstrip() != FRONT_MATTER_FENCE:
        raise LoadError(1, 1, "expected the file to start with a `---` line, then the fields, then `---`")
    for index, line in enumerate(lines[1:], 1):
        if line.rstrip() == FRONT_MATTER_FENCE:
            return "\n".join(lines[1:index]), 1, "\n".join(lines[index + 1 :]), index + 2
    raise LoadError(1, 1, "expected a closing `---` line after the fields")


def _compose_mapping(text: str, line_offset: int) -> dict[str, Any]:
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = error.problem or "malformed YAML"
        if error.context:
            message = f"{error.context}, {message}"
        line = (mark.line + 1 + line_offset) if mark else 1
        explained = _explained(error, text.split("\n"), line_offset) if mark else ""
        raise LoadError(line, (mark.column + 1) if mark else 1, f"malformed YAML: {message}{explained}") from None
    except yaml.YAMLError as error:
        raise LoadError(1, 1, f"malformed YAML: {error}") from None
    if node is None:
        raise LoadError(1 + line_offset, 1, "no fields found; expected a mapping of fields such as `id: ...`")
    converter = _Converter(line_offset)
    value = converter.convert(node, ())
    if not isinstance(value, dict):
        mark = converter.mark_of(node)
        raise LoadError(mark.line, mark.column, f"expected a mapping of fields; found {describe(value)}")
    return value


SHOWN_LINE_CHARACTERS = 60


def _explained(error: yaml.MarkedYAMLError, lines: list[str], line_offset: int) -> str:
    """What PyYAML's message means in an editor's terms, where it is one of the usual slips, and
    the line it stopped at."""
    mark = error.problem_mark or error.context_mark
    line = lines[mark.line] if mark.line < len(lines) else ""
    found = line.strip()
    shown = found if len(found) <= SHOWN_LINE_CHARACTERS else found[: SHOWN_LINE_CHARACTERS - 3] + "..."
    hint = _hint(error, line, _line_above(lines, mark.line), mark.column, line_offset)
    return f"{hint}; found the line `{shown}`" if shown else hint


def _hint(error: yaml.MarkedYAMLError, line: str, above: str, column: int, line_offset: int) -> str:
    """The usual slip behind PyYAML's message, given the line it stopped at (at `column`) and the
    nearest line above it that holds more than a comment; "" where it is none of them."""
    key, _colon, value = above.strip().partition(": ")
    under_a_value = bool(value) and not key.startswith("-") and _indent(line) >= _indent(above)
    problem = error.problem or ""
    if problem == "did not find expected key":
        if column > _indent(line):  # stopped inside the line: its value went on after it had ended
            return ("; a value that starts with `\"`, `[` or `{` ends at its closing mark: to write more after it, "
                    "put the whole value in double quotes (a `\"` inside it as `\\\"`)")
        if line.strip().startswith("-") and under_a_value:
            return (f"; `{key}:` has a value on its line already (`{value}`), so the list below cannot belong to it: "
                    f"to give `{key}` a list, delete `{value}`")
        return "; expected each field (`name: value`) lined up with the fields around it"
    if problem in ("did not find expected ',' or ']'", "did not find expected ',' or '}'") and error.context_mark:
        opened, closing = ("[", "]") if problem.endswith("']'") else ("{", "}")
        if error.context_mark.line != (error.problem_mark or error.context_mark).line:
            return (f"; expected the `{opened}` on line {error.context_mark.line + 1 + line_offset} to be closed "
                    f"with `{closing}` on its line")
        return f"; expected `,` between the items of the `{opened}…{closing}` and `{closing}` after the last"
    if problem.startswith("mapping values are not allowed"):
        if ": " in line[:column] or not (under_a_value and _indent(line) > _indent(above)):
            return "; a value holding `: ` must be written in double quotes"
        return f"; this line is indented under `{above.strip()}`, which has its value already: line it up with the fields around it"
    return ""


def _line_above(lines: list[str], index: int) -> str:
    """The nearest line above `index` that holds more than a comment, without its comment."""
    for line in reversed(lines[:index]):
        content = line.split(" #", 1)[0].rstrip()
        if content.strip() and not content.strip().startswith("#"):
            return content
    return ""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


class _Converter:
    """Turns composed YAML nodes into plain values, refusing what is unsafe or ambiguous.

    With `marks` (value marks, key marks, text styles) it also records where everything stands.
    """

    def __init__(self, line_offset: int, marks: tuple[dict, dict, dict] | None = None):
        self.line_offset = line_offset
        self.marks = marks
        self.seen: set[int] = set()

    def mark_of(self, node: yaml.Node) -> Mark:
        return Mark(node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1)

    def fail(self, node: yaml.Node, message: str) -> LoadError:
        mark = self.mark_of(node)
        return LoadError(mark.line, mark.column, message)

    def convert(self, node: yaml.Node, path: FieldPath) -> Any:
        if len(path) > MAX_NESTING:
            raise self.fail(node, f"nested more than {MAX_NESTING} levels deep; expected at most {MAX_NESTING}")
        if id(node) in self.seen:
            raise self.fail(node, "anchors and aliases (`&name`, `*name`) are not supported; write the value out")
        self.seen.add(id(node))
        if node.tag not in ALLOWED_TAGS:
            raise self.fail(node, f"YAML tags are not allowed; found `{_short_tag(node.tag)}`")
        if self.marks is not None:
            self.marks[0][path] = self.mark_of(node)
        if type(node) is yaml.MappingNode:
            return self._mapping(node, path)
        if type(node) is yaml.SequenceNode:
            return [self.convert(item, (*path, index)) for index, item in enumerate(node.value)]
        if self.marks is not None:
            self.marks[2][path] = node.style or ""
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        key_nodes: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == YAML_TAG + "merge":
                raise self.fail(key_node, "merge keys (`<<`) are not supported; write the fields out")
            key = self.convert(key_node, (*path, "<key>"))
            if not isinstance(key, str):
                raise self.fail(key_node, f"expected a field name; found {describe(key)}")
            if key in result:
                first = self.mark_of(key_nodes[key])
                raise self.fail(key_node, f"duplicate field `{key}`; it is already given on line {first.line}")
            key_nodes[key] = key_node
            if self.marks is not None:
                self.marks[1][(*path, key)] = self.mark_of(key_node)
            result[key] = self.convert(value_node, (*path, key))
        if self.marks is not None:
            self.marks[0].pop((*path, "<key>"), None)
            self.marks[2].pop((*path, "<key>"), None)
        return result

    @staticmethod
    def _scalar(node: yaml.ScalarNode) -> Any:
        text = node.value
        if not text.isascii():  # ASCII has one spelling of each character already
            text = unicodedata.normalize("NFC", text)  # one spelling of each character
        if node.style or node.tag == YAML_TAG + "str":  # plain style is None, or "" in the C loader
            return text
        if node.tag == YAML_TAG + "null":
            return None
        if node.tag == YAML_TAG + "bool" and text.lower() in BOOLEANS:
            return BOOLEANS[text.lower()]
        if node.tag == YAML_TAG + "int" and INT.match(text) and len(text) <= MAX_INTEGER_DIGITS:
            return int(text)
        if node.tag == YAML_TAG + "float" and FLOAT.match(text):
            return float(text)
        return text


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(YAML_TAG) :] if tag.startswith(YAML_TAG) else tag


LINE_BREAKS_SHOWN = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t"})


def describe(value: Any) -> str:
    """A value as an editor would name it in a message."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"`{str(value).lower()}` (true/false)"
    if isinstance(value, dict):
        return "a mapping (fields)"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    shown = value if len(value) <= 60 else value[:57] + "..."
    return f'"{shown.translate(LINE_BREAKS_SHOWN)}"'  # a message stays on its one line
