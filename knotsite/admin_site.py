"""The editorial admin: Django's, with a save that arrives after the session ended handed
back to the editor instead of lost in a redirect to the login page."""

from functools import wraps

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import QueryDict
from django.urls import reverse

from .admin_safety import SESSION_ENDED, not_saved


class KnotsiteAdminSite(admin.AdminSite):
    site_header = "Knotsite editorial"
    site_title = "Knotsite admin"
    index_title = "Content"

    def admin_view(self, view, cacheable=False):
        protected = super().admin_view(view, cacheable)

        @wraps(view)
        def inner(request, *args, **kwargs):
            if (
                request.method == "POST"
                and not self.has_permission(request)
                and request.path != reverse("admin:logout", current_app=self.name)
            ):
                back = QueryDict(mutable=True)
                back[REDIRECT_FIELD_NAME] = request.get_full_path()
                login_url = reverse("admin:login", current_app=self.name)
                return not_saved(
                    request,
                    SESSION_ENDED,
                    status=403,
                    login_url=f"{login_url}?{back.urlencode(safe='/')}",
                )
            return protected(request, *args, **kwargs)

        return inner
