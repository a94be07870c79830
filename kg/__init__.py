"""kg: who stands where on contested questions, as a queryable knowledge graph.

Data flows one way: article text -> statements (:mod:`kg.model`) -> quads (:mod:`kg.rdf`)
-> store (:mod:`kg.store`) -> canned queries (:mod:`kg.queries`) -> HTTP (:mod:`api`).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kg")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+local"

__all__ = ["__version__"]
