"""Exports in the admin: a site administrator can export any user's library (the file is theirs
to download from the Export page), and see every export's state."""

from django.contrib import admin
from django.utils.html import format_html

from articles.exports import tasks
from articles.exports.formats import FORMATS
from articles.exports.models import Export


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):
    list_display = ["description", "library_of", "format", "state", "owner", "created_at", "link"]
    list_filter = ["state", "format"]
    list_select_related = ["owner", "library_of"]
    fields = ["library_of", "format"]
    raw_id_fields = ["library_of"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None:
            from django import forms

            form.base_fields["format"] = forms.ChoiceField(
                choices=[(f.name, f.label) for f in FORMATS.values()]
            )
        return form

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        obj.owner = request.user
        obj.scope = {"kind": "library"}
        obj.description = f"{obj.library_of}'s library"
        super().save_model(request, obj, form, change)
        tasks.start(obj)

    @admin.display(description="download")
    def link(self, obj):
        if obj.state != Export.State.READY:
            return ""
        return format_html('<a href="{}">download</a>', obj.get_absolute_url())
