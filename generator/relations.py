"""The vocabulary of relations: what each kind says from either side, and which kinds of record it
joins. Part of the schema, kept apart so that the sanitizer can allow the diagrams' class for
each kind without importing the whole schema (which imports the sanitizer)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RelationMeaning:
    """What a kind of relation says, and which kinds of record it can join (folders)."""

    forward: str  # as seen from the record that holds it
    reverse: str  # as seen from the actor it points to
    holders: tuple[str, ...]  # what the record holding it may be
    others: tuple[str, ...]  # what the actor it points to may be
    symmetric: bool  # the same relation whichever side holds it

    def wording(self) -> str:
        """How pages word it: the same from both sides, or as the holder's page, then the other's."""
        if self.forward == self.reverse:
            return f"“{self.forward}”"
        return f"“{self.forward}” on the page of the record that holds it, “{self.reverse}” on the other's"

    def joins(self) -> str:
        holders, others = (_kinds_phrase(folders) for folders in (self.holders, self.others))
        return f"between {holders}" if self.holders == self.others else f"from {holders} to {others}"


def _kinds_phrase(folders: tuple[str, ...]) -> str:
    """("countries", "places") -> "countries and places": the folders' names are the plural nouns."""
    return folders[0] if len(folders) == 1 else ", ".join(folders[:-1]) + " and " + folders[-1]


ACTORS = ("countries", "people", "organisations")
STATES = ("countries", "organisations")
RELATION_KINDS: dict[str, RelationMeaning] = {
    "ally": RelationMeaning("ally of", "ally of", ACTORS, ACTORS, True),
    "trading-partner": RelationMeaning("trading partner of", "trading partner of", STATES, STATES, True),
    "main-trading-partner": RelationMeaning("main trading partner of", "has as main trading partner", STATES, STATES, False),
    "negotiating-partner": RelationMeaning("in negotiations with", "in negotiations with", ACTORS, ACTORS, True),
    "adversary": RelationMeaning("adversary of", "adversary of", ACTORS, ACTORS, True),
    "candidate-host": RelationMeaning("candidate host of", "has as candidate host", ("countries", "places"), ("events",), False),
    "host": RelationMeaning("host of", "hosted by", ("countries", "places", "organisations"), ("events",), False),
}
