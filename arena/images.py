"""Photos of the groups' paper sheets: check, orient, shrink and strip them.

Support facilitators photograph each group's big paper sheets with their phones;
the photos go into the group reports on the web and into the printed PDF report.
Uploads are processed once, here, and only the results are kept:

- **Privacy.** Phone photos carry EXIF metadata: GPS position, time, device
  model and serial numbers, sometimes the owner's name (plus XMP/IPTC copies).
  Reports are shared widely, so every variant is re-encoded from pixels only:
  no EXIF, XMP, IPTC, comment or ICC profile survives. The EXIF orientation is
  applied to the pixels first, so nothing is lost by dropping it; a non-sRGB
  ICC profile (iPhones shoot Display P3) is converted to sRGB first.
- **Size.** A 12-megapixel phone JPEG is 3–6 MB. Embedding originals made a
  40-photo PDF weigh 47 MB; resized copies keep the web pages light and the PDF
  printable (see ``PRINT_SIZE``). The original is never stored.
- **Hostile or broken files.** The type is detected from the content, never
  the file name; only JPEG, PNG and WebP are decoded (HEIC is refused with a
  hint). Image dimensions are checked from the header *before* decoding, so a
  small file claiming 20,000 × 20,000 pixels (a decompression bomb: 1.6 GB
  once decoded) is refused without allocating it, and so is one longer than
  ``MAX_SIDE`` on either side (a 1 × 50,000,000 px strip). Empty, oversized, corrupt
  and truncated files are refused with a user-friendly, translated message
  (:class:`PhotoError`).
- **Memory.** A decoded 12-MP photo takes ~48 MB (Pillow stores RGB in 4 bytes
  a pixel) plus ~30 MB while resizing. Photos are processed by a small pool of
  ``MAX_CONCURRENCY`` threads per process; further uploads wait their turn, so
  a burst of uploads at the end of a round costs time, not memory. A pool, not
  just a semaphore: glibc gives each thread that allocates its own malloc
  arena and keeps freed memory in it, so 20 request threads taking turns still
  grew the process to ~1 GB; the same few threads reuse theirs (see
  docs/PERFORMANCE.md).

The one upload service (:func:`store_upload`: process, save the sizes, write
the row, or remove the files if that fails) and the one file view
(:func:`image_response`) serve group photos, the report's photos and persona
pictures alike; ``arena.models.StoredImage`` is the rows' abstract model.

Pillow is imported inside the functions: it is slow to import and only needed
when a photo arrives.
"""

from __future__ import annotations

import io
import logging
import os
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import formats, translation
from django.utils.translation import gettext

logger = logging.getLogger(__name__)


def _cpu_count() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


#: Uploads larger than this are refused (setting ``ARENA_PHOTO_MAX_BYTES``).
MAX_UPLOAD_BYTES = 25 * 1024 * 1024
#: Images with more pixels than this are refused before decoding
#: (setting ``ARENA_PHOTO_MAX_PIXELS``). 50 MP admits 48-MP phone photos.
MAX_PIXELS = 50_000_000
#: Images longer than this on either side are refused before decoding
#: (setting ``ARENA_PHOTO_MAX_SIDE``): the pixel count alone let through a
#: 1 × 50,000,000 px PNG of 97 KB that took the server from 306 MB to 1.26 GB.
#: 12,000 px admits every phone photo (48 MP: 8,000 × 6,000) but not the
#: widest panoramas.
MAX_SIDE = 12_000
#: Threads processing photos in one process, so photos decoded at the same
#: time (setting ``ARENA_PHOTO_MAX_CONCURRENCY``); read at the first photo.
MAX_CONCURRENCY = max(1, min(4, _cpu_count()))

#: Longest side of the copy shown on web pages (and on the PDF's cover, where
#: a photo is as wide as the text column: ~240 dpi).
WEB_SIZE, WEB_QUALITY = 1600, 80
#: Longest side of the copy embedded in the PDF report. WeasyPrint embeds JPEG
#: files as they are (no re-encoding at print time), so this is what gets
#: printed: the report sets photos two to a row, 8.3 cm (3.3 in) wide, where
#: 1,000 px gives ~300 dpi, the print-quality standard. Anything larger only
#: makes the PDF heavier (46 photos at 2,400 px weighed 42 MB) and slower.
PRINT_SIZE, PRINT_QUALITY = 1000, 75
#: Longest side of the thumbnail used in lists.
THUMB_SIZE, THUMB_QUALITY = 400, 75

