"""Two-step sign-in for staff, on django-otp: each staff member may turn it on from the
admin (an authenticator app's code, and ten backup codes for a lost phone); from then on
the sign-in page asks for a code as well as the password. Off until a staff member turns
it on, so nobody is locked out by it, unless DJANGO_TWO_STEP_REQUIRED asks it of everyone:
the admin then opens nothing else until they do. A superuser removes a lost phone's device
under "TOTP devices" in the admin."""

import io
from base64 import b32encode

import django_otp
import qrcode
from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODES = 10
WRONG_CODE = (
    "That is not the code your app shows now, or it was used already. Enter the newest "
    "code (it changes every 30 seconds), or one of your backup codes. After a wrong code, "
    "each try waits a little longer than the one before: wait a minute after several."
)

REQUIRED = (
    "This site asks every staff member to turn on two-step sign-in before going on, so "
    "your changes have NOT been saved. Nothing you typed is lost: it is below. Turn "
    "two-step sign-in on, then open the page again and paste what you need."
)


class TwoStepAuthenticationForm(AdminAuthenticationForm):
    """The admin's sign-in form, with a code asked of those who turned two-step on."""

    code = forms.CharField(
        label="Code (if two-step sign-in is on)",
        required=False,
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not has_two_step(user):
            return
        code = self.cleaned_data.get("code", "").replace(" ", "")
        if not code:
            raise forms.ValidationError(
                "Two-step sign-in is on for this account. Enter the code from your "
                "authenticator app, or a backup code.",
                code="code_required",
            )
        device = django_otp.match_token(user, code)
        if device is None:
            raise forms.ValidationError(WRONG_CODE, code="wrong_code")
        user.otp_device = device  # django-otp marks the session verified on sign-in


def has_two_step(user):
    """Whether `user` turned two-step sign-in on: a confirmed authenticator app (backup
    codes come only with one). Asked once a request: the admin checks permission often."""
    if not hasattr(user, "_has_two_step"):
        user._has_two_step = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    return user._has_two_step


def is_verified_if_required(user):
    """Staff with two-step on are let in only by a session that gave a code."""
    return user.is_verified() or not has_two_step(user)


def must_turn_on(user):
    """Whether the site requires two-step sign-in and `user` has not turned it on yet."""
    return settings.TWO_STEP_REQUIRED and not has_two_step(user)


def _pending_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


@never_cache
def settings_view(request, admin_site):
    user, context = request.user, {}
    if request.method == "POST" and "start" in request.POST:
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    elif request.method == "POST" and "code" in request.POST:
        device = _pending_device(user)
        if device is not None and device.verify_token(request.POST["code"].replace(" ", "")):
            device.confirmed = True
            device.save()
            context["backup_codes"] = _new_backup_codes(user)
            django_otp.login(request, device)
        else:
            context["code_error"] = WRONG_CODE
    elif request.method == "POST" and "turn_off" in request.POST:
        if user.check_password(request.POST.get("password", "")):
            for model in (TOTPDevice, StaticDevice):
                model.objects.filter(user=user).delete()
        else:
            context["password_error"] = "That is not your password: two-step sign-in stays on."  # noqa: S105 - a message

    pending = _pending_device(user)
    context.update(
        admin_site.each_context(request),
        title="Two-step sign-in",
        issuer=settings.OTP_TOTP_ISSUER,
        is_on=TOTPDevice.objects.filter(user=user, confirmed=True).exists(),  # as it is now
        required=settings.TWO_STEP_REQUIRED,
        pending=pending,
        key=_grouped(b32encode(pending.bin_key).decode()) if pending else "",
    )
    return TemplateResponse(request, "admin/two_step.html", context)


@never_cache
def qr_code_view(request):
    """The QR code of the device being set up, as a PNG (an image from our own origin, so
    the strict Content-Security-Policy holds)."""
    device = _pending_device(request.user)
    if device is None:
        return HttpResponse(status=404)
    buffer = io.BytesIO()
    qrcode.make(device.config_url, box_size=6, border=2).save(buffer, "PNG")
    return HttpResponse(buffer.getvalue(), content_type="image/png")


def _new_backup_codes(user):
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    device.token_set.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def _grouped(key):
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
