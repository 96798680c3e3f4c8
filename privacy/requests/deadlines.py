"""The legal clock of a data-subject request (GDPR Art. 12(3)), as pure date arithmetic.

"Without undue delay and in any event within one month of receipt", extendable "by two further
months where necessary". A calendar month runs to the same day of the next month; when that day
does not exist the period ends on the month's last day (31 January -> 28/29 February), which is
how the EDPB and the Court read Regulation 1182/71 Art. 3(2)(c).
"""

from __future__ import annotations

import calendar
from datetime import date

MAX_EXTENSION_MONTHS = 2
DUE_SOON_DAYS = 7


def add_months(day: date, months: int) -> date:
    """`day` plus `months` calendar months, clamped to the last day of the target month."""
    if months < 0:
        raise ValueError("months must not be negative")
    years, month_index = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month_index + 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last_day))


def due_date_for(received: date) -> date:
    """The original deadline: one calendar month after receipt."""
    return add_months(received, 1)


def extended_due_date_for(received: date, extension_months: int) -> date:
    """The deadline after extending by `extension_months` (1 or 2) further months.

    Counted from receipt (1 + n months), not by adding to an already clamped date: a request
    received on 31 January is due 28 February, and extended by two months it is due 30 April,
    not 28 April.
    """
    if not 1 <= extension_months <= MAX_EXTENSION_MONTHS:
        raise ValueError(f"an extension is 1 to {MAX_EXTENSION_MONTHS} months")
    return add_months(received, 1 + extension_months)


def extension_allowed(*, today: date, original_due: date, months_already: int, months: int) -> bool:
    """An extension must be decided before the original deadline passes, and the total may not
    exceed two further months (a second, shorter extension is allowed within that total)."""
    return today <= original_due and months_already < months <= MAX_EXTENSION_MONTHS
