from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse


class HtmxAwareLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Login required everywhere; an htmx request whose session expired sends the whole page
    to the login form instead of swapping the login page into a fragment."""

    def handle_no_permission(self, request, view_func):
        if getattr(request, "htmx", False):
            login = redirect_to_login(
                request.htmx.current_url_abs_path or "/",
                self.get_login_url(view_func),
                self.get_redirect_field_name(view_func),
            )
            return HttpResponse(status=204, headers={"HX-Redirect": login["Location"]})
        return super().handle_no_permission(request, view_func)
