"""The history of every record, read from git: field-level changes with their commit dates."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest

from conftest import MINIMAL, copy_briefings
from generator import pipeline
from generator.history import NO_GIT, HistoryOptions, _told, describe, read_history

EDITION = datetime.date(2026, 11, 29)
ATOM = "{http://www.w3.org/2005/Atom}"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repository: Path, *arguments: str, day: str = "2026-01-01") -> None:
    moment = f"{day}T12:00:00+00:00"
    environment = {**os.environ, "GIT_AUTHOR_DATE": moment, "GIT_COMMITTER_DATE": moment,
                   "GIT_AUTHOR_NAME": "An Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
                   "GIT_COMMITTER_NAME": "An Editor", "GIT_COMMITTER_EMAIL": "editor@example.org"}
    subprocess.run(["git", "-C", str(repository), *arguments], check=True, capture_output=True, env=environment)


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """The minimal briefings in git: added, then a leader changed, then a quote added, on three days."""
    root = copy_briefings(MINIMAL, tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "Add Ruritania", day="2026-01-01")
    country = root / "countries" / "ruritania.yaml"
    country.write_text(country.read_text().replace("    since: 2019-05-01\n", "    since: 2019-05-01\n    until: 2026-02-01\n"))
    git(tmp_path, "commit", "-q", "-am", "Rudolf left office", day="2026-02-10")
    article = root / "articles" / "daily-2020-03-02-coronation.md"
    article.write_text(article.read_text().replace("passages:\n", """  - speaker: rudolf
    words: told the crowd
    said: 2020-03-01
passages:
"""))
    git(tmp_path, "commit", "-q", "-am", "Quote", day="2026-03-05")
    return root


def test_each_record_lists_its_changes_newest_first_with_dates_and_fields(repository: Path):
    history = read_history(repository, {"rudolf": "Rudolf V"})
    assert history.available
    ruritania = history.changes["ruritania"]
    assert [(change.date, change.items) for change in ruritania] == [
        (datetime.date(2026, 2, 10), ("Leader changed: Rudolf V, King, since 2019-05-01, until 2026-02-01 "
                                      "(until none → 2026-02-01)",)),
        (datetime.date(2026, 1, 1), ("Added",)),
    ]
    article = history.changes["daily-2020-03-02-coronation"]
    assert article[0].date == datetime.date(2026, 3, 5)
    assert article[0].items == ("Quote added: Rudolf V, “told the crowd”",)
    assert all(change.author is None for change in ruritania)  # no names unless the editor asks
    assert read_history(repository, {}, authors=True).changes["ruritania"][0].author == "An Editor"


def test_the_pages_the_changes_page_and_the_feed_carry_the_history(repository: Path):
    _site, pages, data_files = pipeline.generate_all(repository, today=EDITION, history=HistoryOptions())
    country = pages["countries/ruritania.md"]
    history = country[country.index("## History"):]
    assert '**<time datetime="2026-02-10">2026-02-10</time>**: Leader changed: Rudolf V' in history
    assert '**<time datetime="2026-01-01">2026-01-01</time>**: Added' in history
    changes = pages["changes.md"]
    assert changes.index("2026-03-05") < changes.index("2026-02-10") < changes.index("2026-01-01")
    assert "Quote added: Rudolf V, “told the crowd”" in changes
    feed = ElementTree.fromstring(data_files["feed.xml"])
    titles = [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]
    assert "Changed: Ruritania" in titles and "Changed: A king is crowned" in titles


def test_without_git_the_history_is_said_to_be_unavailable(tmp_path: Path):
    root = copy_briefings(MINIMAL, tmp_path)
    assert not read_history(root, {}).available
    _site, pages, _data = pipeline.generate_all(root, today=EDITION, history=HistoryOptions())
    notice = NO_GIT.split(":")[0]  # the page's Markdown escapes the rest's punctuation
    assert "## History\n\n" + notice in pages["countries/ruritania.md"]
    assert notice in pages["changes.md"]


def test_a_shallow_clone_builds_and_does_not_count_its_oldest_commit_as_a_change(repository: Path, tmp_path: Path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repository.parent}", str(clone)], check=True)
    history = read_history(clone / "briefings", {})
    assert history.available and history.changes == {}  # the one commit there stands for all before it
    _site, pages, _data = pipeline.generate_all(clone / "briefings", today=EDITION, history=HistoryOptions())
    assert "## History" not in pages["countries/ruritania.md"]


def test_a_change_is_told_in_words_never_as_program_values():
    before = {"facts": [{"label": "Age", "accounts": [{"value": "36", "as_of": datetime.date(2019, 1, 9)}]}],
              "coordinates": {"latitude": 1.0, "longitude": 2.0}, "status": "planned"}
    after = {"facts": [{"label": "Age", "accounts": [{"value": "35", "as_of": datetime.date(2019, 1, 9)}]}],
             "coordinates": {"latitude": 1.5, "longitude": 2.0}, "status": "held"}
    assert list(describe(before, after, {})) == ["Fact changed: Age (accounts changed)", "Coordinates changed",
                                                 "Status: planned → held"]


def test_a_changed_summary_is_told_on_one_line_without_escaped_line_breaks():
    """A summary's paragraphs are apart by blank lines; a change to it reads as one line of words."""
    before = {"earlier": [{"until": datetime.date(2023, 3, 10), "summary": "First.\n\nSecond."}]}
    after = {"earlier": [{"until": datetime.date(2023, 3, 10), "summary": "First.\r\n\r\n Second, rewritten."}]}
    assert _told(describe(before, after, {})) == (
        "Earlier state changed: until 2023-03-10 (summary First. Second. → First. Second, rewritten.)",)
    assert _told(iter(["a\x0b\tb"])) == ("a\\x0b\\tb",)  # other controls are still shown as escapes


