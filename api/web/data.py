"""What the pages show, assembled from the store: search, stance boards, timelines, the matrix.

Everything here is blocking (call it through ``svc.read``). The REST layer's own functions
give the topic's stance table and the actor's positions, so the pages and the JSON agree; the
search index and the matrix have queries of their own. Values from users reach SPARQL only
as terms built from validated values (dates, enum members, ids), never as pasted text.
"""

from __future__ import annotations

import re
import threading
import time
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pyoxigraph import Literal, NamedNode

from api.deps import Services
from api.rest.actors import actor_detail, actor_positions
from api.rest.analysis import actor_changes, topic_claims, topic_disputes
from api.rest.common import MAX_LIMIT, main_type, slug, split, wikidata_id
from api.rest.models import PositionItem, StanceRow
from api.rest.topics import stance_table, topic_detail
from kg.model import ActorType, Position
from kg.results import rows
from kg.vocab import KG, XSD

POSITIONS: tuple[str, ...] = tuple(p.value for p in Position)  # support .. oppose, by stance
STANCE = {p.value: p.stance for p in Position}
POSITION_TEXT = {
    "support": "In favour.",
    "conditional": "In favour only if conditions are met, or later.",
    "neutral": "Takes no side.",
    "hesitant": "Reluctant, sceptical or wary, short of opposing.",
    "oppose": "Against.",
}
ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,120}$")
PREFIX = """PREFIX kg: <https://w3id.org/kg/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""


def fold(text: str) -> str:
    """Lower case without diacritics, for matching: ``Orbán`` and ``orban`` are the same."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _plain_rows(svc: Services, text: str) -> list[dict[str, Any]]:
    return list(rows(svc.store.query(text)))


# ------------------------------------------------------------------ search
@dataclass(frozen=True, slots=True)
class Entry:
    kind: str  # "actor" or "topic"
    id: str
    label: str
    names: tuple[str, ...]  # label and aliases
    folded: tuple[str, ...]
    detail: str | None  # type, role, broader topic
    statements: int
    type: str | None = None  # an actor's main type

    @property
    def icon(self) -> str:
        return "topic" if self.kind == "topic" else self.type or "other"

    @property
    def href(self) -> str:
        return f"/ui/{self.kind}s/{self.id}"


@dataclass(frozen=True, slots=True)
class Hit:
    entry: Entry
    matched: str  # the name that matched (an alias when the label did not)
    score: int

    def json(self) -> dict[str, Any]:
        e = self.entry
        return {"kind": e.kind, "id": e.id, "label": e.label, "href": e.href, "detail": e.detail, "icon": e.icon,
                "statements": e.statements, "matched": None if self.matched == e.label else self.matched}


ACTOR_INDEX = PREFIX + """
SELECT ?item ?label ?role (GROUP_CONCAT(DISTINCT ?alias; separator="\\u001F") AS ?aliases)
       (GROUP_CONCAT(DISTINCT ?typeName; separator=" ") AS ?types) (COUNT(DISTINCT ?s) AS ?statements)
WHERE {
  ?item a kg:Actor ; skos:prefLabel ?label .
  OPTIONAL { ?item skos:altLabel ?alias }
  OPTIONAL { ?item a ?type . FILTER(?type IN (kg:State, kg:Person, kg:Organization))
             BIND(LCASE(STRAFTER(STR(?type), "#")) AS ?typeName) }
  OPTIONAL { ?item kg:role ?role }
  OPTIONAL { { ?s kg:actor ?item } UNION { ?m kg:affiliation ?item . ?s kg:actor ?m } }
}
GROUP BY ?item ?label ?role
"""
TOPIC_INDEX = PREFIX + """
SELECT ?item ?label ?broaderLabel (GROUP_CONCAT(DISTINCT ?alias; separator="\\u001F") AS ?aliases)
       (COUNT(DISTINCT ?s) AS ?statements)
WHERE {
  ?item a kg:Topic ; skos:prefLabel ?label .
  OPTIONAL { ?item skos:altLabel ?alias }
  OPTIONAL { ?item skos:broader/skos:prefLabel ?broaderLabel }
  OPTIONAL { ?narrower skos:broader* ?item . ?s kg:topic ?narrower }
}
GROUP BY ?item ?label ?broaderLabel
"""


