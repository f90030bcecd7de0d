"""Working days on the PRC calendar.

Statutory holidays and make-up working days (调休) come from, in order:
1. the ``chinesecalendar`` package for the years it was released with (no query);
2. for later years, the official holiday table in the database (``HolidayYear`` /
   ``HolidayDate``) that officials fill in from the State Council's yearly notice — read
   once per calendar, only when such a year is touched;
3. otherwise weekends only, and the year is reported in ``warnings`` so pages can say so.
A deadline never fails because of the year.

Time limits count whole working days after the day of receipt: "within N working days"
ends at the end (23:59:59 local) of the N-th working day after the order was received.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import chinese_calendar
from django.utils import timezone
from django.utils.translation import gettext as _

DAY = dt.timedelta(days=1)
_END_OF_DAY = dt.time(23, 59, 59)


def _package_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


class WorkCalendar:
    """A calendar loaded once (one query) and then pure. Build one per request or job."""

    def __init__(self, official: dict[int, dict[dt.date, bool]] | None = None) -> None:
        # year -> {date: is_workday} for years officials entered; None until first needed.
        self._official = official
        self.warnings: set[int] = set()
        self._package_years: dict[int, bool] = {}

    @classmethod
    def load(cls) -> WorkCalendar:
        """A calendar that reads the official table lazily (only for years the package
        does not know), so deadlines inside the package's years cost no query."""
        return cls(None)

    @property
    def official(self) -> dict[int, dict[dt.date, bool]]:
        if self._official is None:
            from fawang.dispatch.models import HolidayDate, HolidayYear

            official: dict[int, dict[dt.date, bool]] = {
                y: {} for y in HolidayYear.objects.values_list("year", flat=True)
            }
            for year, date, is_workday in HolidayDate.objects.values_list(
                "year__year", "date", "is_workday"
            ):
                official.setdefault(year, {})[date] = is_workday
            self._official = official
        return self._official

    def source(self, year: int) -> str:
        """``package`` / ``official`` / ``weekends`` — where the year's holidays come from."""
        known = self._package_years.get(year)
        if known is None:
            known = self._package_years[year] = _package_knows(year)
        if known:
            return "package"
        return "official" if year in self.official else "weekends"

    def is_workday(self, day: dt.date) -> bool:
        src = self.source(day.year)
        if src == "official":
            special = self.official[day.year].get(day)
            return special if special is not None else day.weekday() < 5
        if src == "package":
            return bool(chinese_calendar.is_workday(day))
        self.warnings.add(day.year)
        return day.weekday() < 5

    # -- whole working days --------------------------------------------------------
    def add_working_days(self, start: dt.datetime, days: int) -> dt.datetime:
        """The end of the ``days``-th working day after ``start``'s local day
        (0: the end of that day if it is a working day, else of the next one)."""
        day = timezone.localtime(start).date()
        if days == 0:
            while not self.is_workday(day):
                day += DAY
        counted = 0
        while counted < days:
            day += DAY
            if self.is_workday(day):
                counted += 1
        return _end_of(day)

    # -- working time (for suspensions) --------------------------------------------
    def working_seconds_between(self, start: dt.datetime, end: dt.datetime) -> int:
        """Seconds of ``[start, end)`` that fall on working days."""
        if end <= start:
            return 0
        a, b = timezone.localtime(start), timezone.localtime(end)
        total = 0.0
        day = a.date()
        while day <= b.date():
            if self.is_workday(day):
                lo = max(a, _start_of(day))
                hi = min(b, _start_of(day + DAY))
                total += max(0.0, (hi - lo).total_seconds())
            day += DAY
        return round(total)

    def add_working_seconds(self, start: dt.datetime, seconds: int) -> dt.datetime:
        """``start`` moved forward by ``seconds`` of working-day time."""
        t = timezone.localtime(start)
        remaining = float(seconds)
        while remaining > 0:
            day = t.date()
            day_end = _start_of(day + DAY)
            if self.is_workday(day):
                room = (day_end - t).total_seconds()
                if remaining <= room:
                    return t + dt.timedelta(seconds=remaining)
                remaining -= room
            t = day_end
        return t

    def subtract_working_seconds(self, end: dt.datetime, seconds: int) -> dt.datetime:
        """``end`` moved back by ``seconds`` of working-day time."""
        t = timezone.localtime(end)
        remaining = float(seconds)
        while remaining > 0:
            day_start = _start_of(t.date())
            if t == day_start:
                prev = t.date() - DAY
                if self.is_workday(prev):
                    take = min(remaining, 86400.0)
                    remaining -= take
                    t = t - dt.timedelta(seconds=take)
                else:
                    t = _start_of(prev)
                continue
            if self.is_workday(t.date()):
                room = (t - day_start).total_seconds()
                if remaining <= room:
                    return t - dt.timedelta(seconds=remaining)
                remaining -= room
            t = day_start
        return t

    def warning_text(self) -> str:
        return year_warning(sorted(self.warnings))


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, _END_OF_DAY))


def year_warning(years: Iterable[int]) -> str:
    years = list(years)
    if not years:
        return ""
    return _(
        "%(years)s 年的法定节假日安排尚未录入，期限暂按周末双休计算；"
        "请管理员在“节假日安排”中按国务院通知录入。"
    ) % {"years": "、".join(str(y) for y in years)}
