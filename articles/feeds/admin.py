"""Feed tokens in the admin: a leaked feed link is revoked here as on its user's account page,
by deleting the token. Nothing else: a token's secret is shown to its user only, once."""

from django.contrib import admin

from articles.feeds.models import FeedToken


@admin.register(FeedToken)
class FeedTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created", "last_used"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    fields = ["user", "created", "last_used"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
