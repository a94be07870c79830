"""The three stores side by side: ingest rate and query-service latencies on the same data.

    python bench/bench_stores.py [--statements 100000] [--requests 1000] [--concurrency 8]

For each store — the embedded one (pyoxigraph), `oxigraph serve` and Virtuoso 7 (both started
here on loopback, as the tests start them) — ingests the same synthetic statements with kg's
own ingest (``kg ingest`` minus the CLI), then serves them with kg's API (a uvicorn process with
``KG_STORE=sparql`` for the remote ones) and drives it from a separate load process with the
query-service benchmark's load (bench/bench_api.py): REST positions of random actors and topics,
and a /sparql SELECT. One run, one table; ratios are against the embedded store in that run.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_api import BASE, SPARQL, free_port, rss_mb, run_phase, stats, wait_for  # noqa: E402
from synthetic import write_statements  # noqa: E402

KINDS = ("embedded", "oxigraph-serve", "virtuoso")


def start_kg(data: Path, log: Path, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    port = free_port()
    environment = {**{k: v for k, v in os.environ.items() if not k.startswith("KG_")},
                   "KG_DATA": str(data), "KG_BASE_IRI": BASE, "KG_QUERY_WORKERS": "2", "KG_QUERY_TIMEOUT": "60",
                   **env}
    process = subprocess.Popen([sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host",
                                "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log"],
                               env=environment, stdout=log.open("wb"), stderr=subprocess.STDOUT, cwd=HERE.parent)
    url = f"http://127.0.0.1:{port}"
    wait_for(f"{url}/health")
    return process, url


def measure(kind: str, folder: Path, jsonl: Path, ns: argparse.Namespace) -> dict:
    from kg.ingest import ingest_paths
    from kg.store.embedded import EmbeddedStore
    from kg.vocab import Iris
    from tests.servers import oxigraph_server, virtuoso_server
    from tests.servers.fixtures import remote_env, remote_store

    with ExitStack() as stack:
        env: dict[str, str] = {}
        if kind == "embedded":
            store = EmbeddedStore.open(folder / "data")
        else:
            server = stack.enter_context(oxigraph_server(folder / "store", timeout=120) if kind == "oxigraph-serve"
                                         else virtuoso_server(folder / "store", timeout=120))
            store = remote_store(server, BASE, timeout=600)
            store.ensure_ontology()
            env = remote_env(server) | {"KG_SPARQL_TIMEOUT": "600"}
        started = time.perf_counter()
        ingest_paths(store, [jsonl], Iris(BASE))
        ingest_s = time.perf_counter() - started
        if kind == "embedded":
            store.optimize()  # as the server does at start; not part of the ingest's time
        store.close()
        print(f"{kind}: {ns.statements:,} statements in {ingest_s:.1f} s", flush=True)

        kg, url = start_kg(folder / "data", folder / "kg.log", env)
        try:
            rng = random.Random(11)
            actors = [rng.randrange(2000) for _ in range(ns.requests)]
            topics = [rng.randrange(200) for _ in range(ns.requests)]
            sparql = [SPARQL.format(n=a) for a in actors]
            accept = {"Accept": "application/sparql-results+json"}
            run_phase("load", {"urls": [f"{url}/health"] * 50 + [f"{url}/sparql?query={quote(q)}" for q in sparql[:50]],
                               "concurrency": ns.concurrency})
            time.sleep(2 if kind == "embedded" else 0)  # the embedded server compacts at start
            rss = rss_mb(kg.pid)
            # Distinct ids first: answers the embedded server's cache has not seen (a remote store's has none).
            rows = {
                "actor positions": stats(run_phase("load", {
                    "urls": [f"{url}/actors/actor-{i}/positions" for i in dict.fromkeys(actors)],
                    "concurrency": ns.concurrency}), len(set(actors))),
                "topic positions": stats(run_phase("load", {
                    "urls": [f"{url}/topics/topic-{i}/positions" for i in dict.fromkeys(topics)],
                    "concurrency": ns.concurrency}), len(set(topics))),
                "/sparql SELECT": stats(run_phase("load", {
                    "urls": [f"{url}/sparql?query={quote(q)}" for q in sparql], "concurrency": ns.concurrency,
                    "headers": accept}), ns.requests),
            }
            return {"ingest_s": ingest_s, "rate": ns.statements / ingest_s, "rows": rows, "rss": rss,
                    "rss_after": rss_mb(kg.pid)}
        finally:
            kg.send_signal(signal.SIGINT)
            try:
                kg.wait(30)
            except subprocess.TimeoutExpired:
                kg.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=1000, help="requests of the /sparql row")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--stores", default=",".join(KINDS), help="comma-separated subset of " + ", ".join(KINDS))
    ns = parser.parse_args()

    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="kg-bench-stores-") as tmp:
        jsonl = write_statements(Path(tmp) / "statements.jsonl", ns.statements)
        for kind in ns.stores.split(","):
            results[kind] = measure(kind, Path(tmp) / kind, jsonl, ns)
            row = results[kind]["rows"]
            print(f"{kind}: " + ", ".join(f"{k} p50 {s['p50']:.1f} ms p99 {s['p99']:.1f} ms ({s['failures']} failed)"
                                          for k, s in row.items()), flush=True)

    base = results.get("embedded")
    print(f"\n{ns.statements:,} statements; load at concurrency {ns.concurrency}; p50 / p99 in ms")
    head = f"{'store':16} {'ingest st/s':>11} {'ratio':>6}"
    for name in ("actor positions", "topic positions", "/sparql SELECT"):
        head += f" | {name:>24}"
    print(head + " |  RSS MB")
    for kind, r in results.items():
        line = f"{kind:16} {r['rate']:11,.0f} {r['rate'] / base['rate'] if base else 1:6.2f}"
        for name, s in r["rows"].items():
            ratio = s["p50"] / base["rows"][name]["p50"] if base else 1
            line += f" | {s['p50']:6.1f} / {s['p99']:6.1f} ({ratio:4.1f}x)"
            if s["failures"]:
                line += f" {s['failures']} failed"
        print(line + f" | {r['rss']:.0f}->{r['rss_after']:.0f}")
    print("ratios: ingest rate against the embedded store (higher is faster), latency p50 against it (lower is faster)")


if __name__ == "__main__":
    main()
