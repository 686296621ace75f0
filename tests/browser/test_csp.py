"""The strict Content-Security-Policy holds: the site and the admin work with no violation.

Chromium reports every blocked script, style or attribute as a console error naming the
Content Security Policy; any such message fails the test.
"""

from tests.conftest import SEED_URL

PUBLIC_PAGES = ["/", "/news/", "/news/healthcare-blog/", SEED_URL, "/faq/", "/faq/?q=knots",
                "/faq/pain-symptoms-and-getting-help/",
                "/faq/?q=zzzz", "/no-such-page/"]  # fmt: skip


def csp_violations(messages):
    return [m for m in messages if "Content Security Policy" in m or "CSP" in m]


def test_public_pages_send_the_policy_and_break_none_of_it(page, site, messages):
    for path in PUBLIC_PAGES:
        response = page.goto(site + path)
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "object-src 'none'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert csp_violations(messages) == []


ADMIN_PAGES = [
    "/admin/",
    "/admin/articles/post/",
    "/admin/articles/post/add/",
    "/admin/articles/post/?state=published",
    "/admin/articles/category/add/",
    "/admin/faq/question/",
    "/admin/faq/question/add/",
    "/admin/auth/user/",
]


def test_the_admin_works_under_the_policy(staff_page, site, messages, demo):
    for path in ADMIN_PAGES:
        staff_page.goto(site + path)
    post_change = f"/admin/articles/post/{demo.pk}/change/"
    staff_page.goto(site + post_change)
    staff_page.click("input[name=_continue]")  # a revision to list in the history
    staff_page.goto(site + f"/admin/articles/post/{demo.pk}/history/")
    assert staff_page.locator("#change-history").count() == 1
    staff_page.goto(site + post_change)
    # Inline "add another" and the date/time shortcuts are JavaScript: they must run.
    before = staff_page.locator(".dynamic-questions").count()
    staff_page.get_by_text("Add another Question").click()
    assert staff_page.locator(".dynamic-questions").count() == before + 1
    staff_page.get_by_role("link", name="Today").first.click()
    assert staff_page.locator("#id_published_at_0").input_value() != ""
    # Prepopulated slug from title on the add form.
    staff_page.goto(site + "/admin/articles/post/add/")
    staff_page.locator("#id_title").press_sequentially("Neck pain at work")
    assert staff_page.locator("#id_slug").input_value() == "neck-pain-at-work"
    assert csp_violations(messages) == []
