"""Answers about a record kept for as long as the record itself lives.

Records are frozen, and under `mkdocs serve` an unchanged source file keeps its very record object
from one rebuild to the next: what is worked out from a record alone (the ids it refers to, how it
read on a day) is then worked out once, not at every rebuild. Answers are keyed by the record's
identity and checked against a weak reference to it, so a new record at the same address is never
given an old answer. Answers for records gone are swept out as the table grows, not by callbacks
of weak references: an interrupt that lands in one is lost, and Ctrl-C would not stop `serve`.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

Answer = TypeVar("Answer")


class RecordMemo(Generic[Answer]):
    def __init__(self, compute: Callable[..., Answer]):
        self._compute = compute
        self._answers: dict[tuple[int, Hashable], tuple[weakref.ref, Answer]] = {}
        self._sweep_at = 1024

    def __call__(self, record: Any, *arguments: Hashable) -> Answer:
        key = (id(record), arguments)
        kept = self._answers.get(key)
        if kept is not None and kept[0]() is record:
            return kept[1]
        answer = self._compute(record, *arguments)
        self._answers[key] = (weakref.ref(record), answer)
        if len(self._answers) >= self._sweep_at:
            for gone in [key for key, (alive, _answer) in self._answers.items() if alive() is None]:
                del self._answers[gone]
            self._sweep_at = 2 * len(self._answers) + 1024
        return answer
