"""Live preview in the admin: typing Markdown shows it rendered by the site's pipeline,
under the strict CSP, in a real browser."""

from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from .test_accessibility import violations
from .test_csp import csp_violations


def test_typing_markdown_updates_the_preview_pane(staff_page, site, messages, demo):
    staff_page.goto(site + f"/admin/articles/post/{demo.pk}/change/")
    preview = staff_page.locator(".field-body .markdown-preview__body")
    # The pane shows the stored article at once.
    expect(preview.locator("h2#understanding-muscle-knots-why-me")).to_have_count(1)
    expect(preview.locator("h2#sources")).to_have_count(1)

    body = staff_page.locator("#id_body")
    body.fill("")
    body.press_sequentially("## Warm up first\n\n1. Roll your shoulders")
    # Waits use locators: a page under this CSP cannot evaluate strings of script.
    expect(preview.locator("h2").first).to_have_attribute("id", "warm-up-first")
    expect(preview.locator("ol li")).to_have_text("Roll your shoulders")
    # Pasted code is never run; the pane says why a save would refuse it.
    body.press_sequentially("\n\n<script>x</script>")
    expect(preview).to_contain_text("HTML code")
    assert preview.locator("script").count() == 0
    assert csp_violations(messages) == []


def test_a_new_inline_question_gets_its_own_preview(staff_page, site, messages, demo):
    staff_page.goto(site + f"/admin/articles/post/{demo.pk}/change/")
    staff_page.get_by_text("Add another Question").click()
    answer = staff_page.locator(".dynamic-questions").last.locator("textarea[name$=-answer]")
    answer.press_sequentially("**Yes**, gently.[^1]\n\n[^1]: NHS.")
    new_preview = staff_page.locator(".dynamic-questions").last.locator(".markdown-preview__body")
    expect(new_preview.locator("strong")).to_have_text("Yes")
    # Its footnote has an id of its own ("questions-N-answer--fn-1"), not a "fn-1" that
    # the article or another answer previewed on this form may also have.
    expect(new_preview.locator("li[id^='questions-'][id$='-answer--fn-1']")).to_have_count(1)
    assert csp_violations(messages) == []


def test_the_preview_warns_when_the_session_has_ended(staff_page, site, demo):
    """The preview is the first to notice a session that ended while the editor wrote:
    it says so before they press Save, instead of "unavailable just now"."""
    staff_page.goto(site + f"/admin/articles/post/{demo.pk}/change/")
    preview = staff_page.locator(".field-body .markdown-preview__body")
    expect(preview.locator("h2#sources")).to_have_count(1)
    Session.objects.all().delete()  # it expired

    staff_page.locator("#id_body").press_sequentially(" More.")
    expect(preview).to_contain_text("You have been signed out")
    expect(preview).to_contain_text("Copy your text, sign in again in a new tab")


def test_the_preview_says_why_text_cannot_be_shown(staff_page, site, demo):
    staff_page.goto(site + f"/admin/articles/post/{demo.pk}/change/")
    preview = staff_page.locator(".field-body .markdown-preview__body")
    expect(preview.locator("h2#sources")).to_have_count(1)
    staff_page.locator("#id_body").fill("".join("    " * i + "- step\n" for i in range(60)))
    expect(preview).to_contain_text("nests lists or quotes 60 levels deep")


def test_a_picture_uploaded_for_the_text_shows_in_the_preview_and_the_article(
    staff_page, site, messages, demo, settings, tmp_path
):
    """What an editor does: upload the picture, copy the line the admin gives, paste it
    where the step is; the preview shows it at once, and readers on a phone get a copy
    resized for their screen."""
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    photo = tmp_path / "cat-cow.jpg"
    Image.new("RGB", (1600, 1000), (40, 120, 100)).save(photo)

    staff_page.goto(site + "/admin/articles/image/add/")
    staff_page.set_input_files("#id_file", str(photo))
    staff_page.fill("#id_alt", "Cat-cow: back arched up, head down")
    staff_page.click("input[name=_save]")
    staff_page.locator("#result_list").get_by_role("link", name="Cat-cow").click()
    line = staff_page.locator(".field-markdown code").inner_text()
    assert line.startswith("![Cat-cow: back arched up, head down](/media/images/")

    staff_page.goto(site + f"/admin/articles/post/{demo.pk}/change/")
    body = staff_page.locator("#id_body")
    captioned = line.removesuffix(")") + ' "Step 2: breathe out as you arch")'
    body.fill(body.input_value() + "\n\n" + captioned)
    picture = staff_page.locator(".field-body .markdown-preview__body img[srcset]")
    expect(picture).to_have_attribute("alt", "Cat-cow: back arched up, head down")
    staff_page.click("input[name=_save]")
    expect(staff_page.locator(".messagelist")).to_contain_text("was changed successfully")

    staff_page.set_viewport_size({"width": 375, "height": 800})
    staff_page.goto(site + demo.get_absolute_url())
    shown = staff_page.locator("main img[src^='/media/images/']")
    shown.scroll_into_view_if_needed()
    expect(shown).to_have_js_property("complete", True)
    assert shown.evaluate("img => img.naturalWidth") > 0
    assert shown.evaluate("img => img.currentSrc").endswith("-480w.webp")
    expect(staff_page.locator("main figure figcaption")).to_have_text(
        "Step 2: breathe out as you arch"
    )
    assert violations(staff_page) == ""  # axe, WCAG 2.2 AA
    assert csp_violations(messages) == []


