"""Stream what a blocking writer produces (a store dump, a serialiser) without holding it all.

The writer runs in a thread and hands chunks through a small bounded queue; if the client
goes away the writer's next write fails and the thread ends.
"""

from __future__ import annotations

import io
import queue
import threading
from collections.abc import AsyncIterator, Callable
from typing import BinaryIO

import anyio

CHUNK = 64 * 1024
_DONE = object()


class _Pipe(io.RawIOBase):
    def __init__(self, chunks: queue.Queue, stop: threading.Event) -> None:
        self.chunks = chunks
        self.stop = stop
        self.pending = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        self.pending += data
        if len(self.pending) >= CHUNK:
            self._put(bytes(self.pending))
            self.pending.clear()
        return len(data)

    def _put(self, item: object) -> None:
        while not self.stop.is_set():
            try:
                self.chunks.put(item, timeout=0.5)
                return
            except queue.Full:
                continue
        raise BrokenPipeError("the client went away")

    def finish(self) -> None:
        if self.pending:
            self._put(bytes(self.pending))


async def stream_writer(write: Callable[[BinaryIO], None]) -> AsyncIterator[bytes]:
    """Chunks of whatever ``write(output)`` writes, as an async iterator for a response."""
    chunks: queue.Queue = queue.Queue(maxsize=8)
    stop = threading.Event()
    pipe = _Pipe(chunks, stop)
    failure: list[BaseException] = []

    def run() -> None:
        try:
            write(pipe)  # type: ignore[arg-type]
            pipe.finish()
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer
            failure.append(exc)
        finally:
            if not stop.is_set():
                chunks.put(_DONE)

    thread = threading.Thread(target=run, name="kg-stream", daemon=True)
    thread.start()
    try:
        while True:
            item = await anyio.to_thread.run_sync(chunks.get)
            if item is _DONE:
                break
            yield item  # type: ignore[misc]
        if failure and not isinstance(failure[0], BrokenPipeError):
            raise failure[0]
    finally:
        stop.set()
        while not chunks.empty():  # unblock a writer waiting on a full queue
            chunks.get_nowait()


async def first_chunk(stream: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    """Start the stream now, so an error before the first byte is still a proper error status."""
    try:
        head = await stream.__anext__()
    except StopAsyncIteration:
        head = b""

    async def rest() -> AsyncIterator[bytes]:
        if head:
            yield head
        async for chunk in stream:
            yield chunk

    return rest()
