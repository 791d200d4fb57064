"""Personal access tokens in the admin: who has which, when each was last used, and revoking
one (deleting it) when a device is lost. Tokens are made by their owners, who alone see the
secret, so the admin cannot add or change them."""

from django.contrib import admin

from articles.api.models import PersonalToken


@admin.register(PersonalToken)
class PersonalTokenAdmin(admin.ModelAdmin):
    list_display = ("__str__", "user", "created", "last_used")
    list_select_related = ("user",)
    search_fields = ("name", "user__username")
    readonly_fields = ("user", "name", "created", "last_used")
    fields = readonly_fields
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
