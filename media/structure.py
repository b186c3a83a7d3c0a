"""Where a picture's own bytes end, read from the structure of its format.

A file that goes on past its picture carries something else (a polyglot: a page, a script or a
ZIP appended to a JPEG), and one that stops before it is cut off. Both are refused before any
pixel is decoded. We never serve the bytes that were sent, so this is not what keeps readers
safe (re-encoding is); it is what tells the author clearly what is wrong with the file.
"""

import re
import struct

# An ISO media box's type: four letters, digits or spaces (ftyp, meta, mdat, ...).
BOX_TYPE = re.compile(rb"[A-Za-z0-9 ]{4}")


# In a JPEG's compressed data, the 0xFF that starts the next marker: one followed by a byte
# other than 0x00 (a stuffed 0xFF), a restart marker (0xD0 to 0xD7) or another 0xFF (fill
# before a marker). Searched for by the regular expression engine, not byte by byte in
# Python: a 12-megapixel photo holds some 17,000 0xFF bytes (5.6 ms in a loop, 2.1 here).
MARKER_AFTER_SCAN = re.compile(rb"\xff(?=[^\x00\xd0-\xd7\xff])")


class Cut(Exception):
    """The file ends before the picture does."""


def picture_end(data: bytes, kind: str) -> int:
    """The offset at which the picture of `kind` (a Pillow format name) ends in `data`; Cut if
    it would end past the end of `data`."""
    return _ENDS[kind](data)


def _jpeg_end(data: bytes) -> int:
    # A JPEG, or the pictures of an MPO one after the other (a phone's photo with its depth or
    # gain map), each walked marker by marker to its End Of Image; cameras may pad with zeros.
    position = 0
    while True:
        position = _one_jpeg_end(data, position)
        following = position
        while following < len(data) and data[following] == 0:
            following += 1
        if following == len(data):
            return following
        if data[following : following + 2] != b"\xff\xd8":
            return position  # something that is not a picture follows
        position = following


def _one_jpeg_end(data: bytes, position: int) -> int:
    if data[position : position + 2] != b"\xff\xd8":
        raise Cut
    position += 2
    while True:
        position = data.find(b"\xff", position)  # past any stray bytes, as decoders are
        if position == -1 or position + 2 > len(data):
            raise Cut
        marker = data[position + 1]
        if marker == 0xD9:  # End Of Image
            return position + 2
        if marker == 0xFF or marker == 0x01 or 0xD0 <= marker <= 0xD7:  # fill, no length
            position += 1 if marker == 0xFF else 2
            continue
        if position + 4 > len(data):
            raise Cut
        position += 2 + int.from_bytes(data[position + 2 : position + 4], "big")
        if position > len(data):
            raise Cut
        if marker == 0xDA:  # Start Of Scan: compressed data up to the next marker
            position = _after_scan(data, position)


def _after_scan(data: bytes, position: int) -> int:
    found = MARKER_AFTER_SCAN.search(data, position)
    if found is None:
        raise Cut
    return found.start()


def _png_end(data: bytes) -> int:
    # Chunks of length, type, data and CRC after the 8-byte signature, the last one IEND.
    position = 8
    while True:
        if position + 8 > len(data):
            raise Cut
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        position += 12 + length
        if position > len(data):
            raise Cut
        if kind == b"IEND":
            return position


def _gif_end(data: bytes) -> int:
    # Header and screen descriptor, a global colour table, then extension and image blocks of
    # length-prefixed sub-blocks, until the trailer byte.
    if len(data) < 13:
        raise Cut
    position = 13 + _colour_table_size(data[10])
    while True:
        if position >= len(data):
            raise Cut
        block = data[position]
        if block == 0x3B:  # trailer
            return position + 1
        if block == 0x21:  # extension: label, then sub-blocks
            position = _after_sub_blocks(data, position + 2)
        elif block == 0x2C:  # image: descriptor, local colour table, LZW size, sub-blocks
            if position + 10 > len(data):
                raise Cut
            position += 10 + _colour_table_size(data[position + 9])
            position = _after_sub_blocks(data, position + 1)
        else:
            raise Cut  # not a GIF block: the data stops making sense here


def _colour_table_size(flags: int) -> int:
    return 3 * 2 ** ((flags & 0x07) + 1) if flags & 0x80 else 0


def _after_sub_blocks(data: bytes, position: int) -> int:
    while True:
        if position >= len(data):
            raise Cut
        size = data[position]
        position += 1 + size
        if size == 0:
            return position


def _riff_end(data: bytes) -> int:
    # "RIFF", the size of what follows it, "WEBP": the size says where the picture ends.
    if len(data) < 12:
        raise Cut
    (size,) = struct.unpack("<I", data[4:8])
    end = 8 + size
    if end > len(data):
        raise Cut
    # An odd size is followed by a padding byte, which some writers leave out at the end.
    return end + 1 if size & 1 and end < len(data) and data[end] == 0 else end


def _iso_media_end(data: bytes) -> int:
    # HEIC and AVIF are ISO base media files: top-level boxes of size and type, one after the
    # other; a size of 1 is followed by a 64-bit size, a size of 0 runs to the end of the file.
    position = 0
    while position < len(data):
        if position + 8 > len(data):
            raise Cut
        if position and not BOX_TYPE.fullmatch(data[position + 4 : position + 8]):
            return position  # no box follows: something else does
        (size,) = struct.unpack(">I", data[position : position + 4])
        if size == 1:
            if position + 16 > len(data):
                raise Cut
            (size,) = struct.unpack(">Q", data[position + 8 : position + 16])
        elif size == 0:
            return len(data)
        if size < 8:
            raise Cut
        position += size
    if position > len(data):
        raise Cut
    return position


_ENDS = {
    "JPEG": _jpeg_end,
    "MPO": _jpeg_end,
    "PNG": _png_end,
    "GIF": _gif_end,
    "WEBP": _riff_end,
    "AVIF": _iso_media_end,
    "HEIF": _iso_media_end,
}
