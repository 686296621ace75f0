"""Leaving an admin form with unsaved changes asks first, in a real browser: a stray click on a
menu link, the back button or closing the tab must not silently drop an editor's text."""

from playwright.sync_api import expect

from articles.models import Post
from faq.models import Topic

from .test_csp import csp_violations


def dialogs_on(page):
    """Answers every dialog with "stay on this page" and records its type."""
    seen = []

    def dismiss(dialog):
        seen.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", dismiss)
    return seen


def test_leaving_an_edited_post_asks_first_and_staying_keeps_the_text(
    staff_page, site, messages, demo
):
    staff_page.goto(site + f"/admin/articles/post/{demo.pk}/change/")
    dialogs = dialogs_on(staff_page)
    title = staff_page.locator("#id_title")
    title.press("End")
    title.press_sequentially(" (draft edit)")

    staff_page.locator("#site-name a").click()  # the admin's home link
    assert dialogs == ["beforeunload"]
    expect(staff_page).to_have_url(site + f"/admin/articles/post/{demo.pk}/change/")
    expect(staff_page.locator("#id_title")).to_have_value(
        "Techniques to Alleviate Upper Back Muscle Knots (draft edit)"
    )
    assert csp_violations(messages) == []


def test_saving_leaves_without_asking(staff_page, site, demo):
    staff_page.goto(site + f"/admin/articles/post/{demo.pk}/change/")
    dialogs = dialogs_on(staff_page)
    title = staff_page.locator("#id_title")
    title.press("End")
    title.press_sequentially(" again")
    staff_page.locator("input[name=_save]").click()
    expect(staff_page.locator(".messagelist .success")).to_be_visible()
    assert dialogs == []
    demo.refresh_from_db()
    assert demo.title.endswith(" again")


def test_an_unchanged_or_changed_back_form_leaves_without_asking(staff_page, site, demo):
    staff_page.goto(site + f"/admin/articles/post/{demo.pk}/change/")
    dialogs = dialogs_on(staff_page)
    title = staff_page.locator("#id_title")
    title.press_sequentially("x")
    title.press("Backspace")  # typed, then undone: nothing to lose
    staff_page.locator("#site-name a").click()
    expect(staff_page).to_have_url(site + "/admin/")
    assert dialogs == []
    assert Post.objects.get(pk=demo.pk).title == demo.title


def test_an_edited_row_of_an_editable_list_asks_first(staff_page, site, demo):
    topic = Topic.objects.get(slug="upper-back-muscle-knots")
    staff_page.goto(site + "/admin/faq/topic/")
    dialogs = dialogs_on(staff_page)
    row = staff_page.locator("#result_list tr", has_text=topic.name)
    row.locator("input[name$=-order]").fill(str(topic.order + 5))
    staff_page.locator("#site-name a").click()
    assert dialogs == ["beforeunload"]
    expect(staff_page).to_have_url(site + "/admin/faq/topic/")


def test_a_form_sent_back_with_an_error_asks_before_leaving(staff_page, site, demo):
    # Its text is what the editor typed, not what is saved, even before they type again.
    staff_page.goto(site + f"/admin/articles/post/{demo.pk}/change/")
    dialogs = dialogs_on(staff_page)
    staff_page.locator("#id_summary").fill("")
    staff_page.locator("#id_body").fill("A new body the editor must not lose.")
    staff_page.locator("input[name=_save]").click()
    expect(staff_page.locator(".errornote")).to_be_visible()
    assert dialogs == []
    staff_page.locator("#site-name a").click()
    assert dialogs == ["beforeunload"]
    expect(staff_page.locator("#id_body")).to_have_value("A new body the editor must not lose.")
