"""Profile picture validation and re-encoding, judged by content, never by file name.

Only JPEG, PNG and WebP are accepted. The header is read first (cheap) so oversized dimensions
are refused before any pixel is decoded — a small file can declare a huge canvas (decompression
bomb). Accepted images are decoded fully (so truncated/corrupt files fail here, with a clear
message, not later), orientation is applied, and the result is re-encoded from pixels only: EXIF,
GPS, ICC and text chunks are dropped. The output is at most 512x512.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Dimensions refused before decoding: far above any real photo a person would upload as an
# avatar, far below what would exhaust a worker's memory (40 MP x 4 bytes ≈ 160 MB).
PICTURE_MAX_PIXELS = 40_000_000
PICTURE_MAX_SIDE = 512
# Pillow format name -> (stored extension, save parameters).
ALLOWED_FORMATS: dict[str, tuple[str, dict[str, object]]] = {
    "JPEG": ("jpg", {"quality": 85, "optimize": True}),
    "PNG": ("png", {"optimize": True}),
    "WEBP": ("webp", {"quality": 85, "method": 4}),
}
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


@dataclass(frozen=True)
class ProcessedPicture:
    content: bytes
    extension: str
    width: int
    height: int


def _too_large(max_bytes: int) -> ValidationError:
    return ValidationError(
        _("The picture is too large: the maximum size is %(max)s."),
        code="too_large",
        params={"max": filesizeformat(max_bytes)},
    )


def _unsupported() -> ValidationError:
    return ValidationError(
        _("This file is not a supported picture. Upload a JPEG, PNG or WebP image."),
        code="unsupported",
    )


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("The picture's dimensions are too large. Use an image under %(mp)s megapixels."),
        code="too_many_pixels",
        params={"mp": PICTURE_MAX_PIXELS // 1_000_000},
    )


def _corrupt() -> ValidationError:
    return ValidationError(
        _("The picture appears to be corrupt or incomplete. Try exporting it again."),
        code="corrupt",
    )


def _read_limited(file: IO[bytes], max_bytes: int) -> bytes:
    # Read one byte past the limit so an upload whose declared size lies is still caught.
    data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    return data


def picture_process(file: IO[bytes], *, size: int | None = None) -> ProcessedPicture:
    """Validate an uploaded picture and return a clean re-encoded copy.

    Raises ValidationError (codes: empty, too_large, unsupported, too_many_pixels, corrupt).
    """
    max_bytes: int = settings.PROFILE_PICTURE_MAX_BYTES
    if size is not None and size > max_bytes:
        raise _too_large(max_bytes)
    if hasattr(file, "seek"):
        file.seek(0)
    data = _read_limited(file, max_bytes)
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")

    with warnings.catch_warnings():
        # Pillow only *warns* between MAX_IMAGE_PIXELS and twice that; treat it as an error.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            header = Image.open(io.BytesIO(data))  # reads the header only
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels() from exc
        except UnidentifiedImageError as exc:
            raise _unsupported() from exc
        except (OSError, SyntaxError, ValueError) as exc:
            raise _corrupt() from exc

        if header.format not in ALLOWED_FORMATS:
            raise _unsupported()
        width, height = header.size
        if width < 1 or height < 1:
            raise _corrupt()
        if width * height > PICTURE_MAX_PIXELS:
            raise _too_many_pixels()

        extension, save_options = ALLOWED_FORMATS[header.format]
        try:
            # verify() checks structure (e.g. PNG CRCs) but leaves the image unusable, so the
            # pixels are decoded from a fresh handle; load() fails on truncated data.
            header.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _too_many_pixels() from exc
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise _corrupt() from exc

    return _reencode(image, header_format=header.format, extension=extension, options=save_options)


def _reencode(
    image: Image.Image, *, header_format: str, extension: str, options: dict[str, object]
) -> ProcessedPicture:
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )
    if header_format == "JPEG" or not has_alpha:
        image = image.convert("RGB")
    else:
        image = image.convert("RGBA")
    image.thumbnail((PICTURE_MAX_SIDE, PICTURE_MAX_SIDE), Image.Resampling.LANCZOS)
    # A fresh image from raw pixels carries no metadata at all (EXIF, XMP, ICC, PNG text).
    clean = Image.frombytes(image.mode, image.size, image.tobytes())
    out = io.BytesIO()
    clean.save(out, format=header_format, **options)
    return ProcessedPicture(
        content=out.getvalue(), extension=extension, width=clean.width, height=clean.height
    )
