"""Uploaded images, checked and re-encoded: for programmes and timeline items alike.

Uploads are opened with Pillow (so an SVG, an HTML page or a damaged file is refused), limited
to IMAGE_MAX_PIXELS (a decompression bomb announces a huge image), turned upright by their
EXIF orientation and saved again without any metadata (EXIF, GPS, comments).
"""

from io import BytesIO
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".png"}


def inspect(upload) -> tuple[str, int, int]:
    """The format and size of an uploaded image; ValidationError if it is not one we take."""
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format, (width, height) = image.format, image.size
            if width * height > settings.IMAGE_MAX_PIXELS:
                raise ValidationError(
                    _("The image has %(pixels)s pixels; at most %(limit)s are accepted.")
                    % {"pixels": width * height, "limit": settings.IMAGE_MAX_PIXELS}
                )
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValidationError(
            _("This is not an image in a format the site takes (JPEG, PNG, WebP or GIF).")
        ) from None
    finally:
        upload.seek(0)
    if image_format not in FORMATS:
        raise ValidationError(
            _("Images in the %(format)s format are not accepted.") % {"format": image_format}
        )
    return image_format, width, height


def reencoded(upload) -> ContentFile:
    """The image saved again by Pillow, upright and without metadata."""
    image_format, _width, _height = inspect(upload)
    with Image.open(upload) as image:
        image = ImageOps.exif_transpose(image)
        # Comments, ICC profiles and the like travel in .info and Pillow writes some of them
        # back (a JPEG comment, for one): start from none.
        image.info = {}
        target = "PNG" if image_format == "GIF" else image_format
        if target == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        out = BytesIO()
        # No exif=, no icc_profile=, no comments: Pillow writes none of them unless asked.
        image.save(
            out, format=target, **({"quality": 88, "optimize": True} if target == "JPEG" else {})
        )
    stem = PurePosixPath(upload.name).stem or "image"
    return ContentFile(out.getvalue(), name=f"{stem}{FORMATS[image_format]}")