def test_old_versions_are_read_as_the_checker_reads_files_and_shown_safely(repository: Path):
    """An old commit was never checked: its text is shown with controls and private-use
    characters escaped, and what the checker refuses (an alias bomb) is not expanded."""
    country = repository / "countries" / "ruritania.yaml"
    good = country.read_text()
    hostile_note = "\ue000https://evil.example/phish\ue001Official site\ue002 \u202egnp.exe"
    country.write_text(good.replace("    review_by: 2021-01-01\n", f"    note: \"{hostile_note}\"\n    review_by: 2021-01-01\n"))
    git(repository.parent, "commit", "-q", "-am", "Hostile note", day="2026-04-01")
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + level)}: &{chr(98 + level)} [{', '.join(['*' + chr(97 + level)] * 10)}]\n" for level in range(7))
    country.write_text(bomb)
    git(repository.parent, "commit", "-q", "-am", "Bomb", day="2026-04-02")
    country.write_text(good)
    git(repository.parent, "commit", "-q", "-am", "Restored", day="2026-04-03")

    changes = read_history(repository, {}).changes["ruritania"]
    told = " ".join(item for change in changes for item in change.items)
    assert "\ue000" not in told and "\u202e" not in told and "\\ue000" in told and "\\u202e" in told
    assert [change.items for change in changes[:2]] == [
        ("Edited (one of the two versions is not a file the checker accepts)",)] * 2


def test_markdown_in_an_old_version_is_shown_as_text_in_the_history(repository: Path):
    from mkdocs.utils.meta import get_data

    from generator.markdown_extension import site_markdown

    country = repository / "countries" / "ruritania.yaml"
    marked = "[click](javascript:alert(1)) *shout* ![pixel](x.png)"
    country.write_text(country.read_text().replace("    review_by: 2021-01-01\n", f"    note: \"{marked}\"\n    review_by: 2021-01-01\n"))
    git(repository.parent, "commit", "-q", "-am", "Marked note", day="2026-04-01")
    _site, pages, _data = pipeline.generate_all(repository, today=EDITION, history=HistoryOptions())
    converter = site_markdown(sanitized=False)  # escaping alone must do it: no sanitizer behind it
    for path in ("countries/ruritania.md", "changes.md"):
        html = converter.reset().convert(get_data(pages[path])[0])
        told = html[html.index("2026-04-01"):]
        assert "<a href=\"javascript" not in told and "<img" not in told and "<em>shout" not in told, path
        assert "[click](javascript:alert(1)) *shout*" in told, path
