from django.contrib import admin

from hangouts.network.actions import prepare_network
from hangouts.network.models import Member, Network, Organisation, Province, StaffLevel


class StaffLevelInline(admin.TabularInline):
    model = StaffLevel
    extra = 0


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ("slug", "name", "name_en", "country", "language", "time_zone")
    filter_horizontal = ("organisers",)
    inlines = (StaffLevelInline,)

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        super().save_model(request, obj, form, change)
        prepare_network(obj)  # provinces of a new country; default staff levels


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "is_capital")
    list_filter = ("country",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym", "network", "kind", "size", "province")
    list_filter = ("network", "kind", "size")
    list_select_related = ("network", "province")
    search_fields = ("name", "name_en", "acronym")


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("name", "name_latin", "network", "organisation", "is_active")
    list_filter = ("network", "is_active")
    list_select_related = ("network", "organisation")
    search_fields = ("name", "name_latin", "email", "phone")
    raw_id_fields = ("user",)

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # people with history are never deleted; deactivate them
