from django.contrib import admin

from hangouts.participation.models import RSVP, Attendance, AttendanceImport, MemberAlias


@admin.register(RSVP)
class RSVPAdmin(admin.ModelAdmin):
    list_display = ("hangout", "member", "guest_name", "status", "via", "answered_at")
    list_filter = ("status", "via")
    raw_id_fields = ("hangout", "member")


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("hangout", "member", "guest_name", "minutes", "source")
    list_filter = ("source",)
    raw_id_fields = ("hangout", "member", "attendance_import")


@admin.register(AttendanceImport)
class AttendanceImportAdmin(admin.ModelAdmin):
    list_display = ("hangout", "file_name", "format", "created_by", "created_at", "applied_at")
    raw_id_fields = ("hangout", "created_by")
    exclude = ("content",)


@admin.register(MemberAlias)
class MemberAliasAdmin(admin.ModelAdmin):
    """A wrong decision is corrected here (or by deciding again in the review)."""

    list_display = ("key", "email", "member", "is_guest", "network", "created_by", "created_at")
    list_filter = ("is_guest", "network")
    search_fields = ("key", "email")
    raw_id_fields = ("member", "created_by")
