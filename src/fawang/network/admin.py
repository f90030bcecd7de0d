from django.contrib import admin

from fawang.network.models import Institution, Practitioner, ServicePoint


@admin.register(ServicePoint)
class ServicePointAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "level", "region", "capacity", "languages", "is_active")
    list_filter = ("kind", "level", "is_active")
    search_fields = ("name", "region__name")
    raw_id_fields = ("region",)


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "region", "capacity", "cma", "cnas", "standardised")
    list_filter = ("kind", "cma", "cnas", "standardised", "informatised")
    search_fields = ("name", "region__name")
    raw_id_fields = ("region",)


@admin.register(Practitioner)
class PractitionerAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "kind",
        "institution",
        "region",
        "languages",
        "capacity",
        "practice_since",
        "criminal_practice_since",
    )
    list_filter = ("kind", "full_time")
    search_fields = ("name",)
    raw_id_fields = ("region", "institution", "service_point")
