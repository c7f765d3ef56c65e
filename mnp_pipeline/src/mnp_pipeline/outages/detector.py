"""The outage detector's run, as in the seed's CircuitOutageDetector sequence: query the
log system for new logs, find the circuits of the ports they name (EquipmentPort), and
write CircuitOutageEvent rows.

Each batch's link events and its source's cursor are stored in one transaction. Then every
circuit that gained an event has its outages recomputed from all of its stored events
(:func:`.assembly.circuit_outages`) and its CircuitOutageEvent rows brought in line: rows
are identified by circuit and beginOutage (a deterministic UUID), a row whose end or flags
changed is updated and marked for re-evaluation, one no longer found is deleted. The same
logs read twice, or in another order, therefore leave the same rows, ids included.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import delete, func, insert, select, text, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from ..storage.models import CircuitOutageEvent, EquipmentPort, LinkEventRow, LogCursor
from .assembly import FlapRules, Outage, Transition, circuit_outages
from .events import LinkEvent, LinkState, LogRecord
from .formats import LogReader
from .interfaces import normalise_device, normalise_interface, parent_interface
from .sources import LogSource

# CircuitOutageEvent ids are uuid5(circuit, beginOutage) in this namespace.
OUTAGE_NAMESPACE = uuid.UUID("6f1c7d1e-8a53-4f57-9d1e-0c5b3c1a7e42")
_IN_CHUNK = 500
_CIRCUITS_PER_TRANSACTION = 200


def outage_id(circuit: uuid.UUID, outage: Outage) -> uuid.UUID:
    if outage.begin_outage is not None:
        key = f"{circuit}|begin|{outage.begin_outage.isoformat()}"
    else:
        key = f"{circuit}|up-without-down|{outage.end_outage.isoformat()}"
    return uuid.uuid5(OUTAGE_NAMESPACE, key)


class PortMap:
    """EquipmentPort rows, normalised: which circuits an interface of a device carries.

    A log names a device as it calls itself; the inventory may use the full or the short
    name (``rtr1`` / ``rtr1.fra.example.net``): an unknown name is matched by its first
    label when exactly one inventory device shares it. An event on a port also reaches the
    circuits on its sub-interfaces (the port down takes them down); an event on a
    sub-interface reaches only that sub-interface's circuit.
    """

    def __init__(self, ports: Iterable[tuple[str, str, uuid.UUID]]) -> None:
        self.ports: dict[tuple[str, str], set[uuid.UUID]] = defaultdict(set)
        self.children: dict[tuple[str, str], set[uuid.UUID]] = defaultdict(set)
        self.of_circuit: dict[uuid.UUID, set[tuple[str, str]]] = defaultdict(set)
        short: dict[str, set[str]] = defaultdict(set)
        for device, interface, circuit in ports:
            device, interface = normalise_device(device), normalise_interface(interface)
            self.ports[(device, interface)].add(circuit)
            self.of_circuit[circuit].add((device, interface))
            parent = parent_interface(interface)
            if parent is not None:
                self.children[(device, parent)].add(circuit)
            short[device.split(".")[0]].add(device)
        self.devices = {device for device, _ in self.ports}
        self._short = {name: next(iter(full)) for name, full in short.items() if len(full) == 1}

    @classmethod
    def load(cls, session: Session) -> PortMap:
        rows = session.execute(select(EquipmentPort.device, EquipmentPort.interface, EquipmentPort.internal_circuit_id))
        return cls((d, i, c) for d, i, c in rows)

    def device(self, logged: str) -> str:
        """The inventory's name of a device as a log names it (itself when unknown)."""
        if logged in self.devices:
            return logged
        return self._short.get(logged.split(".")[0], logged)

    def circuits(self, device: str, interface: str) -> set[uuid.UUID]:
        key = (device, interface)
        return self.ports.get(key, set()) | self.children.get(key, set())

    def event_ports(self, circuit: uuid.UUID) -> set[tuple[str, str]]:
        """The (device, interface) pairs whose events concern a circuit: its ports, and
        the parents of its sub-interfaces."""
        found = set()
        for device, interface in self.of_circuit.get(circuit, ()):
            found.add((device, interface))
            parent = parent_interface(interface)
            if parent is not None:
                found.add((device, parent))
        return found


