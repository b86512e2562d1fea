import re
import types
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from conftest import MINIMAL, REPO, copy_briefings
from generator.load import Mark, load_document
from generator.pipeline import check
from generator.schema import Country
from generator.validate import (
    SHOWN_WORDS, claims_of, field_or, iter_references, normalise, validate_document, where_words_part,
)


def test_references_are_found_wherever_the_schema_declares_them():
    root = MINIMAL
    record, problems = validate_document(load_document(root, root / "countries" / "ruritania.yaml"))
    assert problems == []
    found = {(path, target, refers.folders) for path, target, refers in iter_references(record, Country, ())}
    assert (("capital", "link"), "strelsau", ("countries", "people", "organisations", "places", "events")) in found
    assert (("leaders", 0, "person"), "rudolf", ("people",)) in found
    assert (("positions", 0, "sources", 0), "daily-2020-03-02-coronation", ("articles", "references")) in found


def test_id_must_match_the_file_name(tmp_path: Path):
    root = tmp_path / "briefings"
    (root / "places").mkdir(parents=True)
    path = root / "places" / "elsewhere.yaml"
    path.write_text((MINIMAL / "places" / "strelsau.yaml").read_text())
    record, problems = validate_document(load_document(root, path))
    assert record is None
    assert [str(p) for p in problems] == [
        "briefings/places/elsewhere.yaml:1:5: id: expected the id to match the file name, `elsewhere`; found `strelsau`"
    ]


def test_unchanged_files_are_not_read_again_and_changed_ones_are(tmp_path: Path):
    import os

    from conftest import copy_briefings
    from generator.pipeline import load_all

    root = copy_briefings(MINIMAL, tmp_path)
    cache: dict = {}
    first, _, _ = load_all(root, cache)
    second, _, _ = load_all(root, cache)
    assert all(a is b for a, b in zip(first, second, strict=True))  # the very same documents: nothing re-read
    sheet = root / "places" / "strelsau.yaml"
    sheet.write_text(sheet.read_text().replace("The capital", "The old capital"))
    os.utime(sheet, ns=(1, 1))
    third, _, _ = load_all(root, cache)
    changed = [doc for doc in third if doc.stem == "strelsau"][0]
    assert "The old capital" in changed.data["summary"]
    assert all(a is b for a, b in zip(first, third, strict=True) if a.stem != "strelsau")


def test_a_valid_file_let_go_of_between_checks_still_places_its_problems(tmp_path: Path):
    """Under `serve`, a valid record's file is not held beside its record: when another file's
    change gives it a problem, it is read again, and the problem stands where a fresh check puts it."""
    root = copy_briefings(REPO / "briefings", tmp_path)
    cache: dict = {}
    entries, problems = check(root, cache)
    assert entries and not problems
    assert all(document._data is None and document._text is None for _, document in cache.values())
    (root / "people" / "kim-jong-un.yaml").unlink()  # cited, related and named all over
    _, problems = check(root, cache)
    _, fresh = check(root)
    assert problems == fresh
    assert len({problem.file for problem in problems}) > 3 and all(problem.line > 1 for problem in problems)


def test_a_file_let_go_of_then_changed_or_removed_places_its_problems_at_its_top(tmp_path: Path):
    """Its text is no longer the one its record was made from (the change starts a build of its own)."""
    root = copy_briefings(REPO / "briefings", tmp_path)
    cache: dict = {}
    check(root, cache)
    documents = {document.stem: document for _, document in cache.values()}
    removed, emptied, rewritten, unchanged = (documents[stem] for stem in ("kim-jong-un", "xi-jinping", "to-lam", "joe-biden"))
    removed.source.unlink()
    emptied.source.write_text("# nothing here yet\n", "utf-8")
    rewritten.source.write_text(rewritten.source.read_text("utf-8").replace("\n", "\n\n", 3), "utf-8")
    for document in (removed, emptied, rewritten):
        assert document.mark(("name",)) == Mark(1, 1) and document.data_at(("name",)) is None
    assert unchanged.mark(("name",)) == Mark(3, 7)  # read again, and kept until the next check lets it go
    assert unchanged.data["name"] == "Joe Biden"


