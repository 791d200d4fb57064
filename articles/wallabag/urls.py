"""The wallabag API's addresses. Every one also answers with a `.json` suffix, as wallabag's
routes do (`/api/entries` ≡ `/api/entries.json`); clients use both.

The API's patterns have no names: nothing in the site links to them, and the tests that walk
every named page of the site (login required, CSRF) are about session pages, which these are
not (a bearer token, never a cookie)."""

from django.urls import path, re_path

from articles.wallabag import account, oauth, views
from articles.wallabag.auth import endpoint

ID = r"(?P<pk>[0-9]{1,18})"
TAG_ID = r"(?P<tag_pk>[0-9]{1,18})"
EXPORT_FORMATS = ("epub", "txt", "md", "json", "csv")


def api(path: str, view):
    return re_path(rf"^{path}(?:\.json)?$", view)


urlpatterns = [
    path("account/api-clients/", account.create_client, name="api_client_create"),
    path("account/api-clients/<int:pk>/revoke/", account.revoke_client, name="api_client_revoke"),
    api("oauth/v2/token", oauth.token),
    api("api/version", endpoint(public=True, GET=views.version)),
    api("api/info", endpoint(public=True, GET=views.info)),
    api("api/user", endpoint(GET=views.user)),
    api("api/entries", endpoint(GET=views.list_entries, POST=views.create_entry)),
    api("api/entries/exists", endpoint(GET=views.entry_exists)),
    api(
        f"api/entries/{ID}",
        endpoint(GET=views.get_entry, PATCH=views.patch_entry, DELETE=views.delete_entry),
    ),
    api(f"api/entries/{ID}/reload", endpoint(PATCH=views.reload_entry)),
    re_path(
        rf"^api/entries/{ID}/export\.(?P<fmt>{'|'.join(EXPORT_FORMATS)})$",
        endpoint(GET=views.export_entry),
    ),
    api(
        f"api/entries/{ID}/tags",
        endpoint(GET=views.entry_tags, POST=views.add_entry_tags),
    ),
    api(f"api/entries/{ID}/tags/{TAG_ID}", endpoint(DELETE=views.remove_entry_tag)),
    api("api/tags", endpoint(GET=views.list_tags)),
    api("api/tags/label", endpoint(DELETE=views.delete_tags_by_label)),
    api(f"api/tags/{TAG_ID}", endpoint(DELETE=views.delete_tag)),
    api("api/tag/label", endpoint(DELETE=views.delete_tag_by_label)),
    api("api/search", endpoint(GET=views.search)),
    api(
        f"api/annotations/{ID}",
        endpoint(GET=views.annotations, POST=views.add_annotation),
    ),
]
