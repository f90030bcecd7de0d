import io
import random

import pytest
from django.contrib.auth import authenticate
from django.test import Client

from fawang.accounts.demo import DEMO_PASSWORD, LOGINS, accounts_make_demo
from fawang.accounts.models import Role, User
from fawang.network.demo import network_make_demo
from fawang.regions.services import regions_load_sichuan, regions_make_demo_townships


@pytest.fixture
def demo_users(db):
    regions_load_sichuan()
    regions_make_demo_townships(townships_per_county=1, villages_per_township=1)
    network_make_demo(rng=random.Random(3), stdout=io.StringIO())
    return {login.username: user for login, user in accounts_make_demo()}


def test_every_role_has_a_demo_login_in_its_unit(demo_users):
    assert {u.role for u in demo_users.values()} == set(Role.values)
    for login in LOGINS:
        user = authenticate(username=login.username, password=DEMO_PASSWORD)
        assert user is not None, login.username
        if login.role != Role.CITIZEN:
            assert user.jurisdiction_path, login.username
    assert demo_users["clerk_village"].region.level == 5
    assert demo_users["clerk_township"].region.level == 4
    assert demo_users["dispatcher_city"].jurisdiction_path == "510000/510100"
    assert demo_users["lawyer"].practitioner is not None
    assert demo_users["reviewer"].institution.kind == "legal_aid"
    assert not User.objects.filter(is_superuser=True).exists()


def test_the_three_admin_roles_are_separated(demo_users):
    sysadmin, secadmin, auditor = (
        User.objects.get(username=n) for n in ("sysadmin", "secadmin", "auditor")
    )
    assert sysadmin.has_perm("network.change_servicepoint")
    assert not sysadmin.has_perm("accounts.change_user")
    assert not sysadmin.has_perm("accounts.view_auditlog")
    assert secadmin.has_perm("accounts.change_user") and secadmin.has_perm("auth.change_group")
    assert not secadmin.has_perm("network.change_servicepoint")
    assert not secadmin.has_perm("accounts.view_auditlog")
    assert auditor.has_perm("accounts.view_auditlog")
    assert not auditor.has_perm("accounts.change_user")
    assert not auditor.has_perm("network.change_servicepoint")
    assert not User.objects.get(username="clerk_county").is_staff

    def status(user, url):
        client = Client()
        client.force_login(user)
        return client.get(url).status_code

    assert status(auditor, "/admin/accounts/auditlog/") == 200
    assert status(sysadmin, "/admin/accounts/auditlog/") == 403
    assert status(secadmin, "/admin/accounts/user/") == 200
    assert status(auditor, "/admin/accounts/user/") == 403
    assert status(sysadmin, "/admin/network/servicepoint/") == 200


def test_the_bureau_login_belongs_to_the_wuhou_justice_bureau(demo_users):
    bureau = demo_users["bureau"]
    assert bureau.role == Role.BUREAU and bureau.region_id == "510107"
    assert bureau.institution is None and bureau.service_point is None
