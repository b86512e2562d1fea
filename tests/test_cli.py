"""The `briefings` command line, run as editors run it."""

from __future__ import annotations

import json
import re
import shutil

import jinja2
import pytest

from conftest import MINIMAL, REPO, SHIPPED, copy_briefings, run_briefings, tree_snapshot
from generator.scaffold import FOLDER_OF_KIND, slug


@pytest.mark.parametrize("command", [[], ["check"], ["export"], ["watch"], ["build"], ["new"], ["schema"]])
def test_every_command_has_help(command, tmp_path):
    result = run_briefings(*command, "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "usage: briefings" in result.stdout


def test_check_as_json_lists_problems_for_tools(tmp_path):
    root = copy_briefings(MINIMAL, tmp_path)
    sheet = root / "places" / "strelsau.yaml"
    sheet.write_text(sheet.read_text().replace("kind: capital-city", "kind: capitol"))
    result = run_briefings("check", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["count"] == 1
    assert report["problems"][0] == {
        "file": "briefings/places/strelsau.yaml",
        "line": 3,
        "column": 7,
        "field": "kind",
        "message": 'expected one of city, capital-city, facility, region, venue; found "capitol" (did you mean `capital-city`?)',
    }


def test_check_on_a_missing_folder_is_an_editor_error(tmp_path):
    result = run_briefings("check", "--root", "nowhere", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("nowhere:1:1: expected a folder of briefings")


NEW_RECORDS = [
    ["country", "Japan"],
    ["person", "Shinzo Abe", "--country", "japan"],
    ["organisation", "Asahi Shimbun", "--kind", "newspaper", "--country", "japan"],
    ["place", "Đà Nẵng Bay", "--kind", "region"],
    ["event", "G20 Osaka summit", "--date", "2019-06-28", "--source", "usatoday-2019-01-09-kim-second-summit"],
    ["event", "Third summit", "--source", "usatoday-2019-01-09-kim-second-summit"],
    ["reference", "Japan", "--id", "wikipedia-japan", "--url", "https://en.wikipedia.org/wiki/Japan",
     "--publisher", "Wikipedia"],
    ["article", "A headline", "--outlet", "usa-today", "--url", "https://example.org/a", "--published", "2019-02-01"],
    ["topic", "Human rights in North Korea"],
]


def test_new_writes_skeletons_that_pass_the_check_and_become_pages(tmp_path):
    root = copy_briefings(SHIPPED, tmp_path)
    written = []
    for arguments in NEW_RECORDS:
        result = run_briefings("new", *arguments, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        written.append(result.stdout.split()[1].rstrip("."))  # "Wrote PATH. Fill it in, ..."
    assert (root / "places" / "da-nang-bay.yaml").is_file()
    assert (root / "events" / "third-summit.yaml").read_text().count("status: planned") == 1
    check = run_briefings("check", cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    # A summary left as the skeleton wrote it would be published: each is a warning.
    unwritten = sorted(line.removeprefix("warning: ").split(":")[0] for line in check.stderr.splitlines()
                       if "still the placeholder `briefings new` wrote" in line)
    assert unwritten == sorted(path for path in written if "/references/" not in path)  # a reference has none
    export = run_briefings("export", "out", cwd=tmp_path)
    assert export.returncode == 0, export.stderr
    japan = (tmp_path / "out" / "countries" / "japan.md").read_text()
    assert "# Japan" in japan and "Write a short briefing on Japan" in japan
    report = (tmp_path / "out" / "report.md").read_text()  # what the build says of them
    assert f"| Summaries still as `briefings new` wrote them | {len(unwritten)} |" in report
    assert "- [Japan](countries/japan.md) (country)\n" in report


def test_new_never_overwrites(tmp_path):
    root = copy_briefings(SHIPPED, tmp_path)
    before = tree_snapshot(root)
    result = run_briefings("new", "country", "China", cwd=tmp_path)
    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert tree_snapshot(root) == before


def test_new_says_what_a_kind_needs(tmp_path):
    copy_briefings(SHIPPED, tmp_path)
    result = run_briefings("new", "organisation", "Nodong Sinmun", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("usage: briefings new ")  # as for argparse's own refusals
    assert result.stderr.endswith("\nbriefings new: a new organisation needs --kind (one of state-news-agency, news-agency, "
                                  "newspaper, news-website, broadcaster, think-tank, research-institute, government-body, "
                                  "political-party, international-organisation)\n")
    result = run_briefings("new", "place", "Kaesong", "--kind", "town", cwd=tmp_path)
    assert result.returncode == 2  # a wrong command line, as argparse's own refusals
    assert "--kind: expected one of city, capital-city, facility, region, venue; found 'town'" in result.stderr


@pytest.mark.parametrize(("arguments", "message"), [
    (["person", "Vladimir Putin", "--country", "rusia"],
     "--country: expected the id of a country in briefings/countries/; found `rusia`."),
    (["person", "Xi Two", "--country", "chian"],
     "--country: expected the id of a country in briefings/countries/; found `chian` (did you mean `china`?)."),
    (["article", "A headline", "--outlet", "tass", "--url", "https://example.org/a"],
     "--outlet: expected the id of an organisation in briefings/organisations/; found `tass`."),
    (["event", "Third summit", "--source", "usatoday-2019-01-09-kim"],
     "--source: expected the id of an article or a reference in briefings/articles/ or "
     "briefings/references/; found `usatoday-2019-01-09-kim` (did you mean `usatoday-2019-01-09-kim-second-summit`?)."),
])
def test_new_refuses_to_name_records_that_do_not_exist(tmp_path, arguments, message):
    root = copy_briefings(SHIPPED, tmp_path)
    before = tree_snapshot(root)
    result = run_briefings("new", *arguments, cwd=tmp_path)
    assert result.returncode == 2  # a wrong value on the command line
    assert result.stderr.startswith("usage: briefings new ")
    assert f"\nbriefings new: {message} Add that record first, so that the skeleton passes the check\n" in result.stderr
    assert tree_snapshot(root) == before


def test_new_naming_a_record_outside_any_briefings_folder_says_so(tmp_path):
    result = run_briefings("new", "person", "Xi Two", "--country", "china", "--root", "nowhere", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.endswith("briefings new: --root: expected the briefings folder; found no folder `nowhere`\n")
    assert list(tmp_path.iterdir()) == []


def test_new_gives_references_and_articles_ids_of_their_own(tmp_path):
    root = copy_briefings(SHIPPED, tmp_path)
    reference = run_briefings("new", "reference", "Japan", "--publisher", "Wikipedia",
                              "--url", "https://en.wikipedia.org/wiki/Japan", cwd=tmp_path)
    assert reference.returncode == 0, reference.stderr
    assert (root / "references" / "wikipedia-japan.yaml").is_file()  # never `japan`, the country's id
    article = run_briefings("new", "article", "Trump and Kim meet in Hanoi for a second summit", "--outlet",
                            "usa-today", "--published", "2019-02-27", "--url", "https://www.usatoday.com/x", cwd=tmp_path)
    assert article.returncode == 0, article.stderr
    assert (root / "articles" / "usa-today-2019-02-27-trump-and-kim-meet.md").is_file()
    clash = run_briefings("new", "reference", "China", "--id", "china", "--publisher", "Wikipedia",
                          "--url", "https://en.wikipedia.org/wiki/China", cwd=tmp_path)
    assert clash.returncode == 1 and "already has the id `china`" in clash.stderr and "--id" in clash.stderr


def test_every_kind_has_a_skeleton():
    assert {arguments[0] for arguments in NEW_RECORDS} == set(FOLDER_OF_KIND)


def test_ids_made_from_names():
    assert slug("Kim Jong Un") == "kim-jong-un"
    assert slug("Moon Jae-in") == "moon-jae-in"
    assert slug("  ../etc/passwd ") == "etc-passwd"
    assert slug("China's Xi, India’s Modi meet in Wuhan") == "chinas-xi-indias-modi-meet-in-wuhan"


def test_export_writes_every_page_and_never_overwrites(tmp_path):
    copy_briefings(SHIPPED, tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\n<!-- briefings:countries -->\n")
    result = run_briefings("export", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "countries" / "north-korea.md").is_file()
    assert "[China](countries/china.md)" in (tmp_path / "out" / "index.md").read_text()
    # Names in summaries are linked with Markdown links: no token of our extension is left.
    trump = (tmp_path / "out" / "people" / "donald-trump.md").read_text()
    assert "[Kim Jong Un](../people/kim-jong-un.md) in [Singapore](../countries/singapore.md)" in trump
    assert not any(re.search("[\ue000-\ue002]", path.read_text()) for path in (tmp_path / "out").rglob("*.md"))
    again = run_briefings("export", "out", cwd=tmp_path)
    assert again.returncode == 1 and "never overwrites" in again.stderr


def test_compiled_templates_that_are_damaged_or_cannot_be_kept_change_nothing(tmp_path):
    copy_briefings(MINIMAL, tmp_path)
    cache = tmp_path / "cache"
    first = run_briefings("export", "first", cwd=tmp_path, environment={"XDG_CACHE_HOME": str(cache)})
    compiled = list(cache.rglob("*.cache"))
    assert first.returncode == 0 and compiled, first.stderr
    for file in compiled:
        file.write_bytes(jinja2.bccache.bc_magic + b"damaged")
    damaged = run_briefings("export", "damaged", cwd=tmp_path, environment={"XDG_CACHE_HOME": str(cache)})
    (tmp_path / "a-file").write_text("")
    unusable = run_briefings("export", "unusable", cwd=tmp_path, environment={"XDG_CACHE_HOME": str(tmp_path / "a-file")})
    assert damaged.returncode == 0 and unusable.returncode == 0, damaged.stderr + unusable.stderr
    assert tree_snapshot(tmp_path / "first") == tree_snapshot(tmp_path / "damaged") == tree_snapshot(tmp_path / "unusable")


def test_check_warns_of_a_quote_no_passage_can_verify(tmp_path):
    root = copy_briefings(MINIMAL, tmp_path)
    article = root / "articles" / "daily-2020-03-02-coronation.md"
    text = article.read_text("utf-8")
    article.write_text(text.replace('passages:\n  - "“We shall stay friends with all,” the king, aged 29, told the crowd."\n', ""), "utf-8")
    country = root / "countries" / "ruritania.yaml"  # its excerpt from that article is checked against passages
    country.write_text(country.read_text("utf-8").replace("        excerpt: the king, aged 29,\n", ""), "utf-8")
    result = run_briefings("check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ("warning: briefings/articles/daily-2020-03-02-coronation.md:12:12: quotes[0].words: "
                             "unverified: this article keeps no `passages`, so nothing checks these words against "
                             "the story; add the sentence they come from under `passages`\n")
    assert "no problems, 1 warning." in result.stdout


def test_export_includes_the_archived_editions_of_the_configuration(tmp_path):
    copy_briefings(SHIPPED, tmp_path)
    shutil.copytree(REPO / "docs", tmp_path / "docs")
    shutil.copyfile(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    result = run_briefings("export", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "editions" / "2019-01-10" / "countries" / "north-korea.md").is_file()
    assert (tmp_path / "out" / "overrides" / "main.html").is_file()  # the theme's overrides travel with the pages
    assert "<!-- briefings:" not in (tmp_path / "out" / "index.md").read_text()


def test_export_of_bad_briefings_writes_nothing(tmp_path):
    root = copy_briefings(MINIMAL, tmp_path)
    sheet = root / "places" / "strelsau.yaml"
    sheet.write_text(sheet.read_text().replace("kind: capital-city", "kind: capitol"))
    result = run_briefings("export", "out", cwd=tmp_path)
    assert result.returncode == 1 and "strelsau.yaml" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_export_refuses_a_folder_that_holds_files_before_generating_anything(tmp_path):
    root = copy_briefings(MINIMAL, tmp_path)
    sheet = root / "places" / "strelsau.yaml"  # bad, so that generating would fail: it must not be tried
    sheet.write_text(sheet.read_text().replace("kind: capital-city", "kind: capitol"))
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("mine")
    result = run_briefings("export", "out", cwd=tmp_path)
    assert result.returncode == 1 and "never overwrites" in result.stderr and "strelsau" not in result.stderr
    assert (tmp_path / "out" / "notes.txt").read_text() == "mine"


def test_check_reads_the_briefings_folder_the_configuration_names(tmp_path):
    shutil.copytree(MINIMAL, tmp_path / "sheets")
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\nplugins:\n  - briefings:\n      briefings_dir: sheets\n")
    result = run_briefings("check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "records checked, no problems" in result.stdout
    (tmp_path / "mkdocs.yml").write_text("site_name: [unclosed\n")
    named = run_briefings("check", "--config", "mkdocs.yml", cwd=tmp_path)  # the configuration asked for must be read
    assert named.returncode == 1 and "mkdocs.yml" in named.stderr and "Traceback" not in named.stderr
    unread = run_briefings("check", cwd=tmp_path)  # else the usual folder is checked, with a warning
    assert unread.returncode == 1 and "warning: " in unread.stderr and "checking briefings/" in unread.stderr
    assert "\nbriefings:1:1: expected a folder of briefings" in unread.stderr, unread.stderr  # shown as given, not absolute
    assert run_briefings("check", "--root", "sheets", cwd=tmp_path).returncode == 0  # --root needs no configuration
