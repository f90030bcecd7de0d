import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from fawang.lib.validators import (
    id_check_digit,
    mask_id_number,
    mask_mobile,
    validate_id_number,
    validate_mobile,
)

TODAY = dt.date(2026, 11, 29)


def _with_check(first17: str) -> str:
    return first17 + id_check_digit(first17)


@pytest.mark.parametrize(
    "number",
    [
        "11010519491231002X",  # the GB 11643 worked example
        _with_check("51010419900307123"),
        _with_check("51340119850101001").lower(),  # a lower-case x is accepted
        _with_check("51010720000229567"),  # 29 February of a leap year
    ],
)
def test_it_accepts_valid_id_numbers(number):
    assert validate_id_number(number, today=TODAY) == number.upper()


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("11010519491231002", "format"),  # 17 digits
        ("1101051949123100XX", "format"),
        ("110105194912310021", "check_digit"),  # wrong check digit
        (_with_check("99010519491231002"), "region"),  # no province 99
        (_with_check("51000019491231002"), "region"),  # 0000 after the province
        (_with_check("51010419900230123"), "birth_date"),  # 30 February
        (_with_check("51010419011301123"), "birth_date"),  # month 13
        (_with_check("51010420300101123"), "birth_date"),  # born in the future
    ],
)
def test_it_refuses_invalid_id_numbers(number, code):
    with pytest.raises(ValidationError) as exc:
        validate_id_number(number, today=TODAY)
    assert exc.value.code == code


def test_mobile_numbers_are_normalised_and_checked():
    assert validate_mobile("+86 138-0013-8000") == "13800138000"
    for bad in ("12800138000", "1380013800", "abc"):
        with pytest.raises(ValidationError):
            validate_mobile(bad)


def test_masks_keep_only_the_ends():
    assert mask_id_number("510104199003071234") == "510104********1234"
    assert mask_mobile("13800138000") == "138****8000"
