"""Query execution with limits: SPARQL runs in worker processes that can be stopped.

:mod:`~kg.executor.lexer` refuses what must not run (updates on the query endpoint, SERVICE
and LOAD); :mod:`~kg.executor.snapshots` gives workers a consistent read-only copy after each
write; :mod:`~kg.executor.pool` runs a query within the time limit and the result cap, and
:mod:`~kg.executor.formats` writes results in the protocol's formats. On a remote store,
:mod:`~kg.executor.direct` sends queries straight to it within the same limits.
"""

from kg.executor.direct import DirectRunner
from kg.executor.pool import NotAcceptable, QueryPool, remove_result
from kg.executor.snapshots import Snapshots
from kg.executor.worker import Job, Outcome

__all__ = ["DirectRunner", "Job", "NotAcceptable", "Outcome", "QueryPool", "Snapshots", "remove_result"]
