"""Content negotiation: an ``Accept`` header against the formats an endpoint offers, or a 406."""

from __future__ import annotations

from collections.abc import Mapping

from kg.executor import NotAcceptable

__all__ = ["NotAcceptable", "choose", "negotiate", "parse_accept"]


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``(media range, q)`` pairs; a missing or empty header accepts anything."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        if media == "*":
            media = "*/*"
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def _quality(media: str, ranges: list[tuple[str, float]]) -> float:
    """q of the most specific range that matches ``media`` (0 if none does)."""
    kind = media.split("/")[0]
    best, specificity = 0.0, -1
    for accepted, q in ranges:
        if accepted == media:
            rank = 2
        elif accepted == f"{kind}/*":
            rank = 1
        elif accepted == "*/*":
            rank = 0
        else:
            continue
        if rank > specificity:
            best, specificity = q, rank
    return best


def choose(header: str | None, offers: Mapping[str, str], aliases: Mapping[str, str] | None = None) -> str | None:
    """The key of the offer the client prefers (ties go to the first offered), or None.

    ``offers`` maps keys to media types in the server's order of preference; ``aliases`` maps
    other media types to the same keys (``application/json`` for SPARQL JSON results).
    """
    ranges = parse_accept(header)
    best_key, best_q = None, 0.0
    candidates = [(key, media) for key, media in offers.items()]
    candidates += [(key, media) for media, key in (aliases or {}).items() if key in offers]
    for key, media in candidates:
        q = _quality(media, ranges)
        if key == best_key:
            best_q = max(best_q, q)
        elif q > best_q:
            best_key, best_q = key, q
    return best_key if best_q > 0 else None


def negotiate(header: str | None, offers: Mapping[str, str], aliases: Mapping[str, str] | None = None) -> str:
    """Like :func:`choose`, but a 406 problem naming what is on offer when nothing fits."""
    key = choose(header, offers, aliases)
    if key is None:
        raise NotAcceptable(
            f"none of the requested media types ({header}) is available here; choose one of "
            + ", ".join(offers.values()),
            detail={"available": list(offers.values())},
        )
    return key
