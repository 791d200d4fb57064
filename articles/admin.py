"""The moderation console for the whole archive, built to stay fast at a million articles."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Subquery

from articles.admin_tools import EstimatedCountPaginator, InputFilter, OwnerFilter
from articles.ingest.clean import clean, count_words, html_to_text, reading_minutes
from articles.jobs import admin as jobs_admin  # noqa: F401 - registers the Jobs page
from articles.jobs.models import Job
from articles.jobs.queue import queue_fetches
from articles.models import Article, ReadingPreferences, SavedSearch, Tag, state_q
from articles.plurals import articles_count, tags_count
from articles.states import CONDITIONS, STATES, State
from articles.tagging import (
    add_tags,
    find_tags,
    merge_tags,
    parse_tag_names,
    remove_tags,
    tags_for_names,
)


class TagFilter(InputFilter):
    title = "tag"
    parameter_name = "tag"
    lookup = "tags__name__iexact"


class SiteFilter(InputFilter):
    title = "site"
    parameter_name = "site"
    lookup = "site_name__iexact"


class StateFilter(admin.SimpleListFilter):
    """Yes/No for a reading state (?starred=yes)."""

    def lookups(self, request, model_admin):
        return [("yes", "Yes"), ("no", "No")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            wanted = state_q(self.parameter_name)
            return queryset.filter(wanted) if self.value() == "yes" else queryset.exclude(wanted)
        return queryset


def _state_filter(name: str) -> type[StateFilter]:
    return type(f"{name}Filter", (StateFilter,), {"title": name, "parameter_name": name})


def _state_action(state: State, on: bool):
    """An admin action that turns a reading state on or off, as the library's buttons do."""

    def action(modeladmin, request, queryset):
        changed = queryset.set_state(state.name, on)
        done = state.done[0 if on else 1]
        modeladmin.message_user(request, f"{done}: {articles_count(changed)}.", messages.SUCCESS)

    action.__name__ = state.name if on else f"un{state.name}"  # ?action=unarchived
    description = state.verbs[0 if on else 1].format("the selected articles")
    return admin.action(description=description)(action)


class TagsActionForm(ActionForm):
    tags = forms.CharField(
        required=False,
        label="Tags",
        help_text="For the tag actions: comma-separated names.",
        widget=forms.TextInput(attrs={"placeholder": "tags for the tag actions"}),
    )


def _tag_names_from_action(modeladmin, request) -> list[str] | None:
    try:
        names = parse_tag_names(request.POST.get("tags", ""))
    except ValidationError as error:
        modeladmin.message_user(request, error.messages[0], messages.ERROR)
        return None
    if not names:
        modeladmin.message_user(
            request, "Type one or more tag names for this action.", messages.ERROR
        )
        return None
    return names


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = (
        "title_or_url",
        "owner",
        "site_name",
        "status",
        "is_starred",
        "is_archived",
        "created_at",
    )
    list_display_links = ("title_or_url",)
    list_filter = (
        OwnerFilter,
        "status",
        *[_state_filter(name) for name in CONDITIONS],
        TagFilter,
        SiteFilter,
        ("created_at", admin.DateFieldListFilter),
    )
    list_select_related = ("owner",)
    search_fields = ("title", "url")  # trigram-indexed; content is never searched here
    search_help_text = "Searches titles and URLs."
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER  # facet counts are a full scan per filter
    paginator = EstimatedCountPaginator
    list_per_page = 50
    raw_id_fields = ("owner",)
    autocomplete_fields = ("tags",)
    readonly_fields = ("created_at", "updated_at", "fetched_at", "word_count", "reading_minutes")
    action_form = TagsActionForm
    actions = (
        *[_state_action(state, on) for state in STATES.values() for on in (True, False)],
        "add_tags_action",
        "remove_tags_action",
        "refetch_action",
    )
    fieldsets = (
        (None, {"fields": ("owner", "title", "given_url", "url", "normalized_url", "tags")}),
        ("Status", {"fields": ("status", "failure_reason", "fetched_at")}),
        (
            "Metadata",
            {
                "fields": (
                    "byline",
                    "site_name",
                    "excerpt",
                    "language",
                    "published_at",
                    "lead_image_url",
                )
            },
        ),
        ("State", {"fields": ("starred_at", "archived_at", "read_at", "reading_progress")}),
        (
            "Content",
            {
                "classes": ("collapse",),
                "fields": (
                    "content_html",
                    "word_count",
                    "reading_minutes",
                    "created_at",
                    "updated_at",
                ),
            },
        ),
    )

    def get_queryset(self, request):
        # The list never shows the bodies; don't read megabytes of HTML to draw 50 rows.
        return super().get_queryset(request).defer("content_html", "content_text")

    def save_model(self, request, obj, form, change):
        if "content_html" in form.changed_data:
            # Sanitised now (the field would on saving anyway) so that search, counts and the
            # reading time follow the HTML as it will be stored.
            obj.content_html = clean(obj.content_html)
            obj.content_text = html_to_text(obj.content_html)
            obj.word_count = count_words(obj.content_text)
            obj.reading_minutes = reading_minutes(obj.word_count)
        super().save_model(request, obj, form, change)

    @admin.display(description="Article", ordering="title")
    def title_or_url(self, obj):
        return obj.title or obj.url or obj.given_url or f"Article {obj.pk}"

    @admin.display(boolean=True, description="Starred")
    def is_starred(self, obj):
        return obj.is_starred

    @admin.display(boolean=True, description="Archived")
    def is_archived(self, obj):
        return obj.is_archived

    @admin.action(description="Add the typed tags to selected articles")
    def add_tags_action(self, request, queryset):
        if (names := _tag_names_from_action(self, request)) is None:
            return
        articles = list(queryset.only("pk", "owner_id"))
        for owner_id in {a.owner_id for a in articles}:
            tags = tags_for_names(owner_id, names)
            add_tags([a for a in articles if a.owner_id == owner_id], tags)
        self.message_user(
            request,
            f"Tagged {articles_count(len(articles))} with {', '.join(names)}.",
            messages.SUCCESS,
        )

    @admin.action(description="Remove the typed tags from selected articles")
    def remove_tags_action(self, request, queryset):
        if (names := _tag_names_from_action(self, request)) is None:
            return
        tags = find_tags(queryset.values("owner_id"), names)
        remove_tags(queryset, list(tags))
        self.message_user(
            request, f"Removed {', '.join(names)} from the selected articles.", messages.SUCCESS
        )

    @admin.action(description="Re-fetch selected articles (in the background)")
    def refetch_action(self, request, queryset):
        articles = queryset.only("pk", "owner_id", "url", "given_url", "status")
        queued = queue_fetches(articles, priority=Job.Priority.BULK)
        self.message_user(
            request,
            f"Queued {articles_count(queued)} for re-fetching (see Jobs). Content is replaced "
            "only where the page still holds the whole article; failures are noted on each "
            "article.",
            messages.SUCCESS,
        )


