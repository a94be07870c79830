"""The read model's tables, which RDF facts feed them, and the SQL that turns facts into rows.

Rows hold term values (an IRI's text, a literal's lexical form), as the canned queries' rows do,
so a listing built from either is the same. Rows of one kind exist for every subject with a
fact of that kind, complete or not; each listing asks for what its canned query requires (a
statement needs an actor, a topic and a source to count in a stance table), so a subject that
gains its missing fact later needs no special case.
"""

from __future__ import annotations

from pyoxigraph import NamedNode

from kg.vocab import DCTERMS, KG, OWL, RDF, SCHEMA, SKOS

# What each interesting predicate is called in the facts table; one fact per (subject, code, value).
PREDICATES: dict[str, str] = {
    KG + "actor": "actor", KG + "position": "position", KG + "topic": "topic", KG + "source": "source",
    KG + "statedOn": "date", KG + "attributedTo": "attributed", KG + "quote": "quote",
    SKOS + "prefLabel": "label", KG + "role": "role", OWL + "sameAs": "wikidata",
    KG + "affiliation": "affiliation", SKOS + "broader": "broader",
    DCTERMS + "title": "title", SCHEMA + "url": "url", DCTERMS + "publisher": "publisher",
    DCTERMS + "issued": "published",
}
TYPE = RDF + "type"
# rdf:type is interesting only for these classes (every statement is also a kg:Statement: not a fact here).
TYPES: dict[str, str] = {KG + "Actor": "Actor", KG + "Topic": "Topic", KG + "State": "state",
                         KG + "Person": "person", KG + "Organization": "organization"}
PREDICATE_NODES = tuple(NamedNode(p) for p in PREDICATES)
TYPE_NODE = NamedNode(TYPE)
TYPE_NODES = tuple(NamedNode(t) for t in TYPES)

STATEMENT_FIELDS = ("actor", "position", "topic", "source", "date", "attributed", "quote")
ENTITY_FIELDS = ("label", "role", "wikidata")
SOURCE_FIELDS = ("title", "url", "publisher", "published")

