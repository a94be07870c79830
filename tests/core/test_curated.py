"""Curated statement files: good rows load, bad rows name file, line and field."""

from pathlib import Path

import pytest

from kg.curated import parse_text, read_file
from kg.errors import InputError, ValidationError
from kg.model import ActorType, Position

from .conftest import EXAMPLES, write

GOOD = '{"actor": "Hungary", "position": "oppose", "topic": "T", "source_title": "S"}'


def test_sample_file_loads_with_dictionary_defaults() -> None:
    statements = read_file(EXAMPLES / "nato-invitation-resistance.jsonl")
    assert len(statements) == 14
    hungary = statements[2]
    assert hungary.actor.label == "Hungary" and hungary.actor.type == ActorType.STATE
    assert hungary.position == Position.OPPOSE and hungary.attributed_to == "Politico"
    assert hungary.stated_on.isoformat() == "2024-10-24"


def test_csv_uses_the_same_columns_and_blank_cells_are_missing() -> None:
    text = ("actor,actor_type,position,topic,source_url,published,date,confidence\n"
            "Poland,state,SUPPORT,EU accession,https://x.example/a,2024-01-02,,0.5\n")
    [st] = parse_text(text, "f.csv", fmt="csv")
    assert st.position == Position.SUPPORT and st.date is None and st.stated_on.isoformat() == "2024-01-02"
    assert st.confidence == 0.5 and st.source.url == "https://x.example/a"


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        ('{"actor": "A", "position": "maybe", "topic": "T", "source_title": "S"}', "position", "Input should be"),
        ('{"position": "oppose", "topic": "T", "source_title": "S"}', "actor", "Field required"),
        ('{"actor": "A", "position": "oppose", "topic": "T"}', "(row)", "source_url or source_title"),
        ('{"actor": "A", "position": "oppose", "topic": "T", "source_title": "S", "confidence": 2}', "confidence", "less than or equal"),
        ('{"actor": "A", "position": "oppose", "topic": "T", "source_title": "S", "published": "24/10/2024"}', "published", "date"),
        ('{"actor": "A", "position": "oppose", "topic": "T", "source_url": "not a url"}', "source_url", "absolute"),
        ('{"actor": "A", "position": "oppose", "topic": "T", "source_url": "http://a b/"}', "source_url", "IRI"),
        ('{"actor": "A", "position": "oppose", "topic": "T", "source_title": "S", "colour": "red"}', "colour", "Extra inputs"),
        ('{"actor": "A", "actor_wikidata": "Hungary", "position": "oppose", "topic": "T", "source_title": "S"}', "actor_wikidata", "pattern"),
    ],
)
def test_bad_rows_name_file_line_and_field(line: str, field: str, message: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_text(GOOD + "\n\n" + line + "\n", "bad.jsonl", fmt="jsonl")
    text = err.value.message
    assert text.startswith(f"bad.jsonl, line 3, field {field}:"), text
    assert message.lower() in text.lower(), text
    assert err.value.detail["line"] == 3


def test_malformed_files_get_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"line 2: not valid JSON"):
        parse_text(GOOD + "\n{oops\n", "x.jsonl", fmt="jsonl")
    with pytest.raises(ValidationError, match="expected a JSON object"):
        parse_text("[1, 2]\n", "x.jsonl", fmt="jsonl")
    with pytest.raises(ValidationError, match="unknown column"):
        parse_text("actor,stance\nA,B\n", "x.csv", fmt="csv")
    with pytest.raises(ValidationError, match="no statements"):
        parse_text("\n\n", "x.jsonl", fmt="jsonl")
    binary = tmp_path / "b.jsonl"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(InputError, match="not UTF-8"):
        read_file(binary)
    with pytest.raises(InputError, match="cannot read"):
        read_file(tmp_path / "missing.jsonl")


def test_hostile_strings_are_kept_verbatim(tmp_path: Path, store, iris) -> None:
    from kg.ingest import ingest_paths
    from kg.results import rows

    evil = 'x" } ; DROP ALL ; INSERT DATA { <a> <b> "c" } #\n>'
    import json

    path = write(tmp_path / "evil.jsonl", json.dumps(
        {"actor": evil, "position": "oppose", "topic": evil, "source_title": evil, "quote": evil}) + "\n")
    ingest_paths(store, [path], iris)
    [row] = rows(store.query("SELECT ?q WHERE { ?s <https://w3id.org/kg/ns#quote> ?q }"))
    assert row["q"] == evil.strip()
