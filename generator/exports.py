"""The data behind the pages, for readers to take with them: JSON per record and in bulk, a CSV of
the country comparison, an Atom feed of articles and events. Pure functions from the site model.

The format is described on the site's data page (docs/data.md). Nothing here depends on the
clock: the same briefings give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import orjson

from .figures import figure_of
from .indexes import facet_files
from .incremental import Recall, RenderedFiles, TrackedSite, render_files
from .model import Site
from .schema import Article, Country, Event, Record, Reference
from .validate import references_of

FORMAT_VERSION = 2  # 2: a position's `topic` is the id of a topic record, no longer free text
FEED_ENTRIES = 50
FEED_PATH = "feed.xml"
BULK_PATH = "data/all.json"
COMPARISON_PATH = "data/compare.csv"


def data_path(site: Site, record_id: str) -> str:
    """Where a record's JSON document lives, beside the site's pages."""
    return f"data/{site.folder_of[record_id]}/{record_id}.json"


def json_text(value: Any) -> str:
    """`value` as JSON indented by two spaces, characters as they are, as `json.dumps(value,
    indent=2, ensure_ascii=False)` writes it, from a library written in Rust (indented, Python's
    `json` runs in Python, and was a tenth of rendering at thousands of records). The text is the
    same but for numbers below 0.0001, which it writes as `0.00005` or `1e-6` where Python writes
    `5e-05` and `1e-06`: the same numbers, read back. (Numbers are finite and below 10^16, text
    holds no lone surrogates: the schema refuses the rest, which it could not write.)"""
    return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode("utf-8")


def _dumps(value: Any) -> str:
    return json_text(value) + "\n"


def _source_entry(site: Site, source_id: str) -> dict[str, Any]:
    source = site.records[source_id]
    if isinstance(source, Article):
        outlet = site.records[source.outlet]
        return {
            "id": source_id, "type": "article", "title": source.title, "publisher": outlet.name,
            "publisher_kind": outlet.kind, "author": source.author, "date": source.published.isoformat(),
            "url": source.url, "summary_page": site.page(source_id),
        }
    assert isinstance(source, Reference)
    return {
        "id": source_id, "type": "reference", "title": source.title, "publisher": source.publisher,
        "publisher_kind": source.kind, "accessed": source.accessed.isoformat() if source.accessed else None, "url": source.url,
    }


def _cited_sources(record: Record) -> list[str]:
    """Every source the record cites, once, in the order of its fields: from its references,
    which the checker worked out already."""
    cited = (target for path, target, _refers in references_of(record) if len(path) > 1 and path[-2] == "sources")
    return list(dict.fromkeys(cited))


def record_document(site: Site, record_id: str) -> dict[str, Any]:
    """One record as JSON: its fields as editors wrote them, what it is, and its sources resolved."""
    record = site.records[record_id]
    sources = [record_id] if isinstance(record, Article) else _cited_sources(record)
    return {
        "format_version": FORMAT_VERSION,
        "id": record_id,
        "type": site.kind(record_id),
        "page": site.page(record_id),
        "record": record.model_dump(mode="json", exclude_none=True),
        "relations": [
            {"label": view.label, "with": view.other, "kind": view.relation.kind, "recorded_on": view.recorded_on}
            for view in site.relations.get(record_id, [])
        ],
        "sources": [_source_entry(site, source_id) for source_id in sources],
    }


def _record_file(record_id: str) -> Callable[[Site | TrackedSite], str]:
    return lambda site: _dumps(record_document(site, record_id))  # type: ignore[arg-type]


def _topic_feed_file(topic_id: str, base_url: str) -> Callable[[Site | TrackedSite], str]:
    return lambda site: topic_feed(site, topic_id, base_url)  # type: ignore[arg-type]


def bulk_document(site: Site) -> dict[str, Any]:
    return {"format_version": FORMAT_VERSION, "records": [_bulk_entry(site, record_id) for record_id in sorted(site.records)]}


def _bulk_entry(site: Site, record_id: str) -> dict[str, Any]:
    return {"id": record_id, "type": site.kind(record_id),
            "record": site.records[record_id].model_dump(mode="json", exclude_none=True)}


def bulk_text(site: Site, recall: Recall | None = None) -> str:
    """`bulk_document` as JSON text, written as `_dumps` writes it. With `recall`, each record's
    part is the last build's where the record is the very same object (under serve, every record
    whose file did not change): dumping thousands of records is most of writing the file."""
    kept = recall.memory.bulk_entries if recall is not None else {}
    parts: dict[str, tuple[Record, str]] = {}
    for record_id, record in sorted(site.records.items()):
        known = kept.get(record_id)
        if known is None or known[0] is not record:
            # Indented line by line at "\n" only: JSON text may hold other line separators in strings.
            text = json_text(_bulk_entry(site, record_id))
            known = (record, "\n".join("    " + line for line in text.split("\n")))
        parts[record_id] = known
    if recall is not None:
        recall.memory.bulk_entries = parts
    # One join of every piece: the file is made once, not as a list of records first and then
    # again around it (two copies of a text of megabytes, at the moment a rebuild's memory peaks).
    pieces = [f'{{\n  "format_version": {json.dumps(FORMAT_VERSION)},\n  "records": ']
    if parts:
        pieces.append("[\n")
        for number, (_record, text) in enumerate(parts.values()):
            pieces += [",\n", text] if number else [text]
        pieces.append("\n  ]")
    else:
        pieces.append("[]")
    pieces.append("\n}\n")
    return "".join(pieces)


# What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection"), also after the
# spaces and line breaks some spreadsheets skip.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading `'`."""
    return "'" + text if text.startswith(FORMULA_STARTS) or text.lstrip(" \t\r\n").startswith(FORMULA_STARTS) else text


