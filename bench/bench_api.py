"""API benchmark: REST and /sparql latency under concurrent load, against `oxigraph serve` and
in-process pyoxigraph on the same data.

    python bench/bench_api.py [--statements 100000] [--requests 2000] [--concurrency 8]

Builds a store of synthetic curated statements (bench/synthetic.py) with kg's ingest (which keeps
the REST listings' read model in step), copies it (a RocksDB checkpoint) for `oxigraph serve`,
starts `kg`'s server (uvicorn subprocess) and `oxigraph serve` on free loopback ports, and drives
each from a separate load process (a lean asyncio HTTP/1.1 client, see phase_load) with a fixed
number of requests at a fixed concurrency (the /sparql rows in rounds that alternate between kg and
`oxigraph serve`, so the machine's slow spells fall on both). REST answers are cached in the server until the next
write (within KG_CACHE_MB of JSON), so each REST endpoint is measured twice: uncached, every
request a different (id, page) pair asked once, so no answer comes from the cache; then the same
requests again in another order (from the cache as far as it holds them). The same uncached
requests are also answered in-process, one at a time, by the functions behind the endpoints,
from the read model and through the canned SPARQL (what a request costs without HTTP or
concurrency). Prints one table with p50/p99 latency, requests per second, ratios, and the kg
server's RSS (API process, query workers and reader processes) before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
BASE = "http://localhost:8000/id/"
KG = "https://w3id.org/kg/ns#"
ROUNDS = 4  # kg and oxigraph serve take turns this many times on the /sparql rows
SPARQL = ("PREFIX kg: <" + KG + "> SELECT ?s ?position ?date WHERE {{ ?s kg:actor <" + BASE + "actor/actor-{n}> ; "
          "kg:position ?position ; kg:statedOn ?date }} ORDER BY DESC(?date) LIMIT 50")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 120) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def rss_mb(pid: int) -> float:
    """Memory of a process and its children (query workers, readers), in MB: the sum of their PSS.

    PSS counts a page shared by n processes as 1/n in each, so the read model's file, mapped by
    the API process and every reader, counts once, not once a process as RSS would count it.
    """
    pids = [pid] + [int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True,
                                                     text=True).stdout.split()]
    total = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total / 1024


# ---------------------------------------------------------------- phases run in subprocesses
def phase_load(spec_json: str) -> dict:
    """Fire ``requests`` GETs at ``concurrency``; latencies of the successful ones.

    A lean HTTP/1.1 client on asyncio streams (keep-alive, requests encoded beforehand, only
    Content-Length and chunked bodies understood): on two cores the load generator shares the
    CPU with the server, and httpx spent about 2.5 ms of CPU a request, more than the servers
    under test; this one spends a tenth of that, so the figures are the servers'.
    """
    from urllib.parse import urlsplit

    spec = json.loads(spec_json)
    urls: list[str] = spec["urls"]
    headers = "".join(f"{k}: {v}\r\n" for k, v in spec.get("headers", {}).items())
    first = urlsplit(urls[0])
    host, port = first.hostname or "127.0.0.1", first.port or 80

    def encode(url: str) -> bytes:
        part = urlsplit(url)
        target = part.path + (f"?{part.query}" if part.query else "")
        return f"GET {target} HTTP/1.1\r\nHost: {host}:{port}\r\n{headers}\r\n".encode()

    async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        fields = {k.strip().lower(): v.strip() for k, _, v in
                  (line.partition(b":") for line in head.split(b"\r\n")[1:] if line)}
        if b"content-length" in fields:
            await reader.readexactly(int(fields[b"content-length"]))
        elif fields.get(b"transfer-encoding", b"").lower() == b"chunked":
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await reader.readexactly(size + 2)
                if size == 0:
                    break
        return status

    async def run() -> dict:
        latencies: list[float] = []
        failures = 0
        queue: asyncio.Queue[bytes] = asyncio.Queue()
        for url in urls:
            queue.put_nowait(encode(url))

        async def worker() -> None:
            nonlocal failures
            reader, writer = await asyncio.open_connection(host, port)
            try:
                while not queue.empty():
                    request = queue.get_nowait()
                    started = time.perf_counter()
                    status = await exchange(reader, writer, request)
                    elapsed = time.perf_counter() - started
                    if status == 200:
                        latencies.append(elapsed)
                    else:
                        failures += 1
            finally:
                writer.close()

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(spec["concurrency"])))
        return {"latencies": latencies, "failures": failures, "wall": time.perf_counter() - started}

    return asyncio.run(run())


def phase_inprocess(spec_json: str) -> dict:
    """The same SPARQL in-process with pyoxigraph on a copy of the store, one query at a time."""
    import pyoxigraph

    spec = json.loads(spec_json)
    store = pyoxigraph.Store.read_only(spec["location"])
    latencies = []
    started = time.perf_counter()
    for query in spec["queries"]:
        t = time.perf_counter()
        result = store.query(query, use_default_graph_as_union=True)
        out = pyoxigraph.QueryResultsFormat.JSON
        result.serialize(format=out)
        latencies.append(time.perf_counter() - t)
    return {"latencies": latencies, "failures": 0, "wall": time.perf_counter() - started}


def phase_rest_inprocess(spec_json: str) -> dict:
    """The functions behind the REST endpoints, in-process on a copy of the store, serially, uncached."""
    from types import SimpleNamespace

    from api.rest.actors import actor_positions_json
    from api.rest.topics import stance_table_json
    from kg.errors import NotFound
    from kg.settings import Settings
    from kg.store.embedded import EmbeddedStore
    from kg.vocab import Iris

    spec = json.loads(spec_json)
    store = EmbeddedStore.open(spec["location"])  # with its read model (copied beside it), nothing written
    if spec.get("sparql"):
        store.views = None  # the listings' canned SPARQL queries, as on a remote store
    elif store.views is None or not store.views.ready:
        raise RuntimeError("the copy's read model is not ready")
    svc = SimpleNamespace(store=store, iris=Iris(BASE), settings=Settings())
    latencies, failures = [], 0
    started = time.perf_counter()
    for kind, ident, offset in spec["requests"]:
        t = time.perf_counter()
        try:
            if kind == "actor":  # the JSON the endpoints send, made as they make it
                actor_positions_json(svc, ident, (), 20, offset)
            else:
                stance_table_json(svc, ident, 20, offset)
        except NotFound:  # a small store lacks some ids; the HTTP rows count these as failures too
            failures += 1
            continue
        latencies.append(time.perf_counter() - t)
    return {"latencies": latencies, "failures": failures, "wall": time.perf_counter() - started}


def run_phase(name: str, spec: dict) -> dict:
    out = subprocess.run([sys.executable, __file__, "--phase", name], input=json.dumps(spec), capture_output=True,
                         text=True)
    if out.returncode != 0:
        raise RuntimeError(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- set-up
def build(folder: Path, statements: int) -> tuple[Path, Path, float]:
    """A kg store with ``statements`` synthetic statements, and two checkpoint copies of it."""
    from synthetic import write_statements

    from kg.ingest import ingest_paths
    from kg.store.embedded import EmbeddedStore
    from kg.vocab import Iris

    jsonl = write_statements(folder / "statements.jsonl", statements)
    data = folder / "kg-data"
    store = EmbeddedStore.open(data)
    started = time.perf_counter()
    ingest_paths(store, [jsonl], Iris(BASE))
    store.flush()
    seconds = time.perf_counter() - started
    store.optimize()  # compacted, as a served store is soon after start: both servers start equal
    copy = folder / "oxigraph-data"
    store.backup(copy)
    store.backup(folder / "inprocess-data")
    store.close()
    # A checkpoint holds RocksDB's files only: the read model (in sync, as close() left it) goes beside.
    for name in ("kg-read-model.sqlite",):
        shutil.copy(data / name, folder / "inprocess-data" / name)
    jsonl.unlink()
    return data, copy, seconds


def start_kg(data: Path, workers: int, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("KG_")},
           "KG_DATA": str(data), "KG_BASE_IRI": BASE, "KG_QUERY_WORKERS": str(workers)}
    process = subprocess.Popen([sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host",
                                "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log"],
                               env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_for(f"{url}/health")
    import httpx

    deadline = time.monotonic() + 600
    while httpx.get(f"{url}/health").json().get("read_model") != "ready":  # built with the store: ready at once
        if time.monotonic() > deadline:
            raise RuntimeError("the read model did not get ready")
        time.sleep(0.5)
    return process, url


def start_oxigraph(location: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([shutil.which("oxigraph") or "oxigraph", "serve", "--location", str(location),
                                "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=log.open("wb"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    wait_for(f"{url}/query?query=ASK%7B%7D")
    return process, url


def merged(results: list[dict]) -> dict:
    """Load results of several rounds as one."""
    return {"latencies": [x for r in results for x in r["latencies"]],
            "failures": sum(r["failures"] for r in results), "wall": sum(r["wall"] for r in results)}


def stats(result: dict, requests: int) -> dict:
    lat = sorted(result["latencies"])
    if not lat:
        return {"p50": float("nan"), "p99": float("nan"), "rps": 0.0, "failures": result["failures"], "count": requests}
    return {"p50": lat[len(lat) // 2] * 1000, "p99": lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000,
            "rps": len(lat) / result["wall"], "failures": result["failures"], "count": requests}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=2000, help="requests per row of the table")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="kg query worker processes")
    parser.add_argument("--keep", type=Path, help="build the store in this folder, or reuse the one built there")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    ns = parser.parse_args()
    if ns.phase:
        phases = {"load": phase_load, "inprocess": phase_inprocess, "rest-inprocess": phase_rest_inprocess}
        print(json.dumps(phases[ns.phase](sys.stdin.read())))
        return

    from urllib.parse import quote

    rng = random.Random(11)
    n = ns.requests
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        folder = ns.keep or Path(tmp)
        if ns.keep and (folder / "inprocess-data").exists():
            data, copy, ingest_s = folder / "kg-data", folder / "oxigraph-data", float("nan")
        else:
            folder.mkdir(parents=True, exist_ok=True)
            data, copy, ingest_s = build(folder, ns.statements)
        print(f"{ns.statements:,} statements ingested in {ingest_s:.1f} s; {n} requests per row, "
              f"concurrency {ns.concurrency}, {ns.workers} kg query workers", flush=True)
        kg, kg_url = start_kg(data, ns.workers, folder / "kg.log")
        ox, ox_url = start_oxigraph(copy, folder / "oxigraph.log")
        inproc_copy = folder / "inprocess-data"
        try:
            actors = [rng.randrange(2000) for _ in range(n)]
            topics = [rng.randrange(200) for _ in range(n)]
            sparql = [SPARQL.format(n=a) for a in actors]
            accept = {"Accept": "application/sparql-results+json"}
            rows: list[tuple[str, dict]] = []
            # Warm-up, as a server that has run a while is: pages of the listings that no row
            # below asks for (actor pages from item 40, stance tables from item 200), so that the
            # first row measured does not pay alone for the store's and the read model's pages
            # coming into memory (at a million statements it came out twice the c=4 figure).
            warm = {"urls": [f"{kg_url}/health"] * 50 + [f"{kg_url}/sparql?query={quote(q)}" for q in sparql[:50]]
                    + [f"{kg_url}/actors/actor-{rng.randrange(2000)}/positions?offset=40" for _ in range(300)]
                    + [f"{kg_url}/topics/topic-{rng.randrange(200)}/positions?offset=200" for _ in range(150)],
                    "concurrency": ns.concurrency}
            run_phase("load", warm)
            rss_before = rss_mb(kg.pid)
            # Uncached: n/2 different (id, page) pairs, each asked once, so no answer is in the cache
            # (REST answers are kept until the next write). Pages of 20 items that exist at 100,000
            # statements (an actor has about 50, a topic about 450 actors). Cached: the same again.
            pairs = {"actor": [(a, 20 * p) for p in range(2) for a in range(2000)],
                     "topic": [(tp, 20 * p) for p in range(5) for tp in range(200)]}
            cold = {kind: rng.sample(found, min(n // 2, len(found))) for kind, found in pairs.items()}
            for kind, label in (("actor", "actors"), ("topic", "topics")):
                urls = [f"{kg_url}/{label}/{kind}-{i}/positions?offset={o}" for i, o in cold[kind]]
                rows.append((f"kg GET /{label}/{{id}}/positions uncached", stats(run_phase("load", {
                    "urls": urls, "concurrency": ns.concurrency}), len(urls))))
                rows.append((f"kg GET /{label}/{{id}}/positions again", stats(run_phase("load", {
                    "urls": rng.sample(urls, len(urls)), "concurrency": ns.concurrency}), len(urls))))
            # kg and oxigraph serve in alternating rounds, so a slow spell of this noisy machine
            # falls on both, not on whichever ran then.
            rounds: dict[str, list[dict]] = {"kg": [], "ox": []}
            chunk = -(-n // ROUNDS)
            for r in range(ROUNDS):
                part = sparql[r * chunk: (r + 1) * chunk]
                for name, url in (("kg", f"{kg_url}/sparql"), ("ox", f"{ox_url}/query")):
                    rounds[name].append(run_phase("load", {"urls": [f"{url}?query={quote(q)}" for q in part],
                                                           "concurrency": ns.concurrency, "headers": accept}))
            rows.append(("kg GET /sparql (SELECT)", stats(merged(rounds["kg"]), n)))
            rows.append(("oxigraph serve GET /query (SELECT)", stats(merged(rounds["ox"]), n)))
            by_round = [stats(k, len(k["latencies"]))["p50"] / stats(o, len(o["latencies"]))["p50"]
                        for k, o in zip(rounds["kg"], rounds["ox"], strict=True)]
            rss_after = rss_mb(kg.pid)
            # The same load again: memory must level off, not grow with the request count.
            for ids, path in ((actors, "actors/actor-{}/positions"), (topics, "topics/topic-{}/positions")):
                run_phase("load", {"urls": [f"{kg_url}/{path.format(i)}" for i in ids], "concurrency": ns.concurrency})
            run_phase("load", {"urls": [f"{kg_url}/sparql?query={quote(q)}" for q in sparql],
                               "concurrency": ns.concurrency, "headers": accept})
            rss_again = rss_mb(kg.pid)
            rows.append(("pyoxigraph in-process, serial (SELECT)", stats(run_phase("inprocess", {
                "location": str(inproc_copy), "queries": sparql}), n)))
            for kind, label in (("actor", "actors"), ("topic", "topics")):
                some = cold[kind][: max(1, n // 10)]
                requests = [(kind, f"{kind}-{i}", o) for i, o in some]
                rows.append((f"in-process /{label}/{{id}}/positions, serial", stats(run_phase("rest-inprocess", {
                    "location": str(inproc_copy), "requests": requests}), len(some))))
            for kind, label in (("actor", "actors"), ("topic", "topics")):
                some = cold[kind][: max(1, n // 10)]
                requests = [(kind, f"{kind}-{i}", o) for i, o in some]
                rows.append((f"in-process /{label}/{{id}}/positions, SPARQL", stats(run_phase("rest-inprocess", {
                    "location": str(inproc_copy), "requests": requests, "sparql": True}), len(some))))
            # Latency is queueing once the server's cores are busy: the same uncached requests (pages
            # not asked before) at lower concurrency, to show the service time under it.
            for kind, label in (("actor", "actors"), ("topic", "topics")):
                asked = set(cold[kind])
                # Stance tables: pages 6 to 10 (offsets 100 to 180) exist at 100,000 statements too.
                spare = [(tp, 20 * p) for p in range(5, 10) for tp in range(200)] if kind == "topic" else []
                fresh = [pair for pair in pairs[kind] + spare if pair not in asked]
                rng.shuffle(fresh)
                each = min(len(fresh) // 3, n // 4)
                for k, level in enumerate((1, 2, 4)):
                    urls = [f"{kg_url}/{label}/{kind}-{i}/positions?offset={o}"
                            for i, o in fresh[k * each: (k + 1) * each]]
                    rows.append((f"kg /{label}/{{id}}/positions uncached, c={level}", stats(run_phase("load", {
                        "urls": urls, "concurrency": level}), len(urls))))
        finally:
            for process in (kg, ox):
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    process.kill()
    print(f"\n{'target':42} {'requests':>8} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8} {'fail':>5}")
    for name, s in rows:
        print(f"{name:42} {s['count']:8d} {s['p50']:8.2f} {s['p99']:8.2f} {s['rps']:8.0f} {s['failures']:5d}")
    kg_sparql, ox_sparql = rows[4][1], rows[5][1]
    print(f"\n/sparql vs oxigraph serve: p50 {kg_sparql['p50'] / ox_sparql['p50']:.2f}x, "
          f"p99 {kg_sparql['p99'] / ox_sparql['p99']:.2f}x, throughput {ox_sparql['rps'] / kg_sparql['rps']:.2f}x "
          f"(target: within 1.5x); p50 ratio by round: {', '.join(f'{x:.2f}' for x in by_round)}")
    cold = max(rows[0][1]["p50"], rows[2][1]["p50"])
    warm = max(rows[1][1]["p50"], rows[3][1]["p50"])
    alone = max(rows[7][1]["p50"], rows[8][1]["p50"])
    sparql_alone = max(rows[9][1]["p50"], rows[10][1]["p50"])
    print(f"REST p50, worst endpoint: {cold:.2f} ms uncached, {warm:.2f} ms cached, {alone:.2f} ms in-process alone "
          f"(read model; {sparql_alone:.2f} ms through SPARQL)")
    print("target: REST p50 <= 10 ms at 1,000,000 statements")
    first = sum(r[1]["count"] for r in rows[:5])
    print(f"kg server PSS (API process, query workers, readers): {rss_before:.0f} MB after warm-up, "
          f"{rss_after:.0f} MB after "
          f"{first} requests, {rss_again:.0f} MB after {3 * n} more")


if __name__ == "__main__":
    main()
