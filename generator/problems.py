"""Problems found in the editors' files, and the one error that carries them all."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from .characters import shown


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a source file, said in the editor's terms."""

    file: str
    line: int
    column: int
    field: str
    message: str

    def __post_init__(self) -> None:
        # What comes from the editor's files (names of files, values quoted in messages) is shown
        # with its control and invisible characters escaped: it can neither break the line nor
        # forge another message.
        for name in ("file", "field", "message"):
            object.__setattr__(self, name, shown(getattr(self, name)))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class BriefingsError(Exception):
    """The briefings cannot be built: every problem found, sorted by file and line."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(format_problems(self.problems))


def format_problems(problems: list[Problem]) -> str:
    lines = [str(problem) for problem in problems]
    files = len({problem.file for problem in problems})
    noun = "problem" if len(problems) == 1 else "problems"
    lines.append(f"{len(problems)} {noun} in {files} {'file' if files == 1 else 'files'}.")
    return "\n".join(lines)


def problems_as_json(problems: list[Problem], warnings: list[Problem] = ()) -> str:
    return json.dumps({"problems": [asdict(p) for p in problems], "count": len(problems),
                       "warnings": [asdict(w) for w in warnings]}, indent=2)
