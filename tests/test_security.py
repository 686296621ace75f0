"""Security headers, settings, login throttling, password resets, sessions and the movable admin."""

import importlib
import os
import re
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


# Forgotten passwords: a link by email, on Django's own views and the admin's templates.


def reset_link(message):
    links = re.findall(r"https?://\S+", message.body)
    assert len(links) == 1, message.body
    return links[0]


def ask_for_reset(client, email, ip="10.0.0.1"):
    return client.post("/admin/password_reset/", {"email": email}, REMOTE_ADDR=ip)


def test_a_staff_member_who_forgot_the_password_sets_a_new_one_from_an_email(
    client, editor, mailoutbox
):
    elsewhere = Client()  # signed in somewhere before: a stolen session, say
    assert login(elsewhere, "editor", "the-right-password-1").status_code == 302
    sign_in = client.get("/admin/login/").content.decode()
    assert 'href="/admin/password_reset/"' in sign_in
    asked = ask_for_reset(client, "E@Example.org")  # as typed, capitals and all
    assert asked.status_code == 302
    assert "emailed you instructions" in client.get(asked["Location"]).content.decode()
    [message] = mailoutbox
    assert message.to == ["e@example.org"]
    assert "Knotsite Health" in message.subject
    assert "editor" in message.body  # the user name, in case that was forgotten too
    link = reset_link(message)
    assert link.startswith("http://127.0.0.1:8000/admin/reset/")  # the site's own domain

    form = client.get(link.removeprefix("http://127.0.0.1:8000"), follow=True)
    assert "Enter new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-password-7", "new_password2": "a-brand-new-password-7"},
    )
    assert done.status_code == 302
    assert "Log in" in client.get(done["Location"]).content.decode()
    assert login(Client(), "editor", "the-right-password-1").status_code == 200  # refused
    assert login(Client(), "editor", "a-brand-new-password-7").status_code == 302
    assert elsewhere.get("/admin/").status_code == 302, "other sessions end with the old password"
    # The link works once.
    again = client.get(link.removeprefix("http://127.0.0.1:8000"), follow=True)
    assert "invalid" in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, editor, mailoutbox):
    asked = ask_for_reset(client, "someone@elsewhere.example")
    assert asked.status_code == 302 and asked["Location"] == "/admin/password_reset/done/"
    assert not mailoutbox


def test_a_new_password_is_checked_like_any_other(client, editor, mailoutbox):
    ask_for_reset(client, "e@example.org")
    form = client.get(reset_link(mailoutbox[0]).removeprefix("http://127.0.0.1:8000"), follow=True)
    weak = client.post(
        form.redirect_chain[-1][0], {"new_password1": "password", "new_password2": "password"}
    )
    assert weak.status_code == 200
    assert "too common" in weak.content.decode()
    assert login(Client(), "editor", "the-right-password-1").status_code == 302  # unchanged


def test_reset_emails_to_one_address_are_limited_so_an_inbox_cannot_be_flooded(
    client, editor, mailoutbox
):
    for n in range(3):
        assert ask_for_reset(client, "e@example.org", ip=f"10.0.1.{n}").status_code == 302
    for address in ["e@example.org", " E@EXAMPLE.ORG "]:
        refused = ask_for_reset(client, address, ip="10.0.2.1")
        assert refused.status_code == 429
        page = refused.content.decode()
        assert "already sent" in page and "within the hour" in page
        assert 'value="' in page and "example.org" in page.lower()  # what was typed stays
    assert len(mailoutbox) == 3
    # Other staff are not held up by it.
    User.objects.create_user("author", "a@example.org", "x-password-22", is_staff=True)
    assert ask_for_reset(client, "a@example.org", ip="10.0.2.1").status_code == 302
    assert len(mailoutbox) == 4


def test_a_new_password_lifts_a_lockout_at_once(client, editor, settings, mailoutbox):
    """An editor locked out by their own wrong guesses resets the password and signs in,
    without waiting out the lock."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "editor", "wrong")
    assert login(client, "editor", "the-right-password-1").status_code == 429
    locked = login(client, "editor", "the-right-password-1").content.decode()
    assert 'href="/admin/password_reset/"' in locked  # the way out, on the lock page

    ask_for_reset(client, "e@example.org")
    form = client.get(reset_link(mailoutbox[0]).removeprefix("http://127.0.0.1:8000"), follow=True)
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-password-7", "new_password2": "a-brand-new-password-7"},
    )
    assert login(Client(), "editor", "a-brand-new-password-7").status_code == 302


def test_reset_pages_are_never_cached_for_others(client, editor, mailoutbox):
    for url in [
        "/admin/password_reset/",
        "/admin/password_reset/done/",
        "/admin/reset/done/",
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert "Knotsite editorial" in response.content.decode()  # not "Django administration"
        assert "private" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_no_reset_is_offered_where_no_email_can_be_sent():
    """With DEBUG off and no mail server set, a reset link would promise an email that never
    comes: the sign-in page offers none. Development prints the email to the terminal."""
    code = (
        "from django.urls import reverse, NoReverseMatch\n"
        "try: print(reverse('admin_password_reset'))\n"
        "except NoReverseMatch: print('none')"
    )
    code = f"exec({code!r})"
    assert run_django(code, **PRODUCTION).stdout.strip() == "none"
    mail = {"DJANGO_EMAIL_HOST": "smtp.example.org"}
    assert run_django(code, **PRODUCTION, **mail).stdout.strip() == "/admin/password_reset/"
    assert run_django(code).stdout.strip() == "/admin/password_reset/"
    backend = "from django.conf import settings; print(settings.EMAIL_BACKEND)"
    assert "console" in run_django(backend).stdout
    assert "smtp" in run_django(backend, **PRODUCTION, **mail).stdout


def test_a_reset_still_works_while_the_shared_cache_is_down(client, editor, settings, mailoutbox):
    """The limit lives in the cache; an editor locked out during a Redis outage still gets
    the email (unlimited until it is back), not a server error."""
    from knotsite import pagecache

    from .test_caching import UNREACHABLE_REDIS

    settings.CACHES = {**settings.CACHES, "default": UNREACHABLE_REDIS}
    try:
        for _ in range(4):
            assert ask_for_reset(client, "e@example.org").status_code == 302
        assert len(mailoutbox) == 4
    finally:
        pagecache.outage.__init__()