@dataclass
class SearchIndex:
    """Actors and topics by name and alias, rebuilt after a write (or every ``ttl`` seconds)."""

    ttl: float = 60.0
    _entries: list[Entry] = field(default_factory=list)
    _key: tuple[int, float] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def entries(self, svc: Services) -> list[Entry]:
        generation, now = svc.generation, time.monotonic()
        with self._lock:
            if self._key is None or self._key[0] != generation or now - self._key[1] > self.ttl:
                self._entries = self._build(svc)
                self._key = (generation, now)
            return self._entries

    @staticmethod
    def _build(svc: Services) -> list[Entry]:
        found = []
        for kind, text in (("actor", ACTOR_INDEX), ("topic", TOPIC_INDEX)):
            for r in _plain_rows(svc, text):
                ident = slug(svc.iris, r["item"])
                if not ident or not ID.match(ident):
                    continue
                names = (r["label"], *split(r["aliases"]))
                kind_name = main_type(r["types"]) if kind == "actor" else None
                if kind == "actor":
                    detail = ", ".join(x for x in (r["role"], kind_name) if x) or None
                else:
                    detail = f"within {r['broaderLabel']}" if r["broaderLabel"] else "topic"
                found.append(Entry(kind, ident, r["label"], names, tuple(fold(n) for n in names), detail,
                                   int(r["statements"] or 0), kind_name))
        return found

    def search(self, svc: Services, query: str, limit: int = 8, kind: str | None = None) -> list[Hit]:
        words = fold(query).split()
        if not words:
            return []
        hits = []
        for e in self.entries(svc):
            if kind and e.kind != kind:
                continue
            scores = [_score(folded, words) for folded in e.folded]
            best = max(scores)
            if best:  # say which alias matched only when the name itself does not
                matched = e.label if scores[0] else e.names[scores.index(best)]
                hits.append(Hit(e, matched, best + (2 if scores[0] == best else 0)))
        hits.sort(key=lambda h: (-h.score, -min(h.entry.statements, 1), -h.entry.statements, h.entry.label))
        return hits[:limit]


def _score(name: str, words: list[str]) -> int:
    """How well every word of the query matches a name: whole name, a word's start, anywhere."""
    if not all(w in name for w in words):
        return 0
    phrase = " ".join(words)
    if name == phrase:
        return 40
    if name.startswith(phrase):
        return 30
    tokens = re.split(r"[\s\-'’.,()]+", name)
    if all(any(t.startswith(w) for t in tokens) for w in words):
        return 20
    return 10


# ------------------------------------------------------------------ topic page
@dataclass
class Row:
    """One actor on a topic's board: its latest position and what backs it."""

    stance: StanceRow
    position: str
    backing: list[PositionItem]  # the statements holding the latest position
    sources: int  # distinct sources saying so
    first: date | None
    last: date | None
    others: list[str]  # other positions the actor has held on the topic
    narrower: str | None  # label of the narrower topic the latest position is about, if any
    narrower_id: str | None

    @property
    def actor(self):  # noqa: ANN201 - an ActorRef
        return self.stance.actor


def topic_page(svc: Services, ident: str) -> dict[str, Any]:
    detail = topic_detail(svc, ident)
    table = stance_table(svc, ident, MAX_LIMIT, 0)
    board: dict[str, list[Row]] = {p: [] for p in POSITIONS}
    for s in table.items:
        position = s.position if s.position in board else "neutral"
        backing = [h for h in s.history if h.position == position]
        latest = s.history[0] if s.history else None
        dates = sorted(h.date for h in backing if h.date)
        narrower = latest.topic if latest and latest.topic.id != ident else None
        board[position].append(Row(
            stance=s, position=position, backing=backing,
            sources=len({h.source.iri for h in backing}), first=dates[0] if dates else None,
            last=dates[-1] if dates else None,
            others=[p for p in POSITIONS if p != position and any(h.position == p for h in s.history)],
            narrower=narrower.label if narrower else None, narrower_id=narrower.id if narrower else None,
        ))
    for group in board.values():
        group.sort(key=lambda r: fold(r.actor.label))
    ordered = [r for p in POSITIONS for r in board[p]]
    return {"topic": detail, "board": board, "rows": ordered, "total": table.total,
            "counts": {p: len(board[p]) for p in POSITIONS},
            "claims": topic_claims(svc, ident, None, None, 1, MAX_LIMIT, 0).items,
            "disputes": topic_disputes(svc, ident, None, MAX_LIMIT, 0).items}


