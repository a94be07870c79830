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

:mod:`.derive` derives per topic and replaces the topic's derived graph
(``<base>graph/derived/<topic-id>``). :func:`kg.ingest.ingest_statements`,
:func:`kg.ingest.ingest_paths` and :func:`kg.ingest.retract` re-derive the topics a write
touches, reading from the store (canned SPARQL through the :class:`~kg.store.base.Store`
protocol) only the reports on those topics that the write keeps, so the cost is proportional
to what the write touches; pass ``derive=False`` for bulk loads, then run ``kg derive``, which
derives every topic from what the store holds. Findings are deterministic and independent of
ingest order.
"""

from __future__ import annotations
