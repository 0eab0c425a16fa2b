"""Resized copies of a programme's image for the public page, made once per width and kept in
storage, so that not even an imported original reaches visitors (uploads are checked and
re-encoded by website/images.py)."""

from io import BytesIO
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageOps

WIDTHS = (480, 960, 1440)


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
