"""Detection of values shaped like a Danish CPR number (personal identification number).

Learners are counts and pseudonymous ids, never CPR numbers, so any value that looks like
one is rejected. A CPR number is DDMMYY-SSSS with a real calendar date; the modulus-11 check
is not used because valid numbers issued since 2007 fail it. Found values are never echoed.
"""

from __future__ import annotations

import re
from datetime import date

# DDMMYY, then SSSS; the parts may be separated as people write them: 010190-1234,
# 010190 1234, 010190 with an en dash, 01.01.90-1234, 01-01-90-1234, 01 01 90 1234.
_SEP = r"[-\u2010-\u2015 .]?"
_PATTERN = re.compile(rf"(?<!\d)(\d{{2}}){_SEP}(\d{{2}}){_SEP}(\d{{2}}){_SEP}(\d{{4}})(?!\d)")


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
