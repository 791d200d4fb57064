"""The login form, with wrong passwords counted (articles/throttle.py).

After LOGIN_FAILURES_PER_USER wrong passwords for one username, or AUTH_FAILURES_PER_IP failed
sign-ins (passwords or API tokens) from one address, the form refuses further attempts until
the window ends and says how long to wait; during that time not even the right password logs
in, or guessing would go on unhindered. Logging in resets the username's count (not the
address's, which a guesser with an account of their own could otherwise clear).
"""

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm

from articles import throttle


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": (
            "Too many wrong passwords were tried for this account or from your network. Wait "
            "%(minutes)s and try again."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if username and self.request is not None:
            self._refuse_while_locked(username)
        try:
            return super().clean()
        except forms.ValidationError as error:
            if error.code == "invalid_login":
                throttle.hit(throttle.LOGIN_FAILURES_PER_USER, _user_key(username))
                throttle.hit(throttle.AUTH_FAILURES_PER_IP, throttle.client_ip(self.request))
            raise

    def _refuse_while_locked(self, username: str) -> None:
        limits = [
            (throttle.LOGIN_FAILURES_PER_USER, _user_key(username)),
            (throttle.AUTH_FAILURES_PER_IP, throttle.client_ip(self.request)),
        ]
        locked = [limit for limit, key in limits if throttle.exceeded(limit, key)]
        if locked:
            seconds = max(throttle.retry_after(limit) for limit in locked)
            minutes = -(-seconds // 60)
            raise forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": "a minute" if minutes == 1 else f"{minutes} minutes"},
            )

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        throttle.reset(throttle.LOGIN_FAILURES_PER_USER, _user_key(user.get_username()))


def _user_key(username: str) -> str:
    # One count for "Owner" and "owner": a guesser gains nothing by changing the case.
    return username.strip().casefold()


class LoginView(auth_views.LoginView):
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error("__all__", "locked"):
            response.status_code = 429
        return response
