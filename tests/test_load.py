import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
import pytest

from generator.load import MAX_FILE_BYTES, LoadError, Mark, _read, load_document, parse_source


def write(root: Path, relative: str, text: str | bytes) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def load(tmp_path: Path, text: str | bytes, relative: str = "countries/x.yaml"):
    root = tmp_path / "briefings"
    return load_document(root, write(root, relative, text))


def load_error(tmp_path: Path, text: str | bytes, relative: str = "countries/x.yaml") -> LoadError:
    with pytest.raises(LoadError) as caught:
        load(tmp_path, text, relative)
    return caught.value


def test_values_keep_their_line_and_column(tmp_path):
    document = load(tmp_path, "id: x\nfacts:\n  - label: a\n    value: b\n")
    assert document.file == "briefings/countries/x.yaml"
    assert document.value_marks[("facts", 0, "value")] == Mark(4, 12)
    assert document.key_marks[("facts", 0, "label")] == Mark(3, 5)


def test_scalars_follow_yaml_1_2_not_1_1(tmp_path):
    document = load(tmp_path, "a: no\nb: 2019-01-10\nc: true\nd: 012\ne: 1.5\nf: ~\ng: 0x1F\nh: 1:30\ni: '5'\n")
    assert document.data == {
        "a": "no", "b": "2019-01-10", "c": True, "d": 12, "e": 1.5, "f": None, "g": "0x1F", "h": "1:30", "i": "5"
    }


def test_duplicate_key_names_both_lines(tmp_path):
    error = load_error(tmp_path, "id: x\nname: A\nname: B\n")
    assert (error.mark, error.message) == (Mark(3, 1), "duplicate field `name`; it is already given on line 2")


def test_python_tags_are_refused(tmp_path):
    error = load_error(tmp_path, "id: !!python/object/apply:os.system ['echo hi']\n")
    assert error.message == "YAML tags are not allowed; found `!!python/object/apply:os.system`"


def test_alias_bomb_is_refused_quickly(tmp_path):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]" for i in range(20)]
    error = load_error(tmp_path, "\n".join(lines) + "\n")
    assert "anchors and aliases" in error.message


def test_tab_indentation_points_at_the_tab(tmp_path):
    error = load_error(tmp_path, "id: x\nfacts:\n\t- label: a\n")
    assert (error.mark, error.message) == (Mark(3, 1), "expected spaces for indentation; found a tab")
    after_spaces = load_error(tmp_path, "id: x\nsummary: a tab\tinside is text\nfacts:\n  \t- label: a\n")
    assert after_spaces.mark == Mark(4, 3)  # the first tab in an indentation, not the one in the text above


def test_non_utf8_byte_is_located(tmp_path):
    error = load_error(tmp_path, b"id: x\nname: caf\xe9\n")
    assert error.mark == Mark(2, 10)
    # which legacy encoding is a guess for so short a text; that it is one, and which byte, is not
    assert error.message.startswith("expected UTF-8 text; found the byte 0xe9; the file seems to be in Windows-125")


def test_syntax_error_has_a_position(tmp_path):
    error = load_error(tmp_path, "id: x\nname: [unclosed\nsummary: y\n")
    assert error.mark.line == 3
    assert error.message.startswith("malformed YAML: ")


def test_front_matter_lines_count_from_the_file_start(tmp_path):
    text = "---\nid: a\ntitle: T\n---\nThe summary.\n"
    document = load(tmp_path, text, "articles/a.md")
    assert document.data["summary"] == "The summary."
    assert document.value_marks[("title",)] == Mark(3, 8)
    assert document.value_marks[("summary",)] == Mark(5, 1)


def test_a_list_at_the_top_is_not_a_fact_sheet(tmp_path):
    error = load_error(tmp_path, "- id: x\n")
    assert error.message == "expected a mapping of fields; found a list"


def _text_mark(tmp_path, text: str, path: tuple, offset: int) -> Mark:
    return load(tmp_path, text).text_mark(path, offset)


def test_a_character_is_located_through_escapes_quotes_and_other_unicode_spellings(tmp_path):
    # each value holds an `X` at offset 4; the file writes what comes before it in another way
    assert _text_mark(tmp_path, 'name: "\\u00e9t\\x41 X"\n', ("name",), 4) == Mark(1, 20)
    assert _text_mark(tmp_path, "name: 'it''s X'\n", ("name",), 5) == Mark(1, 14)
    assert _text_mark(tmp_path, "name: ca\u0301fe X\n", ("name",), 5) == Mark(1, 13)  # é written as e + accent
    assert _text_mark(tmp_path, "summary: |\n  one\n  ca\u0301fe X\n", ("summary",), 9) == Mark(3, 9)


