from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.generic import RedirectView

from articles.feeds.sources import FEED_VIEWS
from articles.states import VIEWS
from articles.views import (
    account,
    actions,
    api_tokens,
    bulk,
    exports,
    feed_token,
    feeds,
    imports,
    library,
    login,
    opds,
    preferences,
    quick_save,
    reader,
    saving,
    search,
    system,
    tags,
    webapp,
)

urlpatterns = [
    path("healthz", system.healthz, name="healthz"),
    # The installable web app: at the root, where a service worker may control every page
    path("manifest.webmanifest", webapp.manifest, name="manifest"),
    path("sw.js", webapp.service_worker, name="service_worker"),
    path("offline/", webapp.offline, name="offline"),
    path("login/", login.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", system.signup, name="signup"),
    path("account/", account.account, name="account"),
    path("account/password/", account.PasswordChangeView.as_view(), name="password_change"),
    path("account/tokens/", api_tokens.create_api_token, name="api_token_create"),
    path(
        "account/tokens/<int:token_pk>/revoke/",
        api_tokens.revoke_api_token,
        name="api_token_revoke",
    ),
    path("password-reset/", account.password_reset, name="password_reset"),
    path("password-reset/sent/", account.password_reset_done, name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        account.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("password-reset/done/", account.password_reset_complete, name="password_reset_complete"),
    path("account/feeds/new/", feed_token.create, name="feed_token_create"),
    path("account/feeds/off/", feed_token.revoke, name="feed_token_revoke"),
    # The library: its views (articles/states.py), and where the Archive used to be
    *[
        path(v.path, library.article_list, {"view_name": v.name}, name=v.name)
        for v in VIEWS.values()
    ],
    path(
        "archive/", RedirectView.as_view(pattern_name="archived", query_string=True, permanent=True)
    ),
    path("articles/fetched/", library.fetched_cards, name="fetched_cards"),
    path("tags/", tags.tag_index, name="tags"),
    path("tag-names/", tags.tag_names, name="tag_names"),  # not under tags/: a tag's slug
    path("tags/<str:slug>/", library.tag_articles, name="tag"),
    path("tags/<str:slug>/rename/", tags.rename_tag, name="tag_rename"),
    path("tags/<str:slug>/merge/", tags.merge_tag, name="tag_merge"),
    path("tags/<str:slug>/delete/", tags.delete_tag, name="tag_delete"),
    # One article
    path("articles/<int:pk>/", reader.article, name="article"),
    path("articles/<int:pk>/star/", actions.star, name="article_star"),
    path("articles/<int:pk>/archive/", actions.archive, name="article_archive"),
    path("articles/<int:pk>/read/", actions.read, name="article_read"),
    path("articles/<int:pk>/tags/", actions.add_tags_to_article, name="article_tags"),
    path("articles/<int:pk>/tags/edit/", actions.tag_editor, name="article_tag_editor"),
    path("articles/<int:pk>/untag/", actions.remove_tag_from_article, name="article_untag"),
    path("articles/<int:pk>/delete/", actions.delete, name="article_delete"),
    path("articles/<int:pk>/progress/", actions.progress, name="article_progress"),
    path("articles/restore/", actions.undo_delete, name="undo_delete"),
    # Several selected articles
    path("selected/archive/", bulk.bulk_archive, name="bulk_archive"),
    path("selected/read/", bulk.bulk_read, name="bulk_read"),
    path("selected/tag/", bulk.bulk_tag, name="bulk_tag"),
    path("selected/untag/", bulk.bulk_untag, name="bulk_untag"),
    path("selected/refetch/", bulk.bulk_refetch, name="bulk_refetch"),
    path("selected/delete/", bulk.bulk_delete, name="bulk_delete"),
    path("settings/reading/", preferences.preferences, name="preferences"),
    # Moving in and out
    path("import/", imports.imports, name="imports"),
    path("import/<int:import_pk>/", imports.progress, name="import"),
    path("import/<int:import_pk>/cancel/", imports.cancel, name="import_cancel"),
    path("import/<int:import_pk>/report.csv", imports.report, name="import_report"),
    path("export/", exports.exports, name="exports"),
    path("export/new/", exports.export, name="export"),
    path("export/<int:export_pk>/download/", exports.download, name="export_download"),
    path("add/", saving.add, name="add"),
    path("save/", quick_save.quick_save, name="quick_save"),
    path("articles/<int:pk>/refetch/", saving.refetch, name="article_refetch"),
    path("search/", search.search, name="search"),
    path("search/saved/", search.save_search, name="save_search"),
    path("search/saved/<int:saved_pk>/", search.saved_search, name="saved_search"),
    path(
        "search/saved/<int:saved_pk>/rename/",
        search.rename_saved_search,
        name="rename_saved_search",
    ),
    path(
        "search/saved/<int:saved_pk>/delete/",
        search.delete_saved_search,
        name="delete_saved_search",
    ),
    # Feeds (the feed token in the URL) and the e-readers' catalogue (Basic auth): articles/feeds
    *[
        path(
            f"feeds/<str:token>/{name}.atom",
            feeds.view_feed,
            {"view_name": name},
            name=f"feed_{name}",
        )
        for name in FEED_VIEWS
    ],
    path("feeds/<str:token>/tags/<str:slug>.atom", feeds.tag_feed, name="feed_tag"),
    path("feeds/<str:token>/searches/<int:saved_pk>.atom", feeds.search_feed, name="feed_search"),
    path("opds/", opds.root, name="opds_root"),
    *[
        path(f"opds/{name}/", opds.view_articles, {"view_name": name}, name=f"opds_{name}")
        for name in FEED_VIEWS
    ],
    path("opds/tags/", opds.tags, name="opds_tags"),
    path("opds/tags/<str:slug>/", opds.tag_articles, name="opds_tag"),
    path("opds/searches/", opds.searches, name="opds_searches"),
    path("opds/searches/<int:saved_pk>/", opds.search_articles, name="opds_search"),
    path("opds/find/", opds.find, name="opds_find"),
    path("opds/search.xml", opds.search_description, name="opds_search_description"),
    path("opds/articles/<int:pk>.epub", opds.epub, name="opds_epub"),
]
