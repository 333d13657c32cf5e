from django.contrib import admin

from hangouts.awards.models import Award, AwardRevision, Nomination


class AwardRevisionInline(admin.TabularInline):
    model = AwardRevision
    extra = 0
    can_delete = False
    readonly_fields = ("member", "citation", "citation_en", "changed_by", "changed_at")


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    """Read-mostly: corrections go through the organisers' page, which keeps the history."""

    list_display = ("month", "kind", "member", "network", "chosen_at")
    list_filter = ("network", "kind")
    list_select_related = ("network", "member")
    raw_id_fields = ("member", "chosen_by")
    readonly_fields = ("chosen_at",)
    inlines = (AwardRevisionInline,)


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ("month", "member", "network", "nominated_at")
    list_filter = ("network",)
    raw_id_fields = ("member", "nominated_by")
