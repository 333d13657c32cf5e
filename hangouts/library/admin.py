from django.contrib import admin

from hangouts.library.models import Resource


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    """Read-mostly: files are added from the hangout page, which checks them by content."""

    list_display = ("title", "kind", "visibility", "hangout", "network", "file_size", "created_at")
    list_filter = ("network", "kind", "visibility")
    list_select_related = ("network", "hangout")
    raw_id_fields = ("hangout", "added_by")
    search_fields = ("search_text",)
    readonly_fields = ("file", "file_name", "file_size", "content_type", "created_at")