CONTENT_TYPE = "image/jpeg"
#: Decoders tried (as Pillow names them); no other decoder is ever tried.
OPEN_FORMATS = ("JPEG", "PNG", "WEBP")
#: Formats accepted: MPO is a JPEG with extra pictures, which several phones
#: write; Pillow's JPEG decoder returns it.
ACCEPTED_FORMATS = (*OPEN_FORMATS, "MPO")

# Brands of the ISO base media file format used by HEIF/HEIC photos.
_HEIC_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs")
# EXIF orientation → transposition, the same table as ``ImageOps.exif_transpose``.
_ORIENTATION_METHODS = {
    2: "FLIP_LEFT_RIGHT",
    3: "ROTATE_180",
    4: "FLIP_TOP_BOTTOM",
    5: "TRANSPOSE",
    6: "ROTATE_270",
    7: "TRANSVERSE",
    8: "ROTATE_90",
}

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


class PhotoError(ValueError):
    """A photo was refused. ``str(error)`` is a translated message for the
    person who uploaded it; ``code`` is a stable key for code and tests:
    ``empty``, ``too_large``, ``unreadable``, ``heic``, ``too_many_pixels``,
    ``side_too_long``, ``damaged``."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True, slots=True)
class ProcessedPhoto:
    """Three JPEG renditions of one photo, without metadata.

    ``width`` and ``height`` are those of the original after orientation.
    """

    web: bytes
    print: bytes
    thumb: bytes
    width: int
    height: int
    content_type: str = CONTENT_TYPE


def process_photo(uploaded: IO[bytes] | Any) -> ProcessedPhoto:
    """Check an uploaded photo and make its web, print and thumbnail JPEGs.

    ``uploaded`` is a Django ``UploadedFile`` or any binary file object with
    ``read()`` and ``seek()`` (``size`` and ``name`` are used if present; the
    name is ignored for type detection). Raises :class:`PhotoError` if the file
    is refused, its message in the caller's active language. Thread-safe:
    the work runs in the module's pool of ``MAX_CONCURRENCY`` threads and the
    caller blocks until it is done (from async code, call it through
    ``sync_to_async(process_photo, thread_sensitive=False)``).
    """
    fp = _open_checked_size(uploaded)
    language = translation.get_language() if settings.configured else None
    return _get_pool().submit(_process_in, language, fp).result()


def save_processed(
    storage, base_name: str, processed: ProcessedPhoto, *, folder: str = "photos"
) -> dict[str, str]:
    """Save the three renditions as ``<folder>/<base_name>-{web,print,thumb}.jpg``.

    Returns the names the storage actually used (it may add a suffix if a
    name is taken), keyed ``web``, ``print`` and ``thumb``.
    """
    if not base_name or "/" in base_name or "\\" in base_name or base_name.startswith("."):
        raise ValueError(f"Invalid base name for a photo: {base_name!r}")
    parts = folder.split("/")
    if not folder or folder.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"Invalid folder for a photo: {folder!r}")
    names = {}
    for variant in ("web", "print", "thumb"):
        content = ContentFile(getattr(processed, variant))
        names[variant] = storage.save(f"{folder}/{base_name}-{variant}.jpg", content)
    return names


@dataclass(frozen=True, slots=True)
class StoredUpload:
    """A processed photo whose three sizes are saved (``names``: the storage's
    names keyed ``web``, ``print``, ``thumb``)."""

    processed: ProcessedPhoto
    names: dict[str, str]

    def fields(self) -> dict:
        """The ``arena.models.StoredImage`` fields of a row for it."""
        return {
            "web": self.names["web"],
            "print_version": self.names["print"],
            "thumb": self.names["thumb"],
            "width": self.processed.width,
            "height": self.processed.height,
        }

    def delete(self, storage=None) -> None:
        storage = storage or default_storage
        for name in self.names.values():
            storage.delete(name)


def store_upload[T](
    uploaded, write: Callable[[StoredUpload], T], *, folder: str = "photos", base_name: str = ""
) -> T:
    """The one way an uploaded photo is kept: process it (``process_photo``;
    raises ``PhotoError`` for the user), save its three sizes under
    ``folder`` (``base_name``: a random one if empty), then ``write(upload)``
    (create or update the row) in a transaction, and return what it returns.

    The slow work holds no lock: the photo is decoded, resized and stored
    before the transaction (on SQLite a transaction holds the database's one
    write lock). If ``write`` fails, the stored files are removed."""
    processed = process_photo(uploaded)
    upload = StoredUpload(
        processed,
        save_processed(
            default_storage, base_name or secrets.token_urlsafe(9), processed, folder=folder
        ),
    )
    try:
        with transaction.atomic():
            return write(upload)
    except BaseException:
        upload.delete()
        raise


def image_response(name: str, *, max_age: int = 3600):
    """The one file view of a stored photo size (404 if it is not there):
    private to whoever may see it, cached by the browser for ``max_age``."""
    # django.http loads the ORM: the pipeline stays importable without it.
    from django.http import FileResponse, Http404

    if not name or not default_storage.exists(name):
        raise Http404
    response = FileResponse(default_storage.open(name), content_type=CONTENT_TYPE)
    response["Cache-Control"] = f"private, max-age={max_age}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def variant_response(image, variant: str, allowed=("web", "print", "thumb")):
    """``image_response`` for one size of an ``arena.models.StoredImage`` row
    (``variant``: a key of ``StoredImage.VARIANTS`` among ``allowed``, else 404)."""
    from django.http import Http404  # as above: not at import time

    if variant not in allowed or variant not in image.VARIANTS:
        raise Http404
    return image_response(getattr(image, image.VARIANTS[variant]))


# --- internals -------------------------------------------------------------


def _setting(name: str, default):
    return getattr(settings, name, default) if settings.configured else default


def _get_pool() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        with _pool_lock:
            if _pool is None:
                limit = int(_setting("ARENA_PHOTO_MAX_CONCURRENCY", MAX_CONCURRENCY))
                _pool = ThreadPoolExecutor(max(1, limit), thread_name_prefix="arena-photos")
    return _pool


def _process_in(language: str | None, fp) -> ProcessedPhoto:
    if language is None:
        return _process(fp)
    with translation.override(language):  # the active language is per thread
        return _process(fp)


def _format_number(value: float) -> str:
    return f"{round(value, 1):g}"


def _open_checked_size(uploaded) -> IO[bytes]:
    """Return a seekable binary file positioned at 0, after the size checks."""
    max_bytes = int(_setting("ARENA_PHOTO_MAX_BYTES", MAX_UPLOAD_BYTES))
    size = getattr(uploaded, "size", None)
    seekable = getattr(uploaded, "seekable", lambda: hasattr(uploaded, "seek"))()
    if size is None and seekable:
        uploaded.seek(0, io.SEEK_END)
        size = uploaded.tell()
    if size is not None:
        if size == 0:
            raise PhotoError(gettext("The file is empty."), "empty")
        if size > max_bytes:
            raise _too_large(max_bytes)
    if seekable:
        uploaded.seek(0)
        return uploaded
    # Not seekable (a stream): read it, but never more than the limit.
    data = uploaded.read(max_bytes + 1)
    if not data:
        raise PhotoError(gettext("The file is empty."), "empty")
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    return io.BytesIO(data)


def _too_large(max_bytes: int) -> PhotoError:
    return PhotoError(
        gettext("The photo is too large (max %(max)s MB).")
        % {"max": _format_number(max_bytes / (1024 * 1024))},
        "too_large",
    )


def _too_many_pixels(max_pixels: int) -> PhotoError:
    return PhotoError(
        gettext("The image is too large to process (max %(max)s megapixels).")
        % {"max": _format_number(max_pixels / 1_000_000)},
        "too_many_pixels",
    )


def _side_too_long(max_side: int) -> PhotoError:
    return PhotoError(
        gettext("The image is too long or too wide to process (max %(max)s pixels a side).")
        % {"max": formats.number_format(max_side, force_grouping=True)},
        "side_too_long",
    )


def _unreadable(fp) -> PhotoError:
    fp.seek(0)
    head = fp.read(64)
    if head[4:8] == b"ftyp" and any(brand in head[8:64] for brand in _HEIC_BRANDS):
        return PhotoError(
            gettext(
                "HEIC photos cannot be read yet. Send the photo as JPEG, or set "
                "the phone's camera to “Most compatible”."
            ),
            "heic",
        )
    return PhotoError(
        gettext("This file is not a photo Arena can read (use JPEG, PNG or WebP)."),
        "unreadable",
    )


def _damaged() -> PhotoError:
    return PhotoError(
        gettext("The photo is damaged or incomplete. Try sending it again."), "damaged"
    )


def _process(fp) -> ProcessedPhoto:
    from PIL import Image  # slow: Pillow loads on the first photo, not at start-up

    max_pixels = int(_setting("ARENA_PHOTO_MAX_PIXELS", MAX_PIXELS))
    max_side = int(_setting("ARENA_PHOTO_MAX_SIDE", MAX_SIDE))
    try:
        # Lazy: reads the header only. Pillow raises DecompressionBombError
        # itself beyond 2 × Image.MAX_IMAGE_PIXELS (left as it is).
        img = Image.open(fp, formats=OPEN_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(max_pixels) from None
    except Image.UnidentifiedImageError as exc:  # no accepted format recognised
        raise _unreadable(fp) from exc
    except Exception as exc:  # recognised, but the header is cut short or broken
        raise _damaged() from exc
    try:
        if img.format not in ACCEPTED_FORMATS:  # pragma: no cover - formats= guards
            raise _unreadable(fp)
        if not _complete(fp, img.format):
            raise _damaged()
        width, height = img.size
        if width <= 0 or height <= 0 or width * height > max_pixels:
            raise _too_many_pixels(max_pixels)
        if width > max_side or height > max_side:  # from the header: nothing decoded yet
            raise _side_too_long(max_side)
        try:
            return _render(img)
        except PhotoError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels(max_pixels) from None
        except Exception as exc:  # truncated data, broken chunks, decoder errors
            raise _damaged() from exc
    finally:
        _release(img)


def _complete(fp, image_format: str) -> bool:
    """Whether the file holds the whole image, judged from its bytes.

    Pillow's own check depends on the process-wide
    ``ImageFile.LOAD_TRUNCATED_IMAGES``, which WeasyPrint sets to True when it
    is imported (the web process renders PDFs too), after which a half-sent
    photo would decode into a grey half. So look for the end marker: a JPEG's
    last scan (SOS) must be followed by an EOI (0xFF 0xD9 cannot occur inside
    entropy-coded data); a PNG must have its IEND chunk; a WebP's RIFF size
    must fit in the file.
    """
    position = fp.tell()
    try:
        fp.seek(0)
        data = fp.read()
    finally:
        fp.seek(position)
    if image_format in ("JPEG", "MPO"):
        last_scan = data.rfind(b"\xff\xda")
        return last_scan != -1 and data.find(b"\xff\xd9", last_scan) != -1
    if image_format == "PNG":
        return b"IEND" in data
    if image_format == "WEBP":
        return len(data) >= 12 and int.from_bytes(data[4:8], "little") + 8 <= len(data)
    return True


def _render(opened) -> ProcessedPhoto:
    from PIL import Image  # slow: Pillow loads on the first photo, not at start-up

    img = opened
    orientation = img.getexif().get(0x0112, 1)  # also picks up an XMP orientation
    method = _ORIENTATION_METHODS.get(orientation)
    width, height = img.size
    if orientation in (5, 6, 7, 8):
        width, height = height, width
    icc_profile = img.info.get("icc_profile")

    # Decode at 1/2, 1/4 or 1/8 scale straight from the DCT when the largest
    # copy still fits (a 12-MP photo decodes at 3 MP: 2,000 px ≥ WEB_SIZE).
    largest = max(WEB_SIZE, PRINT_SIZE)
    longest = max(img.size)
    if img.format in ("JPEG", "MPO") and longest > largest:
        scale = largest / longest
        img.draft("RGB", (round(img.size[0] * scale), round(img.size[1] * scale)))
    img.load()

    img = _to_rgb_or_cmyk(opened)
    if img is not opened:
        _release(opened)
    # Largest first, each smaller copy from the previous one: one decode.
    # The orientation is applied after the first resize (on fewer pixels);
    # the longest side does not depend on it.
    big = _shrink(img, largest)
    if big is not img:
        _release(img)
    big = _to_srgb(big, icc_profile)
    if method:
        big = big.transpose(getattr(Image.Transpose, method))
    sizes = sorted({WEB_SIZE, PRINT_SIZE, THUMB_SIZE}, reverse=True)
    copies = {}
    current = big
    for size in sizes:
        current = copies[size] = _shrink(current, size)
    web_img, print_img, thumb_img = copies[WEB_SIZE], copies[PRINT_SIZE], copies[THUMB_SIZE]
    return ProcessedPhoto(
        web=_jpeg(web_img, WEB_QUALITY, progressive=True),
        print=_jpeg(print_img, PRINT_QUALITY),
        thumb=_jpeg(thumb_img, THUMB_QUALITY),
        width=width,
        height=height,
    )


def _release(img) -> None:
    """Free the pixels now rather than when the last reference goes. The base
    class's ``close()`` is used because ``ImageFile.close()`` would also close
    the caller's file."""
    from PIL import Image  # slow: Pillow loads on the first photo, not at start-up

    Image.Image.close(img)


