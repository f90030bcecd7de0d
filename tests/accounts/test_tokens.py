import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from fawang.accounts.models import ApiToken
from fawang.accounts.tokens import api_token_authenticate, api_token_create


def test_only_a_hash_of_the_token_is_stored(personas):
    token, clear = api_token_create(user=personas["county_clerk"], name="x", now=timezone.now())
    assert clear.startswith("fw_") and len(clear) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert clear not in (stored.key_hash, stored.prefix) and len(stored.key_hash) == 64
    assert api_token_authenticate(key=clear, now=timezone.now()) == personas["county_clerk"]


def test_an_expired_token_or_an_inactive_account_is_refused(personas):
    now = timezone.now()
    _t, clear = api_token_create(
        user=personas["county_clerk"], name="x", now=now, expires_at=now + dt.timedelta(days=1)
    )
    assert api_token_authenticate(key=clear, now=now + dt.timedelta(days=2)) is None
    personas["county_clerk"].is_active = False
    personas["county_clerk"].save()
    assert api_token_authenticate(key=clear, now=now) is None


def test_the_command_creates_lists_and_revokes_tokens(personas):
    out = io.StringIO()
    call_command(
        "api_token",
        "create",
        "county_dispatcher",
        "--name",
        "12345",
        stdout=out,
        stderr=io.StringIO(),
    )
    clear = out.getvalue().strip()
    assert api_token_authenticate(key=clear, now=timezone.now()) == personas["county_dispatcher"]
    listing = io.StringIO()
    call_command("api_token", "list", stdout=listing)
    assert clear[:10] in listing.getvalue() and clear not in listing.getvalue()
    call_command("api_token", "revoke", clear[:10], stdout=io.StringIO())
    assert api_token_authenticate(key=clear, now=timezone.now()) is None


def test_the_command_refuses_a_citizen_account(personas):
    with pytest.raises(CommandError, match="工作人员"):
        call_command("api_token", "create", "citizen", "--name", "x", stdout=io.StringIO())
