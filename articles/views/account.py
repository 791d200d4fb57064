"""The user's own account: e-mail address and password; password reset by e-mail.

Django's auth views do the work; these only add the site's pages around them. Resetting by
e-mail exists only where the server can send mail (settings.PASSWORD_RESET_BY_EMAIL).
"""

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse_lazy


class EmailForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["email"]
        labels = {"email": "E-mail address"}
        help_texts = {"email": "Where a link to reset a forgotten password is sent."}


def account(request):
    form = EmailForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved your e-mail address.")
        return redirect("account")
    context = {"form": form, "view_name": "account", "reset_by_email": _reset_by_email()}
    return render(request, "registration/account.html", context, status=400 if form.errors else 200)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form):
        messages.success(self.request, "Your password is changed; you stay logged in here.")
        return super().form_valid(form)


def _reset_by_email() -> bool:
    return settings.PASSWORD_RESET_BY_EMAIL


def needs_email(view):
    """Password reset pages exist only where the server can send mail."""

    @login_not_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _reset_by_email():
            raise Http404("This server does not send e-mail; ask your administrator.")
        return view(request, *args, **kwargs)

    return wrapped


password_reset = needs_email(
    auth_views.PasswordResetView.as_view(success_url=reverse_lazy("password_reset_done"))
)
password_reset_done = needs_email(auth_views.PasswordResetDoneView.as_view())
password_reset_confirm = needs_email(
    auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("password_reset_complete"))
)
password_reset_complete = needs_email(auth_views.PasswordResetCompleteView.as_view())
