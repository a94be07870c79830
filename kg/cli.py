"""The ``kg`` command line. User errors print one line and exit non-zero, never a traceback."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import click
import typer

from kg.errors import InputError, KGError
from kg.settings import Settings, load_settings

app = typer.Typer(
    help="Build and query a knowledge graph of who stands where on contested questions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DataOpt = Annotated[Path | None, typer.Option("--data", help="Store folder (env KG_DATA).", show_default=False)]
BaseOpt = Annotated[str | None, typer.Option("--base-iri", help="Base IRI (env KG_BASE_IRI).", show_default=False)]
TitleOpt = Annotated[str | None, typer.Option(help="Article title (wins over the sidecar).")]
PublisherOpt = Annotated[str | None, typer.Option(help="Article publisher.")]
UrlOpt = Annotated[str | None, typer.Option(help="Article URL.")]
PublishedOpt = Annotated[str | None, typer.Option(help="Publication date, YYYY-MM-DD.")]


def _settings(data: Path | None, base_iri: str | None) -> Settings:
    try:
        return load_settings(data=data, base_iri=base_iri)
    except ValueError as exc:
        raise InputError(f"bad setting: {str(exc).splitlines()[-1].strip()}") from None


def _open(settings: Settings):  # noqa: ANN202 - the Store protocol
    from kg.store import open_store

    return open_store(settings)


def _iris(settings: Settings):  # noqa: ANN202
    from kg.vocab import Iris

    return Iris(settings.base_iri)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Curated .jsonl/.csv files, articles, or folders of them.")],
    data: DataOpt = None,
    base_iri: BaseOpt = None,
    title: TitleOpt = None,
    publisher: PublisherOpt = None,
    url: UrlOpt = None,
    published: PublishedOpt = None,
    derive: Annotated[bool, typer.Option("--derive/--no-derive", help="Re-derive claims, disputes and position "
                                         "changes on the topics touched (for bulk loads: --no-derive, then kg derive).")] = True,
) -> None:
    """Add statements to the store, in one transaction: all files or nothing."""
    from rich.progress import Progress

    from kg.ingest import expand, ingest_paths, ingest_statements

    settings = _settings(data, base_iri)
    overrides = {"title": title, "publisher": publisher, "url": url, "published": published}
    store = _open(settings)
    try:
        if any(overrides.values()):
            report = _ingest_article_with_overrides(store, settings, paths, overrides, ingest_statements, derive)
        else:
            files = expand(paths)
            with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
                report = ingest_paths(store, files, _iris(settings), progress=_BarProgress(bar, len(files)), derive=derive)
    finally:
        store.close()
    typer.echo(f"ingested {report.statements} statements from {report.sources} source(s) "
               f"in {report.files} file(s) into {settings.data}")


class _BarProgress:
    """Files read, then an open-ended bar while the one transaction is written."""

    def __init__(self, bar, files: int) -> None:  # noqa: ANN001 - rich.progress.Progress
        self.bar = bar
        self.task = bar.add_task("reading", total=files)

    def read(self, path: Path) -> None:
        self.bar.update(self.task, advance=1, description=f"read {path.name}")

    def write(self, statements: int) -> None:
        self.bar.update(self.task, total=None, description=f"writing {statements:,} statements")


def _ingest_article_with_overrides(store, settings, paths, overrides, ingest_statements, derive=True):  # noqa: ANN001, ANN202
    from kg.ingest import IngestReport

    if len(paths) != 1:
        raise InputError("--title, --publisher, --url and --published apply to a single article")
    statements = _extract_one(str(paths[0]), overrides)
    report = ingest_statements(store, statements, _iris(settings), method="extracted", derive=derive)
    return IngestReport(1, report.sources, report.statements)


def _extract_one(location: str, overrides: dict[str, str | None]):  # noqa: ANN202
    try:
        from kg.extract import extract as run_extract
        from kg.extract import load_article
    except ImportError as exc:
        raise InputError("article extraction is not available in this build") from exc
    return run_extract(load_article(location, **overrides), analysis=True)


@app.command()
def extract(
    location: Annotated[str, typer.Argument(help="An article: .txt (with NAME.meta.json), .json, .html, or an http(s) URL.")],
    fmt: Annotated[str, typer.Option("--format", help="json or table.")] = "table",
    base_iri: BaseOpt = None,
    title: TitleOpt = None,
    publisher: PublisherOpt = None,
    url: UrlOpt = None,
    published: PublishedOpt = None,
) -> None:
    """Print the statements found in an article, without storing them."""
    import json

    from kg.extract import to_records

    settings = _settings(None, base_iri)
    statements = _extract_one(location, {"title": title, "publisher": publisher, "url": url, "published": published})
    records = to_records(statements, settings.base_iri)
    if fmt == "json":
        typer.echo(json.dumps(records, ensure_ascii=False, indent=1))
    elif fmt == "table":
        _print_records(records)
    else:
        raise InputError(f"unknown format {fmt!r}: choose json or table")


def _print_records(records: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table

    columns = ("actor", "position", "topic", "attributed_to", "date", "confidence", "cue", "quote")
    if any("denied_by" in r for r in records):  # denials: denied_by says the actor does not hold the position
        columns = ("denied_by", *columns)
    table = Table(*columns, show_lines=True)
    for r in records:
        table.add_row(*("" if r.get(c) is None else str(r[c]) for c in columns))
    Console(width=200).print(table)
    typer.echo(f"{len(records)} statement(s)")


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="turtle, trig, nt, nq or jsonld.")] = "turtle",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write (default: stdout).")] = None,
    data: DataOpt = None,
) -> None:
    """Write the whole graph out; quad formats keep each source's named graph."""
    from kg.export import export as run_export
    from kg.export import rdf_format

    rdf_format(fmt)  # a bad format fails before the store is opened
    store = _open(_settings(data, None))
    try:
        if output is None:
            run_export(store, sys.stdout.buffer, fmt)
            sys.stdout.buffer.flush()
        else:
            tmp = output.with_name(output.name + ".partial")
            with tmp.open("wb") as f:
                run_export(store, f, fmt)
            tmp.replace(output)
    finally:
        store.close()


