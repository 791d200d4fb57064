"""Views outside the library: health check, sign-up, the page for a request too large."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@login_not_required
@require_GET
@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@login_not_required
def signup(request):
    if not settings.ALLOW_SIGNUP:
        raise Http404("Sign-up is closed on this server.")
    form = UserCreationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request, f"Welcome, {user.username}. Paste a link above to save your first article."
        )
        return redirect("unread")
    return render(request, "registration/signup.html", {"form": form})


def bad_request(request, exception):
    """Django's 400, except for a form too large to read, which gets a page that says so (the
    add form's paste is the usual one; a script on the form stops most before they are sent)."""
    if isinstance(exception, RequestDataTooBig):
        limit = settings.FETCH_MAX_BYTES // 2**20
        return render(request, "too_large.html", {"limit": limit}, status=413)
    return defaults.bad_request(request, exception)
