"""Staff who forget their password set a new one from a link sent by email: Django's own
views and the admin's own templates, as the admin's documentation describes, with two
additions a small team needs: emails to one address are limited (a stranger cannot flood
an editor's inbox), and a new password lifts a sign-in lock at once (an editor locked out
by their own wrong guesses is not kept waiting). Offered only where mail can be sent
(`PASSWORD_RESET_BY_EMAIL` in settings)."""

import hashlib
import logging

from axes.utils import reset as reset_sign_in_attempts
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import path
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from .pagecache import CACHE_ERRORS

logger = logging.getLogger(__name__)

EMAILS_PER_ADDRESS = 3
PER_SECONDS = 60 * 60


def _counter_key(email):
    return "password-reset:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()


class LimitedPasswordResetForm(PasswordResetForm):
    """Counts what was asked for, not what was sent, so that the answer is the same for an
    address with no account (which must stay unknowable) as for one with an account."""

    def clean_email(self):
        email = self.cleaned_data["email"]
        try:
            sent = cache.get(_counter_key(email), 0)
        except CACHE_ERRORS:  # a cache outage must not stop a reset: allow it
            logger.warning("Password reset limit not checked: the cache is unreachable")
            return email
        if sent >= EMAILS_PER_ADDRESS:
            raise ValidationError(
                "Reset instructions were already sent to this address %(n)d times in the last "
                "hour. Please look for them in your inbox and junk folder, or try again "
                "within the hour.",
                code="limited",
                params={"n": sent},
            )
        return email

    def save(self, *args, **kwargs):
        key = _counter_key(self.cleaned_data["email"])
        try:
            if not cache.add(key, 1, PER_SECONDS):
                cache.incr(key)
        except CACHE_ERRORS:
            logger.warning("Password reset not counted: the cache is unreachable")
        return super().save(*args, **kwargs)


class AsTheAdmin:
    """The admin's header and title (its templates default to "Django administration"), and
    never stored by a cache: these pages are for one person."""

    @method_decorator(never_cache)
    def dispatch(self, *args, **kwargs):
        return super().dispatch(*args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(site_header=admin.site.site_header, site_title=admin.site.site_title)
        return context


class PasswordResetView(AsTheAdmin, auth_views.PasswordResetView):
    form_class = LimitedPasswordResetForm

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error("email", "limited"):
            response.status_code = 429
        return response


class PasswordResetDoneView(AsTheAdmin, auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(AsTheAdmin, auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        reset_sign_in_attempts(username=form.user.get_username())
        return response


class PasswordResetCompleteView(AsTheAdmin, auth_views.PasswordResetCompleteView):
    pass


def urls(prefix):
    """The names are the ones Django's views, the admin's sign-in page and the email's
    template reverse."""
    return [
        path(
            f"{prefix}password_reset/",
            PasswordResetView.as_view(),
            name="admin_password_reset",
        ),
        path(
            f"{prefix}password_reset/done/",
            PasswordResetDoneView.as_view(),
            name="password_reset_done",
        ),
        path(
            f"{prefix}reset/<uidb64>/<token>/",
            PasswordResetConfirmView.as_view(),
            name="password_reset_confirm",
        ),
        path(
            f"{prefix}reset/done/",
            PasswordResetCompleteView.as_view(),
            name="password_reset_complete",
        ),
    ]
