"""The web pages for people, served by the API's own app: see :mod:`api.web.pages`.

``install(app)`` adds the pages (``/`` and ``/ui/...``), the static files (``/static/...``,
served from this package: nothing comes from another host) and ``POST /articles/preview``.
The front-end bundle in ``static/sparql.js`` is built from ``frontend/`` (see its README) and
committed, so installing the package needs no npm.
"""

from __future__ import annotations

from fastapi import FastAPI


def install(app: FastAPI) -> None:
    from api.web import assets, pages, preview

    app.include_router(assets.router)
    app.include_router(preview.router)
    app.include_router(pages.router)