@app.command()
def query(
    text: Annotated[str | None, typer.Argument(help="SPARQL text, or the name of a query in queries/.")] = None,
    file: Annotated[Path | None, typer.Option("-f", "--file", help="Read SPARQL from a file.")] = None,
    param: Annotated[list[str] | None, typer.Option("-p", "--param", help="name=value for a canned query.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
    list_queries: Annotated[bool, typer.Option("--list", help="List the canned queries.")] = False,
    data: DataOpt = None,
    base_iri: BaseOpt = None,
) -> None:
    """Run SPARQL over the union of all graphs: a string, a file, or a canned query by name."""
    from kg import queries
    from kg.results import render

    if list_queries:
        for q in queries.all_queries().values():
            params = " ".join(f"{p.name}={p.type}{'' if p.required else '?'}" for p in q.params)
            typer.echo(f"{q.name:22} {q.title}" + (f"  [{params}]" if params else ""))
        return
    if fmt not in {"table", "json", "csv"}:
        raise InputError(f"unknown format {fmt!r}: choose table, json or csv")
    settings = _settings(data, base_iri)
    values = dict(_split_param(p) for p in param or [])
    if file is not None:
        sparql = _read_text(file)
    elif text is None:
        raise InputError("give a SPARQL string, -f FILE, or a canned query name (see --list)")
    elif not queries.is_name(text):
        sparql = text
    if values and (file is not None or not queries.is_name(text or "")):
        raise InputError("--param only applies to canned queries")
    store = _open(settings)
    try:
        if file is None and queries.is_name(text or ""):  # the store's own version, if its dialect has one
            sparql = queries.get(text or "", store).bind(values, _iris(settings))
        typer.echo(render(store.query(sparql), fmt), nl=False)
    finally:
        store.close()


def _split_param(raw: str) -> tuple[str, str]:
    name, sep, value = raw.partition("=")
    if not sep or not name:
        raise InputError(f"--param {raw!r}: expected name=value")
    return name.strip(), value


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from None


@app.command()
def stats(data: DataOpt = None) -> None:
    """Count actors, topics, statements, sources and triples."""
    from kg import queries
    from kg.results import rows

    settings = _settings(data, None)
    store = _open(settings)
    try:
        counts = next(rows(store.query(queries.get("stats").text)))
        counts["triples"] = len(store)
    finally:
        store.close()
    for name, value in counts.items():
        typer.echo(f"{name:11} {value}")


@app.command()
def validate(
    file: Annotated[Path | None, typer.Argument(help="An RDF file to check instead of the store.")] = None,
    data: DataOpt = None,
) -> None:
    """Check the store (or an RDF file) against the SHACL shapes in ontology/shapes.ttl."""
    from kg.validate import file_graph, store_graph, validate_graph

    if file is not None:
        graph = file_graph(file)
    else:
        store = _open(_settings(data, None))
        try:
            graph = store_graph(store)
        finally:
            store.close()
    report = validate_graph(graph)
    for violation in report.violations:
        typer.echo(str(violation))
    if not report.conforms:
        typer.echo(f"{len(report.violations)} violation(s) in {report.triples} triples", err=True)
        raise typer.Exit(1)
    typer.echo(f"conforms: {report.triples} triples checked")


@app.command()
def derive(data: DataOpt = None, base_iri: BaseOpt = None) -> None:
    """Re-derive claims, disputes and position changes on every topic (after ingest --no-derive)."""
    from kg.analysis.command import run_derive

    typer.echo(run_derive(_settings(data, base_iri)))


@app.command()
def retract(
    source: Annotated[str, typer.Argument(help="The source's id, IRI or URL.")],
    data: DataOpt = None,
    base_iri: BaseOpt = None,
) -> None:
    """Remove one source and its statements, and nothing else."""
    from kg.ingest import retract as run_retract

    settings = _settings(data, base_iri)
    store = _open(settings)
    try:
        graph = run_retract(store, _iris(settings), source)
    finally:
        store.close()
    typer.echo(f"retracted {graph.value}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int | None, typer.Option(
        help="With the embedded store: query worker processes (env KG_QUERY_WORKERS); one server process owns "
             "the store and N workers run SPARQL queries on snapshots, so a query past the time limit can be "
             "stopped. With a remote store (KG_STORE=sparql): N server processes, since none holds any state.",
        show_default=False)] = None,
    timeout: Annotated[float | None, typer.Option(
        help="Seconds a SPARQL query may run (env KG_QUERY_TIMEOUT).", show_default=False)] = None,
    data: DataOpt = None,
    base_iri: BaseOpt = None,
) -> None:
    """Serve the SPARQL endpoint, REST API, linked data and exports over HTTP."""
    import os

    import uvicorn

    try:
        settings = load_settings(data=data, base_iri=base_iri, query_workers=workers, query_timeout=timeout)
    except ValueError as exc:
        raise InputError(f"bad setting: {str(exc).splitlines()[-1].strip()}") from None
    if settings.store == "oxigraph":
        # Open the store once here so that a folder it cannot use (read-only, full, locked by another
        # kg process) is one `error:` line and status 1, as in every other command, not a server traceback.
        _open(settings).close()
    # The app factory reads its settings from the environment: flags win over KG_* variables.
    os.environ.update({"KG_DATA": str(settings.data), "KG_BASE_IRI": settings.base_iri,
                       "KG_QUERY_WORKERS": str(settings.query_workers),
                       "KG_QUERY_TIMEOUT": str(settings.query_timeout)})
    # Over a remote store the service is stateless, so it scales out to N processes on one port.
    processes = (workers or 1) if settings.store == "sparql" else 1
    uvicorn.run("api.app:create_app", factory=True, host=host, port=port, workers=processes)


