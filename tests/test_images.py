"""Featured images: checked by content, stored under generated names without metadata,
served resized with width, height and srcset."""

import io
import os
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape
from PIL import Image, ImageCms, ImageDraw

from articles.models import Image as ArticleImage
from articles.models import Post

from .admin_forms import admin_form
from .conftest import SEED_URL
from .test_editorial import login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def image_file(
    name="photo.png", size=(1600, 900), kind="PNG", exif=None, noise=False, icc_profile=None
):
    if noise:
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (40, 120, 100))
    buffer = io.BytesIO()
    options = {"exif": exif, "icc_profile": icc_profile}
    image.save(buffer, kind, **{name: value for name, value in options.items() if value})
    return SimpleUploadedFile(name, buffer.getvalue())


def animation(name, kind):
    """Two frames, as an exercise shown moving is exported."""
    frames = [Image.new("RGB", (800, 600), colour) for colour in ((40, 120, 100), (200, 30, 30))]
    buffer = io.BytesIO()
    frames[0].save(buffer, kind, save_all=True, append_images=frames[1:], duration=500)
    return SimpleUploadedFile(name, buffer.getvalue())


def truncated(upload):
    """The first half of a file, as an interrupted download leaves it."""
    data = upload.read()
    return SimpleUploadedFile(upload.name, data[: len(data) // 2])


def upload(admin_client, post, file, alt="A physiotherapist guiding a shoulder stretch"):
    url = f"/admin/articles/post/{post.pk}/change/"
    form = admin_form(admin_client, url)
    form.update(featured_image=file, featured_image_alt=alt)
    return admin_client.post(url, form)


def test_an_uploaded_image_is_served_resized_with_srcset_and_alt(admin_client, client, demo):
    assert upload(admin_client, demo, image_file()).status_code == 302
    post = Post.objects.get(pk=demo.pk)
    assert re.fullmatch(r"posts/[0-9a-f]{32}\.png", post.featured_image.name)
    assert [r["width"] for r in post.featured_image_renditions] == [480, 960, 1440, 1600]
    assert post.featured_image_renditions[0]["height"] == 270

    html = client.get(SEED_URL).content.decode()
    img = re.search(r'<img src="([^"]+)" srcset="([^"]+)"[^>]*>', html)
    assert img, "featured image missing"
    assert 'width="1600" height="900"' in img.group(0)
    assert 'alt="A physiotherapist guiding a shoulder stretch"' in img.group(0)
    assert img.group(2).count("w,") == 3 and "480w" in img.group(2)

    for url in [img.group(1), img.group(2).split()[0]]:
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] in ("image/png", "image/webp")
        assert response["X-Content-Type-Options"] == "nosniff"


def test_metadata_is_stripped_from_photos(admin_client, demo, media_root):
    exif = Image.Exif()
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPS position
    exif[0x010F] = "CameraMaker"
    photo = image_file("IMG_0001.JPG", kind="JPEG", exif=exif.tobytes())
    assert upload(admin_client, demo, photo).status_code == 302
    stored = Post.objects.get(pk=demo.pk).featured_image
    assert stored.name.endswith(".jpg") and "IMG_0001" not in stored.name
    with Image.open(media_root / stored.name) as image:
        assert dict(image.getexif()) == {}


@pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP"])
def test_a_photos_colour_profile_is_kept_in_every_copy(admin_client, demo, media_root, kind):
    """Phones and cameras tag photos with the colours they were taken in (Display P3, Adobe
    RGB): without its profile a browser shows a photo of a rash or a bruise in other
    colours than the patient's skin."""
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    photo = image_file(f"rash.{kind.lower()}", kind=kind, icc_profile=profile)
    assert upload(admin_client, demo, photo).status_code == 302
    renditions = Post.objects.get(pk=demo.pk).featured_image_renditions
    assert [r["width"] for r in renditions] == [480, 960, 1440, 1600]
    for rendition in renditions:
        with Image.open(media_root / rendition["url"].removeprefix("/media/")) as copy:
            assert copy.info.get("icc_profile") == profile, rendition["width"]


# An ICC profile's header names the colours it describes, in bytes 16 to 19.
PROFILE_SPACE = {"RGB": b"RGB ", "RGBA": b"RGB ", "L": b"GRAY", "LA": b"GRAY"}


@pytest.mark.parametrize(("mode", "space"), [("CMYK", b"CMYK"), ("L", b"GRAY")])
def test_a_profile_of_other_colours_than_a_copys_is_left_out(
    admin_client, demo, media_root, mode, space
):
    """A print file's CMYK photo is stored in RGB, a grey scan's WebP copies in colour: the
    profile of the colours they were would tell a browser to read them as they no longer
    are."""
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    profile[16:20] = space
    buffer = io.BytesIO()
    Image.new(mode, (1600, 900)).save(buffer, "JPEG", icc_profile=bytes(profile))
    photo = SimpleUploadedFile("print.jpg", buffer.getvalue())
    assert upload(admin_client, demo, photo).status_code == 302
    renditions = Post.objects.get(pk=demo.pk).featured_image_renditions
    assert len(renditions) == 4
    for rendition in renditions:
        with Image.open(media_root / rendition["url"].removeprefix("/media/")) as copy:
            kept = copy.info.get("icc_profile")
            assert not kept or kept[16:20] == PROFILE_SPACE[copy.mode], rendition["width"]


def diagram_file():
    """A diagram as drawing programs export it: a few colours in a palette, the background
    transparent."""
    drawing = Image.new("RGBA", (1200, 800), (0, 0, 0, 0))
    ImageDraw.Draw(drawing).ellipse((400, 200, 800, 600), fill=(200, 30, 30, 255))
    buffer = io.BytesIO()
    drawing.quantize(colors=8).save(buffer, "PNG")
    return SimpleUploadedFile("diagram.png", buffer.getvalue())


def scan_file():
    """A 16-bit greyscale picture, as scans and X-ray viewers export them: dark on the left,
    light on the right."""
    scan = Image.new("I;16", (1200, 400))
    scan.putdata([x * 65535 // 1199 for _ in range(400) for x in range(1200)])
    buffer = io.BytesIO()
    scan.save(buffer, "PNG")
    return SimpleUploadedFile("scan.png", buffer.getvalue())


def stored_copies(media_root, post):
    renditions = Post.objects.get(pk=post.pk).featured_image_renditions
    for rendition in renditions:
        with Image.open(media_root / rendition["url"].removeprefix("/media/")) as copy:
            yield rendition["width"], copy.convert("RGBA")


def test_a_diagrams_transparent_background_stays_transparent_in_every_copy(
    admin_client, demo, media_root
):
    assert upload(admin_client, demo, diagram_file()).status_code == 302
    widths = []
    for width, copy in stored_copies(media_root, demo):
        widths.append(width)
        assert copy.getpixel((5, 5))[3] == 0, f"{width}w: the background is not transparent"
        red, green, blue, alpha = copy.getpixel((copy.width // 2, copy.height // 2))
        assert alpha == 255 and red > 150 and green < 80 and blue < 80, f"{width}w"
    assert widths == [480, 960, 1200]


def test_a_16_bit_greyscale_scan_keeps_its_shades_in_every_copy(admin_client, demo, media_root):
    assert upload(admin_client, demo, scan_file()).status_code == 302
    widths = []
    for width, copy in stored_copies(media_root, demo):
        widths.append(width)
        grey = copy.convert("L")
        shades = [
            grey.getpixel((round(copy.width * part), copy.height // 2))
            for part in (0.05, 0.5, 0.95)
        ]
        assert shades[0] < 40 and 100 < shades[1] < 160 and shades[2] > 215, f"{width}w: {shades}"
    assert widths == [480, 960, 1200]


@pytest.mark.parametrize(
    ("file", "error"),
    [
        (
            SimpleUploadedFile("cute.png", b"<html><script>alert(1)</script></html>"),
            "Upload a valid image",
        ),
        (image_file("anim.gif", size=(800, 600), kind="GIF"), "GIF images are not accepted"),
        (animation("stretch.png", "PNG"), "This image moves"),
        (animation("stretch.webp", "WEBP"), "This image moves"),
        (image_file("tall.png", size=(400, 6500)), "at most 6000 × 6000"),
        (image_file("tiny.png", size=(100, 80)), "at least 320 needed"),
        (image_file("huge.png", size=(1400, 1400), noise=True), "larger than 5 MB"),
        (truncated(image_file("cut.jpg", kind="JPEG", noise=True)), "is damaged or incomplete"),
        (truncated(image_file("cut.png", noise=True)), "a corrupted image"),  # Django's check
    ],
    ids=[
        "html-as-png",
        "gif",
        "apng",
        "animated-webp",
        "too-tall",
        "too-small",
        "too-big",
        "cut-jpeg",
        "cut-png",
    ],
)
def test_bad_uploads_are_refused_with_a_clear_error(admin_client, demo, file, error):
    response = upload(admin_client, demo, file)
    assert response.status_code == 200
    html = response.content.decode()
    assert error in html
    assert not Post.objects.get(pk=demo.pk).featured_image


def test_an_image_needs_a_description(admin_client, demo):
    response = upload(admin_client, demo, image_file(), alt="  ")
    assert "Describe the image for readers who cannot see it." in response.content.decode()


def test_a_shared_article_shows_its_image_in_the_link_preview(admin_client, client, demo):
    """Chat apps and social networks preview a link from its og: tags, search engines an
    article from its JSON-LD: both name the featured image, whole and with its alt text."""
    import json

    head = client.get(SEED_URL).content.decode().split("</head>")[0]
    assert "og:image" not in head and '<meta name="twitter:card" content="summary">' in head

    assert upload(admin_client, demo, image_file(kind="JPEG", name="a.jpg")).status_code == 302
    post = Post.objects.get(pk=demo.pk)
    html = client.get(SEED_URL).content.decode()
    head = html.split("</head>")[0]
    image = f"http://127.0.0.1:8000/media/{post.featured_image.name}"
    assert f'<meta property="og:image" content="{image}">' in head
    assert '<meta property="og:image:width" content="1600">' in head
    assert '<meta property="og:image:height" content="900">' in head
    assert (
        '<meta property="og:image:alt" content="A physiotherapist guiding a shoulder stretch">'
        in head
    )
    assert '<meta name="twitter:card" content="summary_large_image">' in head
    assert client.get(image.removeprefix("http://127.0.0.1:8000")).status_code == 200

    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    graph = [node for block in blocks for node in json.loads(block).get("@graph", [])]
    posting = next(node for node in graph if node["@type"] == "BlogPosting")
    assert posting["image"] == {"@type": "ImageObject", "url": image, "width": 1600, "height": 900}


# --- Pictures in the text -----------------------------------------------------------------

STRETCH = "Cat-cow: back arched up, head down"


def upload_for_text(client, file, alt=STRETCH):
    form = admin_form(client, "/admin/articles/image/add/")
    form.update(file=file, alt=alt)
    return client.post("/admin/articles/image/add/", form)


def add_to_article(client, post, markdown):
    url = f"/admin/articles/post/{post.pk}/change/"
    form = admin_form(client, url)
    form["body"] += f"\n\n{markdown}\n"
    return client.post(url, form)


def test_a_picture_uploaded_for_the_text_is_shown_in_the_article_sized(admin_client, client, demo):
    """Editors upload a picture under Images, copy the Markdown it gives, and paste it where
    the step it shows is: readers get it resized for their screen, its room kept while it
    loads, loaded only when scrolled to."""
    response = upload_for_text(admin_client, image_file(size=(1600, 900)))
    assert response.status_code == 302
    image = ArticleImage.objects.get()
    assert re.fullmatch(r"images/[0-9a-f]{32}\.png", image.file.name)
    markdown = f"![{STRETCH}](/media/{image.file.name})"

    page = admin_client.get(f"/admin/articles/image/{image.pk}/change/").content.decode()
    assert escape(markdown) in page, "the admin gives the Markdown to paste"
    listing = admin_client.get("/admin/articles/image/").content.decode()
    assert escape(markdown) in listing

    assert add_to_article(admin_client, demo, markdown).status_code == 302
    html = client.get(SEED_URL).content.decode()
    img = re.search(rf'<img [^>]*src="/media/{image.file.name}"[^>]*>', html)
    assert img, "the picture is not in the article"
    tag = img.group(0)
    assert f'alt="{STRETCH}"' in tag
    assert 'width="1600"' in tag and 'height="900"' in tag
    assert 'loading="lazy"' in tag
    srcset = re.search(r'srcset="([^"]+)"', tag).group(1)
    assert [entry.split()[1] for entry in srcset.split(", ")] == ["480w", "960w", "1440w", "1600w"]
    assert re.search(r'sizes="[^"]+"', tag)
    for url in [entry.split()[0] for entry in srcset.split(", ")]:
        assert client.get(url).status_code == 200


def test_a_picture_must_be_uploaded_before_the_text_shows_it(admin_client, demo):
    missing = "![A foam roller under the upper back](/media/images/0123456789abcdef.png)"
    response = add_to_article(admin_client, demo, missing)
    assert response.status_code == 200
    page = response.content.decode()
    assert "No picture is uploaded at /media/images/0123456789abcdef.png" in page
    assert escape(missing) in page, "the text stays in the form"
    assert missing not in Post.objects.get(pk=demo.pk).body


def test_uploads_for_the_text_are_checked_as_featured_images_are(admin_client):
    response = upload_for_text(admin_client, image_file(kind="GIF", name="a.gif"))
    assert "GIF images are not accepted" in response.content.decode()
    response = upload_for_text(admin_client, image_file(), alt=" ")
    assert response.status_code == 200
    assert not ArticleImage.objects.exists()


def test_a_picture_a_text_shows_cannot_be_deleted(admin_client, demo):
    assert upload_for_text(admin_client, image_file()).status_code == 302
    assert upload_for_text(admin_client, image_file(), alt="Unused").status_code == 302
    used, unused = ArticleImage.objects.order_by("pk")
    assert add_to_article(admin_client, demo, f"![{STRETCH}]({used.file.url})").status_code == 302

    url = f"/admin/articles/image/{used.pk}/delete/"
    page = admin_client.get(url).content.decode()
    assert demo.title in page, "the delete page names the article that shows it"
    assert "Take the picture out of them first" in page
    assert "would require deleting" not in page, "the article would not be deleted"
    admin_client.post(url, {"post": "yes"})
    assert ArticleImage.objects.filter(pk=used.pk).exists()

    bulk = {"action": "delete_selected", "_selected_action": [used.pk, unused.pk], "post": "yes"}
    admin_client.post("/admin/articles/image/", bulk)
    assert ArticleImage.objects.filter(pk=used.pk).exists()

    admin_client.post(f"/admin/articles/image/{unused.pk}/delete/", {"post": "yes"})
    assert not ArticleImage.objects.filter(pk=unused.pk).exists()


def test_authors_upload_pictures_editors_also_remove_them(demo):
    author, editor = login("ann", group="Author"), login("ed", group="Editor")
    assert upload_for_text(author, image_file()).status_code == 302
    image = ArticleImage.objects.get()
    assert author.get(f"/admin/articles/image/{image.pk}/delete/").status_code == 403
    delete = f"/admin/articles/image/{image.pk}/delete/"
    assert editor.post(delete, {"post": "yes"}).status_code == 302
    assert not ArticleImage.objects.exists()


def test_a_deleted_picture_is_gone_from_the_site_files_and_all(
    admin_client, client, media_root, django_capture_on_commit_callbacks
):
    """A picture deleted because it should never have been shown (a patient's face, a wrong
    exercise) stops being served: its file and every resized copy go with it."""
    for alt in ["Uploaded by mistake", "Also by mistake"]:
        assert upload_for_text(admin_client, image_file(), alt=alt).status_code == 302
    one, two = ArticleImage.objects.order_by("pk")
    files = {image.pk: [r["url"] for r in image.renditions] for image in (one, two)}
    assert all(client.get(url).status_code == 200 for urls in files.values() for url in urls)

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/articles/image/{one.pk}/delete/", {"post": "yes"})
    assert all(client.get(url).status_code == 404 for url in files[one.pk])
    assert all(client.get(url).status_code == 200 for url in files[two.pk])

    bulk = {"action": "delete_selected", "_selected_action": [two.pk], "post": "yes"}
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post("/admin/articles/image/", bulk)
    assert not ArticleImage.objects.exists()
    assert not list((media_root / "images").iterdir()), "no file left behind"


def statuses(client, renditions):
    return {client.get(rendition["url"]).status_code for rendition in renditions}


def test_a_featured_image_replaced_or_removed_is_no_longer_served(
    admin_client, client, demo, django_capture_on_commit_callbacks
):
    """An editor takes a photo off an article because it must not be shown (a patient who
    withdrew consent, a face): it stopped being linked, but its file and copies were still
    served at their addresses, which a shared link or a search engine keeps."""
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(admin_client, demo, image_file("first.png")).status_code == 302
    first = Post.objects.get(pk=demo.pk).featured_image_renditions
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(admin_client, demo, image_file("second.png")).status_code == 302
    second = Post.objects.get(pk=demo.pk).featured_image_renditions
    assert statuses(client, first) == {404}
    assert statuses(client, second) == {200}

    url = f"/admin/articles/post/{demo.pk}/change/"
    form = admin_form(admin_client, url)
    form["featured_image-clear"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, form).status_code == 302
    assert not Post.objects.get(pk=demo.pk).featured_image
    assert statuses(client, second) == {404}


def test_a_deleted_articles_featured_image_goes_with_it(
    admin_client, client, demo, django_capture_on_commit_callbacks
):
    assert upload(admin_client, demo, image_file()).status_code == 302
    renditions = Post.objects.get(pk=demo.pk).featured_image_renditions
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/articles/post/{demo.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert statuses(client, renditions) == {404}

    # Recovered from "Recover deleted posts", it comes back whole but for the picture.
    from reversion.models import Version

    deleted = Version.objects.get_deleted(Post).get()
    url = f"/admin/articles/post/recover/{deleted.pk}/"
    assert admin_client.post(url, admin_form(admin_client, url)).status_code == 302
    post = Post.objects.get(slug=demo.slug)
    assert post.title == demo.title and post.body.strip() == demo.body.strip()
    assert not post.featured_image and post.featured_image_renditions == []
    assert "article__image" not in client.get(SEED_URL).content.decode()


def test_an_earlier_version_whose_image_was_removed_comes_back_without_it(
    admin_client, client, demo, django_capture_on_commit_callbacks
):
    from reversion.models import Version

    with django_capture_on_commit_callbacks(execute=True):
        assert upload(admin_client, demo, image_file()).status_code == 302
        url = f"/admin/articles/post/{demo.pk}/change/"
        form = admin_form(admin_client, url)
        form.update({"featured_image-clear": "on", "title": "Without its photo"})
        assert admin_client.post(url, form).status_code == 302
    with_photo = Version.objects.get_for_object(demo).order_by("-pk")[1]
    url = f"/admin/articles/post/{demo.pk}/history/{with_photo.pk}/"
    form = admin_form(admin_client, url)
    assert form["title"] == demo.title
    assert admin_client.post(url, form).status_code == 302
    post = Post.objects.get(pk=demo.pk)
    assert post.title == demo.title
    assert not post.featured_image and post.featured_image_renditions == []
    assert "article__image" not in client.get(SEED_URL).content.decode()


def test_an_image_an_earlier_version_takes_off_the_article_stops_being_served(
    admin_client, client, demo, django_capture_on_commit_callbacks
):
    # The version before the photo was replaced puts back the article as it was then (its
    # photo gone since): the photo it had until the restore is let go as a save lets it go.
    from reversion.models import Version

    with django_capture_on_commit_callbacks(execute=True):
        assert upload(admin_client, demo, image_file("first.png")).status_code == 302
        assert upload(admin_client, demo, image_file("second.png")).status_code == 302
    second = Post.objects.get(pk=demo.pk).featured_image_renditions
    first_version = Version.objects.get_for_object(demo).order_by("-pk")[1]
    url = f"/admin/articles/post/{demo.pk}/history/{first_version.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(url, admin_form(admin_client, url)).status_code == 302
    assert not Post.objects.get(pk=demo.pk).featured_image
    assert statuses(client, second) == {404}


def test_a_picture_whose_delete_fails_keeps_its_files(admin_client, client, monkeypatch):
    """Files go only once the row is gone for good: a delete rolled back leaves a picture
    whose texts still show it whole."""
    assert upload_for_text(admin_client, image_file()).status_code == 302
    image = ArticleImage.objects.get()
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        image.delete()
        raise RuntimeError("the delete fails after the row went")
    assert all(client.get(r["url"]).status_code == 200 for r in image.renditions)
