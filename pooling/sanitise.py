"""Cleaning text before it is written, so that any reader can open what we write.

Workbooks are XML 1.0, which cannot hold most control characters, lone surrogates or the
noncharacters U+FFFE and U+FFFF (Excel and openpyxl refuse the file); JSON written as UTF-8
cannot hold lone surrogates; a spreadsheet cell holds at most 32,767 characters. Such
characters become U+FFFD (the replacement character), tabs and line breaks a space. This
module changes no meaning and decides nothing about formulas (the writers store text as text).
"""

from __future__ import annotations

import re

EXCEL_CELL_CHARS = 32_767

# C0 controls (tab and line breaks included: they would act in a cell), DEL, C1 controls,
# surrogates, and every Unicode noncharacter (U+FDD0-U+FDEF and the last two of each plane).
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
_BREAKS = re.compile(r"[\t\n\r\x0b\x0c]")
_UNWRITABLE = re.compile(f"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")


def clean_text(text: str) -> str:
    """`text` with what a workbook or JSON cannot hold replaced, cut to a cell's length."""
    text = _UNWRITABLE.sub("\ufffd", _BREAKS.sub(" ", text))
    return text[:EXCEL_CELL_CHARS]


def clean_value(value: object) -> object:
    """`value` with its text cleaned, looking inside lists, tuples and dicts (keys too)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_value(k): clean_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [clean_value(v) for v in value]
    return value


def has_unwritable(text: str) -> bool:
    """True if `text` holds a character no workbook can hold (line breaks and tabs aside)."""
    return _UNWRITABLE.search(text) is not None
