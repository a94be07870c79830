#!/usr/bin/env python3
"""Extraction throughput and memory, as a ratio to a baseline measured in the same run.

Runs the extractor over the test corpus articles (the shared corpus and our annotated
articles) repeated to N articles, on one core, and prints a small table. The baseline is the
work every extractor must do anyway: splitting into sentences and folding tokens. The target
is >= 50 articles of ~600 words per second, i.e. >= 30,000 words per second.

    python bench/bench_extract.py [--articles 1000]
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract import Article, extract, load_article  # noqa: E402
from kg.extract.sentences import fold_token, split_sentences  # noqa: E402

TARGET_WORDS_PER_SECOND = 50 * 600


def corpus() -> list[Article]:
    folder = ROOT / "tests" / "extract"
    paths = sorted([*folder.glob("corpus/*.txt"), *folder.glob("articles/*.txt")])
    return [load_article(str(p)) for p in paths]


def run(articles: list[Article], work: Callable[[Article], object]) -> float:
    """CPU seconds of this process (one core), so other load on the machine does not count."""
    gc.collect()
    began = time.process_time()
    for article in articles:
        work(article)
    return time.process_time() - began


def baseline(article: Article) -> object:
    """Sentence splitting and token folding only."""
    return [fold_token(t.text) for s in split_sentences(article.text) for t in s.tokens]


def peak_memory(articles: list[Article]) -> int:
    tracemalloc.start()
    for article in articles:
        extract(article)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    base = corpus()
    articles = [base[i % len(base)] for i in range(args.articles)]
    words = sum(len(a.text.split()) for a in articles)
    extract(base[0])  # load dictionaries and compile the lexicon outside the timing
    rows = [("split + fold (baseline)", run(articles, baseline)), ("extract", run(articles, extract))]
    base_seconds = rows[0][1]
    print(f"{len(articles)} articles ({len(base)} distinct), {words / len(articles):.0f} words each on average\n")
    print(f"{'stage':26} {'CPU s':>8} {'articles/s':>11} {'words/s':>10} {'x baseline':>11}")
    for name, seconds in rows:
        print(f"{name:26} {seconds:8.2f} {len(articles) / seconds:11.0f} {words / seconds:10.0f} "
              f"{seconds / base_seconds:11.1f}")
    extract_seconds = rows[1][1]
    per_600 = (words / extract_seconds) / 600
    peak = peak_memory(articles[: min(100, len(articles))])
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"\n~600-word articles per second: {per_600:.0f} (target 50: {'met' if per_600 >= 50 else 'NOT met'})")
    print(f"peak traced memory while extracting 100 articles: {peak / 1e6:.1f} MB; "
          f"process max RSS: {rss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