class MergeActionForm(ActionForm):
    into = forms.CharField(
        required=False,
        label="Merge into",
        widget=forms.TextInput(attrs={"placeholder": "name to keep (optional)"}),
    )


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "article_count", "created_at")
    list_filter = (OwnerFilter,)
    list_select_related = ("owner",)
    search_fields = ("name",)
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    paginator = EstimatedCountPaginator
    raw_id_fields = ("owner",)
    readonly_fields = ("slug", "created_at")
    action_form = MergeActionForm
    actions = ("merge",)

    def get_queryset(self, request):
        # A correlated count is evaluated only for the rows on the page, not the whole table.
        counts = (
            Article.tags.through.objects.filter(tag=OuterRef("pk"))
            .order_by()
            .values("tag")
            .annotate(n=Count("*"))
            .values("n")
        )
        return super().get_queryset(request).annotate(article_count=Subquery(counts))

    @admin.display(description="Articles", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count or 0

    @admin.action(description="Merge selected tags (same user) into one")
    def merge(self, request, queryset):
        tags = list(queryset.order_by("created_at", "pk"))
        if len(tags) < 2:
            self.message_user(request, "Select at least two tags to merge.", messages.ERROR)
            return
        if len({t.owner_id for t in tags}) > 1:
            self.message_user(request, "Only tags of the same user can be merged.", messages.ERROR)
            return
        try:
            names = parse_tag_names(request.POST.get("into", ""))
        except ValidationError as error:
            self.message_user(request, error.messages[0], messages.ERROR)
            return
        target = _merge_target(tags, names[0] if names else "")
        moved = merge_tags(target, tags)
        self.message_user(
            request,
            f"Merged {tags_count(len(tags))} into “{target.name}” ({articles_count(moved)}).",
            messages.SUCCESS,
        )


def _merge_target(tags: list[Tag], name: str) -> Tag:
    """The tag to keep: the one already named `name` (any case), else the oldest, renamed."""
    target = next((t for t in tags if name and t.name.lower() == name.lower()), tags[0])
    if name and target.name != name:
        target.name = name
        target.save(update_fields=["name"])
    return target


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ("name", "query", "owner")
    list_select_related = ("owner",)
    raw_id_fields = ("owner",)
    search_fields = ("name",)
    show_full_result_count = False


@admin.register(ReadingPreferences)
class ReadingPreferencesAdmin(admin.ModelAdmin):
    list_display = ("user", "font", "font_size", "theme")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    show_full_result_count = False


# Imports, exports, feed tokens and the API's tokens register their own admin pages.
from articles.api import admin as api_admin  # noqa: E402, F401
from articles.exports import admin as exports_admin  # noqa: E402, F401
from articles.feeds import admin as feeds_admin  # noqa: E402, F401
