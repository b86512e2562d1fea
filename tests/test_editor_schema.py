"""The JSON Schema editors use is the checker's schema, and the shipped files satisfy it."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from conftest import REPO, SHIPPED
from generator.editor_schema import BODY_FIELDS, json_schema_files, render_field_reference, schema_file_name
from generator.load import discover, load_document
from generator.schema import KINDS, RELATION_KINDS, OrganisationKind, PlaceKind

SCHEMA_DIR = REPO / "schema"


def test_committed_schema_files_are_the_generated_ones():
    generated = json_schema_files()
    committed = {path.name: path.read_text("utf-8") for path in SCHEMA_DIR.glob("*.json")}
    assert committed == generated, "run `briefings schema` and commit the result"


@pytest.mark.parametrize("path", discover(SHIPPED)[0], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_shipped_file_satisfies_its_json_schema(path):
    document = load_document(SHIPPED, path)
    model = KINDS[document.folder][0]
    data = dict(document.data)
    data.pop(BODY_FIELDS.get(model, ""), None)
    schema = json.loads((SCHEMA_DIR / schema_file_name(document.folder)).read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER).validate(data)
    if path.suffix == ".yaml":
        first_line = path.read_text("utf-8").splitlines()[0]
        assert first_line == f"# yaml-language-server: $schema=../../schema/{schema_file_name(document.folder)}"


def test_the_json_schema_rejects_what_the_checker_rejects():
    schema = json.loads((SCHEMA_DIR / "place.schema.json").read_text())
    validator = jsonschema.Draft7Validator(schema)
    good = {"id": "x", "name": "X", "kind": "city", "summary": "A city.", "last_reviewed": "2020-01-01"}
    assert not list(validator.iter_errors(good))
    assert list(validator.iter_errors({**good, "captial": "y"}))
    assert list(validator.iter_errors({**good, "kind": "town"}))
    assert list(validator.iter_errors({**good, "id": "Not An Id"}))


def test_field_reference_lists_every_field_of_every_kind():
    page = render_field_reference()
    for model, _suffix, name in KINDS.values():
        assert f"## {name.capitalize()}" in page
        for field in model.model_fields:
            assert f"| `{field}` |" in page
    assert "| `as_of` | date (YYYY-MM-DD) | yes |" in page
    assert "| `person` | id of a person | yes |" in page


def test_the_editors_guide_names_every_relation_kind_the_schema_has():
    guide = " ".join((REPO / "docs" / "editors-guide.md").read_text("utf-8").split())
    listed = guide.split("A relation's `kind` is one of ", 1)[1].split(";", 1)[0]
    assert re.findall(r"`([a-z-]+)`", listed) == list(RELATION_KINDS)


@pytest.mark.parametrize(("folder", "kinds"), [("organisations", OrganisationKind.__args__), ("places", PlaceKind.__args__)])
def test_the_editors_guide_names_every_kind_of_organisation_and_place(folder, kinds):
    guide = (REPO / "docs" / "editors-guide.md").read_text("utf-8")
    row = next(line for line in guide.splitlines() if line.startswith(f"| `briefings/{folder}/` |"))
    assert tuple(row.split("(`kind`: ", 1)[1].split(")", 1)[0].split(", ")) == kinds


def test_a_list_limit_in_the_field_reference_counts_items_not_characters():
    reference = render_field_reference()
    assert "| `accounts` | list, at most 10, of [Account](#account) |" in reference
    assert not re.search(r"\| list of \[\w+\]\(#\w+\) \(at most [\d,]+ characters\) \|", reference)
