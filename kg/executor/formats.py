"""Result formats of the SPARQL protocol, and writers for solutions that stop at a cap.

pyoxigraph serialises a whole ``QuerySolutions`` or nothing, so it cannot stop at the result
cap; these writers take the solutions one by one and count as they go. When the query's own
``LIMIT`` keeps it within the cap (and within ``worker.NATIVE_ROWS``), the worker lets
pyoxigraph write it (:data:`NATIVE`, several times faster) and counts the rows afterwards
(:func:`count_solutions`). Graph results use pyoxigraph's own serialisers over a counting
iterator, which it accepts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

from pyoxigraph import BlankNode, Literal, NamedNode, QueryResultsFormat, QuerySolutions, RdfFormat, Triple

from kg.errors import QueryLimitExceeded

# format key -> media type; the first of each table is the default.
TABULAR: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH: dict[str, str] = {
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
# Other names clients use for the same formats (SPARQLWrapper sends application/json).
TABULAR_ALIASES = {"application/json": "json", "application/xml": "xml", "text/xml": "xml"}
GRAPH_ALIASES = {"application/x-turtle": "turtle", "text/plain": "nt", "application/xml": "rdfxml"}
RDF_FORMATS: dict[str, RdfFormat] = {
    "turtle": RdfFormat.TURTLE,
    "nt": RdfFormat.N_TRIPLES,
    "jsonld": RdfFormat.JSON_LD,
    "rdfxml": RdfFormat.RDF_XML,
}
# Solution formats pyoxigraph writes itself, and whose rows can be counted exactly afterwards.
NATIVE: dict[str, QueryResultsFormat] = {
    "json": QueryResultsFormat.JSON,
    "xml": QueryResultsFormat.XML,
    "tsv": QueryResultsFormat.TSV,
}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_DIR_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"
Term = NamedNode | BlankNode | Literal | Triple


def capped(items: Iterable, cap: int | None, what: str) -> Iterator:
    """Items until ``cap``; one more is an error, raised before anything past the cap is used."""
    for count, item in enumerate(items, start=1):
        if cap is not None and count > cap:
            raise QueryLimitExceeded(
                f"the query returned more than {cap} {what}; add a LIMIT or narrow it down",
                detail={"limit": "result_cap", "cap": cap},
            )
        yield item


def count_solutions(fmt: str, body: bytes | None, path: str | None) -> int:
    """Rows in a result pyoxigraph wrote in ``fmt`` (a key of :data:`NATIVE`), from memory or a file.

    Exact, whatever the values hold: XML escapes ``<`` in values, TSV escapes line breaks, and
    JSON is parsed.
    """
    if body is None:
        assert path is not None
        with open(path, "rb") as file:
            body = file.read()
    if fmt == "json":
        return len(json.loads(body)["results"]["bindings"])
    if fmt == "xml":
        return body.count(b"<result>")
    return body.count(b"\n") - 1  # tsv: a header line, then one line a row


# ------------------------------------------------------------------ booleans
def write_boolean(value: bool, fmt: str, out: BinaryIO) -> None:
    word = "true" if value else "false"
    if fmt == "json":
        out.write(b'{"head":{},"boolean":' + word.encode() + b"}")
    elif fmt == "xml":
        out.write(b'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                  b"<head/><boolean>" + word.encode() + b"</boolean></sparql>\n")
    else:  # CSV and TSV define no boolean form; a bare word is what common stores send
        out.write(word.encode() + b"\n")


# ------------------------------------------------------------------ solutions
def write_solutions(result: QuerySolutions, fmt: str, out: BinaryIO, cap: int | None) -> int:
    """Serialise solutions in ``fmt`` (a key of :data:`TABULAR`); returns the row count."""
    names = [v.value for v in result.variables]
    rows = capped(result, cap, "rows")
    return {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}[fmt](names, rows, out)


def _json_term(term: Term) -> dict:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, Literal):
        found: dict = {"type": "literal", "value": term.value}
        if term.language:
            found["xml:lang"] = term.language
            if getattr(term, "direction", None):
                found["its:dir"] = str(term.direction)
        elif term.datatype.value != XSD_STRING:
            found["datatype"] = term.datatype.value
        return found
    return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                        "predicate": _json_term(term.predicate),
                                        "object": _json_term(term.object)}}


def _json(names: list[str], rows: Iterable, out: BinaryIO) -> int:
    out.write(b'{"head":{"vars":' + json.dumps(names).encode() + b'},"results":{"bindings":[')
    count = 0
    dumps = json.dumps
    for count, solution in enumerate(rows, start=1):
        binding = {n: _json_term(t) for n in names if (t := solution[n]) is not None}
        out.write((b",\n" if count > 1 else b"\n") + dumps(binding, ensure_ascii=False).encode())
    out.write(b"\n]}}\n")
    return count


def _xml_term(term: Term) -> str:
    if isinstance(term, NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
            f"</predicate><object>{_xml_term(term.object)}</object></triple>")


def _xml(names: list[str], rows: Iterable, out: BinaryIO) -> int:
    head = "".join(f"<variable name={quoteattr(n)}/>" for n in names)
    out.write(f'<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
              f"<head>{head}</head><results>\n".encode())
    count = 0
    for count, solution in enumerate(rows, start=1):
        cells = "".join(f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>"
                        for n in names if (t := solution[n]) is not None)
        out.write(f"<result>{cells}</result>\n".encode())
    out.write(b"</results></sparql>\n")
    return count


def _csv_cell(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, BlankNode):
        text = "_:" + term.value
    elif isinstance(term, NamedNode | Literal):
        text = term.value
    else:
        text = str(term)
    if any(c in text for c in '",\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _csv(names: list[str], rows: Iterable, out: BinaryIO) -> int:
    out.write((",".join(names) + "\r\n").encode())
    count = 0
    for count, solution in enumerate(rows, start=1):
        out.write((",".join(_csv_cell(solution[n]) for n in names) + "\r\n").encode())
    return count


def _tsv(names: list[str], rows: Iterable, out: BinaryIO) -> int:
    out.write(("\t".join("?" + n for n in names) + "\n").encode())
    count = 0
    for count, solution in enumerate(rows, start=1):
        out.write(("\t".join("" if (t := solution[n]) is None else _tsv_term(t) for n in names) + "\n").encode())
    return count


def _tsv_term(term: Term) -> str:
    # str() of a pyoxigraph term is its N-Triples form, which escapes tabs and newlines; a
    # triple term's str() is its three terms alone, without the <<( )>> that TSV readers expect.
    if isinstance(term, Triple):
        return f"<<( {_tsv_term(term.subject)} {_tsv_term(term.predicate)} {_tsv_term(term.object)} )>>"
    return str(term)
