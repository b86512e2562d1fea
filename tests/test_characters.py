"""What characters names and text may hold: the legitimate uses of invisible characters pass."""

from __future__ import annotations

import pytest

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.characters import UNUSUAL, _name_problems, line_problems, look_alike_skeleton, name_problems, shown, text_problems

LEGITIMATE_NAMES = [
    "Seoul \U00020bb7",  # an ideograph outside the Basic Multilingual Plane
    "محمدجواد\u200cظریف",  # a Persian name with its zero-width non-joiner
    "क्\u200dष",  # a joiner after a virama (Devanagari)
    "Family \U0001F468\u200d\U0001F469\u200d\U0001F467",  # an emoji family (joiners between emoji)
    "England \U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F",  # its flag
    "葛\U000E0100城",  # an ideographic variation sequence
    "Đà Nẵng", "Oʻahu", "安倍\u3000晋三", "Xi Jinping 习近平", "Moon Jae-in 문재인",
]


@pytest.mark.parametrize("name", LEGITIMATE_NAMES)
def test_legitimate_names_pass(name):
    assert list(name_problems(name)) == []


@pytest.mark.parametrize(("name", "offset"), [
    ("Kim\u200cJong Un", 3),  # a non-joiner between Latin letters only hides
    ("Kim\u200dJong", 3),
    ("Kim\ufe0f Jong", 3),  # a variation selector on a Latin letter
    ("Strelsau\U000E0067", 8),  # a tag character outside a flag
])
def test_invisible_characters_that_only_hide_are_refused_in_one_line_text(name, offset):
    assert [found[0] for found in line_problems(name)] == [offset]


def test_long_runs_of_tag_characters_are_refused_each_at_once():
    problems = list(text_problems("\U000E0067" * 50))
    assert len(problems) == 50 and problems[0][0] == 0


def test_the_skeleton_folds_look_alikes_case_and_spaces():
    assert look_alike_skeleton("ΝΑΤΟ") == look_alike_skeleton("nato") == "nato"
    assert look_alike_skeleton("King  Rudolf") == look_alike_skeleton("king rudolf")


def test_shown_escapes_what_could_break_or_reorder_a_line():
    assert shown("a\nb\u202ec\u00a0d\x00") == "a\\nb\\u202ec\\xa0d\\x00"
    assert shown("서울 \U00020bb7") == "서울 \U00020bb7"


PRINTABLE_ASCII = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40)


@settings(max_examples=300, deadline=None)
@given(PRINTABLE_ASCII)
def test_plain_names_are_judged_as_by_the_full_checks(name):
    # Printable ASCII skips the checks for characters it cannot hold: the answers must not change.
    assert list(_name_problems(name, plain=True)) == list(_name_problems(name, plain=False))


@settings(max_examples=300, deadline=None)
@given(PRINTABLE_ASCII)
def test_plain_one_line_text_has_nothing_unusual(text):
    assert list(line_problems(text)) == [] == [found for found in UNUSUAL.finditer(text)]
