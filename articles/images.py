"""Uploaded images (a post's featured image, pictures for the text): checked by their
content, re-encoded without metadata under a generated name, and resized once on save for
srcset."""

import io
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 6000
MIN_WIDTH = 320
RENDITION_WIDTHS = (480, 960, 1440)
# Pillow format name -> the only extension a stored file may get. Nothing else is
# accepted, so no upload can ever be served back as HTML or script.
FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
# Where pictures for the text are stored, under MEDIA_ROOT (articles.Image).
TEXT_IMAGES = "images/"
# The colours an ICC colour profile describes (its header's bytes 16 to 19), by the image
# modes that hold them.
_PROFILE_SPACES = {"RGB": b"RGB ", "RGBA": b"RGB ", "P": b"RGB ", "L": b"GRAY", "LA": b"GRAY"}


def validate_image(upload):
    if upload.size > MAX_BYTES:
        raise ValidationError("The image is larger than 5 MB. Please upload a smaller file.")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind, (width, height) = image.format, image.size
            frames = getattr(image, "n_frames", 1)
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError("This file is not a JPEG, PNG or WebP image.") from None
    finally:
        upload.seek(0)
    if kind not in FORMATS:
        raise ValidationError(f"{kind} images are not accepted: use JPEG, PNG or WebP.")
    if frames > 1:  # stored, it would stand still on its first frame
        raise ValidationError(
            f"This image moves ({frames} frames); only still pictures are shown. Upload the "
            "frame that shows the step best, or one picture for each step."
        )
    if width > MAX_SIDE or height > MAX_SIDE:
        raise ValidationError(f"The image is {width} × {height} pixels; at most 6000 × 6000.")
    if width < MIN_WIDTH:
        raise ValidationError(f"The image is {width} pixels wide; at least {MIN_WIDTH} needed.")
    try:  # verify() reads a JPEG's headers only: a cut-off file fails when saved, unless
        with Image.open(upload) as image:  # it is decoded here, to its last pixel
            image.load()
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(
            "This image file is damaged or incomplete. Save or export it again, then upload "
            "the new copy."
        ) from None
    finally:
        upload.seek(0)


def featured_image_name(instance, filename):
    return f"posts/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


def text_image_name(instance, filename):
    return f"{TEXT_IMAGES}{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


def store_image(field_file):
    """Re-encode the upload in place (EXIF and other metadata dropped, orientation
    applied, colour profile kept) and write WebP copies at each width smaller than the
    original."""
    field_file.open("rb")
    with Image.open(field_file) as original:
        kind = original.format
        image = ImageOps.exif_transpose(original)
        image.load()
    if kind == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    if image.mode.startswith("I"):
        # 16-bit greys (scans, X-ray viewers): screens show 8 bits, at half the bytes, and
        # WebP copies would clip them all to white.
        image = image.convert("I").point(lambda value: value / 257).convert("L")
    field_file.save(f"upload{FORMATS[kind]}", _encode(image, kind), save=False)

    renditions = []
    stem = PurePath(field_file.name).with_suffix("").as_posix()
    image = _resizable(image)
    for width in RENDITION_WIDTHS:
        if width >= image.width:
            break
        height = round(image.height * width / image.width)
        copy = image.resize((width, height), Image.Resampling.LANCZOS)
        name = default_storage.save(f"{stem}-{width}w.webp", _encode(copy, "WEBP"))
        renditions.append({"url": default_storage.url(name), "width": width, "height": height})
    renditions.append({"url": field_file.url, "width": image.width, "height": image.height})
    return renditions


def delete_stored_image(name, renditions):
    """Remove the upload stored as `name` and the copies `store_image` made of it."""
    names = {name} | {r["url"].removeprefix(settings.MEDIA_URL) for r in renditions}
    for name in names:
        default_storage.delete(name)


def _resizable(image):
    """The picture in a mode Pillow resizes smoothly, not pixel by pixel: a palette (a
    diagram's few colours) as RGB, its transparent background kept as alpha, which WebP
    copies would otherwise turn black; black and white as greys."""
    if image.mode in ("P", "PA"):
        return image.convert("RGBA" if image.has_transparency_data else "RGB")
    if image.mode == "1":
        return image.convert("L")
    return image


def _encode(image, kind):
    buffer = io.BytesIO()
    options = {"quality": 82} if kind in ("JPEG", "WEBP") else {"optimize": True}
    if kind == "WEBP" and image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.mode else "RGB")
    profile = image.info.get("icc_profile")
    if profile and profile[16:20] == _PROFILE_SPACES.get(image.mode):
        # Not metadata about the patient but the photo's colours (Display P3, Adobe RGB):
        # without it a browser shows the skin in a photo of a rash in other colours. Only
        # while they are still those colours: not a CMYK print file's once stored in RGB.
        options["icc_profile"] = profile
    image.save(buffer, kind, **options)
    return ContentFile(buffer.getvalue())
