"""Programme images: checked and re-encoded on upload, resized copies for the public page.

Uploads are opened with Pillow (so an SVG, an HTML page or a damaged file is refused), limited
to IMAGE_MAX_PIXELS (a decompression bomb announces a huge image), turned upright by their
EXIF orientation and saved again without any metadata (EXIF, GPS, comments). The public page
only shows resized copies, made once per width and kept in storage, so not even an imported
original reaches visitors.
"""

from io import BytesIO
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".png"}
WIDTHS = (480, 960, 1440)


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


def rendition_name(original: str, width: int) -> str:
    path = PurePosixPath(original)
    return f"programmes/renditions/{path.stem}-{width}.webp"


def rendition(original: str, width: int) -> str:
    """A copy of the image at most ``width`` pixels wide (WebP), made on first request."""
    name = rendition_name(original, width)
    if not default_storage.exists(name):
        with default_storage.open(original, "rb") as stream, Image.open(stream) as image:
            image = ImageOps.exif_transpose(image)
            image.info = {}
            if image.width > width:
                image = image.resize((width, round(image.height * width / image.width)))
            out = BytesIO()
            image.save(out, format="WEBP", quality=85)
        default_storage.save(name, ContentFile(out.getvalue()))
    return name