# ------------------------------------------------------------------ actor page
def actor_page(svc: Services, ident: str) -> dict[str, Any]:
    detail = actor_detail(svc, ident)
    positions = actor_positions(svc, ident, (), MAX_LIMIT, 0)
    by_topic: dict[str, list[PositionItem]] = defaultdict(list)
    labels: dict[str, str] = {}
    for item in positions.items:
        by_topic[item.topic.id].append(item)
        labels[item.topic.id] = item.topic.label
    latest = {t: items[0].position for t, items in by_topic.items()}
    topics = sorted(by_topic, key=lambda t: (-len(by_topic[t]), fold(labels[t])))
    return {"actor": detail, "items": positions.items, "total": positions.total, "by_topic": by_topic,
            "topics": [(t, labels[t], latest[t]) for t in topics],
            "leaders": sum(1 for i in positions.items if i.via == "affiliation"),
            "counts": Counter(i.position for i in positions.items),
            "changes": actor_changes(svc, ident, None, MAX_LIMIT, 0).items}


# ------------------------------------------------------------------ matrix
@dataclass(frozen=True, slots=True)
class MatrixFilter:
    type: ActorType | None = None
    since: date | None = None
    until: date | None = None

    def params(self) -> dict[str, str]:
        found = {"type": self.type.value if self.type else None,
                 "since": self.since.isoformat() if self.since else None,
                 "until": self.until.isoformat() if self.until else None}
        return {k: v for k, v in found.items() if v}


MATRIX = PREFIX + """
SELECT ?actor ?actorLabel ?topic ?topicLabel ?date ?position ?statement ?count
WHERE {
  {
    SELECT ?actor ?topic (MAX(?d) AS ?date) (COUNT(?s) AS ?count)
    WHERE {
      ?s kg:actor ?actor ; kg:topic ?topic .
      OPTIONAL { ?s kg:statedOn ?d }
      #FILTERS#
    }
    GROUP BY ?actor ?topic
  }
  ?statement kg:actor ?actor ; kg:topic ?topic ; kg:position ?pos .
  OPTIONAL { ?statement kg:statedOn ?sd }
  FILTER((!BOUND(?date) && !BOUND(?sd)) || ?sd = ?date)
  ?pos skos:prefLabel ?position .
  ?actor skos:prefLabel ?actorLabel .
  ?topic skos:prefLabel ?topicLabel .
}
ORDER BY ?actor ?topic ?statement
"""
ACTOR_TYPES = PREFIX + """
SELECT ?actor (GROUP_CONCAT(DISTINCT ?typeName; separator=" ") AS ?types)
WHERE {
  ?s kg:actor ?actor .
  ?actor a ?type . FILTER(?type IN (kg:State, kg:Person, kg:Organization))
  BIND(LCASE(STRAFTER(STR(?type), "#")) AS ?typeName)
}
GROUP BY ?actor
"""


@dataclass
class Matrix:
    actors: list[dict[str, Any]]  # id, label, type
    topics: list[dict[str, Any]]  # id, label
    cells: dict[tuple[str, str], dict[str, Any]]  # (actor id, topic id) -> position, date, count
    filters: MatrixFilter

    def csv_rows(self) -> list[list[str]]:
        out = [["actor", "actor_type", *(t["label"] for t in self.topics)]]
        for a in self.actors:
            out.append([a["label"], a["type"] or "", *(self.cells.get((a["id"], t["id"]), {}).get("position", "")
                                                        for t in self.topics)])
        return out


