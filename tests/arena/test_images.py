"""arena.images: orientation, metadata stripping, sizes, refusals, storage.

Every input is generated here with Pillow; no binary fixtures.
"""

import io
import random
import struct
import threading
import time
import zlib
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image, ImageChops, ImageCms, ImageOps, ImageStat

from arena import images
from arena.images import PhotoError, ProcessedPhoto, process_photo, save_processed

MESSAGES = {
    "empty": "The file is empty.",
    "unreadable": "This file is not a photo Arena can read (use JPEG, PNG or WebP).",
    "damaged": "The photo is damaged or incomplete. Try sending it again.",
    "too_many_pixels": "The image is too large to process (max 50 megapixels).",
    "heic": (
        "HEIC photos cannot be read yet. Send the photo as JPEG, or set the phone's "
        "camera to “Most compatible”."
    ),
}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def quadrants(size):
    """An image whose four quadrants have different colours (shows rotations)."""
    w, h = size
    img = Image.new("RGB", size, (200, 30, 30))
    img.paste((30, 200, 30), (w // 2, 0, w, h // 2))
    img.paste((30, 30, 200), (0, h // 2, w // 2, h))
    img.paste((230, 230, 30), (w // 2, h // 2, w, h))
    return img


def jpeg_bytes(img, **kwargs):
    buf = io.BytesIO()
    img.save(buf, "JPEG", **kwargs)
    return buf.getvalue()


def png_bytes(img, **kwargs):
    buf = io.BytesIO()
    img.save(buf, "PNG", **kwargs)
    return buf.getvalue()


def phone_exif(orientation):
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Phone 12 Pro"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (59.0, 54.0, 30.0), 3: "E", 4: (10.0, 45.0, 0.0)})
    return exif.tobytes()


def refusal(data_or_file) -> PhotoError:
    fp = data_or_file
    if isinstance(data_or_file, bytes):
        fp = io.BytesIO(data_or_file)
    with pytest.raises(PhotoError) as info:
        process_photo(fp)
    assert isinstance(info.value, ValueError)
    return info.value


def png_claiming(width, height):
    """A tiny valid PNG whose IHDR claims width × height (CRC fixed up)."""
    data = bytearray(png_bytes(Image.new("1", (8, 8))))
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


# --- a 12-MP phone photo -------------------------------------------------------


@pytest.fixture(scope="module")
def phone_photo():
    """4000 × 3000 JPEG, stored landscape with orientation 6 (shot portrait),
    with GPS, XMP, a comment and an sRGB ICC profile."""
    img = quadrants((4000, 3000))
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    return jpeg_bytes(
        img, quality=90, exif=phone_exif(6), xmp=xmp, comment=b"secret", icc_profile=srgb
    )


@pytest.fixture(scope="module")
def processed(phone_photo):
    with translation.override("en"):
        return process_photo(SimpleUploadedFile("IMG_0001.JPG", phone_photo, "image/jpeg"))


def test_phone_photo_is_oriented_and_resized(processed):
    assert isinstance(processed, ProcessedPhoto)
    assert (processed.width, processed.height) == (3000, 4000)
    assert processed.content_type == "image/jpeg"
    for variant, size in (("web", (1200, 1600)), ("print", (750, 1000)), ("thumb", (300, 400))):
        img = Image.open(io.BytesIO(getattr(processed, variant)))
        assert img.format == "JPEG"
        assert img.size == size, variant
    # Rotated 90° clockwise: the stored bottom-left (blue) quadrant is now top-left.
    print_img = Image.open(io.BytesIO(processed.print)).convert("RGB")
    assert _close(print_img.getpixel((188, 250)), (30, 30, 200))
    assert _close(print_img.getpixel((562, 250)), (200, 30, 30))


def test_phone_photo_has_no_metadata_left(phone_photo, processed):
    original = Image.open(io.BytesIO(phone_photo))  # the input has it all
    assert original.getexif().get_ifd(0x8825)[2] == (59.0, 54.0, 30.0)
    assert {"exif", "xmp", "icc_profile", "comment"} <= set(original.info)
    assert b"Exif" in phone_photo and b"PhoneMaker" in phone_photo
    for variant in ("web", "print", "thumb"):
        data = getattr(processed, variant)
        img = Image.open(io.BytesIO(data))
        assert not img.getexif(), variant
        assert not img.getexif().get_ifd(0x8825)
        for key in ("exif", "xmp", "icc_profile", "comment", "photoshop"):
            assert key not in img.info, (variant, key)
        for marker in (b"Exif", b"GPS", b"PhoneMaker", b"xmpmeta", b"secret", b"ICC_PROFILE"):
            assert marker not in data, (variant, marker)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_orientation_matches_imageops_exif_transpose(orientation):
    original = quadrants((64, 40))
    data = jpeg_bytes(original, quality=95, exif=phone_exif(orientation))
    expected = ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB")
    result = process_photo(io.BytesIO(data))
    got = Image.open(io.BytesIO(result.print)).convert("RGB")
    assert got.size == expected.size == (result.width, result.height)
    assert max(ImageStat.Stat(ImageChops.difference(got, expected)).mean) < 8


def test_large_jpeg_is_decoded_at_reduced_scale(monkeypatch):
    monkeypatch.setattr(images, "PRINT_SIZE", 300)
    monkeypatch.setattr(images, "WEB_SIZE", 200)
    monkeypatch.setattr(images, "THUMB_SIZE", 50)
    seen = []
    real_shrink = images._shrink

    def spy(img, longest):
        seen.append(img.size)
        return real_shrink(img, longest)

    monkeypatch.setattr(images, "_shrink", spy)
    result = process_photo(io.BytesIO(jpeg_bytes(quadrants((1600, 1200)))))
    assert seen[0] == (400, 300)  # draft(): decoded at 1/4 scale, not 1600 × 1200
    sizes = [Image.open(io.BytesIO(getattr(result, v))).size for v in ("print", "web", "thumb")]
    assert sizes == [(300, 225), (200, 150), (50, 38)]
    assert (result.width, result.height) == (1600, 1200)


def test_small_photo_is_not_enlarged():
    result = process_photo(io.BytesIO(jpeg_bytes(quadrants((300, 200)))))
    for variant in ("web", "print", "thumb"):
        assert Image.open(io.BytesIO(getattr(result, variant))).size == (300, 200)


# --- other accepted inputs -----------------------------------------------------


def test_png_named_jpg_is_treated_as_png():
    upload = SimpleUploadedFile("sheet.jpg", png_bytes(quadrants((120, 80))), "image/jpeg")
    result = process_photo(upload)
    img = Image.open(io.BytesIO(result.web))
    assert (img.format, img.size) == ("JPEG", (120, 80))
    assert not upload.closed  # the caller's file is left open


def test_mpo_is_accepted_as_jpeg():
    buf = io.BytesIO()
    first = quadrants((120, 80))
    first.save(buf, "MPO", save_all=True, append_images=[quadrants((60, 40))], exif=phone_exif(6))
    assert Image.open(io.BytesIO(buf.getvalue())).format == "MPO"
    result = process_photo(buf)
    out = Image.open(io.BytesIO(result.print))
    assert (out.format, out.size) == ("JPEG", (80, 120))
    assert not out.getexif()


@pytest.mark.parametrize("mode", ["L", "CMYK"])
def test_greyscale_and_cmyk_jpegs_become_rgb(mode):
    data = jpeg_bytes(quadrants((3000, 2000)).convert(mode), quality=90)
    result = process_photo(io.BytesIO(data))
    out = Image.open(io.BytesIO(result.print))
    assert (out.mode, out.size) == ("RGB", (1000, 667))


def test_broken_icc_profile_is_ignored():
    data = jpeg_bytes(quadrants((120, 80)), icc_profile=b"not a profile" * 10)
    out = Image.open(io.BytesIO(process_photo(io.BytesIO(data)).print))
    assert (out.size, out.info.get("icc_profile")) == ((120, 80), None)


def test_webp_is_accepted():
    buf = io.BytesIO()
    quadrants((120, 80)).save(buf, "WEBP", quality=90)
    assert Image.open(io.BytesIO(process_photo(buf).thumb)).size == (120, 80)


def test_transparent_png_is_flattened_on_white():
    img = Image.new("RGBA", (100, 50), (0, 0, 0, 0))
    img.paste((200, 0, 0, 255), (50, 0, 100, 50))
    result = process_photo(io.BytesIO(png_bytes(img)))
    out = Image.open(io.BytesIO(result.print))
    assert out.mode == "RGB"
    assert _close(out.getpixel((20, 25)), (255, 255, 255))
    assert _close(out.getpixel((80, 25)), (200, 0, 0))


def test_palette_png_with_transparency_is_flattened():
    img = Image.new("P", (40, 40), 0)
    img.putpalette([0, 0, 0, 0, 0, 255] + [0] * 762)
    img.paste(1, (20, 0, 40, 40))
    result = process_photo(io.BytesIO(png_bytes(img, transparency=0)))
    out = Image.open(io.BytesIO(result.print))
    assert _close(out.getpixel((5, 20)), (255, 255, 255))
    assert _close(out.getpixel((35, 20)), (0, 0, 255))


def test_16_bit_greyscale_png_is_scaled_not_clipped():
    img = Image.new("I;16", (40, 40), 32768)
    result = process_photo(io.BytesIO(png_bytes(img)))
    out = Image.open(io.BytesIO(result.print)).convert("RGB")
    assert _close(out.getpixel((20, 20)), (128, 128, 128))


def test_unseekable_stream_is_read():
    class Stream(io.RawIOBase):
        def __init__(self, data):
            self._data = io.BytesIO(data)

        def readable(self):
            return True

        def read(self, n=-1):
            return self._data.read(n)

    result = process_photo(Stream(jpeg_bytes(quadrants((60, 40)))))
    assert Image.open(io.BytesIO(result.web)).size == (60, 40)


# --- refusals ------------------------------------------------------------------


@pytest.mark.parametrize(
    "upload",
    [io.BytesIO(b""), SimpleUploadedFile("empty.jpg", b"", "image/jpeg")],
    ids=["bytesio", "uploadedfile"],
)
def test_empty_file_is_refused(upload):
    error = refusal(upload)
    assert (error.code, str(error)) == ("empty", MESSAGES["empty"])


def test_truncated_jpeg_is_refused_as_damaged():
    noisy = Image.merge("RGB", [Image.effect_noise((400, 300), 50)] * 3)
    data = jpeg_bytes(noisy, quality=90)
    error = refusal(data[: len(data) // 2])
    assert (error.code, str(error)) == ("damaged", MESSAGES["damaged"])


def test_truncated_jpeg_header_is_refused_as_damaged():
    data = jpeg_bytes(quadrants((200, 100)))
    error = refusal(data[:200])
    assert (error.code, str(error)) == ("damaged", MESSAGES["damaged"])


def test_jpeg_marker_then_garbage_is_refused():
    data = jpeg_bytes(quadrants((200, 100)))[:20] + random.Random(0).randbytes(5000)
    error = refusal(data)
    assert (error.code, str(error)) == ("unreadable", MESSAGES["unreadable"])


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("notes.jpg", b"Group 4: ideas for the car-free city centre\n" * 20),
        ("report.jpg", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"),
        ("sheet.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),
    ],
    ids=["text", "pdf", "gif"],
)
def test_non_photos_are_refused(name, data):
    error = refusal(SimpleUploadedFile(name, data, "image/jpeg"))
    assert (error.code, str(error)) == ("unreadable", MESSAGES["unreadable"])


def test_heic_is_refused_with_a_hint():
    data = struct.pack(">I", 24) + b"ftypheic" + b"\0\0\0\0" + b"mif1heic" + b"\0" * 200
    error = refusal(SimpleUploadedFile("IMG_0002.HEIC", data, "image/heic"))
    assert (error.code, str(error)) == ("heic", MESSAGES["heic"])


@pytest.mark.parametrize(
    "size",
    [(20_000, 20_000), (9_000, 9_000), (50_000, 1_001)],
    ids=["400MP-pillow-bomb-error", "81MP-under-pillow-limit", "long-strip"],
)
def test_too_many_pixels_is_refused_before_decoding(size):
    before = Image.MAX_IMAGE_PIXELS
    data = png_claiming(*size)
    assert len(data) < 200
    start = time.perf_counter()
    error = refusal(data)
    # Decoding the tiny IDAT would have failed as "damaged": the header check came first.
    assert (error.code, str(error)) == ("too_many_pixels", MESSAGES["too_many_pixels"])
    assert time.perf_counter() - start < 1
    assert before == Image.MAX_IMAGE_PIXELS  # not weakened


def test_file_over_the_byte_limit_is_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 1024 * 1024)
    data = jpeg_bytes(quadrants((60, 40))) + b"\0" * (1024 * 1024)
    for upload in (io.BytesIO(data), SimpleUploadedFile("big.jpg", data, "image/jpeg")):
        error = refusal(upload)
        assert (error.code, str(error)) == ("too_large", "The photo is too large (max 1 MB).")


def test_byte_limit_from_settings(settings):
    settings.ARENA_PHOTO_MAX_BYTES = 2 * 1024 * 1024
    error = refusal(io.BytesIO(b"\xff" * (2 * 1024 * 1024 + 1)))
    assert (error.code, str(error)) == ("too_large", "The photo is too large (max 2 MB).")


def test_default_byte_limit_is_25_mb():
    assert images.MAX_UPLOAD_BYTES == 25 * 1024 * 1024
    error = refusal(SimpleUploadedFile("huge.jpg", b"\xff" * (25 * 1024 * 1024 + 1)))
    assert str(error) == "The photo is too large (max 25 MB)."


def test_unseekable_stream_over_the_limit_is_refused_without_reading_it_all(monkeypatch):
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 1000)

    class Endless(io.RawIOBase):
        read_total = 0

        def readable(self):
            return True

        def read(self, n=-1):
            assert n != -1
            Endless.read_total += n
            return b"\xff" * n

    error = refusal(Endless())
    assert error.code == "too_large"
    assert Endless.read_total == 1001


# --- concurrency ---------------------------------------------------------------


def test_concurrent_processing_is_bounded(monkeypatch):
    monkeypatch.setattr(images, "_pool", ThreadPoolExecutor(2))
    running = peak = 0
    lock = threading.Lock()
    real_process = images._process

    def slow_process(fp):
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return real_process(fp)

    monkeypatch.setattr(images, "_process", slow_process)
    data = jpeg_bytes(quadrants((60, 40)))
    with ThreadPoolExecutor(6) as callers:
        results = list(callers.map(lambda _: process_photo(io.BytesIO(data)), range(6)))
    assert peak == 2
    assert all(r.width == 60 for r in results)
    images._pool.shutdown()


def test_messages_use_the_callers_language(monkeypatch):
    seen = []
    monkeypatch.setattr(images, "_process", lambda fp: seen.append(translation.get_language()))
    for language in ("nn", "en"):
        with translation.override(language):
            process_photo(io.BytesIO(b"x"))
    assert seen == ["nn", "en"]


# --- storage -------------------------------------------------------------------


def test_save_processed_writes_three_variants_and_no_original(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    result = process_photo(io.BytesIO(jpeg_bytes(quadrants((600, 400)), exif=phone_exif(6))))
    names = save_processed(storage, "arena-3-group-7-a1b2", result)
    assert names == {
        "web": "photos/arena-3-group-7-a1b2-web.jpg",
        "print": "photos/arena-3-group-7-a1b2-print.jpg",
        "thumb": "photos/arena-3-group-7-a1b2-thumb.jpg",
    }
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert files == sorted(names.values())
    for variant, name in names.items():
        with storage.open(name) as f:
            assert f.read() == getattr(result, variant)


@pytest.mark.parametrize("base_name", ["", "../escape", "a/b", ".hidden"])
def test_save_processed_rejects_path_like_base_names(tmp_path, base_name):
    result = process_photo(io.BytesIO(jpeg_bytes(quadrants((60, 40)))))
    with pytest.raises(ValueError):
        save_processed(FileSystemStorage(location=tmp_path), base_name, result)
    assert not any(tmp_path.iterdir())


def test_module_does_not_import_pillow_or_models_at_import_time():
    import subprocess
    import sys

    code = (
        "import sys; import arena.images; "
        "assert 'PIL.Image' not in sys.modules, 'PIL'; "
        "assert 'django.db.models' not in sys.modules, 'models'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def _close(pixel, expected, tolerance=12):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, expected, strict=True))


def test_truncated_jpeg_is_refused_even_after_weasyprint_is_imported():
    """WeasyPrint sets PIL's LOAD_TRUNCATED_IMAGES to True on import; the
    pipeline must not start accepting half-sent photos because of it."""
    import weasyprint  # noqa: F401
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    noisy = Image.merge("RGB", [Image.effect_noise((400, 300), 50)] * 3)
    data = jpeg_bytes(noisy, quality=90)
    error = refusal(data[: len(data) // 2])
    assert error.code == "damaged"


def test_save_processed_into_a_folder_refuses_escaping_paths(tmp_path):
    from django.core.files.storage import FileSystemStorage

    from arena.images import save_processed

    storage = FileSystemStorage(location=tmp_path)
    processed = process_photo(io.BytesIO(jpeg_bytes(quadrants((300, 200)))))
    names = save_processed(storage, "abc", processed, folder="reports/7")
    assert names["thumb"] == "reports/7/abc-thumb.jpg" and storage.exists(names["print"])
    for folder in ["../up", "/abs", "a//b", "", "a/./b"]:
        with pytest.raises(ValueError):
            save_processed(storage, "abc", processed, folder=folder)
