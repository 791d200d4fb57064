"""Personal access tokens on the account page: create one (its secret shown once), revoke one.

The list and the form are templates/account/_api_tokens.html, included by the account page."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from articles.api.models import PersonalToken
from articles.user_input import TextField
from articles.views.feedback import quoted

MAX_TOKENS = 50  # per user: far more devices and scripts than anyone has


class TokenForm(forms.Form):
    name = TextField(
        max_length=100,
        label="Name",
        help_text="The app, device or script that will use it, so you know which to revoke.",
        error_messages={"required": "Name the token after what will use it."},
    )


def tokens_of(user):
    return PersonalToken.objects.filter(user=user)


@require_POST
@never_cache  # the page holds the secret: no copy in any cache
def create_api_token(request):
    form = TokenForm(request.POST)
    if form.is_valid() and tokens_of(request.user).count() >= MAX_TOKENS:
        form.add_error("name", f"You have {MAX_TOKENS} tokens; revoke one you no longer use.")
    if not form.is_valid():
        error = "; ".join(form.errors["name"])
        messages.error(request, f"No token was created: {error}")
        return redirect(reverse("account") + "#api-tokens")
    token, secret = PersonalToken.issue(request.user, name=form.cleaned_data["name"])
    api_url = request.build_absolute_uri(reverse("api_v1:articles"))
    context = {"token": token, "secret": secret, "api_url": api_url, "view_name": "account"}
    return render(request, "account/token_created.html", context)


@require_POST
def revoke_api_token(request, token_pk: int):
    token = get_object_or_404(tokens_of(request.user), pk=token_pk)
    token.delete()
    messages.success(
        request, f"Revoked the token {quoted(token.name)}: what used it can no longer sign in."
    )
    return redirect(reverse("account") + "#api-tokens")