def _to_rgb_or_cmyk(img):
    """Flatten transparency on white and bring exotic modes to RGB. CMYK is
    kept for the ICC conversion (done after resizing, on fewer pixels)."""
    from PIL import Image  # slow: Pillow loads on the first photo, not at start-up

    if img.mode in ("RGB", "CMYK"):
        return img
    if img.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in img.info:
        rgba = img.convert("RGBA")
        flat = Image.new("RGB", img.size, "white")
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if img.mode.startswith("I;16"):  # 16-bit greyscale PNG: scale, don't clip
        img = img.convert("I").point(lambda v: v / 256).convert("L")
    elif img.mode in ("I", "F"):
        img = img.convert("L")
    return img.convert("RGB")


def _shrink(img, longest: int):
    """A copy whose longest side is ``longest`` (never enlarged)."""
    from PIL import Image  # slow: Pillow loads on the first photo, not at start-up

    w, h = img.size
    if max(w, h) <= longest:
        return img
    scale = longest / max(w, h)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return img.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _to_srgb(img, icc_profile: bytes | None):
    """RGB pixels in sRGB: convert from the embedded ICC profile if it is not
    sRGB already (Display P3 on iPhones, Adobe RGB, CMYK)."""
    if icc_profile:
        try:
            from PIL import ImageCms  # slow: Pillow loads on the first photo, not at start-up

            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            if img.mode != "RGB" or "srgb" not in (
                ImageCms.getProfileDescription(source) or ""
            ).lower().replace(" ", ""):
                img = ImageCms.profileToProfile(
                    img, source, ImageCms.createProfile("sRGB"), outputMode="RGB"
                )
        except Exception:  # a broken profile: keep the pixels as they are
            logger.info("Ignoring an unusable ICC profile in a photo", exc_info=True)
    return img if img.mode == "RGB" else img.convert("RGB")


def _jpeg(img, quality: int, progressive: bool = False) -> bytes:
    """Encode with optimised Huffman tables (~10 % smaller). Progressive (shows
    early on slow phones) only for the web copy: it doubles the encoding time
    for ~2 % less, which does not pay for the print copy."""
    # Pillow writes nothing but pixels unless told to, except the JPEG comment
    # it takes from ``info``: start from an empty ``info``.
    img.info = {}
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=True, progressive=progressive)
    return buf.getvalue()