def test_a_field_or_its_default_is_what_getattr_with_a_default_gives():
    """`field_or` spares the check pydantic's attribute errors, and gives what `getattr` would:
    for every record and statement of the shipped briefings, every name it is asked for, and
    for what is not a record."""
    entries, problems = check(REPO / "briefings")
    assert entries and not problems
    names = ("passages", "relations", "leaders", "offices", "figures", "earlier", "review_by", "until", "last_reviewed",
             "since", "sources", "excerpt", "as_of", "date", "positions", "facts", "topics", "official_name",
             "capital", "government", "name", "id")
    missing = object()
    values = [entry.record for entry in entries.values()]
    values += [claim for value in list(values) for _path, claim in claims_of(value)]
    values += [None, Mark(1, 2), "text", types.SimpleNamespace(until=1, excerpt="words")]
    for value in values:
        for name in names:
            assert field_or(value, name, missing) == getattr(value, name, missing), (value, name)
    assert any(field_or(value, "until", missing) is not missing for value in values)


def test_a_quote_not_found_is_shown_where_it_parts_from_its_passage():
    passages = [("passages[0]", "The crowd cheered."), ("passages[1]", "“We shall stay friends with all,” he said.")]
    assert where_words_part("We shall stay friends with everyone", passages) == (
        "; passages[1] agrees up to “…shall stay friends with”, then reads “all,” he said.” where these words read "
        "“everyone”")
    # Whole words only: "all" is not found inside "shall", nor "friend" as the start of "friends".
    assert where_words_part("all the king said", passages) == (
        "; passages[1] agrees up to “all”, then reads “,” he said.” where these words read “the king said”")
    assert where_words_part("stay friend with all", passages) == (
        "; passages[1] agrees up to “stay”, then reads “friends with all,” he” where these words read "
        "“friend with all”")
    assert where_words_part("he said. Again", passages) == (
        "; passages[1] agrees up to “he said.”, then reads “nothing (it ends there)” where these words read “Again”")
    assert where_words_part("Nobody came", passages) == "; no passage holds its first word, “Nobody”"


WORD = st.text(st.sampled_from("ab,.“”\""), min_size=1, max_size=4)


@given(st.lists(WORD, min_size=1, max_size=8), st.lists(st.lists(WORD, max_size=8), max_size=3))
def test_where_words_part_names_words_the_passage_holds(words, passages):
    named = [(f"passages[{number}]", " ".join(passage)) for number, passage in enumerate(passages)]
    explanation = where_words_part(" ".join(words), named)
    if explanation.startswith("; no passage"):
        return
    name, agreed = re.match(r"; (\S+) agrees up to “(?:…)?(.*?)”, then reads", explanation).groups()
    passage = normalise(dict(named)[name])
    assert normalise(agreed) in passage  # what it says they agree on, they do
    assert normalise(" ".join(words)).startswith(normalise(agreed)) or len(words) > SHOWN_WORDS


def test_an_unused_passage_blames_a_quote_only_where_one_is_reported_as_not_found(tmp_path: Path):
    # The excerpt cites two sources and is found in the article's passage: nothing is misquoted,
    # so the reference's unused passage must not send the editor looking for a quote to correct.
    root = copy_briefings(MINIMAL, tmp_path)
    reference = root / "references" / "encyclopedia-ruritania.yaml"
    reference.write_text(reference.read_text() + 'passages:\n  - "Ruritania lies in central Europe."\n')
    country = root / "countries" / "ruritania.yaml"
    country.write_text(country.read_text().replace(
        "        sources: [daily-2020-03-02-coronation]\n        excerpt: the king, aged 29,",
        "        sources: [daily-2020-03-02-coronation, encyclopedia-ruritania]\n        excerpt: the king, aged 29,"))
    _entries, problems = check(root)
    assert [(problem.field, problem.message) for problem in problems] == [("passages[0]", (
        "not used by any quote or excerpt that cites this source; keep only the words that quotes and excerpts "
        "need, or remove the passage"))]
    # Misquoted, the excerpt is reported, and the unused passage may be the one it meant.
    country.write_text(country.read_text().replace("excerpt: the king, aged 29,", "excerpt: the king, aged 30,"))
    _entries, problems = check(root)
    assert [problem.field for problem in problems] == ["facts[1].accounts[0].excerpt", "passages[0]"]
    assert "if its words come from this passage, correct them to match it" in problems[1].message