@dataclass
class DetectionReport:
    lines_read: int = 0
    link_events: int = 0
    new_events: int = 0
    unmapped: Counter = field(default_factory=Counter)
    circuits: int = 0
    inserted: int = 0
    updated: int = 0
    deleted: int = 0

    def summary(self) -> str:
        return (
            f"read {self.lines_read} lines: {self.link_events} link events, {self.new_events} new; "
            f"{self.circuits} circuits recomputed: {self.inserted} outages inserted, {self.updated} updated, "
            f"{self.deleted} deleted; {len(self.unmapped)} ports with no circuit"
        )


def _insert(session: Session):
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(LinkEventRow).on_conflict_do_nothing()


class OutageDetector:
    def __init__(self, sessions: sessionmaker[Session], *, reader: LogReader | None = None,
                 rules: FlapRules | None = None) -> None:
        self.sessions = sessions
        self.reader = reader or LogReader()
        self.rules = rules or FlapRules()
        markers = self.reader._markers
        self._wanted = (lambda line: markers.search(line) is not None) if markers is not None else (lambda line: False)

    # -- reading -----------------------------------------------------------------------
    def run(self, sources: Sequence[LogSource]) -> DetectionReport:
        """Read what is new in each source, store it, recompute the circuits it touched."""
        report = DetectionReport()
        with self.sessions() as session:
            ports = PortMap.load(session)
        touched: set[uuid.UUID] = set()
        for source in sources:
            for batch in source.batches(self._position, self._wanted):
                report.lines_read += batch.lines_read
                touched |= self._store(batch.records, ports, report, (batch.cursor, batch.position, batch.description))
        self.recompute(touched, report)
        return report

    def receive(self, records: Sequence[LogRecord]) -> DetectionReport:
        """Records from the syslog receiver: store their events, recompute what they touch."""
        report = DetectionReport(lines_read=len(records))
        with self.sessions() as session:
            ports = PortMap.load(session)
        touched = self._store([r for r in records if self._wanted(r.line)], ports, report, None)
        self.recompute(touched, report)
        return report

    def _position(self, key: str) -> dict | None:
        with self.sessions() as session:
            cursor = session.get(LogCursor, key)
            return dict(cursor.position) if cursor is not None else None

    def _store(self, records: Sequence[LogRecord], ports: PortMap, report: DetectionReport,
               cursor: tuple[str, dict, str] | None) -> set[uuid.UUID]:
        rows: dict[str, dict] = {}
        circuits_of: dict[str, set[uuid.UUID]] = {}
        read_at = datetime.now(UTC)
        for record in records:
            event = self.reader.read(record)
            if event is None:
                continue
            report.link_events += 1
            device = ports.device(normalise_device(event.device))
            interface = normalise_interface(event.interface)
            key = event.identity(device, interface)
            if key in rows:
                continue
            rows[key] = _row(key, event, device, interface, record.source, read_at)
            circuits = ports.circuits(device, interface)
            if not circuits:
                report.unmapped[(device, interface)] += 1
            circuits_of[key] = circuits
        touched: set[uuid.UUID] = set()
        with self.sessions() as session, session.begin():
            keys = list(rows)
            existing: set[str] = set()
            for start in range(0, len(keys), _IN_CHUNK):
                chunk = keys[start : start + _IN_CHUNK]
                existing.update(session.scalars(select(LinkEventRow.link_event_id)
                                                .where(LinkEventRow.link_event_id.in_(chunk))))
            new = [rows[k] for k in keys if k not in existing]
            if new:
                # Core, not the ORM's bulk path: these rows need no identity map.
                session.connection().execute(_insert(session), new)
            report.new_events += len(new)
            for row in new:
                touched |= circuits_of[row["link_event_id"]]
            if cursor is not None:
                key, position, description = cursor
                stored = session.get(LogCursor, key)
                if stored is None:
                    session.add(LogCursor(source=key, position=position, description=description))
                else:
                    stored.position, stored.description = position, description
        return touched

    # -- assembling ----------------------------------------------------------------------
    def recompute(self, circuits: Iterable[uuid.UUID] | None = None, report: DetectionReport | None = None
                  ) -> DetectionReport:
        """Bring the CircuitOutageEvent rows of these circuits (default: every circuit with
        a port) in line with their stored events."""
        report = report or DetectionReport()
        with self.sessions() as session:
            ports = PortMap.load(session)
        ordered = sorted(set(ports.of_circuit) if circuits is None else set(circuits))
        # Circuits in groups, one transaction and a few bulk queries each: a commit and a
        # query per circuit would cost a disk flush and a round trip per circuit.
        for start in range(0, len(ordered), _CIRCUITS_PER_TRANSACTION):
            group = ordered[start : start + _CIRCUITS_PER_TRANSACTION]
            with self.sessions() as session, session.begin(), session.no_autoflush:
                if session.get_bind().dialect.name == "postgresql":
                    # Two detectors recomputing one circuit would insert the same ids;
                    # circuits are locked in sorted order, so two runs cannot deadlock.
                    for circuit in group:
                        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": str(circuit)})
                self._recompute_group(session, group, ports, report)
            report.circuits += len(group)
        return report

    def _transitions(self, session: Session, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], list]:
        """The stored events of these (device, interface) pairs."""
        found: dict[tuple[str, str], list] = defaultdict(list)
        pairs = sorted(wanted)
        for start in range(0, len(pairs), _IN_CHUNK):
            query = select(LinkEventRow.device, LinkEventRow.interface, LinkEventRow.layer, LinkEventRow.state,
                           LinkEventRow.admin, LinkEventRow.occurred_at).where(
                tuple_(LinkEventRow.device, LinkEventRow.interface).in_(pairs[start : start + _IN_CHUNK]))
            for device, interface, layer, state, admin, occurred_at in session.execute(query):
                found[(device, interface)].append((layer, Transition(occurred_at, LinkState(state), admin)))
        return found

    def outages_of(self, session: Session, circuit: uuid.UUID, ports: PortMap) -> list[Outage]:
        wanted = ports.event_ports(circuit)
        return self._assemble(wanted, self._transitions(session, wanted))

    def _assemble(self, wanted: set[tuple[str, str]], events: dict[tuple[str, str], list]) -> list[Outage]:
        streams: dict[str, list[Transition]] = defaultdict(list)
        for device, interface in wanted:
            for layer, transition in events.get((device, interface), ()):
                streams[f"{device} {interface} {layer}"].append(transition)
        return circuit_outages(streams, self.rules)

    def _recompute_group(self, session: Session, group: list[uuid.UUID], ports: PortMap,
                         report: DetectionReport) -> None:
        wanted = {circuit: ports.event_ports(circuit) for circuit in group}
        events = self._transitions(session, set().union(*wanted.values()))
        existing: dict[uuid.UUID, CircuitOutageEvent] = {
            row.circuit_outage_event_id: row
            for row in session.scalars(select(CircuitOutageEvent).where(CircuitOutageEvent.internal_circuit_id.in_(group)))
        }
        now = datetime.now(UTC)
        inserts: list[dict] = []
        for circuit in group:
            for outage in self._assemble(wanted[circuit], events):
                row_id = outage_id(circuit, outage)
                values = {
                    "begin_outage": outage.begin_outage,
                    "end_outage": outage.end_outage,
                    "provisional": outage.provisional,
                    "operator_caused": outage.operator_caused,
                    "up_without_down": outage.up_without_down,
                }
                details = {"streams": list(outage.streams)}
                row = existing.pop(row_id, None)
                if row is None:
                    inserts.append({"circuit_outage_event_id": row_id, "internal_circuit_id": circuit,
                                    "evaluated": False, "source_details": details, "detected_at": now, **values})
                elif any(getattr(row, name) != value for name, value in values.items()):
                    for name, value in values.items():
                        setattr(row, name, value)
                    # What the SLA evaluator measured no longer holds.
                    row.evaluated, row.source_details, row.detected_at = False, details, now
                    report.updated += 1
                elif row.source_details != details:
                    row.source_details = details
        if inserts:
            session.connection().execute(insert(CircuitOutageEvent), inserts)
            report.inserted += len(inserts)
        if existing:
            ids = list(existing)
            for row in existing.values():
                session.expunge(row)
            for start in range(0, len(ids), _IN_CHUNK):
                session.execute(delete(CircuitOutageEvent).where(
                    CircuitOutageEvent.circuit_outage_event_id.in_(ids[start : start + _IN_CHUNK])))
            report.deleted += len(ids)


def _row(key: str, event: LinkEvent, device: str, interface: str, source: str, read_at: datetime) -> dict:
    return {
        "link_event_id": key,
        "device": device,
        "interface": interface,
        "layer": str(event.layer),
        "state": str(event.state),
        "admin": event.admin,
        "occurred_at": event.occurred_at,
        "clock": str(event.clock),
        "log_format": event.log_format,
        "source": source[:500],
        "raw": event.raw,
        "read_at": read_at,
    }


def count_link_events(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(LinkEventRow)) or 0
