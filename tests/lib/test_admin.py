import pytest
from django.contrib import admin

from fawang.accounts.models import AuditLog
from fawang.legalaid.models import LegalAidCase, Objection
from fawang.lib.admin import ReadOnlyAdmin


@pytest.mark.parametrize("model", [AuditLog, LegalAidCase, Objection])
def test_records_changed_only_by_services_are_read_only_in_the_admin(model, rf):
    model_admin = admin.site._registry[model]
    request = rf.get("/admin/")
    assert isinstance(model_admin, ReadOnlyAdmin)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
