"""Property-based tests (hypothesis): whatever an editor writes, in any field, either the checker
refuses it with located messages, or the pages show it safely.

- Arbitrary Unicode and arbitrary Markdown go into every text, name, summary and web-address field
  of the minimal briefings, written as real files. Refused input gives problems (never an
  exception) whose lines cannot be forged. Accepted input gives pages whose final HTML, as the
  site converts it, holds no element, attribute or address outside the allowlist, nothing that
  loads from another host, and still its title and heading.
- Arbitrary bytes as a source file: the loader and the checker answer with problems, never a
  traceback, in bounded time.

The examples are drawn from a fixed seed (see the hypothesis profiles in conftest.py), so a run
is repeatable; HYPOTHESIS_PROFILE=fuzz draws many more, for a longer search.
"""

from __future__ import annotations

import copy
import datetime
import html
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from conftest import MINIMAL
from generator.markdown_extension import site_markdown
from generator.pipeline import check, generate, load_all
from generator.sanitize import ELEMENTS, URL_SCHEMES, audit, browser_view, url_scheme

TODAY = datetime.date(2026, 11, 28)
RESOURCE_TAGS = {"img", "image", "script", "iframe", "frame", "object", "embed", "link", "style", "video",
                 "audio", "source", "track", "use", "input", "form", "base", "meta", "picture", "feimage"}
RESOURCE_ATTRIBUTES = {"src", "srcset", "data", "poster", "background", "style", "action", "formaction",
                       "xlink:href", "ping", "manifest", "codebase", "lowsrc", "dynsrc"}

# Pieces of Markdown, HTML and Unicode that have made trouble somewhere: strung together at random.
PIECES = [
    "[", "]", "(", ")", "![", "](", "]: ", "][", "<", ">", "&", "&#106;", "&lt;script&gt;", "javascript:",
    "JaVaScRiPt:", "java\tscript:", "data:text/html,", "//tracker.example/", "https://tracker.example/p.png",
    "https://example.org/", "mailto:a@example.org", "\n", "\n\n", "> ", "- ", "1. ", "    ", "!!! note\n    ",
    "`", "``", "*", "_", "**", "[^1]", "[^1]: ", "///Footnotes Go Here///", "{: onclick=alert(1) }", "\\",
    "|", "---", "===", "#", " ", "a", "Ruritania", "Rudolf V", "Strelsau", "\u202e", "\u2066", "\u200b",
    "\u200d", "\u00ad", "\x00", "\x07", "\x85", "\x9b", "\ud842", "\ue000", "\U00020bb7", "서울", "Đà Nẵng",
    "=cmd|' /C calc'!A0", "@SUM(1)", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
    "onerror=alert(1)", '" onmouseover="alert(2)', "'", '"', "{{ 7*7 }}", "\ue000x\ue001y\ue002", "%", "%0a",
]
# Markdown the checker accepts, yet full of what a careless template or a regular expression
# would get wrong: names in code, links, entities, quotes, tables, admonitions, non-BMP letters.
ACCEPTED_PIECES = [
    "Ruritania", "Rudolf V", "Strelsau", " ", "\n", "\n\n", "*a*", "**b**", "_c_", "`Strelsau`", "``Rudolf `V` ``",
    "[x](https://example.org/a)", '[x](https://example.org/a "onmouseover=alert(1)")',
    "[Strelsau][r]\n\n[r]: https://example.org/r\n\n", "&amp;", "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#x3C;img src=x onerror=alert(1)&#x3E;", "a < b", "\n\n> Strelsau\n\n", "\n\n- Rudolf V\n", "\n\n1. one\n",
    "\n\n    code Rudolf V\n\n", "\n\n!!! note\n    Rudolf V\n\n", "\n\n|a|Strelsau|\n|-|-|\n|c|d|\n\n",
    "{: onclick=alert(1) }", "///Footnotes Go Here///", "\\[", "\\*", "\U00020bb7", "서울", "Đà Nẵng", "%0a",
    "https://example.org/Rudolf_V", "=SUM(1)", "@cmd", "javascript:alert(1)", "{{ 7*7 }}", "${x}", "‘quoted’",
]
pieces = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
accepted_pieces = st.lists(st.sampled_from(ACCEPTED_PIECES), min_size=1, max_size=12).map("".join)
hostile_text = st.one_of(
    st.text(max_size=40), pieces, accepted_pieces, accepted_pieces, st.tuples(accepted_pieces, pieces).map("".join)
)
hostile_url = st.one_of(
    hostile_text,
    st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x2FFF), max_size=30).map(
        lambda text: "https://example.org/" + text),
    hostile_text.map(lambda text: "https://example.org/" + text),
    hostile_text.map(lambda text: "https://" + text),
    st.sampled_from(["javascript:alert(1)", "//tracker.example/", "https://a@tracker.example/", "https://exаmple.org/",
                     "https://example.org/a)![x](https://tracker.example/p.png)", "https://example.org/a\\b",
                     "HTTPS://EXAMPLE.ORG/%zz%41", "https://example.org:99999/"]),
)


def _minimal_data() -> dict[str, dict]:
    documents, _unreadable, problems = load_all(MINIMAL)
    assert problems == []
    return {f"{document.folder}/{document.stem}": document.data for document in documents}


BASE = _minimal_data()


def _write(root: Path, data: dict[str, dict]) -> None:
    for name, record in data.items():
        folder = root / name.split("/")[0]
        folder.mkdir(parents=True, exist_ok=True)
        if name.startswith("articles/"):
            front = {key: value for key, value in record.items() if key != "summary"}
            text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + record["summary"] + "\n"
            path = folder / f"{name.split('/')[1]}.md"
        else:
            text = yaml.safe_dump(record, allow_unicode=True, sort_keys=False)
            path = folder / f"{name.split('/')[1]}.yaml"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))  # an unpaired surrogate stays a (bad) byte sequence


