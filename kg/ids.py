"""Identity: readable slugs for actors and topics, content hashes for statements.

The same name always gives the same slug, and the same statement the same id, so ingesting
the same input twice changes nothing.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from urllib.parse import urlsplit

_NON_WORD = re.compile(r"[^a-z0-9]+")
# Letters that NFKD does not decompose into ASCII plus a combining mark.
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D",
                       "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th", "œ": "oe", "Œ": "OE", "ı": "i",
                       "’": "", "'": ""})
MAX_SLUG = 80


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase ASCII with diacritics removed: the form names are compared in."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(c for c in text if not unicodedata.combining(c)).encode("ascii", "ignore").decode().lower()


@lru_cache(maxsize=65536)
def slugify(name: str) -> str:
    """``"Viktor Orbán"`` -> ``"viktor-orban"``; long names keep a hash so they stay unique."""
    slug = _NON_WORD.sub("-", fold(name)).strip("-")
    if not slug:
        return "x-" + digest(name, 10)
    if len(slug) > MAX_SLUG:
        slug = slug[: MAX_SLUG - 11].rstrip("-") + "-" + digest(slug, 10)
    return slug


def digest(text: str, length: int = 16) -> str:
    """A short, stable hex digest of some text."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()[:length]


@lru_cache(maxsize=65536)
def source_slug(url: str | None, title: str | None) -> str:
    """A source is identified by its URL when it has one, else by its title."""
    if url:
        parts = urlsplit(url)
        return slugify(f"{parts.netloc}{parts.path}{'-' + parts.query if parts.query else ''}")
    if title:
        return slugify(title)
    raise ValueError("a source needs a url or a title")


def statement_digest(*fields: object) -> str:
    """Content id of a statement: any change to what it says gives a new id."""
    return digest("\x1f".join("" if f is None else str(f) for f in fields), 20)
