"""Cleaning text before it is written, so that any reader can open what we write.

Workbooks are XML 1.0, which cannot hold most control characters, lone surrogates or the
noncharacters U+FFFE and U+FFFF (Excel and openpyxl refuse the file); JSON written as UTF-8
cannot hold lone surrogates; a spreadsheet cell holds at most 32,767 characters. Such
characters become U+FFFD (the replacement character); tabs and line breaks stay. This module
changes no meaning and decides nothing about formulas (the writers store text as text).
"""

from __future__ import annotations

import re

EXCEL_CELL_CHARS = 32_767

# C0 controls but tab and line breaks, DEL, C1 controls, surrogates, and every Unicode
# noncharacter (U+FDD0-U+FDEF and the last two of each plane).
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
UNWRITABLE_CLASS = f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]"
_UNWRITABLE = re.compile(UNWRITABLE_CLASS)


def clean_text(text: str, limit: int | None = EXCEL_CELL_CHARS) -> str:
    """`text` with what a workbook or JSON cannot hold replaced, cut to `limit` characters."""
    text = _UNWRITABLE.sub("\ufffd", text)
    return text if limit is None else text[:limit]


def clean_value(value: object) -> object:
    """`value` for JSON: text cleaned (not cut), looking inside lists, tuples and dicts."""
    if isinstance(value, str):
        return clean_text(value, limit=None)
    if isinstance(value, dict):
        return {clean_value(k): clean_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_value(v) for v in value]
    return value


def has_unwritable(text: str) -> bool:
    """True if `text` holds a character that `clean_text` would replace."""
    return _UNWRITABLE.search(text) is not None


def clean_workbook(workbook) -> None:
    """Clean every text cell and sheet title of an openpyxl workbook, just before it is saved."""
    for sheet in workbook.worksheets:
        title = clean_text(sheet.title)
        if title != sheet.title:
            sheet.title = title
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cleaned = clean_text(cell.value)
                    if cleaned != cell.value:
                        cell.value = cleaned
