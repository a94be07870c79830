"""Reader processes give the listings the API process would, errors included, and a request given
up half-way never hands its answer to the next one."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from api.readers import Readers
from api.rest.actors import actor_positions
from api.rest.topics import stance_table
from kg.errors import NotFound
from kg.ingest import ingest_paths
from kg.settings import Settings
from kg.store.embedded import EmbeddedStore
from kg.vocab import Iris

from .conftest import BASE, EXAMPLES


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory):
    store = EmbeddedStore.open(tmp_path_factory.mktemp("readers") / "data")
    ingest_paths(store, [EXAMPLES], Iris(BASE))
    yield store
    store.close()


def test_readers_answer_as_the_api_process_does(served: EmbeddedStore) -> None:
    settings = Settings(base_iri=BASE)
    svc = SimpleNamespace(store=served, iris=Iris(BASE), settings=settings)
    calls = [(actor_positions, ("hungary", (), 20, 0)),
             (actor_positions, ("hungary", (("topic", "ukraines-nato-membership"),), 2, 1)),
             (stance_table, ("ukraines-invitation-to-nato", 20, 0)), (stance_table, ("ukraines-nato-membership", 3, 2))]

    async def run() -> None:
        readers = Readers(served.views.path, settings, 2)
        try:
            await readers.start()
            for fn, args in calls:
                kind, body = await readers.answer(fn, args)
                assert body == fn(svc, *args).model_dump_json().encode()
                assert kind is type(fn(svc, *args))
            with pytest.raises(NotFound):
                await readers.answer(actor_positions, ("nobody", (), 20, 0))
            # A request given up while its reader works: the next requests still get their own answers.
            slow = asyncio.ensure_future(readers.answer(stance_table, ("ukraines-invitation-to-nato", 20, 0)))
            await asyncio.sleep(0)
            slow.cancel()
            for _ in range(4):
                kind, body = await readers.answer(actor_positions, ("hungary", (), 20, 0))
                assert body == actor_positions(svc, "hungary", (), 20, 0).model_dump_json().encode()
            assert readers.alive == 2
        finally:
            readers.close()

    # In a thread of its own: another test in this process may have left an event loop running here.
    failures: list[BaseException] = []

    def main() -> None:
        try:
            asyncio.run(run())
        except BaseException as exc:  # noqa: BLE001 (re-raised below, in the test's thread)
            failures.append(exc)

    thread = threading.Thread(target=main)
    thread.start()
    thread.join(120)
    if failures:
        raise failures[0]
