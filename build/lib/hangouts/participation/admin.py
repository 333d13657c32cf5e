from django.contrib import admin

from hangouts.participation.models import RSVP, Attendance


@admin.register(RSVP)
class RSVPAdmin(admin.ModelAdmin):
    list_display = ("hangout", "member", "guest_name", "status", "via", "answered_at")
    list_filter = ("status", "via")
    raw_id_fields = ("hangout", "member")


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("hangout", "member", "guest_name", "minutes", "source")
    list_filter = ("source",)
    raw_id_fields = ("hangout", "member")
