"""API clients on the account page: create one per app, see when each was last used, revoke.

The page itself is registration/account.html, which includes account/_api_clients.html; the
secret of a new client is handed to that include once, through the session, and then forgotten.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from articles.user_input import CONTROL, normalise
from articles.wallabag.models import ApiClient

SESSION_KEY = "new_api_client"
MAX_CLIENTS = 50


@require_POST
def create_client(request):
    name = normalise(request.POST.get("name", "")).strip()[:100]
    if CONTROL.search(name):
        messages.error(request, "The name contains an invisible control character; type it again.")
    elif ApiClient.objects.filter(user=request.user).count() >= MAX_CLIENTS:
        messages.error(request, f"You have {MAX_CLIENTS} clients; revoke one you no longer use.")
    else:
        client, secret = ApiClient.issue(request.user, name=name or "wallabag app")
        request.session[SESSION_KEY] = {"pk": client.pk, "secret": secret}
    return redirect(reverse("account") + "#api-clients")


@require_POST
def revoke_client(request, pk: int):
    client = get_object_or_404(ApiClient.objects.filter(user=request.user), pk=pk)
    client.delete()  # its tokens go with it: the app is signed out at its next request
    messages.success(request, f"Revoked “{client.name}”; apps using it are signed out.")
    return redirect(reverse("account") + "#api-clients")


def clients_for(request) -> dict:
    """The user's clients, and the one just created with its secret (shown this once)."""
    created = request.session.pop(SESSION_KEY, None)
    clients = list(ApiClient.objects.filter(user=request.user).order_by("-created"))
    new = next((c for c in clients if created and c.pk == created["pk"]), None)
    return {"clients": clients, "new": new, "secret": created["secret"] if new else ""}
