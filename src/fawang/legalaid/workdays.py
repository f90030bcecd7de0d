"""Working days on the PRC holiday calendar, for the art. 43 review deadline.

The dispatch module will own the province-wide deadline calendar; until it lands on main
this small adapter over ``chinesecalendar`` is the legal-aid module's own. For a year the
package does not know (it stops at the last State Council notice it shipped with), it
counts weekends only and says so through ``calendar_warning`` — a deadline never crashes
because of the year.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import chinese_calendar
from django.utils import timezone
from django.utils.translation import gettext as _


@lru_cache(maxsize=4096)
def is_working_day(day: dt.date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:
        return day.weekday() < 5


def calendar_known(day: dt.date) -> bool:
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def calendar_warning(*days: dt.date) -> str:
    """A warning to show beside a deadline counted without the official holiday table."""
    unknown = sorted({d.year for d in days if not calendar_known(d)})
    if not unknown:
        return ""
    return _("%(years)s 年的法定节假日安排尚未载入，期限暂按周末计算，请以国务院通知为准。") % {
        "years": "、".join(str(y) for y in unknown)
    }


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The ``n``-th working day after ``start`` (``start`` itself not counted)."""
    day = start
    counted = 0
    while counted < n:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days in ``(start, end]``; negative when ``end`` is before ``start``."""
    if end < start:
        return -working_days_between(end, start)
    day, count = start, 0
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def end_of_day(day: dt.date) -> dt.datetime:
    """23:59:59 local time on ``day``, as an aware datetime."""
    naive = dt.datetime.combine(day, dt.time(23, 59, 59))
    return timezone.make_aware(naive, timezone.get_default_timezone())


def local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def same_or_next_working_day(day: dt.date) -> dt.date:
    """``day`` if it is a working day, otherwise the next working day."""
    return day if is_working_day(day) else add_working_days(day, 1)
