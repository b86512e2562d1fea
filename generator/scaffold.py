"""Skeletons for new records: `briefings new KIND NAME` writes one, commented, in the right folder."""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .characters import name_problems
from .load import discover
from .validate import did_you_mean, field_plans
from .schema import ID_PATTERN, ISO_DATE_PATTERN, KINDS, Article, Event, OrganisationKind, Person, PlaceKind
from .text import with_article

FOLDER_OF_KIND = {name: folder for folder, (_model, _suffix, name) in KINDS.items()}
KIND_CHOICES = {"organisation": OrganisationKind.__args__, "place": PlaceKind.__args__}
# What each kind needs from the command line so that its skeleton passes `briefings check`.
ID_OPTIONS = ("id", "country", "source", "outlet")
# The options that name another record, by the field of the record they fill in: the schema says
# what that field may name.
REFERENCE_OPTIONS = {"country": (Person, "country"), "outlet": (Article, "outlet"), "source": (Event, "sources")}
DATE_OPTIONS = ("date", "published")
REQUIRED_OPTIONS = {
    "organisation": ("kind_choice",),
    "place": ("kind_choice",),
    "event": ("source",),
    "reference": ("url", "publisher"),
    "article": ("outlet", "url"),
}

_environment = jinja2.Environment(
    loader=jinja2.PackageLoader("generator", "templates"),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_environment.filters["yaml"] = lambda text: json.dumps(text, ensure_ascii=False)


class ScaffoldError(Exception):
    """The request cannot make a skeleton; the message says why, in the editor's terms."""


@dataclass(frozen=True)
class Skeleton:
    path: str  # relative to the briefings folder
    text: str


def slug(name: str) -> str:
    """The id a name gets: `Kim Jong Un` -> `kim-jong-un`, `Đà Nẵng` -> `da-nang`."""
    # An apostrophe joins its word ("China's" -> "chinas"), rather than part it from an "s".
    name = name.replace("'", "").replace("’", "")
    ascii_name = unicodedata.normalize("NFKD", name.replace("Đ", "D").replace("đ", "d"))
    ascii_name = ascii_name.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:80].strip("-")


SUBJECT_WORDS = 4  # of a headline, in an article's id


def default_id(kind: str, name: str, today: datetime.date, options: dict[str, str | None]) -> str:
    """The id a new record gets unless `--id` gives one. An article's is OUTLET-DATE-SUBJECT
    (`usatoday-2019-01-09-kim-second-summit`); a reference's is its publisher and title
    (`wikipedia-japan`), so that it never takes the id of what it describes."""
    if kind == "article" and options.get("outlet"):
        subject = "-".join(slug(name).split("-")[:SUBJECT_WORDS])
        return f"{options['outlet']}-{options.get('published') or today.isoformat()}-{subject}".strip("-")
    if kind == "reference" and options.get("publisher"):
        return slug(f"{options['publisher']} {name}")
    return slug(name)


def _check_options(name: str, options: dict[str, str | None]) -> None:
    """What goes into the skeleton is checked first: it can neither break the YAML nor name a
    file outside its folder."""
    for _offset, message in name_problems(name):
        raise ScaffoldError(f"NAME: {message}")
    for option in ID_OPTIONS:
        value = options.get(option)
        if value and not re.fullmatch(ID_PATTERN, value):
            raise ScaffoldError(f"--{option}: expected an id of lower-case letters, digits and single hyphens; found {value!r}")
    for option in DATE_OPTIONS:
        value = options.get(option)
        if value and not ISO_DATE_PATTERN.match(value):
            raise ScaffoldError(f"--{option}: expected a date written YYYY-MM-DD; found {value!r}")


def missing_reference(root: Path, options: dict[str, str | None]) -> str | None:
    """Why an option that names another record cannot stand, if it names none in `root`: a
    skeleton that named it would fail the check it is meant to pass."""
    named = {option: value for option, value in options.items() if option in REFERENCE_OPTIONS and value}
    if named and not root.is_dir():
        return f"--root: expected the briefings folder; found no folder `{root.as_posix()}`"
    files = discover(root)[0] if named else []
    for option, value in named.items():
        folders = _referred_folders(*REFERENCE_OPTIONS[option])
        known = sorted(path.stem for path in files if path.parent.name in folders)
        if value in known:
            continue
        what = " or ".join(with_article(KINDS[folder][2]) for folder in folders)
        places = " or ".join(f"{(root / folder).as_posix()}/" for folder in folders)
        return (f"--{option}: expected the id of {what} in {places}; found `{value}`{did_you_mean(value, known)}. "
                f"Add that record first, so that the skeleton passes the check")
    return None


def _referred_folders(model: type, field_name: str) -> tuple[str, ...]:
    plan = dict(field_plans(model))[field_name]
    while plan[0] == "list":
        plan = plan[1]
    return plan[1].folders


def skeleton(kind: str, name: str, today: datetime.date, **options: str | None) -> Skeleton:
    folder = FOLDER_OF_KIND[kind]
    _check_options(name, options)
    record_id = options.pop("id", None) or default_id(kind, name, today, options)
    if not record_id:
        raise ScaffoldError(f"cannot make an id from the name {name!r}; give one with --id")
    missing = [option for option in REQUIRED_OPTIONS.get(kind, ()) if not options.get(option)]
    if missing:
        flags = ", ".join("--" + option.replace("_choice", "").replace("_", "-") for option in missing)
        choices = f" (one of {', '.join(KIND_CHOICES[kind])})" if "kind_choice" in missing else ""
        raise ScaffoldError(f"a new {kind} needs {flags}{choices}")
    choices = KIND_CHOICES.get(kind)
    if choices and options["kind_choice"] not in choices:
        raise ScaffoldError(f"--kind: expected one of {', '.join(choices)}; found {options['kind_choice']!r}")
    values = {
        "kind": kind,
        "title": f"A new {kind}",
        "id": record_id,
        "name": name,
        "today": today.isoformat(),
        "published": options.get("published") or today.isoformat(),
        **{key: value for key, value in options.items() if key != "published"},
    }
    suffix = KINDS[folder][1]
    template = _environment.get_template(f"new/{kind}{suffix}.j2")
    return Skeleton(f"{folder}/{record_id}{suffix}", template.render(**values))
