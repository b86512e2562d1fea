from conftest import MINIMAL, SHIPPED
from generator.pipeline import build_site


def test_a_relation_is_stored_once_and_seen_from_both_sides():
    site = build_site(SHIPPED)
    from_china = [(v.other, v.label) for v in site.relations["china"]]
    from_north_korea = [(v.other, v.label) for v in site.relations["north-korea"]]
    assert ("north-korea", "ally of") in from_china
    assert ("china", "ally of") in from_north_korea
    assert ("china", "has as main trading partner") in from_north_korea
    assert all(v.recorded_on == "china" for v in site.relations["north-korea"] if v.other == "china")


def test_backlinks_name_the_record_and_its_role():
    site = build_site(MINIMAL)
    roles = {(link.source, link.role) for link in site.backlinks["rudolf"]}
    assert roles == {
        ("daily-2020-03-02-coronation", "mentions it"),
        ("daily-2020-03-02-coronation", "quotes it"),
        ("ruritania", "names it as a leader"),
        ("coronation", "lists it as a participant"),
        ("coronation", "mentions it"),  # its summary names him
        ("ruritania", "mentions it"),
    }
    contexts = {link.source: link.context for link in site.backlinks["rudolf"] if link.context}
    assert contexts["ruritania"] == "King Rudolf was crowned in Strelsau."
    assert site.cited_by("encyclopedia-ruritania") == ["ruritania"]


def test_the_timeline_is_in_date_order_and_finds_each_actors_items():
    site = build_site(MINIMAL)
    dates = [item.date for item in site.timeline]
    assert dates == sorted(dates)
    kinds = [item.kind for item in site.timeline_of(site.members("ruritania"))]
    assert kinds == ["event", "quote", "article"]


def test_page_paths_follow_the_folder_and_id():
    site = build_site(MINIMAL)
    assert site.page("rudolf") == "people/rudolf.md"
    assert site.page("daily-2020-03-02-coronation") == "articles/daily-2020-03-02-coronation.md"


def test_removing_a_relation_from_its_one_sheet_removes_it_from_both_pages(tmp_path):
    from conftest import copy_briefings
    from generator.pipeline import generate

    root = copy_briefings(SHIPPED, tmp_path)
    sheet = root / "countries" / "china.yaml"
    text = sheet.read_text("utf-8")
    start = text.index("  - actor: north-korea\n    kind: ally\n")
    end = text.index("  - actor: north-korea\n    kind: main-trading-partner\n")
    sheet.write_text(text[:start] + text[end:], "utf-8")
    _, pages = generate(root)
    for page in ("countries/china.md", "countries/north-korea.md"):
        assert "| ally of |" not in pages[page]
        assert "main trading partner" in pages[page]


def test_the_check_and_the_model_pause_the_garbage_collector_and_restore_it(monkeypatch):
    import gc

    from generator import pipeline
    from generator import model

    seen = []
    for module, name in ((pipeline, "validate_documents"), (model, "_index")):
        original = getattr(module, name)

        def noting(*arguments, _original=original, **keywords):
            seen.append(gc.isenabled())
            return _original(*arguments, **keywords)

        monkeypatch.setattr(module, name, noting)
    assert gc.isenabled()
    build_site(SHIPPED)
    assert seen == [False, False]  # inside the check, inside the model
    assert gc.isenabled()
    gc.disable()
    try:
        build_site(SHIPPED)
        assert not gc.isenabled()  # left off, as it was
    finally:
        gc.enable()
