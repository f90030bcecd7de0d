from django.contrib import admin

from fawang.regions.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "population", "is_synthetic")
    list_filter = ("level", "is_synthetic")
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)
