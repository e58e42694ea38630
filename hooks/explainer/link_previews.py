"""Link previews: the Open Graph and Twitter card tags that chat apps, social sites and search
engines read to show a page as a card (title, description, image), and the PNG facts they need.

Pure functions over plain values; hooks/link_previews.py feeds them from MkDocs and
overrides/main.html writes the tags, escaped. The image is the site's own file
(docs/assets/social-card.png, made by `make social-card`, tools.social_card).
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

# Data -------------------------------------------------------------------------------------------

# The size Facebook, LinkedIn and X (summary_large_image) show without cropping: 1.91:1.
CARD_WIDTH, CARD_HEIGHT = 1200, 630
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
TEXT_KEY = "Description"  # the PNG iTXt keyword holding the text drawn on the card


@dataclass(frozen=True)
class PreviewImage:
    url: str  # absolute, under site_url
    width: int
    height: int
    alt: str


# Helper functions -------------------------------------------------------------------------------

def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """(type, payload) of every chunk of a PNG file; ValueError if it is not a whole PNG."""
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG file (wrong signature)")
    chunks, offset = [], len(PNG_SIGNATURE)
    while offset < len(data):
        if offset + 8 > len(data):
            raise ValueError("truncated PNG file")
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        payload = data[offset + 8:offset + 8 + length]
        crc = data[offset + 8 + length:offset + 12 + length]
        if len(payload) != length or len(crc) != 4:
            raise ValueError("truncated PNG file")
        if struct.unpack(">I", crc)[0] != zlib.crc32(kind + payload):
            raise ValueError(f"PNG chunk {kind.decode('latin-1')} has a bad checksum")
        chunks.append((kind, payload))
        offset += 12 + length
        if kind == b"IEND":
            break
    if not chunks or chunks[0][0] != b"IHDR" or chunks[-1][0] != b"IEND":
        raise ValueError("PNG file without IHDR first and IEND last")
    return chunks


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) of a PNG file; ValueError if it is not one."""
    width, height = struct.unpack(">II", png_chunks(data)[0][1][:8])
    return width, height


def png_text(data: bytes) -> dict[str, str]:
    """The uncompressed iTXt chunks of a PNG file (UTF-8 text), as `with_png_text` writes them."""
    texts = {}
    for kind, payload in png_chunks(data):
        if kind == b"iTXt":
            key, _, rest = payload.partition(b"\0")
            if rest[:1] == b"\0":  # not compressed
                _, _, rest = rest[2:].partition(b"\0")  # language tag
                _, _, value = rest.partition(b"\0")  # translated keyword
                texts[key.decode("latin-1")] = value.decode("utf-8")
    return texts


def with_png_text(data: bytes, key: str, value: str) -> bytes:
    """The PNG with an iTXt chunk `key` = `value` (UTF-8) before IEND."""
    chunks = [c for c in png_chunks(data) if not (c[0] in (b"tEXt", b"iTXt")
                                                  and c[1].split(b"\0", 1)[0] == key.encode())]
    payload = key.encode("latin-1") + b"\0\0\0\0\0" + value.encode("utf-8")
    chunks.insert(len(chunks) - 1, (b"iTXt", payload))
    out = [PNG_SIGNATURE]
    for kind, body in chunks:
        out.append(struct.pack(">I", len(body)) + kind + body
                   + struct.pack(">I", zlib.crc32(kind + body)))
    return b"".join(out)


def card_text(site_name: str, subtitle: str) -> str:
    """What the card shows, as one line: its alt text, and what the PNG records (TEXT_KEY)."""
    return f"{site_name}. {subtitle}"


def preview_tags(*, title: str, description: str, url: str, kind: str, site_name: str,
                 image: PreviewImage, locales: tuple[str, list[str]] | None = None
                 ) -> list[tuple[str, str, str]]:
    """(attribute, key, content) of every tag, in order: Open Graph tags take `property`,
    Twitter's take `name`. X falls back to og:title, og:description and og:image, but reads the
    image's alt text only from twitter:image:alt. `locales`: og:locale and its alternates (the
    site's other languages, explainer.i18n_links)."""
    own, others = locales or (None, [])
    og = [*([("og:locale", own)] if own else []), *(("og:locale:alternate", o) for o in others),
          ("og:type", kind), ("og:site_name", site_name), ("og:title", title),
          ("og:description", description), ("og:url", url), ("og:image", image.url),
          ("og:image:type", "image/png"), ("og:image:width", str(image.width)),
          ("og:image:height", str(image.height)), ("og:image:alt", image.alt)]
    twitter = [("twitter:card", "summary_large_image"), ("twitter:image:alt", image.alt)]
    return [("property", k, v) for k, v in og] + [("name", k, v) for k, v in twitter]
