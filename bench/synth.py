"""Deterministic synthetic briefings for the benchmark: N entities and as many articles.

The proportions stay the same at every size (one country per 50 entities, each entity mentioned by
about five articles), so a page's expected content, and so its weight, does not grow with N.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from generator.maps import centre, known_codes

WORDS = (
    "talks summit sanctions trade delegation ministry statement visit agreement envoy border "
    "ceasefire election reform budget report analysts officials meeting proposal cooperation"
).split()


def _sentence(rng: random.Random, names: list[str]) -> str:
    words = rng.sample(WORDS, 6)
    return f"{rng.choice(names)} discussed {' '.join(words[:3])} with {rng.choice(names)} on {' '.join(words[3:])}."


def _yaml(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def synthesise(root: Path, entities: int, seed: int = 1) -> None:
    """Write `entities` fact sheets and as many article summaries under `root` (a briefings folder)."""
    rng = random.Random(seed)
    countries = max(5, entities // 50)
    people = entities * 2 // 5
    organisations = entities // 5
    places = entities // 5
    events = entities - countries - people - organisations - places
    references = max(5, entities // 10)
    ids = {
        "countries": [f"country-{i}" for i in range(countries)],
        "people": [f"person-{i}" for i in range(people)],
        "organisations": [f"organisation-{i}" for i in range(organisations)],
        "places": [f"place-{i}" for i in range(places)],
        "events": [f"event-{i}" for i in range(events)],
        "references": [f"reference-{i}" for i in range(references)],
        "articles": [f"article-{i}" for i in range(entities)],
    }
    names = {record_id: record_id.replace("-", " ").title().replace(" ", " ") for folder in ids.values() for record_id in folder}
    entity_ids = [i for folder in ("countries", "people", "organisations", "places", "events") for i in ids[folder]]
    for folder in ids:
        (root / folder).mkdir(parents=True, exist_ok=True)

    def date() -> str:
        return f"20{rng.randint(10, 24)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"

    def cite() -> str:
        return _yaml([rng.choice(ids["articles"]), rng.choice(ids["references"])])

    def summary(record_id: str) -> str:
        others = [names[rng.choice(entity_ids)] for _ in range(4)]
        return "\n".join(f"  {_sentence(rng, [names[record_id], *others])}" for _ in range(3))

    actors = [i for folder in ("countries", "people", "organisations") for i in ids[folder]]
    related: set[frozenset[str]] = set()

    def relation_for(record_id: str) -> str:
        """One relation of a kind this record may hold, with an actor it may join, recorded once;
        events hold none (their places host them)."""
        if record_id.startswith("event-"):
            return ""
        choices = ids["events"] if record_id.startswith("place-") else actors
        other = rng.choice(choices)
        while other == record_id or frozenset((record_id, other)) in related:
            other = rng.choice(choices)
        related.add(frozenset((record_id, other)))
        kind = "host" if record_id.startswith("place-") else rng.choice(["ally", "negotiating-partner"])
        return (
            f"relations:\n  - actor: {other}\n    kind: {kind}\n"
            f"    as_of: {date()}\n    sources: {cite()}\n"
        )

    def common(record_id: str) -> str:
        facts = "".join(
            f"  - label: Fact {k}\n    value: {_yaml(' '.join(rng.sample(WORDS, 5)))}\n"
            f"    as_of: {date()}\n    sources: {cite()}\n"
            for k in range(3)
        )
        relation = relation_for(record_id)
        return (
            f"id: {record_id}\nname: {_yaml(names[record_id])}\nsummary: |\n{summary(record_id)}\n"
            f"facts:\n{facts}{relation}last_reviewed: 2026-11-28\n"
        )

    # Each country on the map as a real one, with its key figures; each place near its country's middle.
    codes = sorted(known_codes())
    code_of = {record_id: codes[i % len(codes)] for i, record_id in enumerate(ids["countries"])}
    for i, record_id in enumerate(ids["countries"]):
        leader = ids["people"][i % people]
        text = common(record_id) + (
            f"code: {code_of[record_id]}\n"
            f"official_name:\n  value: Republic of {names[record_id]}\n  as_of: {date()}\n  sources: {cite()}\n"
            f"leaders:\n  - person: {leader}\n    office: President\n    since: {date()}\n"
            f"    as_of: {date()}\n    sources: {cite()}\n"
            f"figures:\n  - figure: population\n    value: {rng.randint(10**5, 10**9)}\n    unit: people\n"
            f"    year: 2020\n    sources: {cite()}\n"
            f"  - figure: area\n    value: {rng.randint(10**3, 10**7)}\n    unit: km2\n"
            f"    as_of: 2026-11-28\n    sources: {cite()}\n"
        )
        (root / "countries" / f"{record_id}.yaml").write_text(text)
    for record_id in ids["people"]:
        text = common(record_id) + f"country: {rng.choice(ids['countries'])}\n"
        (root / "people" / f"{record_id}.yaml").write_text(text)
    for record_id in ids["organisations"]:
        text = common(record_id) + f"kind: newspaper\ncountry: {rng.choice(ids['countries'])}\n"
        (root / "organisations" / f"{record_id}.yaml").write_text(text)
    for record_id in ids["places"]:
        country = rng.choice(ids["countries"])
        latitude, longitude = centre(code_of[country])
        text = common(record_id) + (
            f"kind: city\ncountry: {country}\ncoordinates:\n"
            f"  latitude: {max(-85.0, min(85.0, latitude + rng.uniform(-1, 1))):.2f}\n"
            f"  longitude: {(longitude + rng.uniform(-1, 1) + 180) % 360 - 180:.2f}\n  sources: {cite()}\n"
        )
        (root / "places" / f"{record_id}.yaml").write_text(text)
    for record_id in ids["events"]:
        participants = _yaml(rng.sample(ids["people"], 2))
        text = common(record_id) + (
            f"date: {date()}\nplace: {rng.choice(ids['places'])}\nparticipants: {participants}\nsources: {cite()}\n"
        )
        (root / "events" / f"{record_id}.yaml").write_text(text)
    for record_id in ids["references"]:
        (root / "references" / f"{record_id}.yaml").write_text(
            f"id: {record_id}\ntitle: {_yaml(names[record_id])}\npublisher: Encyclopedia\n"
            f"url: https://reference.example.org/{record_id}\naccessed: 2026-11-28\n"
        )
    for record_id in ids["articles"]:
        speaker = rng.choice(ids["people"])
        words = " ".join(rng.sample(WORDS, 6))
        mentions = _yaml(sorted(set(rng.sample(entity_ids, 5))))
        published = date()
        (root / "articles" / f"{record_id}.md").write_text(
            f"---\nid: {record_id}\ntitle: {_yaml('Story ' + names[record_id])}\n"
            f"outlet: {rng.choice(ids['organisations'])}\nauthor: A. Reporter\n"
            f"url: https://news.example.org/{record_id}\npublished: {published}\nmentions: {mentions}\n"
            f"quotes:\n  - speaker: {speaker}\n    words: {_yaml(words)}\n    said: {published}\n"
            f"passages:\n  - {_yaml(f'“{words},” {names[speaker]} said.')}\n---\n"
            + "\n".join(_sentence(rng, [names[m] for m in json.loads(mentions)]) for _ in range(4))
            + "\n"
        )
