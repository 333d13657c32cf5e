from django.contrib import admin

from hangouts.programme.models import Hangout, Presenter, Series, Theme, Topic, Vote


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "network", "position")
    list_filter = ("network",)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("title", "public_title", "network", "status", "created_at")
    list_filter = ("network", "status")
    list_select_related = ("network",)
    search_fields = ("title", "public_title")
    raw_id_fields = ("proposed_by", "merged_into")


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ("topic", "member", "guest_name", "created_at")
    raw_id_fields = ("topic", "member")


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ("name", "network", "week", "weekday", "start_time", "provider")
    list_filter = ("network",)


class PresenterInline(admin.TabularInline):
    model = Presenter
    raw_id_fields = ("member",)
    extra = 0


@admin.register(Hangout)
class HangoutAdmin(admin.ModelAdmin):
    list_display = ("title", "network", "starts_at", "status", "going_count", "capacity")
    list_filter = ("network", "status")
    list_select_related = ("network",)
    search_fields = ("title",)
    raw_id_fields = ("topic",)
    inlines = (PresenterInline,)
