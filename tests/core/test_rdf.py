"""The exact triples a statement maps to: the shape every query relies on."""

from datetime import UTC, date, datetime

from pyoxigraph import Quad

from kg.model import Actor, ActorType, Position, Source, Statement, Topic
from kg.rdf import Mapper

from .conftest import BASE

KG = "https://w3id.org/kg/ns#"
STARTED = datetime(2024, 10, 25, 12, 0, tzinfo=UTC)


def _nq(quads: list[Quad]) -> set[str]:
    return {f"{q} ." for q in quads}


def statement() -> Statement:
    return Statement(
        actor=Actor("Hungary", ActorType.STATE, "Q28"),
        position=Position.OPPOSE,
        topic=Topic("Ukraine's invitation to NATO", "Ukraine's NATO membership"),
        source=Source("NATO split", "https://news.example/nato", "Politico", date(2024, 10, 24)),
        attributed_to="Politico",
        quote='Hungary "opposes" it.',
        confidence=0.8,
    )


def test_statement_maps_to_exactly_these_triples(iris) -> None:
    st = statement()
    mapper = Mapper(iris, started=STARTED)
    source_iri, _ = mapper.source(st.source)
    quads = list(mapper.statement(st, source_iri))
    s = f"<{BASE}statement/{st.id}>"
    g = f"<{BASE}source/news-example-nato>"
    activity = f"<{mapper.activity(st.source).value}>"
    assert _nq(quads) == {
        f"{s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{KG}Statement> {g} .",
        f"{s} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/prov#Entity> {g} .",
        f"{s} <{KG}actor> <{BASE}actor/hungary> {g} .",
        f"{s} <{KG}position> <{KG}oppose> {g} .",
        f"{s} <{KG}topic> <{BASE}topic/ukraines-invitation-to-nato> {g} .",
        f"{s} <{KG}source> {g} {g} .",
        f"{s} <http://www.w3.org/ns/prov#wasDerivedFrom> {g} {g} .",
        f"{s} <http://www.w3.org/ns/prov#wasGeneratedBy> {activity} {g} .",
        f'{s} <{KG}confidence> "0.8"^^<http://www.w3.org/2001/XMLSchema#decimal> {g} .',
        f'{s} <{KG}statedOn> "2024-10-24"^^<http://www.w3.org/2001/XMLSchema#date> {g} .',
        f"{s} <{KG}attributedTo> <{BASE}actor/politico> {g} .",
        f'{s} <{KG}quote> "Hungary \\"opposes\\" it." {g} .',
    }


def test_source_actor_and_topic_descriptions(iris) -> None:
    st = statement()
    mapper = Mapper(iris, started=STARTED)
    source_iri, source_quads = mapper.source(st.source)
    list(mapper.statement(st, source_iri))
    g = f"<{BASE}source/news-example-nato>"
    text = _nq(source_quads)
    assert f'{g} <http://purl.org/dc/terms/title> "NATO split" {g} .' in text
    assert f"{g} <http://schema.org/url> <https://news.example/nato> {g} ." in text
    assert f'{g} <http://purl.org/dc/terms/issued> "2024-10-24"^^<http://www.w3.org/2001/XMLSchema#date> {g} .' in text
    assert f"{g} <http://purl.org/dc/terms/publisher> <{BASE}actor/politico> {g} ." in text

    actors = _nq(mapper.actors["hungary"])
    ag = f"<{BASE}graph/actors>"
    h = f"<{BASE}actor/hungary>"
    assert f"{h} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{KG}State> {ag} ." in actors
    assert f'{h} <http://www.w3.org/2004/02/skos/core#prefLabel> "Hungary" {ag} .' in actors
    assert f"{h} <http://www.w3.org/2002/07/owl#sameAs> <http://www.wikidata.org/entity/Q28> {ag} ." in actors

    topic = _nq(mapper.topics["ukraines-invitation-to-nato"])
    tg = f"<{BASE}graph/topics>"
    t = f"<{BASE}topic/ukraines-invitation-to-nato>"
    assert f"{t} <http://www.w3.org/2004/02/skos/core#broader> <{BASE}topic/ukraines-nato-membership> {tg} ." in topic
    assert "ukraines-nato-membership" in mapper.topics  # the broader topic is described too


def test_person_affiliation_links_to_the_state(iris) -> None:
    mapper = Mapper(iris, started=STARTED)
    mapper.actor(Actor("Jane Doe", ActorType.PERSON, affiliation="Hungary", role="Ambassador"))
    quads = _nq(mapper.actors["jane-doe"])
    ag = f"<{BASE}graph/actors>"
    assert f"<{BASE}actor/jane-doe> <{KG}affiliation> <{BASE}actor/hungary> {ag} ." in quads
    assert f'<{BASE}actor/jane-doe> <{KG}role> "Ambassador" {ag} .' in quads
    assert "hungary" in mapper.actors


def test_statement_id_follows_content() -> None:
    a, b = statement(), statement()
    assert a.id == b.id
    changed = Statement(a.actor, Position.SUPPORT, a.topic, a.source, quote=a.quote, attributed_to="Politico")
    assert changed.id != a.id
