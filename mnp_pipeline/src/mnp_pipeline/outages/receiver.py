"""A syslog receiver on UDP and TCP (``mnp syslog-listen``).

UDP: one message per datagram (RFC 5426). TCP: octet-counted frames (``LEN SP MSG``, RFC
6587) or one message per line, told apart frame by frame. Every message is stamped with
the receive time (the collector's clock, preferred over a device's unsynchronised one) and
the sender's address, and handed to a sink in batches: a spool file of JSON lines (read
later by ``mnp detect-outages jsonl``) or the detector itself.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from .events import LogRecord

Sink = Callable[[Sequence[LogRecord]], object]
MAX_MESSAGE = 64 * 1024


class SpoolFile:
    """Appends each record as one JSON line: ``received_at``, ``peer``, ``message``."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def __call__(self, records: Sequence[LogRecord]) -> None:
        with open(self.path, "a", encoding="utf-8") as spool:
            for record in records:
                document = {"received_at": record.received_at.isoformat(), "peer": record.host,
                            "transport": record.source, "message": record.line}
                spool.write(json.dumps(document, ensure_ascii=False) + "\n")


def _record(data: bytes, peer: str | None, transport: str) -> LogRecord | None:
    line = data.decode("utf-8", "replace").rstrip("\r\n\x00")
    if not line:
        return None
    now = datetime.now(UTC)
    return LogRecord(line, now, now, peer, transport)


class SyslogReceiver:
    def __init__(self, sink: Sink, host: str = "0.0.0.0", port: int = 514, *, udp: bool = True, tcp: bool = True,
                 flush_interval: float = 1.0, max_batch: int = 5000) -> None:
        self.sink, self.host, self.port = sink, host, port
        self.udp, self.tcp = udp, tcp
        self.flush_interval, self.max_batch = flush_interval, max_batch
        self.udp_port: int | None = None
        self.tcp_port: int | None = None
        self.received = 0
        self._pending: list[LogRecord] = []
        self._stopping: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.ready = threading.Event()

    def _accept(self, record: LogRecord | None) -> None:
        if record is not None:
            self._pending.append(record)
            self.received += 1

    async def _flush(self) -> None:
        if self._pending:
            batch, self._pending = self._pending, []
            # The sink may write to a database: keep the event loop receiving meanwhile.
            await asyncio.to_thread(self.sink, batch)

    async def _handle_tcp(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peername")
        address = peer[0] if peer else None
        try:
            while True:
                try:
                    head = await reader.readexactly(1)
                except asyncio.IncompleteReadError:
                    return
                if head.isdigit():
                    try:
                        rest = await reader.readuntil(b" ")
                    except asyncio.IncompleteReadError as exc:
                        self._accept(_record(head + exc.partial, address, "tcp"))
                        return
                    digits = (head + rest[:-1])
                    if digits.isdigit() and int(digits) <= MAX_MESSAGE:
                        try:
                            self._accept(_record(await reader.readexactly(int(digits)), address, "tcp"))
                        except asyncio.IncompleteReadError as exc:
                            self._accept(_record(exc.partial, address, "tcp"))
                            return
                        continue
                    head = head + rest  # a line that starts with a digit ("45: *Jan 15 ...")
                try:
                    line = await reader.readuntil(b"\n")
                except asyncio.IncompleteReadError as exc:
                    self._accept(_record(head + exc.partial, address, "tcp"))
                    return
                self._accept(_record(head + line, address, "tcp"))
                if len(self._pending) >= self.max_batch:
                    await self._flush()
        except (ConnectionError, asyncio.LimitOverrunError):
            return
        finally:
            writer.close()

    async def serve(self) -> None:
        """Listen until :meth:`stop`; flush what was received every ``flush_interval``."""
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        receiver = self
        transport = server = None

        class Datagrams(asyncio.DatagramProtocol):
            def datagram_received(self, data: bytes, addr) -> None:
                receiver._accept(_record(data, addr[0], "udp"))

        if self.udp:
            transport, _ = await self._loop.create_datagram_endpoint(Datagrams, local_addr=(self.host, self.port))
            self.udp_port = transport.get_extra_info("sockname")[1]
        if self.tcp:
            try:
                # One port number for both transports, also when the system picks it.
                tcp_port = self.udp_port if self.udp and self.port == 0 else self.port
                server = await asyncio.start_server(self._handle_tcp, self.host, tcp_port, limit=MAX_MESSAGE)
            except OSError:
                if self.port != 0:
                    raise
                server = await asyncio.start_server(self._handle_tcp, self.host, 0, limit=MAX_MESSAGE)
            self.tcp_port = server.sockets[0].getsockname()[1]
        self.ready.set()
        try:
            while not self._stopping.is_set():
                try:
                    await asyncio.wait_for(self._stopping.wait(), self.flush_interval)
                except TimeoutError:
                    pass
                await self._flush()
        finally:
            if transport is not None:
                transport.close()
            if server is not None:
                server.close()
                await server.wait_closed()
            await self._flush()

    def stop(self) -> None:
        """Stop serving (from any thread); what was received is flushed first."""
        if self._loop is not None and self._stopping is not None:
            self._loop.call_soon_threadsafe(self._stopping.set)