def comparison_csv(site: Site) -> str:
    """One row per country, the columns of the comparison page; lists joined with "; ". No cell
    starts a formula (see `spreadsheet_cell`), and every cell is quoted."""
    out = io.StringIO()
    # Every cell quoted: a spreadsheet that splits on `;` or tabs cannot cut a formula out of one.
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    figures = list(dict.fromkeys(figure.figure for country in site.countries() for figure in country.figures))
    # Each figure in three columns: the number as a number, its unit, and the year or day it is for;
    # named `figure_...`, so that no figure an editor names can clash with another column.
    figure_columns = [f"figure_{key}{part}" for key in figures for part in ("", "_unit", "_for")]
    writer.writerow(["id", "name", "official_name", "capital", "government", "leaders", "positions", "relations",
                     *figure_columns])
    for country in site.countries():
        assert isinstance(country, Country)
        texts = [spreadsheet_cell(cell) for cell in [
            country.id,
            country.name,
            country.official_name.value if country.official_name else "",
            country.capital.value if country.capital else "",
            country.government.value if country.government else "",
            "; ".join(f"{site.name(l.person)} ({l.office}, since {l.since})" for l in country.leaders if site.in_office(l)),
            "; ".join(f"{site.name(p.topic)}: {p.stance}" for p in country.positions),
            "; ".join(f"{v.label} {site.name(v.other)}" for v in site.relations.get(country.id, [])),
        ]]
        # A figure's cells are a validated number, a unit and a date of ours: no formula can
        # hide there, and a negative number must stay a number.
        writer.writerow([*texts, *(cell for key in figures for cell in _figure_cells(country, key))])
    return out.getvalue()


def _figure_cells(country: Country, key: str) -> tuple[str, str, str]:
    figure = figure_of(country, key)
    if figure is None:
        return "", "", ""
    return repr(figure.value) if isinstance(figure.value, float) else str(figure.value), figure.unit, \
        str(figure.year if figure.year is not None else figure.as_of)


