"""Analysis across sources: claims, disputes and position changes, derived from the statements.

Analysts read ten reports of one story, a denial the next day, and a government that
"softened its stance" a month later. This package puts them together, as findings stored in
the graph beside the statements they rest on:

* :mod:`.claims` groups statements that say the same thing (same actor, position and topic,
  dates close) into a **claim**, counting independent sources: a report repeating another
  outlet's ("Politico reported") counts as that outlet, once.
* :mod:`.disputes` flags **disputes**: conflicting positions for one actor and topic reported
  by different sources at about the same time, and denials against what they deny.
* :mod:`.changes` finds **position changes**: when an actor's position on a topic moved.

:mod:`.derive` reads the statements of the topics an ingest touched (canned SPARQL through
the :class:`~kg.store.base.Store` protocol), derives, and replaces those topics' derived graphs
(``<base>graph/derived/<topic-id>``) in one write: re-deriving is proportional to the topics
touched, deterministic, and independent of ingest order. :func:`kg.ingest.ingest_statements`,
:func:`kg.ingest.ingest_paths` and :func:`kg.ingest.retract` call it after they write (pass
``derive=False`` for bulk loads, then run ``kg derive``).
"""

from __future__ import annotations
