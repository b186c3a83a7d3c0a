"""What a phone downloads for a page's pictures: for each `<picture>` (or `<img>`), the file its
browser picks, by the rules browsers follow.

- The first `<source>` whose `type` the browser shows (a phone of today shows AVIF and WebP) is
  taken, else the `<img>` itself.
- Its `sizes` says how wide the picture is drawn: the first entry whose media condition holds
  at the screen's width, else the last one (rem and em are 16 px, vw a hundredth of the width;
  a `calc()` of lengths added and taken away is worked out).
- From its `srcset`, the smallest file at least that many CSS pixels times the screen's device
  pixel ratio wide, else the widest there is: what Chrome and Safari pick with nothing cached.

Every picture of the page is counted, as for a reader who scrolls through the whole post
(those after the first load lazily, as they come into view).
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

PHONE_WIDTH = 375  # CSS pixels: an iPhone's, and the narrowest common width
PIXEL_RATIOS = (2, 3)  # phones' device pixel ratios: 3 for most of today's, 2 for the rest
SHOWN_TYPES = ("image/avif", "image/webp", "image/jpeg", "image/png", "image/gif")
ROOT_FONT_PX = 16
CONDITION = re.compile(r"\(\s*(min|max)-width\s*:\s*([\d.]+)(px|rem|em)\s*\)")
LENGTH = re.compile(r"([\d.]+)(px|rem|em|vw)")
# A length, or `calc()` of lengths added and taken away: "calc(100vw - 2rem)".
SIGNED_LENGTH = re.compile(r"([+-]?)\s*([\d.]+)(px|rem|em|vw)")


@dataclass
class Choice:
    """One source of a picture: its srcset's files by width, and its sizes."""

    srcset: list[tuple[str, int]]  # (address, width in pixels)
    sizes: str = ""
    src: str = ""  # an <img> without a srcset: its one file


@dataclass
class Picture:
    sources: list[tuple[str, Choice]] = field(default_factory=list)  # (type, choice)
    img: Choice | None = None


class _Pictures(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.pictures: list[Picture] = []
        self.open: Picture | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "picture":
            self.open = Picture()
        elif tag == "source" and self.open is not None:
            self.open.sources.append((attributes.get("type", ""), _choice(attributes)))
        elif tag == "img":
            picture = self.open or Picture()
            picture.img = _choice(attributes)
            if self.open is None:
                self.pictures.append(picture)

    def handle_endtag(self, tag: str) -> None:
        if tag == "picture" and self.open is not None:
            self.pictures.append(self.open)
            self.open = None


def _choice(attributes: dict[str, str]) -> Choice:
    candidates = []
    for candidate in attributes.get("srcset", "").split(","):
        address, _, descriptor = candidate.strip().partition(" ")
        descriptor = descriptor.strip()
        if address and descriptor.endswith("w"):
            candidates.append((address, int(descriptor[:-1])))
    return Choice(candidates, attributes.get("sizes", ""), attributes.get("src", ""))


def pictures_in(html: str) -> list[Picture]:
    parser = _Pictures()
    parser.feed(html)
    return parser.pictures


def _pixels(number: str, unit: str, viewport: int) -> float:
    if unit == "vw":
        return float(number) * viewport / 100
    return float(number) * (ROOT_FONT_PX if unit in ("rem", "em") else 1)


def drawn_width(sizes: str, viewport: int) -> float:
    """How many CSS pixels wide `sizes` says the picture is drawn on a screen `viewport` wide."""
    entries = [entry.strip() for entry in sizes.split(",") if entry.strip()]
    for entry in entries:
        conditions = CONDITION.findall(entry)
        holds = all(
            (viewport >= bound) if kind == "min" else (viewport <= bound)
            for kind, number, unit in conditions
            for bound in [_pixels(number, unit, viewport)]
        )
        if holds:
            width = _length(CONDITION.sub("", entry), viewport)
            if width is not None:
                return width
    return float(viewport)  # no sizes: the spec's default, 100vw


def _length(text: str, viewport: int) -> float | None:
    """A sizes entry's length in CSS pixels: one length, or a calc() of several."""
    text = text.strip()
    if text.startswith("calc(") and text.endswith(")"):
        terms = SIGNED_LENGTH.findall(text[5:-1])
        if not terms:
            return None
        return sum(
            (-1 if sign == "-" else 1) * _pixels(number, unit, viewport)
            for sign, number, unit in terms
        )
    found = LENGTH.findall(text)
    return _pixels(*found[-1], viewport) if found else None


def picked(picture: Picture, viewport: int, pixel_ratio: float) -> str:
    """The address of the file a browser on this screen downloads for `picture`."""
    choice = next(
        (choice for kind, choice in picture.sources if kind in SHOWN_TYPES and choice.srcset),
        picture.img,
    )
    if choice is None:
        return ""
    if not choice.srcset:
        return choice.src
    needed = drawn_width(choice.sizes, viewport) * pixel_ratio
    wide_enough = [candidate for candidate in choice.srcset if candidate[1] >= needed]
    if wide_enough:
        return min(wide_enough, key=lambda candidate: candidate[1])[0]
    return max(choice.srcset, key=lambda candidate: candidate[1])[0]


def downloads(html: str, viewport: int, pixel_ratio: float) -> list[str]:
    """The address of each picture's file in `html`, as a phone of this screen picks them."""
    chosen = (picked(picture, viewport, pixel_ratio) for picture in pictures_in(html))
    return [address for address in chosen if address]
