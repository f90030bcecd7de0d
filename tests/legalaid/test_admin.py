import pytest
from django.urls import reverse

from fawang.accounts.models import User
from fawang.legalaid.services import legalaid_apply
from tests.legalaid.conftest import application, at


@pytest.mark.parametrize(
    "model",
    [
        "hardshipstandard",
        "subsidyrate",
        "legalaidbudget",
        "conflictdeclaration",
        "legalaidcase",
        "objection",
    ],
)
def test_officials_maintain_the_policy_tables_in_the_admin(client, sichuan, legal_aid, model):
    legalaid_apply(**application(sichuan["wuhou"]), now=at(2026, 11, 2))
    admin = User.objects.create_superuser("root", password="correct-horse-battery", role="sysadmin")
    client.force_login(admin)
    assert client.get(reverse(f"admin:legalaid_{model}_changelist")).status_code == 200
