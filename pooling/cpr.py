"""Danish numbers in uploads: CPR numbers refused, P-numbers and CVR numbers recognised.

Learners are counts and pseudonymous ids, never CPR numbers, so any value that looks like one
is rejected. A CPR number is DDMMYY-SSSS with a real calendar date; the modulus-11 check is
not used because valid numbers issued since 2007 fail it. Found values are never echoed.
A firm's P-number (production unit, 10 digits) and CVR number (8 digits, modulus 11) are
welcome in their own columns (`p_number`, `cvr`), where they are checked as such and never
taken for CPR numbers; elsewhere a CPR-shaped P-number is refused like any CPR number, and the
message says where a P-number goes.
"""

from __future__ import annotations

import re
from datetime import date

# DDMMYY, then SSSS; the parts may be separated as people write them: 010190-1234,
# 010190 1234, 010190 with an en dash, 01.01.90-1234, 01-01-90-1234, 01 01 90 1234.
_SEP = r"[-\u2010-\u2015 .]?"
# Any decimal digits, not only ASCII ones: a number in other digits is still a number.
_PATTERN = re.compile(rf"(?<!\d)(\d{{2}}){_SEP}(\d{{2}}){_SEP}(\d{{2}}){_SEP}(\d{{4}})(?!\d)")
# The same shape without the checks around it: every CPR-shaped text matches it.
CPR_SHAPE = rf"\d{{2}}{_SEP}\d{{2}}{_SEP}\d{{2}}{_SEP}\d{{4}}"
_DIGITS = re.compile(r"[0-9]+")
_CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)

CPR_MESSAGE = (
    "holds a value shaped like a CPR number; personal identification numbers must not be "
    "uploaded (the value is not shown). A firm's P-number goes in the column p_number, a CVR "
    "number in the column cvr"
)


def looks_like_cpr(text: str) -> bool:
    """True if `text` contains ten digits (DDMMYY SSSS, separators allowed) starting with a date."""
    for match in _PATTERN.finditer(text):
        day, month, year = (int(g) for g in match.groups()[:3])
        for century in (1900, 2000):
            try:
                date(century + year, month, day)
            except ValueError:
                continue
            return True
    return False


def _compact(value: str) -> str:
    return "".join(value.replace("DK", "").replace("dk", "").split())


def is_p_number(value: str) -> bool:
    """True if `value` is written as a P-number: 10 digits starting with 1 (spaces allowed)."""
    digits = _compact(value)
    return len(digits) == 10 and digits[0] == "1" and _DIGITS.fullmatch(digits) is not None


def is_cvr(value: str) -> bool:
    """True if `value` is a CVR number: 8 digits (a `DK` prefix and spaces allowed), the
    first not 0, passing the modulus-11 check."""
    digits = _compact(value)
    if len(digits) != 8 or not _DIGITS.fullmatch(digits) or digits[0] == "0":
        return False
    return sum(int(d) * w for d, w in zip(digits, _CVR_WEIGHTS, strict=True)) % 11 == 0
