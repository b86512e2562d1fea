"""Answers about a record kept while the record is in use.

Records are frozen, and under `mkdocs serve` an unchanged source file keeps its very record object
from one rebuild to the next: what is worked out from a record alone (the ids it refers to, how it
read on a day) is then worked out once, not at every rebuild. Answers are keyed by the record's
identity and checked against a weak reference to it, so a new record at the same address is never
given an old answer. An answer that no build asked for since the previous one is dropped when the
next begins (`new_generation`), so a session keeps no answers about records edited away.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

Answer = TypeVar("Answer")
SAME = object()  # kept instead of an answer that is the record itself, which would keep it alive
MEMOS: list[RecordMemo] = []


class RecordMemo(Generic[Answer]):
    def __init__(self, compute: Callable[..., Answer]):
        self._compute = compute
        self._answers: dict[tuple[int, Hashable], tuple[weakref.ref, Any]] = {}  # asked since the generation began
        self._earlier: dict[tuple[int, Hashable], tuple[weakref.ref, Any]] = {}  # asked in the one before
        MEMOS.append(self)

    def __call__(self, record: Any, *arguments: Hashable) -> Answer:
        key = (id(record), arguments)
        kept = self._answers.get(key) or self._earlier.pop(key, None)
        if kept is None or kept[0]() is not record:
            answer = self._compute(record, *arguments)
            kept = (weakref.ref(record), SAME if answer is record else answer)
        self._answers[key] = kept
        return record if kept[1] is SAME else kept[1]

    def new_generation(self) -> None:
        self._earlier, self._answers = self._answers, {}


def new_generation() -> None:
    """Before a build: answers that the last build did not ask for are dropped at the next."""
    for memo in MEMOS:
        memo.new_generation()
