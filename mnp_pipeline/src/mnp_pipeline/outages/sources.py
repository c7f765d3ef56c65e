"""Log sources behind one interface, each with a cursor so a run reads only what is new.

A source yields :class:`Batch` es: the records read, and the cursor position after them.
The detector stores a batch's link events and its position in one transaction, so a run
that dies resumes where the last stored batch ended, and reading anything twice is
harmless (events are keyed by a hash of what they report).

* :class:`SyslogFiles` - syslog files, plain or gzipped, live or rotated.
* :class:`JsonLines` - one JSON object per line (the receiver's spool, Logstash, journald).
* :class:`Elasticsearch` - the Elasticsearch / OpenSearch ``_search`` API.

A file's cursor is keyed by a digest of its first line, not by its name: logrotate renames
``net.log`` to ``net.log.1`` and compresses it to ``net.log.2.gz``, and each keeps the
place already read in it, so no rotation re-reads or skips a line.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any, Protocol

import httpx

from .clock import parse_iso
from .events import LogRecord

CHUNK = 4 << 20
PositionOf = Callable[[str], dict | None]
Wanted = Callable[[str], bool]


@dataclass
class Batch:
    cursor: str  # the key of the cursor this batch advances
    position: dict  # the cursor's position after this batch
    records: list[LogRecord]
    lines_read: int  # every line read, wanted or not
    description: str = ""


class LogSource(Protocol):
    name: str

    def batches(self, position_of: PositionOf, wanted: Wanted) -> Iterator[Batch]:
        """Read what follows the stored positions; ``wanted(text)`` is a cheap test that a
        line may report a link change (others need not become records)."""
        ...


def _open(path: Path) -> IO[bytes]:
    with open(path, "rb") as probe:
        compressed = probe.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rb") if compressed else open(path, "rb")


class _LineFiles:
    """Files read line by line from a remembered offset (in uncompressed bytes)."""

    kind = "file"

    def __init__(self, paths: list[Path]) -> None:
        self.paths = [Path(p) for p in paths]
        self.name = f"{self.kind}:" + ",".join(str(p) for p in self.paths)

    def records(self, lines: list[str], path: Path, reference: datetime, wanted: Wanted) -> list[LogRecord]:
        raise NotImplementedError

    def batches(self, position_of: PositionOf, wanted: Wanted) -> Iterator[Batch]:
        for path in self.paths:
            yield from self._read(path, position_of, wanted)

    def _read(self, path: Path, position_of: PositionOf, wanted: Wanted) -> Iterator[Batch]:
        stat = path.stat()
        reference = datetime.fromtimestamp(stat.st_mtime, UTC)
        with _open(path) as handle:
            compressed = isinstance(handle, gzip.GzipFile)
            first = handle.readline()
            if not first.endswith(b"\n") and not compressed:
                return  # not even one whole line yet: nothing to key the cursor by
            key = f"{self.kind}:" + hashlib.sha256(first).hexdigest()[:40]
            offset = int((position_of(key) or {}).get("offset", 0))
            if not compressed and offset > stat.st_size:
                offset = 0  # the same first line, but a shorter file: another file; read it all
            handle.seek(offset)
            leftover = b""
            while True:
                chunk = handle.read(CHUNK)
                data = leftover + chunk
                if not chunk:
                    # A compressed file is complete: its last line counts without a newline;
                    # a live file's unfinished last line waits for the next run.
                    if compressed and data:
                        offset += len(data)
                        lines = data.decode("utf-8", "replace").splitlines()
                        yield Batch(key, {"offset": offset}, self.records(lines, path, reference, wanted),
                                    len(lines), str(path))
                    return
                end = data.rfind(b"\n")
                if end < 0:
                    leftover = data
                    continue
                complete, leftover = data[: end + 1], data[end + 1 :]
                offset += len(complete)
                lines = complete.decode("utf-8", "replace").splitlines()
                yield Batch(key, {"offset": offset}, self.records(lines, path, reference, wanted), len(lines),
                            str(path))


class SyslogFiles(_LineFiles):
    """Syslog files as collectors write them (rsyslog, syslog-ng), gzipped or not."""

    kind = "file"

    def records(self, lines: list[str], path: Path, reference: datetime, wanted: Wanted) -> list[LogRecord]:
        source = str(path)
        return [LogRecord(line, None, reference, None, source) for line in lines if wanted(line)]


_MESSAGE_FIELDS = ("message", "event.original", "log.original", "MESSAGE", "msg")
_TIME_FIELDS = ("received_at", "@timestamp", "timestamp", "time", "__REALTIME_TIMESTAMP")
_HOST_FIELDS = ("log.syslog.hostname", "host.hostname", "host.name", "hostname", "host", "peer", "_HOSTNAME")


def _field(document: dict[str, Any], dotted: str) -> Any:
    if dotted in document:
        return document[dotted]
    value: Any = document
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _first(document: dict[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        value = _field(document, name)
        if value not in (None, ""):
            return value
    return None


def _collector_time(value: Any) -> datetime | None:
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, int | float):
        # journald's __REALTIME_TIMESTAMP is in microseconds; epoch millis otherwise.
        seconds = value / 1_000_000 if value > 10**14 else value / 1000 if value > 10**11 else value
        return datetime.fromtimestamp(seconds, UTC)
    if isinstance(value, str):
        return parse_iso(value)
    return None


def record_from_document(document: dict[str, Any], source: str, reference: datetime | None = None,
                         message_field: str | None = None, time_field: str | None = None) -> LogRecord | None:
    """A log document (a JSON line, an Elasticsearch hit's ``_source``) as a record: its
    message, the collector's time and the sending host, under their usual names (ECS,
    Logstash, journald, the receiver's spool)."""
    message = _field(document, message_field) if message_field else _first(document, _MESSAGE_FIELDS)
    if not isinstance(message, str):
        return None
    stamp = _field(document, time_field) if time_field else _first(document, _TIME_FIELDS)
    host = _first(document, _HOST_FIELDS)
    received = _collector_time(stamp)
    return LogRecord(message, received, received or reference, host if isinstance(host, str) else None, source)


class JsonLines(_LineFiles):
    """One JSON document per line (plain or gzipped)."""

    kind = "jsonl"

    def records(self, lines: list[str], path: Path, reference: datetime, wanted: Wanted) -> list[LogRecord]:
        found = []
        for line in lines:
            if not wanted(line):
                continue
            try:
                document = json.loads(line)
            except ValueError:
                continue  # a torn or foreign line says nothing about links
            if isinstance(document, dict):
                record = record_from_document(document, str(path), reference)
                if record is not None:
                    found.append(record)
        return found


class Elasticsearch:
    """An Elasticsearch or OpenSearch index (pattern), read through ``_search`` in time order.

    Pages are fetched with ``search_after`` on the time field. Documents indexed late (a
    collector's backlog) are caught by starting each run ``lag`` before where the last
    one ended; what is read twice is stored once. Documents sharing one millisecond at a
    page boundary are not lost: the next page starts at that millisecond and skips the
    ids already read. Credentials: ``$MNP_ES_API_KEY``, else ``$MNP_ES_USER`` and
    ``$MNP_ES_PASSWORD``.
    """

    def __init__(self, url: str, index: str, *, query: dict | None = None, time_field: str = "@timestamp",
                 message_field: str | None = None, page_size: int = 1000, lag: timedelta = timedelta(minutes=5),
                 since: datetime | None = None, client: httpx.Client | None = None) -> None:
        self.url, self.index = url.rstrip("/"), index
        self.query, self.time_field, self.message_field = query, time_field, message_field
        self.page_size, self.lag, self.since = page_size, lag, since
        self.name = f"elasticsearch:{self.url}/{index}"
        self._client = client

    def _http(self) -> httpx.Client:
        if self._client is not None:
            return self._client
        headers, auth = {}, None
        if os.environ.get("MNP_ES_API_KEY"):
            headers["Authorization"] = f"ApiKey {os.environ['MNP_ES_API_KEY']}"
        elif os.environ.get("MNP_ES_USER"):
            auth = (os.environ["MNP_ES_USER"], os.environ.get("MNP_ES_PASSWORD", ""))
        self._client = httpx.Client(headers=headers, auth=auth, timeout=60)
        return self._client

    def _search(self, start_ms: int | None, size: int) -> list[dict]:
        filters: list[dict] = [self.query] if self.query else []
        body: dict[str, Any] = {
            "size": size,
            "sort": [{self.time_field: {"order": "asc"}}],
            "query": {"bool": {"filter": filters}},
            "track_total_hits": False,
        }
        if start_ms is not None:
            # search_after is exclusive: one millisecond earlier takes in the boundary's ties.
            body["search_after"] = [start_ms - 1]
        response = self._http().post(f"{self.url}/{self.index}/_search", json=body)
        if response.status_code >= 400:
            raise OSError(f"{self.url}/{self.index}/_search answered {response.status_code}: {response.text[:300]}")
        return response.json()["hits"]["hits"]

    def batches(self, position_of: PositionOf, wanted: Wanted) -> Iterator[Batch]:
        position = position_of(self.name) or {}
        lag_ms = int(self.lag.total_seconds() * 1000)
        if "since_ms" in position:
            start: int | None = int(position["since_ms"]) - lag_ms
        elif self.since is not None:
            start = int(self.since.timestamp() * 1000)
        else:
            start = None
        last_ms = position.get("since_ms")
        seen: set[str] = set()  # ids read at the current boundary millisecond
        size = self.page_size
        while True:
            hits = self._search(start, size)
            fresh = [hit for hit in hits if hit["_id"] not in seen or hit["sort"][0] != start]
            records = []
            for hit in fresh:
                source = hit.get("_source") or {}
                record = record_from_document(source, self.name, None, self.message_field, self.time_field)
                if record is not None and record.received_at is None:
                    record = LogRecord(record.line, datetime.fromtimestamp(hit["sort"][0] / 1000, UTC),
                                       record.reference, record.host, record.source)
                if record is not None and wanted(record.line):
                    records.append(record)
            if hits:
                boundary = hits[-1]["sort"][0]
                at_boundary = {hit["_id"] for hit in hits if hit["sort"][0] == boundary}
                seen = (seen | at_boundary) if boundary == start else at_boundary
                start, last_ms = boundary, boundary
            position = {"since_ms": last_ms} if last_ms is not None else {}
            yield Batch(self.name, position, records, len(fresh), self.name)
            if len(hits) < size:
                return
            if not fresh:
                size *= 2  # a whole page of one millisecond, all read: widen the page
