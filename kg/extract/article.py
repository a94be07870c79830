"""Articles from plain text (+ ``NAME.meta.json``), JSON, HTML files and http(s) URLs.

Whatever the input, the result is one :class:`Article`: the main text (whose offsets every
statement's ``start``/``end`` refer to) and a :class:`kg.model.Source`. Bad input fails
early with a one-line :class:`kg.errors.InputError`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kg.errors import InputError, ValidationError
from kg.extract.fetch import fetch
from kg.model import Source

TEXT_SUFFIXES = frozenset({".txt", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
META_FIELDS = ("title", "publisher", "url", "published", "language")


@dataclass(frozen=True, slots=True)
class Article:
    """An article's main text and where it came from."""

    text: str
    source: Source


def is_article_path(path: str | Path) -> bool:
    """True for .txt, .md, .html, .htm, and .json files holding an object with "text"."""
    path = Path(path)
    name = path.name.lower()
    if name.endswith(".meta.json") or name.endswith(".gold.json") or not path.is_file():
        return False
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES or suffix in HTML_SUFFIXES:
        return True
    if suffix != ".json":
        return False
    try:
        if path.stat().st_size > 50_000_000:
            return False
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return False
    return isinstance(data, dict) and isinstance(data.get("text"), str)


def load_article(location: str, *, title: str | None = None, publisher: str | None = None,
                 url: str | None = None, published: str | date | None = None, timeout: float = 10.0,
                 max_bytes: int = 10_000_000) -> Article:
    """Load an article from a file path or an http(s) URL; non-None overrides win over metadata."""
    overrides = {"title": title, "publisher": publisher, "url": url, "published": published}
    if "://" in location:
        fetched = fetch(location, timeout=timeout, max_bytes=max_bytes)
        text_body = _decode(fetched.body, location, fetched.charset)
        kind = fetched.content_type.split(";")[0].strip().lower()
        if kind == "application/json":
            text, meta = _from_json(text_body, location)
        elif kind == "text/plain":
            text, meta = text_body, {}
        else:
            text, meta = _from_html(text_body, location)
        meta.setdefault("url", fetched.url)
        if not meta.get("url"):
            meta["url"] = fetched.url
        return _article(text, meta, overrides, location)
    path = Path(location)
    data = _read_file(path, max_bytes)
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        text, meta = _decode(data, location), _sidecar(path)
    elif suffix == ".json":
        text, meta = _from_json(_decode(data, location), location)
    elif suffix in HTML_SUFFIXES:
        text, meta = _from_html(_decode(data, location), location)
        meta.update({k: v for k, v in _sidecar(path).items() if v})
    else:
        raise InputError(f"{location}: not an article (expected .txt, .md, .json, .html or an http(s) URL)")
    return _article(text, meta, overrides, path.stem)


def _read_file(path: Path, max_bytes: int) -> bytes:
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(f"{path}: {size:,} bytes is more than the {max_bytes:,}-byte limit for an article")
    if size == 0:
        raise InputError(f"{path}: the file is empty")
    return path.read_bytes()


def _decode(data: bytes, where: str, charset: str | None = None) -> str:
    if b"\x00" in data[:65536]:
        raise InputError(f"{where}: binary data, not an article")
    try:
        text = data.decode(charset or "utf-8-sig")
    except (UnicodeDecodeError, LookupError) as exc:
        detail = f"at byte {exc.start}" if isinstance(exc, UnicodeDecodeError) else str(exc)
        raise InputError(f"{where}: not valid UTF-8 text ({detail})") from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _sidecar(path: Path) -> dict[str, Any]:
    meta_path = path.with_name(path.name[: -len(path.suffix)] + ".meta.json")
    if not meta_path.exists():
        return {}
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{meta_path}: not valid JSON metadata ({exc})") from exc
    if not isinstance(meta, dict):
        raise InputError(f"{meta_path}: metadata must be a JSON object")
    return {k: meta.get(k) for k in META_FIELDS}


def _from_json(raw: str, where: str) -> tuple[str, dict[str, Any]]:
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise InputError(f"{where}: not valid JSON ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise ValidationError(f"{where}: a JSON article must be an object with a \"text\" string")
    return data["text"], {k: data.get(k) for k in META_FIELDS}


def _from_html(html: str, where: str) -> tuple[str, dict[str, Any]]:
    try:
        import trafilatura
    except ImportError as exc:  # trafilatura 2.x needs lxml_html_clean next to lxml >= 5.2
        raise InputError(f"{where}: HTML extraction is unavailable ({exc})") from exc
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False,
                                      favor_precision=True)
    if doc is None or not (doc.text or "").strip():
        raise InputError(f"{where}: no article text found in the page")
    return doc.text, {"title": doc.title, "publisher": doc.sitename, "url": doc.url, "published": doc.date,
                      "language": doc.language}


def _published(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10]) if len(text) >= 10 else date.fromisoformat(text)
    except ValueError:
        try:
            return datetime.fromisoformat(text).date()
        except ValueError as exc:
            raise ValidationError(f"{where}: published date {text!r} is not an ISO date (YYYY-MM-DD)") from exc


def _article(text: str, meta: dict[str, Any], overrides: dict[str, Any], fallback_title: str) -> Article:
    meta = {**meta, **{k: v for k, v in overrides.items() if v is not None}}
    if not text.strip():
        raise InputError(f"{fallback_title}: no article text")
    for key in ("title", "publisher", "url", "language"):
        if meta.get(key) is not None and not isinstance(meta[key], str):
            raise ValidationError(f"{fallback_title}: metadata field {key!r} must be a string")
    source = Source(
        title=meta.get("title") or (None if meta.get("url") else fallback_title),
        url=meta.get("url") or None,
        publisher=meta.get("publisher") or None,
        published=_published(meta.get("published"), fallback_title),
        language=meta.get("language") or None,
    )
    return Article(text, source)
