"""Analysis benchmark: deriving claims, disputes and position changes, against the ingest itself.

    python bench/bench_analysis.py [--statements 100000] [--article 5] [--repeat 3]

In one process, on the synthetic statements (``bench/synthetic.py``), each ingest into a
fresh store:

1. ``kg ingest --no-derive``: the ingest alone, the yardstick;
2. ``kg ingest`` (derivation on, the default): the ingest derives the findings on every topic
   it touches before it writes, from what the store keeps and what it writes (it reads nothing
   back), and writes them with its statements; 1 and 2 alternate ``--repeat`` times and the
   medians are compared;
3. ``kg derive`` on the store of 1: every topic derived again from what the store holds, the
   cold path after a bulk load with derivation off;
4. one more small article (a new source, ``--article`` statements) ingested into the store
   of 2: only the topics it touches are re-derived.

Target: deriving under 20% of the ingest time, and re-deriving after a new article
proportional to what it touches, not to the whole graph. Wall-clock and CPU times are both
shown: on a busy machine the CPU times compare the phases more fairly.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def small_article(path: Path, statements: int) -> Path:
    """A new source like the synthetic ones: a few statements on a few topics, by known actors."""
    with path.open("w", encoding="utf-8") as f:
        for i in range(statements):
            f.write(json.dumps({
                "actor": f"Actor {17 * i}", "actor_type": "state", "position": ("oppose", "support")[i % 2],
                "topic": f"Topic {3 * i}", "topic_broader": f"Theme {i}",
                "source_url": "https://news.example/one-more", "source_title": "One more report",
                "publisher": "Reuters", "published": "2024-06-15", "attributed_to": "Politico",
                "quote": f"Statement {i} of one more report.",
            }) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--article", type=int, default=5, help="statements in the one more small article")
    parser.add_argument("--repeat", type=int, default=3, help="ingests with and without derivation, alternating")
    ns = parser.parse_args()

    from statistics import median

    from synthetic import write_statements

    import kg.ingest
    from kg.analysis.derive import derive, rederive
    from kg.analysis.read import all_topics
    from kg.ingest import ingest_paths
    from kg.store.embedded import EmbeddedStore
    from kg.vocab import Iris

    iris = Iris("http://localhost:8000/id/")
    contexts = []

    def recording(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - the ingest's own re-derivation, kept
        context = rederive(*args, **kwargs)
        contexts.append(context)
        return context

    kg.ingest.rederive = recording
    runs: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = write_statements(Path(tmp) / "statements.jsonl", ns.statements)
        for n in range(ns.repeat):
            for derived in (False, True):
                store = EmbeddedStore.open(Path(tmp) / f"store-{n}-{derived}")
                started, cpu = time.perf_counter(), time.process_time()
                report = ingest_paths(store, [jsonl], iris, derive=derived)
                runs[derived].append((time.perf_counter() - started, time.process_time() - cpu))
                store.close()
        within = contexts[-1].report

        bulk = EmbeddedStore.open(Path(tmp) / f"store-{ns.repeat - 1}-False")
        quads = len(bulk)
        cpu = time.process_time()
        full = derive(bulk, iris)
        full_cpu = time.process_time() - cpu
        topics = len(all_topics(bulk, iris))
        bulk.close()

        store = EmbeddedStore.open(Path(tmp) / f"store-{ns.repeat - 1}-True")
        article = small_article(Path(tmp) / "one-more.jsonl", ns.article)
        started = time.perf_counter()
        ingest_paths(store, [article], iris)
        article_seconds = time.perf_counter() - started
        incremental = contexts[-1].report
        store.close()

    ingest_seconds, ingest_cpu = (median(r[i] for r in runs[False]) for i in (0, 1))
    derive_seconds, derive_cpu = (median(r[i] for r in runs[True]) for i in (0, 1))

    def row(name: str, seconds: float, cpu: float | None = None) -> None:
        cpu_text = f" {cpu:8.2f} {cpu / ingest_cpu:8.1%}" if cpu is not None else ""
        print(f"{name:66} {seconds:8.2f} {seconds / ingest_seconds:10.1%}{cpu_text}")

    print(f"{report.statements:,} statements, {quads:,} quads, {topics} topics; "
          f"{full.claims:,} claims, {full.disputes:,} disputes, {full.changes:,} position changes, "
          f"{full.quads:,} derived quads; medians of {ns.repeat} ingests each")
    print(f"{'phase':66} {'seconds':>8} {'vs ingest':>10} {'CPU s':>8} {'vs ingest':>8}")
    row("1. ingest, derivation off (kg ingest --no-derive)", ingest_seconds, ingest_cpu)
    row("2. ingest, derivation on (kg ingest)", derive_seconds, derive_cpu)
    row("   2 minus 1: what deriving adds to the ingest", derive_seconds - ingest_seconds, derive_cpu - ingest_cpu)
    row("   of which deriving before the write (last run)", within.seconds)
    row("3. derive every topic from the store (kg derive)", full.seconds, full_cpu)
    row("   of which reading the statements back", full.read_seconds)
    print(f"4. one more article ({ns.article} statements): ingest {article_seconds:.3f} s, of which re-deriving "
          f"{incremental.topics} of {topics} topics ({incremental.statements:,} statements, "
          f"{incremental.statements / max(full.statements, 1):.1%} of the graph) {incremental.seconds:.3f} s = "
          f"{incremental.seconds / full.seconds:.1%} of deriving every topic")
    for name, seconds in (("kg ingest's derivation (2 minus 1)", derive_seconds - ingest_seconds),
                          ("kg derive (3)", full.seconds)):
        verdict = "met" if seconds < 0.2 * ingest_seconds else "missed"
        print(f"target, {name} under 20% of the ingest: {verdict} ({seconds / ingest_seconds:.1%})")


if __name__ == "__main__":
    main()