UpdateOpt = Annotated[str | None, typer.Option(help="Its update URL (env KG_SPARQL_UPDATE_URL).")]
GspOpt = Annotated[str | None, typer.Option(help="Its Graph Store URL (env KG_SPARQL_GSP_URL).")]
DialectOpt = Annotated[str | None, typer.Option(help="generic, oxigraph or virtuoso (env KG_SPARQL_DIALECT).")]


def _stores_for_copy(data, url, update_url, gsp_url, dialect):  # noqa: ANN001, ANN202
    from kg.store import open_store

    local = _settings(data, None)
    try:
        remote = local.model_copy(update={
            k: v for k, v in {"store": "sparql", "sparql_query_url": url, "sparql_update_url": update_url,
                              "sparql_gsp_url": gsp_url, "sparql_dialect": dialect}.items() if v is not None})
        remote = type(local).model_validate(remote.model_dump())
    except ValueError as exc:
        raise InputError(f"bad setting: {str(exc).splitlines()[-1].strip()}") from None
    return open_store(local.model_copy(update={"store": "oxigraph"})), open_store(remote)


def _copy(source, target, verb: str) -> None:  # noqa: ANN001
    from kg.transfer import copy_graphs

    try:
        report = copy_graphs(source, target, lambda g, n: typer.echo(f"{verb} {g.value} ({n} quads)", err=True))
    finally:
        source.close()
        target.close()
    typer.echo(f"{verb} {report.graphs} graph(s), {report.quads} quads")


@app.command()
def push(
    to: Annotated[str | None, typer.Option("--to", help="The remote store's SPARQL query URL.")] = None,
    update_url: UpdateOpt = None,
    gsp_url: GspOpt = None,
    dialect: DialectOpt = None,
    data: DataOpt = None,
) -> None:
    """Copy the embedded store into a remote SPARQL 1.1 store, graph by graph."""
    local, remote = _stores_for_copy(data, to, update_url, gsp_url, dialect)
    _copy(local, remote, "pushed")


@app.command()
def pull(
    source: Annotated[str | None, typer.Option("--from", help="The remote store's SPARQL query URL.")] = None,
    update_url: UpdateOpt = None,
    gsp_url: GspOpt = None,
    dialect: DialectOpt = None,
    data: DataOpt = None,
) -> None:
    """Copy a remote SPARQL 1.1 store's kg graphs into the embedded store."""
    local, remote = _stores_for_copy(data, source, update_url, gsp_url, dialect)
    _copy(remote, local, "pulled")


@app.command("settings")
def show_settings() -> None:
    """Show every setting, its environment variable, current value and meaning."""
    current = _settings(None, None)
    for name, field in Settings.model_fields.items():
        value = getattr(current, name)
        shown = "(set)" if name == "admin_token" and value else value
        typer.echo(f"KG_{name.upper():18} {shown!s:28} {field.description}")


def main() -> None:
    """Entry point: turn our errors into one line on stderr and a non-zero exit."""
    try:
        app(standalone_mode=False)
    except KGError as exc:
        if isinstance(exc.__cause__, BrokenPipeError):
            sys.exit(0)
        typer.echo(f"error: {exc.message}", err=True)
        sys.exit(1)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        typer.echo("aborted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:  # `kg export | head`: the reader left, which is fine
        sys.stderr.close()
        sys.exit(0)


if __name__ == "__main__":
    main()
