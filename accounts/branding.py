"""Tenant brand colours made safe to use: WCAG AA contrast is computed, never assumed.

A tenant admin may pick any hex colour. Text on a brand-coloured button must stay readable
(white or near-black, whichever contrasts more), and the brand colour used as link/text colour on
a white page is darkened until it reaches 4.5:1.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_BRAND = "#2f5bea"
INK = "#111827"
WHITE = "#ffffff"
AA_NORMAL_TEXT = 4.5


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    value = hex_colour.lstrip("#")
    if len(value) != 6:
        value = DEFAULT_BRAND.lstrip("#")
    try:
        return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
    except ValueError:
        return _rgb(DEFAULT_BRAND)


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def relative_luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = _rgb(hex_colour)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _darken(hex_colour: str, factor: float) -> str:
    r, g, b = _rgb(hex_colour)
    return _hex((int(r * factor), int(g * factor), int(b * factor)))


@dataclass(frozen=True)
class BrandPalette:
    brand: str  # the tenant's colour, for fills (buttons, accents)
    on_brand: str  # text colour on top of a brand fill
    brand_ink: str  # brand-tinted text/link colour that passes AA on white


def brand_palette(hex_colour: str | None) -> BrandPalette:
    brand = _hex(_rgb(hex_colour or DEFAULT_BRAND))
    on_brand = WHITE if contrast_ratio(brand, WHITE) >= contrast_ratio(brand, INK) else INK
    ink = brand
    factor = 1.0
    while contrast_ratio(ink, WHITE) < AA_NORMAL_TEXT and factor > 0.05:
        factor -= 0.05
        ink = _darken(brand, factor)
    return BrandPalette(brand=brand, on_brand=on_brand, brand_ink=ink)
