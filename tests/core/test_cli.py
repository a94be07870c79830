"""The kg command end to end, in a subprocess, as a user runs it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLES, write


def kg(*args: str, data: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "KG_DATA": str(data), **env}
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True,
                          env=environment, timeout=120)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return tmp_path / "data"


def test_ingest_query_stats_export_validate(data: Path, tmp_path: Path) -> None:
    result = kg("ingest", str(EXAMPLES), data=data)
    assert result.returncode == 0, result.stderr
    assert "ingested 14 statements from 1 source(s)" in result.stdout

    result = kg("query", "positions-on-topic", "-p", "topic=ukraines-invitation-to-nato",
                "-p", "position=oppose", "--format", "json", data=data)
    assert result.returncode == 0, result.stderr
    assert {"United States", "Germany", "Hungary", "Slovakia"} <= {r["actorLabel"] for r in json.loads(result.stdout)}

    stats = kg("stats", data=data).stdout
    assert "statements  14" in stats and "sources     1" in stats
    again = kg("ingest", str(EXAMPLES), data=data)
    assert again.returncode == 0 and kg("stats", data=data).stdout == stats

    out = tmp_path / "graph.ttl"
    assert kg("export", "--format", "turtle", "-o", str(out), data=data).returncode == 0
    assert out.read_text().startswith("@prefix")
    assert kg("validate", data=data).stdout.startswith("conforms:")

    csv_out = kg("query", "SELECT ?n WHERE { VALUES ?n { 1 2 } }", "--format", "csv", data=data).stdout
    assert csv_out.splitlines() == ["n", "1", "2"]
    listing = kg("query", "--list", data=data).stdout
    assert "positions-on-topic" in listing and "topic=topic" in listing


def test_a_bad_csv_fails_with_file_line_and_field_and_stores_nothing(data: Path, tmp_path: Path) -> None:
    assert kg("ingest", str(EXAMPLES), data=data).returncode == 0
    before = kg("stats", data=data).stdout
    bad = write(tmp_path / "bad.csv", "actor,position,topic,source_title\nFrance,support,X,S\nItaly,against,X,S\n")
    result = kg("ingest", str(bad), data=data)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"error: {bad}, line 3, field position: Input should be 'support', 'conditional', "
        "'neutral', 'hesitant' or 'oppose'")
    assert "Traceback" not in result.stderr
    assert kg("stats", data=data).stdout == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ingest", "/no/such/file.jsonl"), "error: /no/such/file.jsonl: no such file or folder"),
        (("query", "SELECT * WHERE { ?s ?p }"), "error: error at 1:"),
        (("query", "no-such-query-name-at-all"), "error: error at 1:1"),
        (("query", "positions-on-topic"), "error: query 'positions-on-topic' needs the parameter 'topic'"),
        (("export", "--format", "docx"), "error: unknown export format 'docx'"),
        (("retract", "nothing-here"), "error: no source 'nothing-here' in the store"),
        (("validate", "/no/such.ttl"), "error: /no/such.ttl: cannot parse"),
    ],
)
def test_user_errors_are_one_line_and_non_zero(data: Path, args: tuple[str, ...], message: str) -> None:
    result = kg(*args, data=data)
    assert result.returncode != 0
    assert result.stderr.startswith(message), result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_retract_and_settings(data: Path, tmp_path: Path) -> None:
    other = write(tmp_path / "o.jsonl", '{"actor": "France", "position": "support", "topic": "T", '
                                        '"source_url": "https://news.example/a"}\n')
    assert kg("ingest", str(EXAMPLES), str(other), data=data).returncode == 0
    result = kg("retract", "https://news.example/a", data=data)
    assert result.returncode == 0 and result.stdout.startswith("retracted http://localhost:8000/id/source/")
    assert "sources     1" in kg("stats", data=data).stdout
    settings = kg("settings", data=data, KG_ADMIN_TOKEN="secret-value").stdout
    assert "KG_DATA" in settings and "KG_QUERY_TIMEOUT" in settings and "secret-value" not in settings


def test_bad_settings_are_reported_not_raised(data: Path) -> None:
    result = kg("stats", data=data, KG_BASE_IRI="ftp://nope")
    assert result.returncode == 1 and result.stderr.startswith("error: bad setting"), result.stderr
