"""Security headers, settings, login throttling, sessions and the movable admin."""

import importlib
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import clear_url_caches
from django.utils import timezone

from .conftest import SEED_URL

pytestmark = pytest.mark.django_db


def run_django(code, **env):
    base = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "knotsite.settings"}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**base, **env},
        capture_output=True,
        text=True,
        check=False,
    )


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k9$Jd2!xQ7pL0vR4mZ8wT1yB6nC3hF5sG-aE_uI*oP^lK&jH@dS%fA#gY",
    "DJANGO_ALLOWED_HOSTS": "health.example.org",
}


@pytest.mark.parametrize("url", ["/", SEED_URL, "/faq/", "/no-such-page/", "/admin/login/"])
def test_every_response_carries_the_security_headers(client, demo, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    for directive in [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]:
        assert directive in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_deploy_check_is_clean_with_https_on():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={"PATH": os.environ.get("PATH", ""), **PRODUCTION},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_https_settings_follow_debug_and_can_be_switched_off_for_loopback():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS > 0)"
    )
    assert run_django(code, **PRODUCTION).stdout.split() == ["True"] * 4
    assert run_django(code, **PRODUCTION, DJANGO_HTTPS="0").stdout.split() == ["False"] * 4
    assert run_django(code).stdout.split() == ["False"] * 4  # development


def login(client, username, password, ip="10.0.0.1"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


@pytest.fixture
def editor(db):
    return User.objects.create_superuser("editor", "e@example.org", "the-right-password-1")


def test_repeated_failed_logins_lock_the_account_with_a_clear_message(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "editor", "wrong").status_code == 200
    locked = login(client, "editor", "wrong")
    assert locked.status_code == 429
    assert "Sign-in is temporarily locked" in locked.content.decode()
    # Even the right password is refused while locked, from any address.
    assert login(client, "editor", "the-right-password-1", ip="10.9.9.9").status_code == 429


def test_repeated_failed_logins_lock_the_address_for_other_accounts(client, editor, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"guess{n}", "wrong", ip="10.0.0.66")
    assert login(client, "editor", "the-right-password-1", ip="10.0.0.66").status_code == 429


def test_a_good_login_works_and_the_session_ends_with_the_browser(client, editor, settings):
    response = login(client, "editor", "the-right-password-1")
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert cookie["httponly"]
    assert 0 < client.session.get_expiry_age() <= 8 * 60 * 60


def test_a_working_editor_is_not_signed_out_mid_session(client, editor, settings):
    """The session lasts DJANGO_SESSION_SECONDS of inactivity, not from sign-in: an editor
    still at work four hours after signing in stays signed in."""
    login(client, "editor", "the-right-password-1")
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + timedelta(minutes=1)  # signed in hours ago
    )
    assert client.get("/admin/").status_code == 200
    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed > timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    assert not Client().get("/").cookies  # readers still get no cookie


def test_the_admin_url_can_be_moved_by_setting(client, settings, editor):
    import knotsite.urls

    settings.ADMIN_URL = "staff-desk/"
    try:
        importlib.reload(knotsite.urls)
        clear_url_caches()
        assert client.get("/staff-desk/").status_code == 302
        assert client.get("/staff-desk/login/").status_code == 200
        assert client.get("/admin/").status_code == 404
    finally:
        settings.ADMIN_URL = "admin/"
        importlib.reload(knotsite.urls)
        clear_url_caches()
