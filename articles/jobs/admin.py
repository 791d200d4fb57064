"""The Jobs page of the admin: what the worker is doing, for whom, and what failed; stuck or
failed jobs can be retried or cancelled there."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from articles.admin_tools import EstimatedCountPaginator, InputFilter, OwnerFilter
from articles.jobs.models import Job
from articles.jobs.queue import cancel, retry_now


class HostFilter(InputFilter):
    title = "site"
    parameter_name = "host"
    lookup = "host__iexact"


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "kind",
        "state",
        "owner",
        "article_link",
        "host",
        "priority",
        "attempts",
        "run_after",
        "short_error",
        "created_at",
    )
    list_filter = ("state", "kind", "priority", OwnerFilter, HostFilter)
    list_select_related = ("owner",)
    search_fields = ("host", "last_error")
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    paginator = EstimatedCountPaginator
    list_per_page = 100
    actions = ("retry_action", "cancel_action")
    fields = (
        "kind",
        "state",
        "owner",
        "article_link",
        "host",
        "priority",
        "turn",
        "attempts",
        "run_after",
        "worker",
        "lease_expires_at",
        "last_error",
        "outcome",
        "args",
        "result",
        "created_at",
        "started_at",
        "finished_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # changed only through the actions, which keep the queue consistent

    @admin.display(description="article")
    def article_link(self, job):
        if job.article_id is None:
            return "—"
        url = reverse("admin:articles_article_change", args=[job.article_id])
        return format_html('<a href="{}">{}</a>', url, job.article_id)

    @admin.display(description="last error")
    def short_error(self, job):
        return job.last_error[:120]

    @admin.action(description="Retry selected jobs now")
    def retry_action(self, request, queryset):
        retried = retry_now(queryset)
        self.message_user(request, f"Queued {retried} jobs to run now.", messages.SUCCESS)

    @admin.action(description="Cancel selected jobs")
    def cancel_action(self, request, queryset):
        cancelled = cancel(queryset)
        self.message_user(request, f"Cancelled {cancelled} jobs.", messages.SUCCESS)
