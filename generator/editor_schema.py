"""What editors see of the schema: JSON Schema files for their editors, and the field reference page.

Both are derived from the record classes in schema.py, the one place the schema is declared.
"""

from __future__ import annotations

import json
import types
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from annotated_types import MaxLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from . import limits
from .schema import EXAMPLE_IDS, KINDS, Article, Record, RefersTo, Shown
from .text import with_article

JSON_SCHEMA_DRAFT = "http://json-schema.org/draft-07/schema#"
SCHEMA_FOLDER = "schema"
# The article's summary is the Markdown body below its front matter, not a front-matter field.
BODY_FIELDS = {Article: "summary"}


def schema_file_name(folder: str) -> str:
    return f"{KINDS[folder][2]}.schema.json"


def json_schema(model: type[Record]) -> dict[str, Any]:
    """Draft-07 JSON Schema of one kind of file, as the YAML language server of editors reads it."""
    schema = model.model_json_schema(ref_template="#/definitions/{model}")
    definitions = schema.pop("$defs", {})
    body_field = BODY_FIELDS.get(model)
    if body_field:
        schema["properties"].pop(body_field)
        schema["required"] = [name for name in schema["required"] if name != body_field]
    result = {"$schema": JSON_SCHEMA_DRAFT, **schema}
    if definitions:
        result["definitions"] = definitions
    return result


def json_schema_files() -> dict[str, str]:
    """File name under schema/ -> its text, for every kind of file."""
    return {
        schema_file_name(folder): json.dumps(json_schema(model), indent=2, ensure_ascii=False) + "\n"
        for folder, (model, _suffix, _name) in KINDS.items()
    }


def render_field_reference() -> str:
    """The field reference page: every kind of file and every shape inside them, field by field."""
    lines = [
        "---",
        'title: "Field reference"',
        "---",
        "",
        "# Field reference",
        "",
        "Every field of every kind of file under `briefings/`, generated from the schema the checker",
        "uses. Fields not listed here are errors. The same schema, as JSON Schema, is in `schema/` for",
        "editors that complete and check YAML as you type.",
        "",
    ]
    lines += limits.reference_section()
    shapes: dict[str, type[BaseModel]] = {}
    for folder, (model, suffix, name) in KINDS.items():
        lines += [f"## {name.capitalize()}", "", f"One file per {name}: `briefings/{folder}/ID{suffix}`.", ""]
        lines += _field_table(model, shapes)
    lines += ["## Shapes inside the files", ""]
    done: set[str] = set()
    while len(done) < len(shapes):
        for shape_name, shape in sorted(shapes.items()):
            if shape_name in done:
                continue
            done.add(shape_name)
            lines += [f"### {shape_name}", "", (shape.__doc__ or "").strip(), ""]
            lines += _field_table(shape, shapes)
    return "\n".join(lines).rstrip() + "\n"


def _example(model: type[BaseModel], name: str, info: FieldInfo) -> str | None:
    """The field's own example, or an id of the kind it names (its file's kind, for `id`)."""
    if info.examples:
        return str(info.examples[0])
    refers = next((item for item in info.metadata if isinstance(item, RefersTo)), None)
    if refers is None and get_origin(info.annotation) is list:
        item_type = get_args(info.annotation)[0]
        refers = next((item for item in getattr(item_type, "__metadata__", ()) if isinstance(item, RefersTo)), None)
    if refers is not None:
        return refers.example
    folder = next((folder for folder, (kind_model, _suffix, _name) in KINDS.items() if kind_model is model), None)
    return EXAMPLE_IDS[folder] if name == "id" and folder else None


def _field_table(model: type[BaseModel], shapes: dict[str, type[BaseModel]]) -> list[str]:
    rows = ["| Field | Type | Required | Description | Example |", "| --- | --- | --- | --- | --- |"]
    for name, info in model.model_fields.items():
        annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        example = f"`{_example(model, name, info)}`" if _example(model, name, info) else ""
        description = (info.description or "").replace("|", "\\|")
        if BODY_FIELDS.get(model) == name:
            description += " Written below the front matter."
        required = "yes" if info.is_required() else "no"
        rows.append(f"| `{name}` | {_type_name(annotation, shapes)} | {required} | {description} | {example} |")
    return [*rows, ""]


def _max_length(metadata: list) -> int | None:
    """The size limit among a type's metadata, where there is one."""
    for item in metadata:
        if isinstance(item, MaxLen):
            return item.max_length
        if isinstance(item, FieldInfo):
            found = _max_length(item.metadata)
            if found is not None:
                return found
    return None


def _is_list(annotation: Any) -> bool:
    """A list, or a list or nothing: its size limit counts items, not characters."""
    if get_origin(annotation) in (Union, types.UnionType):
        return all(_is_list(arg) for arg in get_args(annotation) if arg is not type(None))
    return get_origin(annotation) is list


def _type_name(annotation: Any, shapes: dict[str, type[BaseModel]]) -> str:
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *metadata = get_args(annotation)
        refers = next((item for item in metadata if isinstance(item, RefersTo)), None)
        if refers:
            return "id of " + " or ".join(with_article(KINDS[folder][2]) for folder in refers.folders)
        shown = next((item for item in metadata if isinstance(item, Shown)), None)
        label = shown.label if shown else _type_name(base, shapes)
        limit = _max_length(metadata)
        if limit is None:
            return label
        if _is_list(base):
            return label.replace("list of ", f"list, at most {limit:,}, of ", 1)
        return f"{label} (at most {limit:,} characters)"
    if origin in (Union, types.UnionType):
        return " or ".join(_type_name(arg, shapes) for arg in get_args(annotation) if arg is not type(None))
    if origin is list:
        return f"list of {_type_name(get_args(annotation)[0], shapes)}"
    if origin is Literal:
        return "one of " + ", ".join(f"`{value}`" for value in get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        shapes.setdefault(annotation.__name__, annotation)
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    return {str: "text", int: "whole number", bool: "true or false"}.get(annotation, annotation.__name__)
