"""Ingest benchmark: kg's curated ingest against pyoxigraph's raw bulk load of the same quads.

    python bench/bench_ingest.py [--statements 100000]

Each phase runs in its own process so peak memory (max RSS) is its own. The baseline loads
the exact N-Quads our ingest produced, with ``Store.bulk_load`` (no transaction, no Python
mapping): the ratio says how much our validation and mapping cost on top of the store. A third
phase ingests without the read model (``EmbeddedStore.open(read_model=False)``): what keeping the
REST listings' read model in step costs an ingest.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def phase_kg(jsonl: str, folder: str, read_model: str = "yes") -> dict:
    from kg.ingest import ingest_paths
    from kg.store.embedded import EmbeddedStore
    from kg.vocab import Iris

    store = EmbeddedStore.open(folder, read_model=read_model == "yes")
    started = time.perf_counter()
    report = ingest_paths(store, [jsonl], Iris("http://localhost:8000/id/"))
    store.flush()
    seconds = time.perf_counter() - started
    quads = len(store)
    if read_model == "yes":
        with open(Path(folder).parent / "dump.nq", "wb") as f:
            store._store.dump(f, __import__("pyoxigraph").RdfFormat.N_QUADS)
    store.close()
    return {"seconds": seconds, "statements": report.statements, "quads": quads}


def phase_bulk(nquads: str, folder: str) -> dict:
    import pyoxigraph

    store = pyoxigraph.Store(folder)
    started = time.perf_counter()
    store.bulk_load(path=nquads, format=pyoxigraph.RdfFormat.N_QUADS)
    store.flush()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "quads": len(store)}


def run_phase(name: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--phase", name, *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    ns = parser.parse_args()
    if ns.phase:
        result = {"kg": phase_kg, "bulk": phase_bulk}[ns.phase](*ns.args)
        result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return

    from synthetic import write_statements

    with tempfile.TemporaryDirectory() as tmp:
        jsonl = write_statements(Path(tmp) / "statements.jsonl", ns.statements)
        kg = run_phase("kg", str(jsonl), f"{tmp}/kg-store")
        bulk = run_phase("bulk", f"{tmp}/dump.nq", f"{tmp}/bulk-store")
        bare = run_phase("kg", str(jsonl), f"{tmp}/bare-store", "no")
    n = kg["statements"]
    rows = [
        ("kg ingest (validate, map, journaled bulk load)", kg["seconds"], n / kg["seconds"], kg["quads"] / kg["seconds"], kg["peak_rss_mb"]),
        ("pyoxigraph bulk_load of the same N-Quads", bulk["seconds"], n / bulk["seconds"], bulk["quads"] / bulk["seconds"], bulk["peak_rss_mb"]),
        ("kg ingest without the read model", bare["seconds"], n / bare["seconds"], bare["quads"] / bare["seconds"],
         bare["peak_rss_mb"]),
    ]
    print(f"{n:,} statements, {kg['quads']:,} quads")
    print(f"{'phase':45} {'seconds':>8} {'stmts/s':>9} {'quads/s':>9} {'peak MB':>8}")
    for name, seconds, sps, qps, rss in rows:
        print(f"{name:45} {seconds:8.2f} {sps:9,.0f} {qps:9,.0f} {rss:8.0f}")
    print(f"ratio kg/bulk_load rate: {bulk['seconds'] / kg['seconds']:.2f} (target >= 0.50)")
    print(f"the read model adds {kg['seconds'] / bare['seconds'] - 1:+.1%} to the ingest's time")


if __name__ == "__main__":
    main()