def matrix(svc: Services, filters: MatrixFilter) -> Matrix:
    clauses = []
    if filters.since:
        since = Literal(filters.since.isoformat(), datatype=NamedNode(XSD + "date"))
        clauses.append(f"FILTER(BOUND(?d) && ?d >= {since})")
    if filters.until:
        until = Literal(filters.until.isoformat(), datatype=NamedNode(XSD + "date"))
        clauses.append(f"FILTER(BOUND(?d) && ?d <= {until})")
    if filters.type:
        clauses.append(f"?actor a {NamedNode(KG + filters.type.value.capitalize())} .")
    text = MATRIX.replace("#FILTERS#", "\n      ".join(clauses))
    types = {r["actor"]: main_type(r["types"]) for r in _plain_rows(svc, ACTOR_TYPES)}
    actors: dict[str, dict[str, Any]] = {}
    topics: dict[str, dict[str, Any]] = {}
    cells: dict[tuple[str, str], dict[str, Any]] = {}
    per_topic: Counter[str] = Counter()
    for r in _plain_rows(svc, text):
        a, t = slug(svc.iris, r["actor"]), slug(svc.iris, r["topic"])
        if (a, t) in cells:  # several statements on the latest date: the first, as the stance table
            continue
        actors.setdefault(a, {"id": a, "label": r["actorLabel"], "type": types.get(r["actor"])})
        topics.setdefault(t, {"id": t, "label": r["topicLabel"]})
        cells[(a, t)] = {"position": r["position"], "date": r["date"], "count": int(r["count"])}
        per_topic[t] += 1
    order = {"state": 0, "organization": 1, "person": 2, None: 3}
    return Matrix(
        actors=sorted(actors.values(), key=lambda x: (order.get(x["type"], 3), fold(x["label"]))),
        topics=sorted(topics.values(), key=lambda x: (-per_topic[x["id"]], fold(x["label"]))),
        cells=cells, filters=filters,
    )


# ------------------------------------------------------------------ home
HOME_TOPICS = PREFIX + """
SELECT ?topic ?label ?broader (COUNT(DISTINCT ?s) AS ?statements) (COUNT(DISTINCT ?actor) AS ?actors)
WHERE {
  ?topic a kg:Topic ; skos:prefLabel ?label .
  OPTIONAL { ?topic skos:broader ?broader }
  OPTIONAL { ?narrower skos:broader* ?topic . ?s kg:topic ?narrower ; kg:actor ?actor }
}
GROUP BY ?topic ?label ?broader
"""
HOME_POSITIONS = PREFIX + """
SELECT ?topic ?position (COUNT(DISTINCT ?s) AS ?n)
WHERE { ?s kg:topic ?topic ; kg:position/skos:prefLabel ?position . }
GROUP BY ?topic ?position
"""


def home(svc: Services) -> dict[str, Any]:
    """Topics as a tree (broader first), each with its mix of positions, and the busiest actors."""
    found = _plain_rows(svc, HOME_TOPICS)
    mix: dict[str, Counter[str]] = defaultdict(Counter)
    for r in _plain_rows(svc, HOME_POSITIONS):
        mix[r["topic"]][r["position"]] += int(r["n"])
    children: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    iris = {r["topic"] for r in found}
    for r in found:
        parent = r["broader"] if r["broader"] in iris else None
        children[parent].append(r)
    tree: list[dict[str, Any]] = []

    def walk(parent: str | None, depth: int, seen: frozenset[str]) -> None:
        for r in sorted(children.get(parent, []), key=lambda x: (-int(x["statements"]), fold(x["label"]))):
            if r["topic"] in seen:
                continue
            tree.append({"id": slug(svc.iris, r["topic"]), "label": r["label"], "depth": depth,
                         "statements": int(r["statements"]), "actors": int(r["actors"]),
                         "mix": [(p, mix[r["topic"]][p]) for p in POSITIONS if mix[r["topic"]][p]]})
            walk(r["topic"], depth + 1, seen | {r["topic"]})

    walk(None, 0, frozenset())
    return {"topics": tree}


def top_actors(index: SearchIndex, svc: Services, limit: int = 24) -> list[Entry]:
    actors = [e for e in index.entries(svc) if e.kind == "actor" and e.statements]
    return sorted(actors, key=lambda e: (-e.statements, fold(e.label)))[:limit]


def wikidata_url(qid: str | None) -> str | None:
    qid = wikidata_id(qid)
    return f"https://www.wikidata.org/wiki/{qid}" if qid and re.fullmatch(r"Q[1-9][0-9]*", qid) else None
