"""Two-step sign-in: staff who turn it on sign in with a code from an authenticator app (or
a backup code) as well as their password; a stolen password alone no longer opens the admin."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db

PASSWORD = "the-right-password-1"


@pytest.fixture
def editor(db):
    return User.objects.create_superuser("editor", "e@example.org", PASSWORD)


def code_for(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(client, code=None, password=PASSWORD):
    data = {"username": "editor", "password": password}
    if code is not None:
        data["code"] = code
    return client.post("/admin/login/?next=/admin/", data, REMOTE_ADDR="10.0.0.1")


def test_an_editor_turns_two_step_sign_in_on_from_the_admin(editor, settings):
    # django-otp makes each try after a wrong code wait (1 s, then 2, 4...); a test retries
    # at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    client = Client()
    assert sign_in(client).status_code == 302  # off: the password is enough
    assert 'href="/admin/two-step/"' in client.get("/admin/").content.decode()

    page = client.get("/admin/two-step/")
    assert "Two-step sign-in is off" in page.content.decode()
    started = client.post("/admin/two-step/", {"start": "1"})
    html = started.content.decode()
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert 'src="/admin/two-step/qr.png"' in html
    key = re.sub(r"\s", "", re.search(r'<code class="two-step-key">(.*?)</code>', html).group(1))
    assert len(key) == 32  # the key in letters, for an app that cannot scan
    qr = client.get("/admin/two-step/qr.png")
    assert qr["Content-Type"] == "image/png" and "no-store" in qr["Cache-Control"]

    wrong = client.post(
        "/admin/two-step/", {"code": "000000" if code_for(device) != "000000" else "111111"}
    )
    assert "not the code" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()

    done = client.post("/admin/two-step/", {"code": code_for(device)})
    html = done.content.decode()
    assert "Two-step sign-in is on" in html
    backup = re.findall(r'<li class="two-step-backup">(\w+)</li>', html)
    assert len(backup) == 10, "backup codes, shown once"
    assert TOTPDevice.objects.get(user=editor).confirmed
    assert client.get("/admin/").status_code == 200  # still signed in
    assert "two-step-backup" not in client.get("/admin/two-step/").content.decode()


@pytest.fixture
def two_step_on(editor):
    device = TOTPDevice.objects.create(user=editor, name="Phone", confirmed=True)
    backup = StaticDevice.objects.create(user=editor, name="Backup codes", confirmed=True)
    backup.token_set.create(token="backup0001")
    return device


def test_with_two_step_on_the_password_alone_does_not_sign_in(two_step_on):
    client = Client()
    response = sign_in(client)
    assert response.status_code == 200
    assert "Enter the code from your authenticator app" in response.content.decode()
    assert client.get("/admin/").status_code == 302
    response = sign_in(client, code="12345x")
    assert response.status_code == 200 and "not the code" in response.content.decode()
    # A wrong password says only that, whatever the code: it tells nothing of two-step.
    response = sign_in(client, code=code_for(two_step_on), password="wrong")
    assert "Please enter the correct username and password" in response.content.decode()


def test_with_two_step_on_the_code_or_a_backup_code_signs_in_once(two_step_on):
    assert sign_in(Client(), code=code_for(two_step_on)).status_code == 302
    client = Client()
    assert sign_in(client, code="backup0001").status_code == 302
    assert client.get("/admin/").status_code == 200
    assert sign_in(Client(), code="backup0001").status_code == 200, "a backup code works once"


def test_a_session_that_skipped_the_code_is_not_let_in(two_step_on, editor):
    """Defence in depth: a signed-in session of a user with two-step on that never gave a
    code (signed in before it was turned on elsewhere, say) is sent to sign in again."""
    client = Client()
    client.force_login(editor)
    assert client.get("/admin/").status_code == 302


def test_turning_two_step_off_takes_the_password(two_step_on, editor):
    client = Client()
    sign_in(client, code=code_for(two_step_on))
    refused = client.post("/admin/two-step/", {"turn_off": "1", "password": "wrong"})
    assert "not your password" in refused.content.decode()
    assert TOTPDevice.objects.filter(user=editor).exists()
    client.post("/admin/two-step/", {"turn_off": "1", "password": PASSWORD})
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert not StaticDevice.objects.filter(user=editor).exists()
    assert sign_in(Client()).status_code == 302


def test_two_step_pages_need_a_signed_in_staff_member(client):
    assert client.get("/admin/two-step/").status_code == 302
    assert client.get("/admin/two-step/qr.png").status_code == 302


def test_authors_and_editors_turn_it_on_for_themselves(demo):
    from .test_editorial import login

    for group in ["Author", "Editor"]:
        client = login(group.lower(), group=group)
        assert client.get("/admin/two-step/").status_code == 200
        assert client.post("/admin/two-step/", {"start": "1"}).status_code == 200
        assert client.get("/admin/two-step/qr.png")["Content-Type"] == "image/png"


REQUIRED_NOTE = "This site asks every staff member to turn on two-step sign-in"


def test_when_the_site_requires_two_step_staff_turn_it_on_before_anything_else(editor, settings):
    # A stolen password alone must open nothing: where the site requires it, a staff member
    # without two-step is taken to turn it on, from whichever admin page they open.
    settings.TWO_STEP_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    client = Client()
    assert sign_in(client).status_code == 302
    for page in ("/admin/", "/admin/articles/post/", "/admin/auth/user/"):
        response = client.get(page)
        assert response.status_code == 302 and response["Location"] == "/admin/two-step/", page
    html = client.get("/admin/two-step/").content.decode()
    assert REQUIRED_NOTE in html

    client.post("/admin/two-step/", {"start": "1"})
    assert client.get("/admin/two-step/qr.png").status_code == 200
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    client.post("/admin/two-step/", {"code": code_for(device)})
    assert client.get("/admin/").status_code == 200  # on: the admin opens
    assert client.get("/admin/logout/").status_code in (200, 302, 405)


def test_when_two_step_is_required_a_save_without_it_is_refused_and_nothing_is_lost(
    editor, settings
):
    # Required since the form was opened: the save is not made, and the text comes back.
    client = Client()
    sign_in(client)
    settings.TWO_STEP_REQUIRED = True
    response = client.post("/admin/faq/topic/add/", {"name": "Knees, my own words", "slug": "k"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Knees, my own words" in html
    assert 'href="/admin/two-step/"' in html
    from faq.models import Topic

    assert not Topic.objects.filter(name="Knees, my own words").exists()


def test_a_required_two_step_can_still_be_signed_out_of(editor, settings):
    settings.TWO_STEP_REQUIRED = True
    client = Client()
    sign_in(client)
    client.post("/admin/logout/")
    assert client.get("/admin/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_admin_names_the_sign_in_apps_in_words_staff_know(editor):
    # django-otp's and django-axes's apps were listed as "Otp_Totp", "Otp_Static" and "Axes".
    client = Client()
    sign_in(client)
    html = client.get("/admin/").content.decode()
    for name in (
        "Two-step sign-in: authenticator apps",
        "Two-step sign-in: backup codes",
        "Sign-in lockouts",
    ):
        assert name in html, name
    for name in ("Otp_Totp", "Otp_Static", ">Axes<"):
        assert name not in html, name