def _page_url(page: str, base_url: str) -> str:
    path = page[: -len("index.md")] if page.endswith("index.md") else page[: -len(".md")] + "/"
    return base_url.rstrip("/") + "/" + path if base_url else path


def atom_feed(site: Site, base_url: str = "") -> str:
    """Articles, held events and changes to the sheets, newest first. Entry ids are tag URIs,
    stable across hosts."""
    items = [_feed_item(article) for article in site.articles()]
    items += [_feed_item(event) for event in site.of_folder("events")
              if isinstance(event, Event) and event.status == "held" and event.date]
    items += [
        (change.date, "change", f"{change.record}/{change.commit[:12]}", f"Changed: {site.name(change.record)}",
         "; ".join(change.items))
        for change in site.recent_changes() if change.record in site.records
    ]
    return _feed(site, items, "Briefings: articles, events and changes", "feed", FEED_PATH, base_url)


def topic_feed_path(topic_id: str) -> str:
    return f"data/topics/{topic_id}.xml"


def topic_feed(site: Site, topic_id: str, base_url: str = "") -> str:
    """The articles and held events on one topic, newest first."""
    records = [site.records[item.record] for item in site.timeline_on(topic_id) if item.quote is None]
    items = [_feed_item(record) for record in records
             if isinstance(record, Article) or (isinstance(record, Event) and record.status == "held")]
    return _feed(site, items, f"Briefings: {site.name(topic_id)}", f"topic/{topic_id}", topic_feed_path(topic_id), base_url)


def _feed_item(record: Article | Event) -> tuple:
    """An article or a held event as a feed entry: (date, kind, id, title, summary)."""
    if isinstance(record, Article):
        return (record.published, "article", record.id, record.title, record.summary)
    return (record.date, "event", record.id, record.name, record.summary)


def _feed(site: Site, items: list[tuple], title: str, feed_id: str, path: str, base_url: str) -> str:
    items = sorted(items, key=lambda item: (item[0], item[2]), reverse=True)[:FEED_ENTRIES]
    updated = f"{items[0][0].isoformat()}T00:00:00Z" if items else "1970-01-01T00:00:00Z"
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{xml_escape(title)}</title>",
        f"  <id>tag:briefings,2019:{xml_escape(feed_id)}</id>",
        f"  <updated>{updated}</updated>",
        f"  <link rel=\"self\" href={quoteattr(base_url.rstrip('/') + '/' + path if base_url else path)}/>",
        "  <author><name>Briefings editors</name></author>",
    ]
    for date, kind, record_id, entry_title, summary in items:
        lines += [
            "  <entry>",
            f"    <title>{xml_escape(entry_title)}</title>",
            f"    <id>tag:briefings,{date.isoformat()}:{kind}/{record_id}</id>",
            f"    <updated>{date.isoformat()}T00:00:00Z</updated>",
            f"    <link href={quoteattr(_page_url(site.page(record_id.split('/')[0]), base_url))}/>",
            f"    <category term=\"{kind}\"/>",
            f"    <summary type=\"text\">{xml_escape(' '.join(summary.split()))}</summary>",
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def render_exports(site: Site, base_url: str = "", recall: Recall | None = None) -> RenderedFiles:
    """Every data file: path beside the pages -> its text. With `recall`, a record's document is
    taken from it if its inputs are unchanged since the last build."""
    makers = {data_path(site, record_id): _record_file(record_id) for record_id in sorted(site.records)}
    makers |= {topic_feed_path(topic.id): _topic_feed_file(topic.id, base_url) for topic in site.of_folder("topics")}
    files = render_files(site, recall, makers, inputs=(base_url,))  # the feeds' links begin with it
    files[BULK_PATH] = bulk_text(site, recall)
    files[COMPARISON_PATH] = comparison_csv(site)
    files[FEED_PATH] = atom_feed(site, base_url)
    files.update(facet_files(site))
    return files
