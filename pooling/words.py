"""Dates, amounts and counts written for a reader in the current language (Danish or English).

Danish: `22. marts 2027`, `35.000 kr.`, `12,5 km`; English: `2027-03-22`, `35,000 DKK`,
`12.5 km`. Sentences themselves come from the message catalogue (`pooling.i18n`); this module
only formats the values placed into them.
"""

from __future__ import annotations

from datetime import date

from pooling.i18n import current_language

_MONTHS_DA = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)


def day(value: date) -> str:
    """A date as a reader of the current language writes it."""
    if current_language() == "da":
        return f"{value.day}. {_MONTHS_DA[value.month - 1]} {value.year}"
    return value.isoformat()


def number(value: float, decimals: int = 0) -> str:
    """A number with thousands separators (and `decimals` decimals) in the current language."""
    text = f"{value:,.{decimals}f}"
    if current_language() == "da":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def dkk(value: float) -> str:
    """An amount of Danish kroner."""
    if current_language() == "da":
        return f"{number(value)} kr."
    return f"{number(value)} DKK"


def km(value: float) -> str:
    """Kilometres, whole when they are whole, else to one decimal."""
    decimals = 0 if float(value).is_integer() else 1
    return f"{number(value, decimals)} km"
