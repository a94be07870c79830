"""Article extraction: text in, :class:`kg.model.Statement` objects out.

A dictionary-and-pattern coder in the tradition of political event coders: actor
dictionaries (:mod:`.gazetteer`), title patterns for people (:mod:`.people`), coreference
(:mod:`.coref`), stance cues (:mod:`.cues`, :mod:`.stance`), attribution patterns
(:mod:`.attribution`), a topic dictionary (:mod:`.topics`) and dates (:mod:`.dates`), tied
together in :mod:`.coder`. Deterministic and offline.
"""

from __future__ import annotations

from functools import cache

from kg.extract.article import Article, is_article_path, load_article
from kg.extract.coder import Coder
from kg.extract.gazetteer import default_gazetteer
from kg.extract.records import to_records
from kg.extract.topics import default_topics
from kg.model import Statement

__all__ = ["Article", "extract", "is_article_path", "load_article", "to_records"]


def extract(article: Article, *, analysis: bool = False) -> list[Statement]:
    """The statements an article makes about who holds which position on what.

    With ``analysis`` (what ingest uses), also what analysis across sources needs: denials of
    reports (statements with ``denied_by``), shifts of position ("softened its opposition") as
    the new position, and outlets cited by name as attributions; see :mod:`.denials`.
    """
    if analysis:
        from kg.extract.denials import code_for_analysis

        return code_for_analysis(_coder(), article.text, article.source)
    return _coder().code(article.text, article.source)


@cache
def _coder() -> Coder:
    """One coder per process: dictionaries are read and indexed once."""
    return Coder(default_gazetteer(), default_topics())


