"""The policy tables officials maintain (hardship standards, subsidy rates, budgets,
conflict registrations) and read-only views of cases and objections."""

from django.contrib import admin

from fawang.legalaid.models import (
    ConflictDeclaration,
    HardshipStandard,
    LegalAidBudget,
    LegalAidCase,
    Objection,
    SubsidyRate,
)
from fawang.lib.admin import ReadOnlyAdmin


@admin.register(HardshipStandard)
class HardshipStandardAdmin(admin.ModelAdmin):
    list_display = (
        "region",
        "income_per_head",
        "assets_limit",
        "effective_from",
        "source",
        "is_demo",
    )
    list_filter = ("is_demo",)
    search_fields = ("region__name", "source")
    raw_id_fields = ("region",)
    date_hierarchy = "effective_from"


@admin.register(SubsidyRate)
class SubsidyRateAdmin(admin.ModelAdmin):
    list_display = ("case_type", "region", "amount", "effective_from", "source", "is_demo")
    list_filter = ("case_type", "is_demo")
    search_fields = ("region__name", "source")
    raw_id_fields = ("region",)


@admin.register(LegalAidBudget)
class LegalAidBudgetAdmin(admin.ModelAdmin):
    list_display = ("region", "year", "amount", "population", "amount_source", "is_demo")
    list_filter = ("year", "is_demo")
    search_fields = ("region__name",)
    raw_id_fields = ("region",)


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(admin.ModelAdmin):
    list_display = ("client_name", "practitioner", "institution", "note")
    search_fields = ("client_name", "practitioner__name", "institution__name")
    raw_id_fields = ("practitioner", "institution")
    exclude = ("client_key",)


@admin.register(LegalAidCase)
class LegalAidCaseAdmin(ReadOnlyAdmin):
    """Read-only: cases change only through the services (and so through the order)."""

    list_display = ("order", "status", "matter", "decision", "lawyer", "applied_at")
    list_filter = ("status", "matter", "decision", "is_wage_claim")
    search_fields = ("order__number",)
    list_select_related = ("order", "lawyer")
    exclude = ("monthly_income_enc", "assets_enc", "assessment_enc", "agent_phone_enc")


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    """Read-only: objections are filed and decided through ``objections.py`` only."""

    list_display = ("case", "against", "bureau_region", "filed_at", "due_at", "status")
    list_filter = ("status", "against")
    search_fields = ("case__order__number",)
    list_select_related = ("case__order", "bureau_region")
