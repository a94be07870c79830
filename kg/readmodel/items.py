"""A listing item's JSON, written by SQLite while it reads the statement's row.

Why: a page of positions shows up to a few hundred statements, and building each item in
Python (a dict, a model, its validation, its JSON) cost more than the SQL reading it. SQLite's
``json_object`` writes the same bytes pydantic writes for ``api.rest.models.PositionItem``
(same keys in the same order, same escapes; tests hold the two together), in C.

Ids are the part of an IRI after ``{base}{kind}/``, as :meth:`kg.vocab.Iris.kind_and_slug`
finds them; an IRI minted elsewhere is its own id. The base and the prefixes are bound
(:func:`params`), never pasted.
"""

from __future__ import annotations

# What a date field shows: a calendar date's lexical form (YYYY-MM-DD). Anything else (a
# timezone, a year alone, a 30th of February) shows as null, as ``api.rest.items.iso_date`` does.
DATE_GLOB = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"


def date(column: str) -> str:
    # julianday() moves a 30th of February on to March, so the round trip tells a real date; year 0 is none in Python.
    return (f"CASE WHEN {column} GLOB '{DATE_GLOB}' AND date(julianday({column})) = {column} "
            f"AND {column} >= '0001' THEN {column} END")


KINDS = ("statement", "topic", "source", "actor")


def params(base: str) -> dict[str, object]:
    """The values :func:`item` binds: the base, and each kind's prefix and its length."""
    bound: dict[str, object] = {"base": base}
    for kind in KINDS:
        bound[f"{kind}_prefix"] = f"{base}{kind}/"
        bound[f"{kind}_len"] = len(f"{base}{kind}/")
    return bound


def ident(column: str, kind: str) -> str:
    """SQL for the id of the IRI in ``column``, which is usually minted here as a ``kind``: then
    the id is what follows that prefix (three cheap calls); otherwise kind_and_slug's general rule."""
    rest = f"substr({column}, length(:base) + 1)"
    slash = f"instr({rest}, '/')"
    general = (f"CASE WHEN substr({column}, 1, length(:base)) = :base AND {slash} > 0 AND length({rest}) > {slash} "
               f"THEN substr({rest}, {slash} + 1) ELSE {column} END")
    n, prefix = f":{kind}_len", f":{kind}_prefix"
    return (f"CASE WHEN substr({column}, 1, {n}) = {prefix} AND length({column}) > {n} "
            f"THEN substr({column}, {n} + 1) ELSE {general} END")


def item(*, speaker: bool) -> str:
    """SQL for a ``PositionItem``'s JSON from the rows of :data:`JOINS`. With ``speaker``, a
    statement whose actor is not ``:actor`` (a leader speaking for a state) names its speaker."""
    if speaker:
        other = "s.actor <> :actor"
        tail = (f"'speaker', CASE WHEN {other} THEN json_object('id', {ident('s.actor', 'actor')}, "
                f"'label', a.label, 'role', a.role) END, 'via', CASE WHEN {other} THEN 'affiliation' END")
    else:
        tail = "'speaker', NULL, 'via', NULL"
    return (
        f"json_object('statement', {ident('s.iri', 'statement')}, 'iri', s.iri, 'position', p.label, "
        f"'topic', json_object('id', {ident('s.topic', 'topic')}, 'iri', s.topic, 'label', t.label), "
        f"'date', {date('s.date')}, "
        f"'source', json_object('id', {ident('s.source', 'source')}, 'iri', s.source, 'title', src.title, "
        f"'url', src.url, 'publisher', pub.label, 'published', {date('src.published')}), "
        f"'attributed_to', att.label, 'quote', s.quote, {tail})"
    )


# The rows an item needs: a statement counts in a listing only with a labelled actor, position
# and topic, and a source (as the canned query ``statement-rows`` asks).
JOINS = """
JOIN entity a ON a.iri = s.actor AND a.label IS NOT NULL
JOIN entity p ON p.iri = s.position AND p.label IS NOT NULL
JOIN entity t ON t.iri = s.topic AND t.label IS NOT NULL
LEFT JOIN source src ON src.iri = s.source
LEFT JOIN entity pub ON pub.iri = src.publisher
LEFT JOIN entity att ON att.iri = s.attributed
"""

# Written once: the listings put these in their statements as they are.
ITEM = item(speaker=False)
ITEM_WITH_SPEAKER = item(speaker=True)

# The writer's side: ``topic_item`` rows (kg.readmodel.schema) for the statements a listing shows,
# with their items written for the base the model was built for: every statement's, or those in ``restate``.
STORE_ALL = (f"INSERT INTO topic_item (topic, actor, date, iri, position, item) "
             f"SELECT s.topic, s.actor, coalesce(s.date, ''), s.iri, p.label, {ITEM} FROM stmt s {JOINS}"
             "WHERE s.source IS NOT NULL")
STORE_SOME = STORE_ALL + " AND s.iri IN (SELECT s FROM restate)"
# A statement's row goes by its key, read from its stmt row (before that row is replaced).
UNSTORE_SOME = ("DELETE FROM topic_item WHERE (topic, actor, date, iri) IN "
                "(SELECT topic, actor, coalesce(date, ''), iri FROM stmt WHERE iri IN (SELECT s FROM restate))")
