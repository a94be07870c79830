"""Synthetic curated statements for benchmarks: realistic shape, deterministic content."""

from __future__ import annotations

import json
import random
from pathlib import Path

POSITIONS = ("support", "oppose", "hesitant", "conditional", "neutral")
OUTLETS = ("Politico", "Reuters", "Associated Press", "Financial Times", "Kyiv Independent", "Le Monde")


def write_statements(path: Path, count: int, *, seed: int = 7, per_source: int = 20) -> Path:
    """``count`` statements over ~count/20 sources, 2,000 actors and 200 topics, as JSONL."""
    rng = random.Random(seed)
    actors = [f"Actor {i}" for i in range(2000)]
    topics = [f"Topic {i}" for i in range(200)]
    with path.open("w", encoding="utf-8") as f:
        for i in range(count):
            source = i // per_source
            row = {
                "actor": rng.choice(actors),
                "actor_type": rng.choice(("person", "state", "organization")),
                "position": rng.choice(POSITIONS),
                "topic": rng.choice(topics),
                "topic_broader": f"Theme {rng.randrange(20)}",
                "source_url": f"https://news.example/{source}",
                "source_title": f"Report number {source}",
                "publisher": rng.choice(OUTLETS),
                "published": f"2024-{1 + source % 12:02d}-{1 + source % 28:02d}",
                "attributed_to": rng.choice(OUTLETS),
                "quote": f"Statement {i}: the actor said something about the topic, in a sentence of typical length.",
                "confidence": round(rng.random(), 2),
            }
            f.write(json.dumps(row) + "\n")
    return path
