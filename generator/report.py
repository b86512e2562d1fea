"""The editors' build report: what in the briefings needs attention. Pure, from the site model."""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Site
from .schema import Article, Attribute, Entity, Event, Fact, Leader, Office, Position, Quote, Record, Relation
from .text import mention_sentences
from .validate import field_name, past_due, unwritten


@dataclass
class Report:
    claims: int = 0
    verified: int = 0
    uncited: list[tuple[str, str]] = field(default_factory=list)
    unverified: list[tuple[str, str]] = field(default_factory=list)
    stale: list[tuple[str, str]] = field(default_factory=list)
    stale_pages: list[str] = field(default_factory=list)  # generated pages that show a stale mark
    overdue_events: list[str] = field(default_factory=list)
    verified_quotes: int = 0
    unverified_quotes: list[tuple[str, Quote]] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    unlisted_mentions: list[tuple[str, list[str]]] = field(default_factory=list)  # article, names not in `mentions`
    unwritten: list[str] = field(default_factory=list)  # records whose summary is still the skeleton's


def describe_claim(site: Site, path: tuple, claim: Record) -> str:
    """A statement as an editor finds it in the sheet: its field and what it says."""
    where = field_name(path)
    if isinstance(claim, Fact):
        what = claim.label
    elif isinstance(claim, Position):
        what = site.name(claim.topic)
    elif isinstance(claim, Relation):
        what = f"{claim.kind} {claim.actor}"
    elif isinstance(claim, Leader):
        what = claim.office
    elif isinstance(claim, Office):
        what = claim.title
    elif isinstance(claim, Attribute):
        what = claim.value
    else:
        what = getattr(claim, "value", "")
    return f"{where} ({what})"


def build_report(site: Site, stale_pages: list[str]) -> Report:
    """The report, with the pages that show a stale mark as rendered (so that it agrees with them)."""
    report = Report(stale_pages=stale_pages)
    for record_id, path, claim in site.claims:
        if isinstance(claim, Fact) and claim.accounts:
            if past_due(claim, site.today):  # the accounts are the statements; the fact may be due too
                report.stale.append((record_id, describe_claim(site, path, claim)))
            continue
        report.claims += 1
        label = describe_claim(site, path, claim)
        if not claim.sources:
            report.uncited.append((record_id, label))
        if claim.excerpt:
            report.verified += 1
        else:
            report.unverified.append((record_id, label))
        if past_due(claim, site.today):
            report.stale.append((record_id, label))
    for record_id, record in site.records.items():
        if unwritten(record):
            report.unwritten.append(record_id)
        if isinstance(record, Entity) and past_due(record, site.today):
            report.stale.append((record_id, "the whole sheet (review_by)"))
        if isinstance(record, Event) and site.event_status(record) == "overdue":
            report.overdue_events.append(record_id)
        if isinstance(record, Article):
            if record.passages:
                report.verified_quotes += len(record.quotes)
            else:
                report.unverified_quotes += [(record_id, quote) for quote in record.quotes]
            unlisted = _named_but_not_listed(site, record)
            if unlisted:
                report.unlisted_mentions.append((record_id, unlisted))
    report.orphans = site.orphans()
    return report


def _named_but_not_listed(site: Site, article: Article) -> list[str]:
    """The records an article's summary names (and links) but its `mentions` leave out: lists of
    articles narrowed to one of them do not show it."""
    return [record_id for record_id in mention_sentences(article.summary, site.matcher)
            if record_id not in article.mentions and record_id not in (article.id, article.outlet)]
