from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "newsreader administration"
admin.site.site_title = "newsreader admin"
# Four models need no second menu: without it the changelists' columns fit a 1280 px screen.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("articles.api.urls")),
    path("", include("articles.wallabag.urls")),
    path("", include("articles.urls")),
]

handler400 = "articles.views.system.bad_request"
handler404 = "articles.api.errors.not_found_view"  # JSON under /api/v1/, the page elsewhere