# Where hostile text goes: a field of one record, as a path into the record's data.
FIELDS = {
    "name": [("places/strelsau", ("name",)), ("people/rudolf", ("aliases", 0)), ("countries/ruritania", ("aliases", 0)),
             ("events/coronation", ("name",)), ("organisations/strelsau-daily", ("name",))],
    "text": [
        ("countries/ruritania", ("official_name", "value")), ("countries/ruritania", ("facts", 0, "label")),
        ("countries/ruritania", ("facts", 0, "value")), ("countries/ruritania", ("facts", 0, "note")),
        ("countries/ruritania", ("positions", 0, "stance")), ("countries/ruritania", ("positions", 0, "topic")),
        ("countries/ruritania", ("leaders", 0, "office")), ("countries/ruritania", ("government", "value")),
        ("articles/daily-2020-03-02-coronation", ("dateline",)),
        ("references/encyclopedia-ruritania", ("title",)), ("references/encyclopedia-ruritania", ("publisher",)),
        ("articles/daily-2020-03-02-coronation", ("title",)), ("articles/daily-2020-03-02-coronation", ("author",)),
        ("articles/daily-2020-03-02-coronation", ("quotes", 0, "context")),
        ("articles/daily-2020-03-02-coronation", ("quotes", 0, "words")),
    ],
    "summary": [("places/strelsau", ("summary",)), ("countries/ruritania", ("summary",)),
                ("articles/daily-2020-03-02-coronation", ("summary",)), ("events/coronation", ("summary",))],
    "url": [("references/encyclopedia-ruritania", ("url",)), ("articles/daily-2020-03-02-coronation", ("url",)),
            ("organisations/strelsau-daily", ("website",))],
}


def _hostile_briefings(kind: str, choice: int, value: str) -> tuple[dict[str, dict], str]:
    """The minimal briefings with `value` in one field of the given kind; the file it went into."""
    data = copy.deepcopy(BASE)
    name, path = FIELDS[kind][choice % len(FIELDS[kind])]
    target = data[name]
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    if path == ("quotes", 0, "words"):  # a quote must be found in its article's passages
        data[name]["passages"] = [*data[name]["passages"], value]
    return data, name


class _PageAudit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.headings: list[str] = []
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        if tag in RESOURCE_TAGS or tag not in ELEMENTS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") or name in RESOURCE_ATTRIBUTES:
                self.problems.append(f"<{tag} {name}>")
            if name == "href":
                scheme = url_scheme(value)
                if (scheme and scheme not in URL_SCHEMES) or browser_view(value).startswith(("//", "/\\", "\\")):
                    self.problems.append(f"<{tag} href={value!r}>")
        if tag == "h1":
            self._in_h1 = True
            self.headings.append("")

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.headings[-1] += data


def _assert_refused_cleanly(problems) -> None:
    assert problems
    for problem in problems:  # nothing that could break the line, forge another or reorder it
        line = str(problem)
        assert not [char for char in line if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp")], repr(line)


def _assert_pages_are_safe(root: Path, name: str) -> None:
    site, pages = generate(root, today=TODAY)
    converter = site_markdown()
    expected_name = " ".join(unicodedata.normalize("NFC", name).split())
    for path, page in pages.items():
        body, meta = get_data(page)
        assert "title" in meta, f"{path}: the page lost its title"
        page_html = converter.reset().convert(body)
        assert audit(page_html)[0] == [], path
        page_audit = _PageAudit()
        page_audit.feed(page_html)
        assert page_audit.problems == [], (path, page_audit.problems)
        assert len(page_audit.headings) >= 1, f"{path}: no heading"
        if path == "places/strelsau.md":  # the title is HTML, as the theme shows it
            assert html.unescape(meta["title"]) == unicodedata.normalize("NFC", name), path
            assert page_audit.headings[0].strip() == expected_name, path  # the parser has decoded entities


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)
@given(kind=st.sampled_from(sorted(FIELDS)), choice=st.integers(0, 15), data=st.data())
def test_whatever_an_editor_writes_is_refused_or_shown_safely(tmp_path_factory, kind, choice, data):
    value = data.draw(hostile_url if kind == "url" else hostile_text, label="value")
    briefings, record = _hostile_briefings(kind, choice, value)
    root = tmp_path_factory.mktemp("hostile") / "briefings"
    _write(root, briefings)
    _entries, problems = check(root, today=TODAY)
    event(f"{kind}: {'refused' if problems else 'shown'}")
    if problems:
        _assert_refused_cleanly(problems)
    else:
        _assert_pages_are_safe(root, briefings["places/strelsau"]["name"])


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=datetime.timedelta(seconds=10))
@given(content=st.one_of(st.binary(max_size=3000), hostile_text.map(lambda text: ("name: " + text).encode("utf-8", "surrogatepass"))))
@pytest.mark.parametrize("file_name", ["places/strelsau.yaml", "articles/daily-2020-03-02-coronation.md"])
def test_any_bytes_in_a_source_file_give_problems_not_a_traceback(tmp_path_factory, file_name, content):
    root = tmp_path_factory.mktemp("bytes") / "briefings"
    _write(root, BASE)
    (root / file_name).write_bytes(content)
    _entries, problems = check(root, today=TODAY)
    assert problems, "arbitrary bytes passed as a valid record"
    _assert_refused_cleanly(problems)
