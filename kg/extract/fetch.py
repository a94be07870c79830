"""Fetching an article over http(s) with bounds on everything a hostile server controls:
time, size and redirects. Every failure becomes one :class:`kg.errors.InputError` line."""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from kg.errors import InputError

MAX_REDIRECTS = 5
USER_AGENT = "kg-extract/0.1 (+https://w3id.org/kg)"


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response body with the address it finally came from."""

    url: str
    body: bytes
    content_type: str
    charset: str | None


def check_scheme(url: str) -> None:
    """Only http and https, with a host."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"{url}: only http and https URLs can be fetched")


def fetch(url: str, *, timeout: float = 10.0, max_bytes: int = 10_000_000) -> Fetched:
    """GET ``url`` following at most five redirects, within ``timeout`` seconds overall."""
    check_scheme(url)
    deadline = time.monotonic() + timeout
    limits = httpx.Timeout(timeout)
    try:
        with httpx.Client(follow_redirects=False, timeout=limits, headers={"User-Agent": USER_AGENT}) as client:
            for _ in range(MAX_REDIRECTS + 1):
                with client.stream("GET", url) as response:
                    if response.is_redirect:
                        target = response.headers.get("location")
                        if not target:
                            raise InputError(f"{url}: redirect without a Location header")
                        url = urljoin(url, target)
                        check_scheme(url)
                        continue
                    if response.status_code >= 400:
                        raise InputError(f"{url}: the server answered HTTP {response.status_code}")
                    body = _read(response, url, max_bytes, deadline)
                    return Fetched(str(response.url), body, response.headers.get("content-type", ""),
                                   response.charset_encoding)
            raise InputError(f"{url}: more than {MAX_REDIRECTS} redirects")
    except httpx.TimeoutException as exc:
        raise InputError(f"{url}: timed out after {timeout:g} s") from exc
    except httpx.HTTPError as exc:
        raise InputError(f"{url}: could not fetch ({type(exc).__name__}: {exc})") from exc


def _read(response: httpx.Response, url: str, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise InputError(f"{url}: {int(declared):,} bytes is more than the {max_bytes:,}-byte limit")
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise InputError(f"{url}: more than the {max_bytes:,}-byte limit")
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("overall deadline passed")
        chunks.append(chunk)
    return b"".join(chunks)
