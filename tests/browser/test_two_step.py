"""Two-step sign-in in a real browser: set up by scanning a QR code, then signing in with a
code, under the strict CSP and WCAG 2.2 AA."""

from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from ..test_two_step import code_for
from .test_accessibility import violations
from .test_csp import csp_violations


def test_an_editor_sets_up_two_step_sign_in_and_signs_in_with_a_code(
    staff_page, site, messages, settings
):
    def passes_csp_then_axe():
        # In that order: axe itself sets inline styles on some admin pages as it measures.
        assert csp_violations(messages) == []
        assert violations(staff_page) == ""  # WCAG 2.2 AA
        messages.clear()

    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    staff_page.get_by_role("link", name="Two-step sign-in", exact=True).click()
    staff_page.get_by_role("button", name="Set up two-step sign-in").click()
    qr = staff_page.locator("img.two-step-qr")
    expect(qr).to_have_js_property("complete", True)
    assert qr.evaluate("img => img.naturalWidth") > 100
    passes_csp_then_axe()

    device = TOTPDevice.objects.get(confirmed=False)
    staff_page.fill("#two-step-code", code_for(device))
    staff_page.get_by_role("button", name="Turn two-step sign-in on").click()
    expect(staff_page.locator(".two-step-backup")).to_have_count(10)
    passes_csp_then_axe()

    staff_page.get_by_role("button", name="Log out").click()
    staff_page.goto(site + "/admin/login/")
    staff_page.fill("#id_username", "editor")
    staff_page.fill("#id_password", "a-long-password-1")
    staff_page.click("input[type=submit]")
    expect(staff_page.locator(".errornote")).to_contain_text("Enter the code")
    passes_csp_then_axe()
    device.refresh_from_db()
    device.last_t = -1  # the code used to confirm it is refused again within its 30 s
    device.save()
    staff_page.fill("#id_password", "a-long-password-1")
    staff_page.fill("#id_code", code_for(device))
    staff_page.click("input[type=submit]")
    staff_page.wait_for_url(site + "/admin/")
    assert csp_violations(messages) == []
