"""The parts that record pages share: tables of facts, positions and relations, timelines, quotes,
backlinks, history and the list of sources. The page templates lay out each page and call these
for its parts. They are Python rather than Jinja macros because they run for every row of every
page, where a macro call costs several times a function's: as macros, they made rendering a
fifth slower, with the same output.

Every value an editor wrote goes through `escape` (plain text) or a page writer's link or
citation; the parts add only Markdown and HTML of their own.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from .exports import data_path
from .text import MONTHS, escape, table_cells

if TYPE_CHECKING:
    from .model import Backlink, TimelineItem
    from .render import PageWriter

SECTION_TITLES = {
    "countries": "Countries",
    "people": "People",
    "organisations": "Organisations",
    "places": "Places",
    "events": "Events",
    "articles": "Articles",
    "topics": "Topics",
}
MENTIONS_SHOWN = 10
HISTORY_SHOWN = 20
PASSAGES_HEADING = "Passages from the source"
PASSAGES_ID = "passages-from-the-source"  # the id the table of contents gives that heading


def fit_table(markdown: str) -> str:
    """A pipe table without the columns that are empty on every row: an empty column only takes
    the width the others need. Lines around the table are kept as they are."""
    lines = markdown.split("\n")
    rows = [index for index, line in enumerate(lines) if line.startswith("|")]
    if len(rows) < 3:
        return markdown
    table = [table_cells(lines[index]) for index in rows]
    body = table[2:]
    kept = [column for column in range(len(table[0]))
            if any(column < len(row) and row[column].strip() for row in body)]
    for index, cells in zip(rows, table):
        lines[index] = "|" + "|".join(cells[column] if column < len(cells) else " " for column in kept) + "|"
    return "\n".join(lines)


def by_year_month(items: list[TimelineItem]) -> list[tuple[int, list[tuple[str, list[TimelineItem]]]]]:
    """Timeline items grouped by year, then month, in date order."""
    years: dict[int, dict[str, list[TimelineItem]]] = {}
    for item in items:
        years.setdefault(item.date.year, {}).setdefault(MONTHS[item.date.month - 1], []).append(item)
    return [(year, list(months.items())) for year, months in years.items()]


class PageParts:
    """The shared parts of one page, written with its page writer (links relative to the page,
    citations numbered in the order the page cites them)."""

    def __init__(self, page: PageWriter):
        self.page = page
        self.site = page.site

    def fact_value(self, fact) -> str:
        page = self.page
        if fact.accounts:
            value = "<strong>Accounts differ:</strong>" + "".join(
                f"<br>{number}. {escape(account.value)} (as of {page.date(account.as_of)}) "
                f"{page.cite(account.sources)}{page.evidence(account)}"
                for number, account in enumerate(fact.accounts, 1)
            )
        else:
            value = escape(fact.value)
        note = f" ({escape(fact.note)})" if fact.note else ""
        return value + note + page.evidence(fact)

    def fact_row(self, fact) -> str:
        value = self.fact_value(fact)
        return f"| {escape(fact.label)} | {value} | {self.page.date(fact.as_of)} | {self.page.cite(fact.sources or [])} |"

    def facts_table(self, facts: list) -> str:
        if not facts:
            return "No other facts recorded yet.\n"
        rows = "".join(self.fact_row(fact) + "\n" for fact in facts)
        return fit_table("| Fact | Value | As of | Sources |\n| --- | --- | --- | --- |\n" + rows)

    def positions_table(self, positions: list) -> str:
        if not positions:
            return "No positions recorded yet.\n"
        page = self.page
        rows = "".join(
            f"| {page.link(position.topic)} | {escape(position.stance)}{page.evidence(position)} | "
            f"{page.date(position.date)} | {page.cite(position.sources)} |\n"
            for position in positions
        )
        return "| Topic | Stance | Stated | Sources |\n| --- | --- | --- | --- |\n" + rows

    def relations_table(self, record_id: str) -> str:
        views = self.site.relations[record_id]
        if not views:
            return "No relations recorded yet.\n"
        page = self.page
        diagram = page.diagram(record_id)
        rows = "".join(
            f"| {escape(view.label)} | {page.link(view.other)} | {page.date(view.relation.since)} | "
            f"{escape(view.relation.note or '')}{page.evidence(view.relation)} | {page.date(view.relation.as_of)} | "
            f"{page.cite(view.relation.sources)} |\n"
            for view in views
        )
        table = "| Relation | With | Since | Note | As of | Sources |\n| --- | --- | --- | --- | --- | --- |\n"
        return f"{diagram}\n\n" + fit_table(table + rows)

    def timeline_item(self, item: TimelineItem) -> str:
        # The fields shown, not the whole record: a timeline need not change with a summary.
        page, site = self.page, self.site
        day = page.date(item.date)
        if item.kind == "event":
            place = site.field_of((item.record, "place"))
            where = f" ({page.link(place)})" if place else ""
            return f"- **{day}** · Event: {page.link(item.record)}{where}\n"
        if item.kind == "article":
            return f"- **{day}** · Article: {page.link(item.record)}, {page.link(site.field_of((item.record, 'outlet')))}\n"
        speaker = page.link(item.quote.speaker)
        return f"- **{day}** · Quote: {speaker}: “{escape(item.quote.words)}” {page.cite([item.record])}\n"

    def timeline(self, items: list[TimelineItem], heading_level: str = "###") -> str:
        if not items:
            return "Nothing dated recorded yet.\n"
        parts = []
        for year, months in by_year_month(items):
            parts.append(f"{heading_level} {year}\n\n")
            for month, month_items in months:
                parts.append(f"**{month} {year}**\n\n")
                parts.extend(self.timeline_item(item) for item in month_items)
                parts.append("\n")
        return "".join(parts)

    def quotes(self, items: list[TimelineItem]) -> str:
        if not items:
            return "No quotes recorded yet.\n"
        page, site = self.page, self.site
        parts = []
        for item in items:
            quote = item.quote
            speaker = page.link(quote.speaker)
            context = f", {escape(quote.context)}" if quote.context else ""
            via = f"{page.link(quote.via)} via " if quote.via else ""
            outlet = page.link(site.field_of((item.record, "outlet")))
            cite = page.cite([item.record])
            parts.append(
                f"> “{escape(quote.words)}”\n>\n"
                f"> — {speaker}, {page.date(quote.said)}{context}; reported by {via}{outlet} {cite}"
                f"{page.verified([item.record], quote.words)}\n\n"
            )
        return "".join(parts)

    def _mention_group(self, links: list[Backlink]) -> str:
        page, folder_of = self.page, self.site.folder_of
        parts = []
        for folder, group in itertools.groupby(links, key=lambda link: folder_of[link.source]):
            parts.append(f"**{SECTION_TITLES[folder]}**\n\n")
            for link in group:
                context = f": “{escape(link.context)}”" if link.context else ""
                parts.append(f"- {page.link(link.source)}{context}\n")
            parts.append("\n")
        return "".join(parts)

    def backlinks(self, links: list[Backlink]) -> str:
        """Each record that names this one, once, grouped by kind; past the first few, behind "Show all"."""
        shown = self._mention_group(links[:MENTIONS_SHOWN]) + "\n"
        if len(links) <= MENTIONS_SHOWN:
            return shown
        more = self._mention_group(links[MENTIONS_SHOWN:])
        return (f"{shown}<details markdown>\n<summary>Show {len(links) - MENTIONS_SHOWN} more</summary>\n\n"
                f"{more}\n</details>\n")

    def data_line(self, record_id: str, feed: str | None = None) -> str:
        page = self.page
        updates = f"; its updates as an [Atom feed]({page.to(feed)})" if feed else ""
        return (f"*The data of this page: [JSON]({page.to(data_path(self.site, record_id))}) "
                f"([format]({page.doc('open-data.md')})){updates}.*\n\n")

    def sources_section(self, always: bool = True) -> str:
        """The page's numbered sources; where it cites none, a line that says so, or (not
        `always`) no section at all."""
        if not self.page.cited:
            return "## Sources\n\nNo sources cited on this page.\n" if always else ""
        return "## Sources\n\n" + self.page.footnotes() + "\n"

    def review_line(self, record) -> str:
        page = self.page
        if not record.last_reviewed:
            return f"*The sheet as it stood on {page.date(self.site.today)}; it has been reviewed since.*\n\n"
        due = f"; next review due {page.date(record.review_by)}" if record.review_by else ""
        stale = (f' <span class="stale">Stale: this page was due for review {page.date(record.review_by)}</span>'
                 if page.is_stale(record) else "")
        return f"*Last reviewed {page.date(record.last_reviewed)}{due}.*{stale}\n"

    def passages(self, record) -> str:
        """The source's own words that quotes and excerpts are checked against, in the order given."""
        if not record.passages:
            return ""
        quoted = "".join(f"> {escape(passage)}\n\n" for passage in record.passages)
        return (f"## {PASSAGES_HEADING}\n\nThe exact words of the source that the quotes and excerpts citing it "
                f"are checked against, when the\nsite is built.\n\n{quoted}")

    def history(self, record_id: str) -> str:
        """Dated, field-level changes from git, newest first; the current edition only."""
        site = self.site
        changes = (site.history or {}).get(record_id, [])
        if site.edition.archived or not (changes or site.history_note):
            return ""
        if site.history is None:
            return f"## History\n\n{escape(site.history_note)}\n\n"
        lines = []
        for change in changes[:HISTORY_SHOWN]:
            author = f" ({escape(change.author)})" if change.author else ""
            lines.append(f"- **{self.page.date(change.date)}**{author}: {'; '.join(map(escape, change.items))}\n")
        if len(changes) > HISTORY_SHOWN:
            lines.append(f"\n{len(changes) - HISTORY_SHOWN} older changes are in the git history of the briefings.\n")
        return "## History\n\n" + "".join(lines) + "\n"

    def topics_line(self, record_id: str) -> str:
        topics = self.site.topics_of(record_id)
        if not topics:
            return ""
        return "**Topics:** " + " · ".join(self.page.link(topic) for topic in topics) + "\n"
