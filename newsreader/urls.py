from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "newsreader administration"
admin.site.site_title = "newsreader admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
]

handler400 = "articles.views.system.bad_request"