def test_the_preview_keeps_the_text_under_what_a_save_would_refuse(staff_page, site, demo):
    staff_page.goto(site + f"/admin/articles/post/{demo.pk}/change/")
    preview = staff_page.locator(".field-body .markdown-preview__body")
    expect(preview.locator("h2#sources")).to_have_count(1)
    staff_page.locator("#id_body").fill("## Warm up first\n\nSee [the NHS](www.nhs.uk).")
    expect(preview.locator(".markdown-preview__refused")).to_contain_text("https://www.nhs.uk")
    expect(preview.locator("h2#warm-up-first")).to_have_count(1)
    staff_page.locator("#id_body").fill("## Warm up first\n\nSee [the NHS](https://www.nhs.uk).")
    expect(preview.locator(".markdown-preview__refused")).to_have_count(0)
    expect(preview.locator("a[href='https://www.nhs.uk']")).to_have_count(1)


EVERY_KIND_OF_TEXT = """## A section

Some **bold**, *italic* and [a link](https://www.nhs.uk/).[^1]

### A heading inside it

#### A smaller one

| Stretch | Hold |
| --- | --- |
| Cat-cow | 10 breaths |
| Chin tuck | 5 s |

!!! see-a-doctor "When to see a doctor"
    If the pain spreads to your arm, see a doctor.

> What a patient said.

You need:
- a foam roller
  - or a ball

1. Lie down.
  1. Slowly.
  - Bend your knees.
2. Roll.

Heat
:   A warm towel.

[^1]: NHS. Back pain. https://www.nhs.uk/
"""
LOOKS = (
    "fontSize",
    "lineHeight",
    "color",
    "backgroundColor",
    "fontWeight",
    "fontStyle",
    "textTransform",
    "letterSpacing",
    "listStyleType",
    "textDecorationLine",
    "borderLeftWidth",
    "marginLeft",
    "paddingLeft",
)
SHOWN = (
    "h2, h3, h4, p, strong, em, a, tr, th, td, blockquote, ul, ol, li, dl, dt, dd, "
    ".admonition-title"
)


def looks(page, root):
    return page.locator(root).first.evaluate(
        """(root, [shown, looks]) => [...root.querySelectorAll(shown)].map(element => [
            `${element.tagName}.${element.className} ${element.textContent.trim().slice(0, 12)}`,
            Object.fromEntries(looks.map(look => [look, getComputedStyle(element)[look]])),
        ])""",
        [SHOWN, list(LOOKS)],
    )


def test_the_preview_shows_each_kind_of_text_as_the_site_does(staff_page, site, make_post):
    """The admin's own styles (its headings, table heads, definition lists, form lists) had
    made the preview look unlike the page readers get: bullet lists, for one, 160 px to the
    right and without their bullets (form .aligned ul)."""
    post = make_post(body=EVERY_KIND_OF_TEXT)
    staff_page.goto(site + post.get_absolute_url())
    on_site = looks(staff_page, ".article__body")
    staff_page.goto(site + f"/admin/articles/post/{post.pk}/change/")
    preview = staff_page.locator(".field-body .markdown-preview__body")
    expect(preview.locator("h2#sources")).to_have_count(1)
    in_preview = looks(staff_page, ".field-body .markdown-preview__body")
    on_site = [shown for shown in on_site if not shown[0].startswith("P.review-dates")]
    assert [name for name, _ in in_preview] == [name for name, _ in on_site]
    differences = [
        (name, look, site_look[look], preview_look[look])
        for (name, site_look), (_, preview_look) in zip(on_site, in_preview, strict=True)
        for look in LOOKS
        if site_look[look] != preview_look[look]
    ]
    assert differences == [], "\n".join(map(str, differences))
