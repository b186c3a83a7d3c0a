"""Where a JPEG's compressed data ends (media/structure.py), found by a regular expression: the
same place as reading the bytes one 0xFF at a time, as the format describes it."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from media.structure import Cut, _after_scan

# Bytes a scan is made of, the ones that matter for its end many times over.
SCAN_BYTES = st.lists(
    st.one_of(
        st.sampled_from([0xFF, 0x00, 0xD0, 0xD7, 0xD8, 0xD9, 0xC4, 0xFE]), st.integers(0, 255)
    ),
    max_size=64,
).map(bytes)


def byte_by_byte(data: bytes, position: int) -> int:
    """The format's rule, read as a decoder reads it."""
    while True:
        found = data.find(b"\xff", position)
        if found == -1 or found + 2 > len(data):
            raise Cut
        following = data[found + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7:  # a stuffed byte, a restart
            position = found + 2
        elif following == 0xFF:  # fill before a marker
            position = found + 1
        else:
            return found


def end_or_cut(find, data: bytes, position: int) -> int | None:
    try:
        return find(data, position)
    except Cut:
        return None


@settings(max_examples=1000)
@given(SCAN_BYTES, st.integers(0, 8))
def test_the_end_is_where_reading_byte_by_byte_finds_it(data, position):
    assert end_or_cut(_after_scan, data, position) == end_or_cut(byte_by_byte, data, position)


@pytest.mark.parametrize(
    ("data", "end"),
    [
        (b"\x12\xff\x00\x34\xff\xd9", 4),  # a stuffed byte, then End Of Image
        (b"\x12\xff\xd3\x34\xff\xff\xff\xd9", 6),  # a restart, fill, then the marker
        (b"\xff\xd0\xff\xd7\xff\xc4", 4),  # the first and last restarts
        (b"\x12\x34\xff", None),  # cut off after a lone 0xFF
        (b"\x12\xff\x00\x34", None),  # no marker at all
    ],
)
def test_stuffed_bytes_restarts_and_fill_are_passed_over(data, end):
    assert end_or_cut(_after_scan, data, 0) == end
