"""Parsers of cell values as Danes and spreadsheets write them.

Each parser takes a cell's text and returns a value or raises `Bad`, whose `key` names the kind
of problem (so that many cells with the same problem can be said once) and whose message says
what was expected, in the current language. Accepted: whole numbers with a thousands dot
(`35.000`), decimal commas (`12,5`), dates as `2027-02-01`, `01-02-2027`, `01.02.2027`,
`01/02/2027` or a spreadsheet's day number (`46419`), booleans `true/false`, `ja/nej`,
`sand/falsk`, `yes/no`, `1/0`, organisation kinds in Danish (`Jobcenter`, `a-kasse`,
`virksomhed`), AMU numbers as `AMU 48586` or `048586`, postcodes as `8000`, `DK-8000` or
`8000 Aarhus C`, and municipalities by name or code where a postcode is expected (see
`pooling.municipalities`). Only ASCII digits are digits. This module knows no columns.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from geo import load_places
from pooling.cpr import is_cvr, is_p_number
from pooling.domain import OrganisationKind
from pooling.i18n import _
from pooling.municipalities import municipality_of, reference_postcode

# Longest number text looked at: far beyond any real value, short enough for int().
_MAX_DIGITS = 15


class Bad(ValueError):
    """A cell's value is not what the column expects. `key` is the kind, the text says it."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


def shown(value: str) -> str:
    """`value` quoted for a message, cut short if it is long."""
    return repr(value if len(value) <= 30 else value[:27] + "...")


def text(value: str) -> str:
    if not value:
        raise Bad("empty", _("expected a value, got an empty cell"))
    return value


_WHOLE = re.compile(r"[+-]?[0-9]+")
_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}(?:\.[0-9]{3})+")
_WHOLE_DECIMAL = re.compile(r"[+-]?[0-9]+[.,]0+")
_PLAIN_DECIMAL = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")


def integer(minimum: int, maximum: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        if _THOUSANDS.fullmatch(value):  # 35.000 is thirty-five thousand in Danish
            value = value.replace(".", "")
        elif _WHOLE_DECIMAL.fullmatch(value):  # 12,0 and 12.0 are twelve
            value = re.split(r"[.,]", value)[0]
        if not _WHOLE.fullmatch(value):
            raise Bad("whole", _("expected a whole number, got {value}").format(value=shown(value)))
        if len(value.lstrip("+-0")) > _MAX_DIGITS or not minimum <= int(value) <= maximum:
            raise Bad(
                f"range {minimum} {maximum}",
                _("expected a whole number from {low} to {high}, got {value}").format(
                    low=minimum, high=maximum, value=shown(value).strip("'")
                ),
            )
        return int(value)

    return parse


def decimal(minimum_exclusive: float, maximum: float) -> Callable[[str], float]:
    def parse(value: str) -> float:
        if not _PLAIN_DECIMAL.fullmatch(value):
            raise Bad(
                "number",
                _("expected a number such as 12 or 12,5, got {value}").format(value=shown(value)),
            )
        number = float(value.replace(",", ".")) if len(value) <= 2 * _MAX_DIGITS else 1e99
        if not minimum_exclusive < number <= maximum:
            raise Bad(
                f"range {minimum_exclusive} {maximum}",
                _("expected a number > {low:g} and <= {high:g}, got {value}").format(
                    low=minimum_exclusive, high=maximum, value=shown(value).strip("'")
                ),
            )
        return number

    return parse


_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[ T]00:00(?::00(?:\.0+)?)?)?")
_DANISH = re.compile(r"([0-9]{1,2})([-./])([0-9]{1,2})\2([0-9]{4})")


FIRST_YEAR, LAST_YEAR = 2000, 2100
_SERIAL = re.compile(r"[3-7][0-9]{4}")
_EXCEL_EPOCH = date(1899, 12, 30)


def a_date(value: str) -> date:
    try:
        if iso := _ISO.fullmatch(value):
            found = date(*(int(g) for g in iso.groups()))
        elif danish := _DANISH.fullmatch(value):
            day, _sep, month, year = danish.groups()
            found = date(int(year), int(month), int(day))
        elif _SERIAL.fullmatch(value):
            # A spreadsheet's day number, shown when a date cell lost its date format.
            found = _EXCEL_EPOCH + timedelta(days=int(value))
        else:
            found = None
    except ValueError:
        raise Bad(
            "no date", _("not a date in the calendar: {value}").format(value=shown(value))
        ) from None
    if found is not None:
        if not FIRST_YEAR <= found.year <= LAST_YEAR:
            raise Bad(
                "year",
                _("expected a date from {first} to {last}, got {value}").format(
                    first=FIRST_YEAR, last=LAST_YEAR, value=shown(value)
                ),
            )
        return found
    raise Bad(
        "date",
        _("expected a date as 2027-02-01 or 01-02-2027, got {value}").format(value=shown(value)),
    )


