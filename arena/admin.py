from django.contrib import admin

from .models import Arena, ArenaDay, Invitation, Membership, Participant, Perspective


class DayInline(admin.TabularInline):
    model = ArenaDay
    extra = 0


class PerspectiveInline(admin.TabularInline):
    model = Perspective
    extra = 0


@admin.register(Arena)
class ArenaAdmin(admin.ModelAdmin):
    list_display = ["title", "venue", "format", "join_code", "created_at"]
    search_fields = ["title", "venue"]
    inlines = [DayInline, PerspectiveInline]


admin.site.register(Membership)
admin.site.register(Invitation)
admin.site.register(Participant)
