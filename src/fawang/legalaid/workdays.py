"""Working days for the art. 43 time limits, on the dispatch module's PRC calendar.

``fawang.dispatch.workdays.WorkCalendar`` reads the official holiday table officials fill
in from the State Council's notice, then ``chinesecalendar``, then weekends only (and
warns). These helpers count in whole calendar *dates*, as the Legal Aid Law does ("within
seven days of receiving the application"); pass one ``cal`` when counting in a loop.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fawang.dispatch.workdays import WorkCalendar, year_warning

DAY = dt.timedelta(days=1)


def calendar() -> WorkCalendar:
    """The calendar as officials left it (two queries)."""
    return WorkCalendar.load()


def is_working_day(day: dt.date, cal: WorkCalendar | None = None) -> bool:
    return (cal or calendar()).is_workday(day)


def calendar_warning(*days: dt.date, cal: WorkCalendar | None = None) -> str:
    """A warning to show beside a deadline counted without the year's holiday table."""
    cal = cal or calendar()
    return year_warning(sorted({d.year for d in days if cal.source(d.year) == "weekends"}))


def add_working_days(start: dt.date, n: int, cal: WorkCalendar | None = None) -> dt.date:
    """The ``n``-th working day after ``start`` (``start`` itself not counted); for
    ``n == 0``, ``start`` if it is a working day, else the next working day."""
    cal = cal or calendar()
    day = start
    if n == 0:
        while not cal.is_workday(day):
            day += DAY
        return day
    counted = 0
    while counted < n:
        day += DAY
        if cal.is_workday(day):
            counted += 1
    return day


def working_days_between(start: dt.date, end: dt.date, cal: WorkCalendar | None = None) -> int:
    """Working days in ``(start, end]``; negative when ``end`` is before ``start``."""
    if end < start:
        return -working_days_between(end, start, cal)
    cal = cal or calendar()
    day, count = start, 0
    while day < end:
        day += DAY
        if cal.is_workday(day):
            count += 1
    return count


def end_of_day(day: dt.date) -> dt.datetime:
    """23:59:59 local time on ``day``, as an aware datetime."""
    naive = dt.datetime.combine(day, dt.time(23, 59, 59))
    return timezone.make_aware(naive, timezone.get_default_timezone())


def local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()
