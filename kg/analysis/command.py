"""``kg derive``: re-derive every topic's findings, e.g. after ``kg ingest --no-derive``."""

from __future__ import annotations

from kg.settings import Settings


def run_derive(settings: Settings) -> str:
    """Derive claims, disputes and position changes for every topic; the line the CLI prints."""
    from kg.analysis.derive import derive
    from kg.store import open_store
    from kg.vocab import Iris

    store = open_store(settings)
    try:
        report = derive(store, Iris(settings.base_iri))
    finally:
        store.close()
    return (f"derived {report.claims} claims, {report.disputes} disputes and {report.changes} position changes "
            f"on {report.topics} topic(s) from {report.statements} statements in {report.seconds:.2f} s")
