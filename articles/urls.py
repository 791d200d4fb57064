from django.contrib.auth import views as auth_views
from django.urls import path

from articles.views import library, reader, saving, search, system

urlpatterns = [
    path("healthz", system.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", system.signup, name="signup"),
    path("", library.article_list, {"view_name": "home"}, name="home"),
    path("starred/", library.article_list, {"view_name": "starred"}, name="starred"),
    path("archive/", library.article_list, {"view_name": "archive"}, name="archive"),
    path("all/", library.article_list, {"view_name": "all"}, name="all"),
    path("articles/<int:pk>/", reader.article, name="article"),
    path("add/", saving.add, name="add"),
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
]