_TRUE = {"true", "ja", "sand", "yes", "1", "j", "x"}
_FALSE = {"false", "nej", "falsk", "no", "0", "n"}


def boolean(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE | _FALSE:
        return lowered in _TRUE
    raise Bad(
        "bool", _("expected ja or nej (true or false), got {value}").format(value=shown(value))
    )


_KINDS = {
    OrganisationKind.JOBCENTRE: ("jobcentre", "jobcenter", "jobcentret", "jc"),
    OrganisationKind.A_KASSE: ("a-kasse", "a kasse", "akasse", "a-kassen", "unemployment fund"),
    OrganisationKind.FIRM: ("firm", "virksomhed", "virksomheden", "firma", "arbejdsgiver"),
}
_KIND_OF = {alias: kind for kind, aliases in _KINDS.items() for alias in aliases}


def kind(value: str) -> OrganisationKind:
    found = _KIND_OF.get(" ".join(value.lower().split()))
    if found is None:
        raise Bad(
            "kind",
            _(
                "expected jobcenter, a-kasse or virksomhed (jobcentre, a-kasse, firm), got {value}"
            ).format(value=shown(value)),
        )
    return found


_POSTCODE = re.compile(r"(?:DK[- ]?)?([0-9]{4})(?:\s+\D.*)?", re.IGNORECASE)


def postcode(value: str) -> str:
    """A Danish postcode, or a municipality's reference postcode (see `placed_at`)."""
    match = _POSTCODE.fullmatch(value)
    if match and load_places().postcode(match.group(1)) is not None:
        return match.group(1)
    municipality = municipality_of(value)
    if municipality is not None:
        return reference_postcode(municipality.code)
    if match:
        raise Bad(
            "unknown postcode",
            _("unknown postcode {value}: not a Danish postcode").format(value=match.group(1)),
        )
    raise Bad(
        "postcode",
        _("expected a 4-digit Danish postcode or a municipality, got {value}").format(
            value=shown(value)
        ),
    )


def placed_at(value: str) -> str | None:
    """If `value` is a municipality rather than a postcode, the note that says where it is
    placed."""
    match = _POSTCODE.fullmatch(value)
    if match and load_places().postcode(match.group(1)) is not None:
        return None
    municipality = municipality_of(value)
    if municipality is None:
        return None
    code = reference_postcode(municipality.code)
    place = load_places().postcode(code)
    return _(
        "{value} is the municipality {name} ({code}): placed at {postcode} {town}, the "
        "municipality's reference place"
    ).format(
        value=shown(value),
        name=municipality.name,
        code=municipality.code,
        postcode=code,
        town=place.name if place else "",
    )


_AMU = re.compile(r"(?:AMU[\s\-:]*)?0*([0-9]{4,5})", re.IGNORECASE)


def course_code(value: str) -> str:
    match = _AMU.fullmatch(value)
    if not match or len(value) > 20:
        raise Bad(
            "course",
            _("expected an AMU number of 5 digits (4 for a single subject), got {value}").format(
                value=shown(value)
            ),
        )
    return match.group(1)


def p_number(value: str) -> str:
    if not is_p_number(value):
        raise Bad(
            "p",
            _("expected a P-number: 10 digits starting with 1 (the value is not shown)"),
        )
    return "".join(value.split())


def cvr(value: str) -> str:
    if not is_cvr(value):
        raise Bad("cvr", _("expected a CVR number: 8 digits passing the modulus-11 check"))
    return "".join(value.upper().replace("DK", "").split())


def latitude(value: str) -> float:
    number = decimal(-90, 90)(value)
    if not 54.4 <= number <= 57.9:
        raise Bad(
            "lat",
            _("expected a latitude in Denmark (54.4 to 57.9), got {value}").format(value=value),
        )
    return number


def longitude(value: str) -> float:
    number = decimal(-180, 180)(value)
    if not 7.9 <= number <= 15.3:
        raise Bad(
            "lon",
            _("expected a longitude in Denmark (7.9 to 15.3), got {value}").format(value=value),
        )
    return number
