"""Photos lose their metadata (GPS location, camera, comments) and keep their upright orientation."""

import io

import pytest
from PIL import Image

from sitegroup.lib.image_metadata import UnreadableImage, strip_metadata

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def photo(fmt: str = "JPEG", *, orientation: int | None = 6, gps: bool = True, size=(40, 20)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    image.putpixel((0, 0), (0, 0, 255))
    exif = Image.Exif()
    exif[0x010F] = "手机厂商"
    if orientation:
        exif[ORIENTATION] = orientation
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (32.0, 8.0, 30.0), 3: "E", 4: (119.0, 26.0, 10.0)}
    output = io.BytesIO()
    image.save(output, fmt, exif=exif.tobytes())
    return output.getvalue()


class TestStripMetadata:
    @pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
    def test_location_and_camera_are_gone(self, fmt):
        original = photo(fmt)
        assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)
        stripped = Image.open(io.BytesIO(strip_metadata(original)))
        assert stripped.format == fmt
        assert not stripped.getexif()
        assert not stripped.getexif().get_ifd(GPS_IFD)

    def test_orientation_is_applied_to_the_pixels(self):
        stripped = Image.open(io.BytesIO(strip_metadata(photo(orientation=6))))
        assert stripped.size == (20, 40)  # rotated upright: the 40×20 picture stands on its side

    def test_xmp_comment_is_gone(self):
        image = Image.new("RGB", (8, 8))
        output = io.BytesIO()
        image.save(output, "JPEG", comment=b"GPS 32.1N 119.4E")
        assert b"GPS 32.1N" not in strip_metadata(output.getvalue())

    def test_image_without_metadata_is_kept_as_is(self):
        output = io.BytesIO()
        Image.new("RGB", (8, 8)).save(output, "PNG")
        assert strip_metadata(output.getvalue()) is None

    def test_broken_image_is_reported(self):
        with pytest.raises(UnreadableImage):
            strip_metadata(b"\xff\xd8\xff\xe0" + b"\0" * 30)
