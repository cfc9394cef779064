"""Problems found in user input, each naming where it is and what was expected.

A problem names the file, the sheet of a workbook, the spreadsheet row (1 is the first line)
and the column, and says in words what was expected; it is shown in the current language
(`pooling.i18n`). Validation collects every problem at once; `InvalidScenario` carries them
all. Nothing here reads files or knows the columns.
"""

from __future__ import annotations

from dataclasses import dataclass

from pooling.i18n import _


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """One problem: `file`, `sheet` of a workbook, 1-based `row`, `column`, and the text."""

    file: str
    row: int | None
    column: str | None
    message: str
    sheet: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet is not None:
            where.append(_("sheet {sheet}").format(sheet=self.sheet))
        if self.row is not None:
            where.append(_("row {row}").format(row=self.row))
        if self.column:
            where.append(_("column {column}").format(column=self.column))
        return f"{', '.join(where)}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class InvalidScenario(Exception):
    """The scenario cannot be used; `problems` lists everything that is wrong."""

    def __init__(self, problems: list[Problem], notes: list[Problem] | None = None) -> None:
        self.problems = problems
        self.notes = notes or []
        super().__init__(f"{len(problems)} problem(s) in the scenario")
