"""The badge image, and the badge "baked" with its assertion (Open Badges 2.0 baking).

Baking, as the specification says for PNG: one ``iTXt`` chunk with the keyword ``openbadges``,
uncompressed, without language tag or translated keyword, holding the hosted assertion's JSON.
Pillow writes the chunk; the image is drawn with the fonts the PDF ships (Liberation).
"""

import functools
import io
import json
import math

from PIL import Image, ImageDraw, ImageFont, PngImagePlugin

from portfolio_pdf.fetcher import STATIC_ROOT

KEYWORD = "openbadges"
SIZE = 600
FONTS = STATIC_ROOT / "fonts"
MOSS, CLAY, PAPER, INK = (45, 90, 69), (164, 71, 31), (251, 247, 241), (31, 42, 46)


def _font(name, size):
    return ImageFont.truetype(str(FONTS / name), size)


def _centred(draw, y, text, font, fill):
    width = draw.textlength(text, font=font)
    draw.text(((SIZE - width) / 2, y), text, font=font, fill=fill)


def _arc_text(image, text, radius, font, fill, start_deg):
    """Letters set one by one along a circle (clockwise from ``start_deg``)."""
    angle = math.radians(start_deg)
    centre = SIZE / 2
    for letter in text:
        width = font.getlength(letter)
        step = width / radius
        mid = angle + step / 2
        tile = Image.new("RGBA", (int(width) + 8, font.size + 10), (0, 0, 0, 0))
        ImageDraw.Draw(tile).text((4, 0), letter, font=font, fill=fill)
        rotated = tile.rotate(-math.degrees(mid) - 90, resample=Image.BICUBIC, expand=True)
        x = centre + radius * math.cos(mid) - rotated.width / 2
        y = centre + radius * math.sin(mid) - rotated.height / 2
        image.alpha_composite(rotated, (int(x), int(y)))
        angle += step + 0.012


@functools.lru_cache(maxsize=16)
def badge_png(title, subtitle, eqf_level):
    """The badge image (PNG bytes): a seal in the course's colours."""
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, SIZE - 8, SIZE - 8), fill=MOSS)
    draw.ellipse((34, 34, SIZE - 34, SIZE - 34), outline=PAPER, width=4)
    draw.ellipse((92, 92, SIZE - 92, SIZE - 92), fill=PAPER)
    draw.ellipse((106, 106, SIZE - 106, SIZE - 106), outline=CLAY, width=3)
    ring = _font("LiberationSans-Bold.ttf", 30)
    label = "CREATIVE COMMUNITIES · LEERGANG · "
    circumference_angle = sum(ring.getlength(c) / 240 + 0.012 for c in label)
    _arc_text(image, label, 240, ring, PAPER, -90 - math.degrees(circumference_angle) / 2)
    _centred(draw, 190, "CERTIFICAAT", _font("LiberationSans-Bold.ttf", 30), CLAY)
    words = title.replace("Leergang ", "").split()
    serif = _font("LiberationSerif-Bold.ttf", 56 if len(words) <= 2 else 44)
    y = 245
    for word in words[:3]:
        _centred(draw, y, word, serif, INK)
        y += serif.size + 6
    small = _font("LiberationSans-Regular.ttf", 24)
    _centred(draw, y + 14, subtitle, small, MOSS)
    _centred(draw, y + 46, f"EQF {eqf_level}", small, MOSS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def bake(png, assertion):
    """``png`` with the assertion in an ``openbadges`` iTXt chunk (any earlier one replaced)."""
    with Image.open(io.BytesIO(png)) as image:
        image.load()
        info = PngImagePlugin.PngInfo()
        for key, value in (getattr(image, "text", None) or {}).items():
            if key != KEYWORD:
                info.add_text(key, value)
        info.add_itxt(KEYWORD, json.dumps(assertion, ensure_ascii=False), zip=False)
        out = io.BytesIO()
        image.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def unbake(png):
    """The text of the ``openbadges`` chunk, or None."""
    with Image.open(io.BytesIO(png)) as image:
        image.load()
        return (getattr(image, "text", None) or {}).get(KEYWORD)
