"""Working-day arithmetic on the PRC calendar, including the make-up Saturdays."""

from __future__ import annotations

import datetime as dt

from fawang.dispatch.models import HolidayDate, HolidayYear
from fawang.dispatch.services import deadlines_compute
from fawang.dispatch.workdays import WorkCalendar
from tests.dispatch.conftest import at


def local_date(t: dt.datetime) -> dt.date:
    from django.utils import timezone

    return timezone.localtime(t).date()


def test_spring_festival_2026_counts_the_make_up_saturdays_and_skips_the_holiday(db):
    cal = WorkCalendar.load()
    # Received Fri 13 Feb: Sat 14 Feb is a make-up workday (1), 15–23 Feb holiday,
    # Tue 24 (2), Wed 25 (3) …, Fri 27 (5), Sat 28 make-up workday (6), Mon 2 Mar (7).
    start = at(2026, 2, 13, 16)
    assert local_date(cal.add_working_days(start, 1)) == dt.date(2026, 2, 14)
    assert local_date(cal.add_working_days(start, 2)) == dt.date(2026, 2, 24)
    assert local_date(cal.add_working_days(start, 6)) == dt.date(2026, 2, 28)
    assert local_date(cal.add_working_days(start, 7)) == dt.date(2026, 3, 2)
    assert not cal.warnings


def test_national_day_2026_with_its_make_up_days(db):
    cal = WorkCalendar.load()
    # Sun 20 Sep is a make-up workday; 25–27 Sep Mid-autumn; 1–7 Oct holiday; Sat 10 Oct works.
    assert local_date(cal.add_working_days(at(2026, 9, 19), 1)) == dt.date(2026, 9, 20)
    start = at(2026, 9, 30, 9)
    assert local_date(cal.add_working_days(start, 1)) == dt.date(2026, 10, 8)
    assert local_date(cal.add_working_days(start, 3)) == dt.date(2026, 10, 10)
    assert local_date(cal.add_working_days(start, 4)) == dt.date(2026, 10, 12)


def test_legal_aid_deadline_is_seven_working_days_across_national_day(db):
    d = deadlines_compute(service="legal_aid", category="other", start=at(2026, 9, 29, 11))
    # 30 Sep (1), 8 Oct (2), 9 (3), 10 Sat make-up (4), 12 (5), 13 (6), 14 (7).
    assert local_date(d.due_at) == dt.date(2026, 10, 14)
    assert local_date(d.first_response_due_at) == dt.date(2026, 9, 30)
    assert at(2026, 10, 14).tzinfo is not None
    assert d.due_at.astimezone(at(2026, 10, 14).tzinfo).time() == dt.time(23, 59, 59)
    assert d.warning == ""


def test_a_year_the_package_does_not_know_counts_weekends_and_warns(db):
    cal = WorkCalendar.load()
    # Thu 31 Dec 2026 + 2 working days → Fri 1 Jan 2027?  2027 is unknown: weekends only.
    due = cal.add_working_days(at(2026, 12, 31), 2)
    assert local_date(due) == dt.date(2027, 1, 4)
    assert cal.warnings == {2027}
    assert "2027" in cal.warning_text()


def test_the_official_table_fills_a_year_the_package_does_not_know(db):
    year = HolidayYear.objects.create(year=2027, notice="国办发明电〔2026〕X号")
    HolidayDate.objects.create(year=year, date=dt.date(2027, 1, 1), name="元旦")
    HolidayDate.objects.create(year=year, date=dt.date(2027, 1, 4), name="元旦")
    HolidayDate.objects.create(year=year, date=dt.date(2027, 1, 9), is_workday=True, name="元旦")
    cal = WorkCalendar.load()
    start = at(2026, 12, 31)
    assert local_date(cal.add_working_days(start, 1)) == dt.date(2027, 1, 5)
    assert local_date(cal.add_working_days(start, 5)) == dt.date(2027, 1, 9)
    assert not cal.warnings


def test_working_seconds_skip_the_holiday_and_round_trip(db):
    cal = WorkCalendar.load()
    a, b = at(2026, 2, 13, 12), at(2026, 2, 24, 12)
    # Fri 13 12:00→24:00 (12h) + Sat 14 (24h) + Tue 24 00:00→12:00 (12h) = 48h.
    assert cal.working_seconds_between(a, b) == 48 * 3600
    assert cal.add_working_seconds(a, 48 * 3600) == b
    assert cal.subtract_working_seconds(b, 48 * 3600) == a
    assert cal.working_seconds_between(b, a) == 0