# Keyed tables are WITHOUT ROWID: a lookup by IRI is one B-tree search, not an index's and then the table's.
TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stmt (
  iri TEXT PRIMARY KEY, actor TEXT, position TEXT, topic TEXT, source TEXT, date TEXT, attributed TEXT, quote TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS stmt_by_actor ON stmt (actor, date DESC, iri);
-- The statements that show a label or a source: the items to write again when it changes.
CREATE INDEX IF NOT EXISTS stmt_by_topic ON stmt (topic);
CREATE INDEX IF NOT EXISTS stmt_by_position ON stmt (position);
CREATE INDEX IF NOT EXISTS stmt_by_source ON stmt (source);
CREATE INDEX IF NOT EXISTS stmt_by_attributed ON stmt (attributed);
-- Each statement a listing shows, with its item's JSON written when the data change, not when read
-- (kg.readmodel.items): a stance table's history is one range of it, by topic and actor. ``date`` is
-- '' where the statement has none (a key is never null; '' sorts where NULL would, before any date).
CREATE TABLE IF NOT EXISTS topic_item (
  topic TEXT, actor TEXT, date TEXT, iri TEXT, position TEXT, item TEXT,
  PRIMARY KEY (topic, actor, date DESC, iri)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS entity (
  iri TEXT PRIMARY KEY, label TEXT, role TEXT, wikidata TEXT, kinds TEXT, is_actor INTEGER, is_topic INTEGER
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS source (
  iri TEXT PRIMARY KEY, title TEXT, url TEXT, publisher TEXT, published TEXT) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS source_by_publisher ON source (publisher);
CREATE TABLE IF NOT EXISTS affiliation (org TEXT, member TEXT, PRIMARY KEY (org, member)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS affiliation_by_member ON affiliation (member);
CREATE TABLE IF NOT EXISTS broader (narrower TEXT, broader TEXT, PRIMARY KEY (narrower, broader)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS broader_by_broader ON broader (broader);
-- The stance table of every topic, narrower topics included: one row per (topic, actor).
CREATE TABLE IF NOT EXISTS stance (
  topic TEXT, actor TEXT, latest TEXT, statements INTEGER, sources INTEGER, PRIMARY KEY (topic, actor)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS stance_order ON stance (topic, latest DESC, actor, statements, sources);
-- How many rows each topic's stance table has: a page's total without counting thousands of rows.
CREATE TABLE IF NOT EXISTS stance_total (topic TEXT PRIMARY KEY, actors INTEGER) WITHOUT ROWID;
"""
DATA_TABLES = ("stmt", "entity", "source", "affiliation", "broader", "stance", "stance_total", "topic_item")

# The writer's scratch table: facts of the subjects being (re)computed.
FACTS = "CREATE TEMP TABLE IF NOT EXISTS facts (s TEXT, p TEXT, o TEXT)"
FACTS_INDEX = "CREATE INDEX IF NOT EXISTS temp.facts_by_s ON facts (s, p)"


def _pick(fields: tuple[str, ...]) -> str:
    # One value per field when a subject has several (the store may hold data from many hands): the least.
    return ", ".join(f"MIN(CASE WHEN p = '{f}' THEN o END)" for f in fields)


def _in(fields: tuple[str, ...]) -> str:
    return ", ".join(f"'{f}'" for f in fields)


# Rows from the facts table; every statement selects all subjects in ``facts``.
DERIVE = (
    f"INSERT INTO stmt (iri, {', '.join(STATEMENT_FIELDS)}) SELECT s, {_pick(STATEMENT_FIELDS)} "
    f"FROM facts WHERE p IN ({_in(STATEMENT_FIELDS)}) GROUP BY s",
    f"INSERT INTO entity (iri, {', '.join(ENTITY_FIELDS)}, kinds, is_actor, is_topic) "
    f"SELECT s, {_pick(ENTITY_FIELDS)}, "
    "REPLACE(GROUP_CONCAT(DISTINCT CASE WHEN p = 'type' AND o IN ('state', 'person', 'organization') THEN o END), "
    "',', ' '), "
    "MAX(p = 'type' AND o = 'Actor'), MAX(p = 'type' AND o = 'Topic') "
    f"FROM facts WHERE p IN ({_in(ENTITY_FIELDS)}, 'type') GROUP BY s",
    f"INSERT INTO source (iri, {', '.join(SOURCE_FIELDS)}) SELECT s, {_pick(SOURCE_FIELDS)} "
    f"FROM facts WHERE p IN ({_in(SOURCE_FIELDS)}) GROUP BY s",
    "INSERT OR IGNORE INTO affiliation (org, member) SELECT o, s FROM facts WHERE p = 'affiliation'",
    "INSERT OR IGNORE INTO broader (narrower, broader) SELECT s, o FROM facts WHERE p = 'broader'",
)

# Every topic with its ancestors (itself included, as skos:broader* does), over the statements' topics.
_UP = ("WITH RECURSIVE up (topic, anc) AS (SELECT DISTINCT topic, topic FROM stmt WHERE topic IS NOT NULL "
       "UNION SELECT up.topic, b.broader FROM up JOIN broader b ON b.narrower = up.anc) ")
STANCE_ALL = (
    _UP + "INSERT INTO stance (topic, actor, latest, statements, sources) "
    "SELECT up.anc, s.actor, MAX(s.date), COUNT(*), COUNT(DISTINCT s.source) FROM stmt s JOIN up ON up.topic = s.topic "
    "WHERE s.actor IS NOT NULL AND s.source IS NOT NULL GROUP BY up.anc, s.actor"
)
TOTALS_ALL = "INSERT INTO stance_total (topic, actors) SELECT topic, COUNT(*) FROM stance GROUP BY topic"
TOTAL_ONE = ("INSERT INTO stance_total (topic, actors) SELECT ?1, COUNT(*) FROM stance WHERE topic = ?1 "
             "HAVING COUNT(*) > 0")
# A topic and its narrower topics, transitively (skos:broader*), bound as the first parameter.
DOWN = ("WITH RECURSIVE down (t) AS (SELECT ? UNION SELECT b.narrower FROM broader b JOIN down ON b.broader = down.t) ")
UP = ("WITH RECURSIVE up (t) AS (SELECT ? UNION SELECT b.broader FROM broader b JOIN up ON b.narrower = up.t) ")
STANCE_ONE = (
    DOWN + "INSERT INTO stance (topic, actor, latest, statements, sources) "
    "SELECT ?, ?, MAX(date), COUNT(*), COUNT(DISTINCT source) FROM stmt "
    "WHERE topic IN (SELECT t FROM down) AND actor = ? AND source IS NOT NULL HAVING COUNT(*) > 0"
)
