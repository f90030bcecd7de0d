"""Validation of resident ID numbers (GB 11643-1999) and mainland mobile numbers."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
# Province-level codes of GB/T 2260 that resident ID numbers start with.
_PROVINCES = {
    "11",
    "12",
    "13",
    "14",
    "15",
    "21",
    "22",
    "23",
    "31",
    "32",
    "33",
    "34",
    "35",
    "36",
    "37",
    "41",
    "42",
    "43",
    "44",
    "45",
    "46",
    "50",
    "51",
    "52",
    "53",
    "54",
    "61",
    "62",
    "63",
    "64",
    "65",
    "71",
    "81",
    "82",
}
_MOBILE = re.compile(r"^1[3-9]\d{9}$")


def id_check_digit(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def normalise_id_number(value: str) -> str:
    return value.strip().replace(" ", "").upper()


def validate_id_number(value: str, *, today: dt.date | None = None) -> str:
    """Return the normalised number or raise ValidationError with a Chinese message."""
    number = normalise_id_number(value)
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValidationError(_("身份证号码应为18位，最后一位可以是数字或X。"), code="format")
    if number[:2] not in _PROVINCES or number[2:6] == "0000":
        raise ValidationError(_("身份证号码的地区代码不正确。"), code="region")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise ValidationError(_("身份证号码中的出生日期不存在。"), code="birth_date") from exc
    today = today or dt.date.today()  # noqa: DTZ011 - a calendar date, not an instant
    if birth > today or birth.year < 1900:
        raise ValidationError(_("身份证号码中的出生日期不合理。"), code="birth_date")
    if id_check_digit(number[:17]) != number[17]:
        raise ValidationError(_("身份证号码校验位不正确，请核对。"), code="check_digit")
    return number


def normalise_mobile(value: str) -> str:
    number = re.sub(r"[\s-]", "", value.strip())
    if number.startswith("+86"):
        number = number[3:]
    elif number.startswith("0086"):
        number = number[4:]
    return number


def validate_mobile(value: str) -> str:
    number = normalise_mobile(value)
    if not _MOBILE.fullmatch(number):
        raise ValidationError(_("请输入11位手机号码，例如 13800000000。"), code="mobile")
    return number


def mask_id_number(number: str) -> str:
    if len(number) < 10:
        return "*" * len(number)
    return f"{number[:6]}{'*' * (len(number) - 10)}{number[-4:]}"


def mask_mobile(number: str) -> str:
    if len(number) < 7:
        return "*" * len(number)
    return f"{number[:3]}****{number[-4:]}"


def mask_name(name: str) -> str:
    if not name:
        return ""
    if len(name) == 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]