def test_a_value_folded_over_lines_is_located_at_its_start(tmp_path):
    assert _text_mark(tmp_path, "name: a long\n  folded value X\n", ("name",), 20) == Mark(1, 7)


def test_line_breaks_that_yaml_reads_but_editors_do_not_see_are_refused(tmp_path):
    for separator in ("\x85", "\u2028", "\u2029"):
        error = load_error(tmp_path, f"id: x\nname: a{separator}b\n")
        assert error.mark == Mark(2, 8), separator


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=12) | st.sampled_from(["", "~", "null", "yes", "No", "on", "0x1F", "0o17", "1_000", "-.inf",
                                                ".nan", "1e5", "2019-01-10", "2019-01-10 10:00:00", "12:30", "<<", "="]),
       st.tuples(st.booleans(), st.booleans()))
def test_the_loader_tells_every_scalars_tag_as_pyyaml_does(value, implicit):
    import yaml

    from generator.load import Loader

    pyyaml = getattr(yaml, "CSafeLoader", yaml.SafeLoader)("")
    assert Loader("").resolve(yaml.ScalarNode, value, implicit) == pyyaml.resolve(yaml.ScalarNode, value, implicit)


def test_a_file_of_the_largest_size_is_read_whole_and_one_byte_more_is_refused(tmp_path):
    padding = "#" * (MAX_FILE_BYTES - len("id: x\n#\n"))
    assert load(tmp_path, f"id: x\n#{padding}\n").data == {"id": "x"}
    assert load_error(tmp_path, f"id: x\n##{padding}\n").message == "file is 1,048,577 bytes; expected at most 1,048,576 bytes (1 MiB)"


def test_a_file_read_a_little_at_a_time_is_read_whole(tmp_path, monkeypatch):
    """The system may give a file's bytes in several reads; each is taken until the end."""
    text = "id: x\nname: A name\n" + "# a comment line\n" * 500
    path = write(tmp_path / "briefings", "countries/x.yaml", text)
    read = os.read
    monkeypatch.setattr(os, "read", lambda descriptor, size: read(descriptor, min(size, 7)))
    assert _read(path) == text.encode()


MALFORMED = [  # (YAML, the explanation the message must give): the usual slips, each told apart
    ("a: 1\nquotes: []   # note\n  - speaker: x\n", "`quotes:` has a value on its line already (`[]`), so the list "
     "below cannot belong to it: to give `quotes` a list, delete `[]`; found the line `- speaker: x`"),
    ("leaders:\n  - person: x\n    as_of: 2020-01-01\n - person: y\n",
     "expected each field (`name: value`) lined up with the fields around it; found the line `- person: y`"),
    ("capital:\n  value: [Strelsau\n  link: strelsau\n",
     "expected the `[` on line 2 to be closed with `]` on its line; found the line `link: strelsau`"),
    ('sources: ["a" b]\n', "expected `,` between the items of the `[…]` and `]` after the last"),
    ("quotes:\n  - speaker: x\n    words: He said: yes\n", "a value holding `: ` must be written in double quotes"),
    ("a: 1\n  b: 2\n", "this line is indented under `a: 1`, which has its value already"),
    ('words: "Yes," he said\n', "a value that starts with `\"`, `[` or `{` ends at its closing mark"),
]


@pytest.mark.parametrize(("text", "explanation"), MALFORMED)
def test_malformed_yaml_is_explained_in_an_editors_terms(text, explanation):
    with pytest.raises(LoadError) as raised:
        parse_source(text.encode(), ".yaml")
    assert raised.value.message.startswith("malformed YAML: ")
    assert "; " + explanation in raised.value.message
    assert sum(hint in raised.value.message for _text, hint in MALFORMED) == 1  # no other slip's advice


YAML_PIECES = st.sampled_from(["a", "b: ", ": ", "- ", "[", "]", "{", "}", ",", '"', "'", "#", " ", "  ", "\n", "\n  ",
                               "\n- ", "x: []", "\t", "é", "|", ">"])


@settings(deadline=None)
@given(st.lists(YAML_PIECES, max_size=40).map("".join))
def test_any_yaml_slip_is_explained_or_read_never_a_traceback(text):
    try:
        parse_source(text.encode(), ".yaml")
    except LoadError as error:
        assert error.message and "\n" not in error.message  # one line per problem
