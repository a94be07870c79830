"""In-process checks of the web package: search matching, chart scales, assets and the bundle."""

from __future__ import annotations

import gzip
import hashlib
import re
from datetime import date
from pathlib import Path

import httpx
import pytest

from api.web import assets, chart, data

FRONTEND = Path(assets.STATIC).parent / "frontend"


def test_fold_ignores_case_and_diacritics() -> None:
    assert data.fold("Viktor ORBÁN") == "viktor orban"
    assert data.fold("Ukraine’s") == "ukraine’s"


@pytest.mark.parametrize(("name", "query", "score"), [
    ("viktor orban", "viktor orban", 40), ("viktor orban", "vik", 30), ("viktor orban", "orb", 20),
    ("viktor orban", "orb vik", 20), ("viktor orban", "rban", 10), ("viktor orban", "orbanx", 0),
    ("ukraine's invitation to nato", "nato invit", 20),
])
def test_search_score(name: str, query: str, score: int) -> None:
    assert data._score(name, data.fold(query).split()) == score


def test_time_scale_pads_and_ticks() -> None:
    one = chart.Scale.over([date(2024, 10, 24)])
    assert one.lo < date(2024, 10, 24) < one.hi and one.x(date(2024, 10, 24)) == 50.0
    assert [label for _, label in one.ticks()] == ["Nov 2024"]
    years = chart.Scale.over([date(2015, 3, 1), date(2024, 6, 1)])
    labels = [label for _, label in years.ticks()]
    assert 2 <= len(labels) <= 7 and all(re.fullmatch(r"\d{4}", x) for x in labels)
    assert chart.pretty("2024-10-24") == "24 Oct 2024" and chart.pretty(None) == "undated"


def test_static_files_are_versioned_cached_and_gzipped() -> None:
    url = assets.asset_url("app.css")
    assert re.fullmatch(r"/static/app\.css\?v=[0-9a-f]{16}", url)
    assert assets.asset_url("missing.css") == "/static/missing.css"
    assert assets._asset("../templates/base.html") is None  # nothing outside static/
    found = assets._asset("sparql.js")
    assert found is not None and found.gzipped is not None
    assert gzip.decompress(found.gzipped) == found.body and len(found.gzipped) < len(found.body) / 2


def test_static_route_headers(site) -> None:  # noqa: ANN001 - the session's server
    with httpx.Client(base_url=site.url) as http:
        url = assets.asset_url("app.js")
        fresh = http.get(url, headers={"Accept-Encoding": "gzip"})
        assert fresh.status_code == 200 and fresh.headers["cache-control"].endswith("immutable")
        assert fresh.headers["content-encoding"] == "gzip"
        assert fresh.headers["content-type"].startswith("text/javascript")
        again = http.get(url, headers={"If-None-Match": fresh.headers["etag"]})
        assert again.status_code == 304
        assert http.get("/static/app.js").headers["cache-control"] == "no-cache"
        assert http.get("/static/nope.js").status_code == 404
        assert http.get("/static/../pages.py").status_code == 404


def test_built_bundle_matches_its_sources() -> None:
    """static/sparql.js names the digest of the sources it was built from (build.mjs)."""
    files = ["package-lock.json", *(f"src/{p.name}" for p in sorted((FRONTEND / "src").iterdir()))]
    digest = hashlib.sha256()
    for name in files:
        digest.update(f"{name}\n".encode())
        digest.update((FRONTEND / name).read_bytes())
        digest.update(b"\n")
    banner = (assets.STATIC / "sparql.js").read_text(encoding="utf-8").split("\n", 1)[0]
    assert f"sources sha256:{digest.hexdigest()}" in banner, \
        "api/web/static/sparql.js is stale: run `npm ci && npm run build` in api/web/frontend"
    licences = (assets.STATIC / "THIRD-PARTY.txt").read_text(encoding="utf-8")
    assert "@codemirror/view" in licences and "licence: MIT" in licences
