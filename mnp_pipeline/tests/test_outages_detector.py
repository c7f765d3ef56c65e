"""The detector's run on both databases: sources with cursors, port mapping, rows that
are the same however and however often the logs are read."""

from __future__ import annotations

import gzip
import json
import os
import random
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from outage_logs import RECEIVED, utc
from sqlalchemy import delete, func, select, update

from mnp_pipeline.inventory import import_file
from mnp_pipeline.outages.assembly import FlapRules
from mnp_pipeline.outages.clock import TimeSettings
from mnp_pipeline.outages.detector import OutageDetector
from mnp_pipeline.outages.formats import LogReader
from mnp_pipeline.outages.sources import Elasticsearch, JsonLines, SyslogFiles
from mnp_pipeline.storage.models import Circuit, CircuitOutageEvent, LinkEventRow, LogCursor

DATA = Path(__file__).parent / "data" / "elasticsearch"

# WAN-1 has a Cisco A end and a Junos B end (3 s apart); WAN-2 rides a sub-interface.
CUT = [
    "Mar 14 09:15:02 rtr-a 2231: Mar 14 09:15:02.117 UTC: %LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to down",
    "Mar 14 09:15:03 rtr-a 2232: Mar 14 09:15:03.120 UTC: %LINEPROTO-5-UPDOWN: Line protocol on Interface GigabitEthernet0/1, changed state to down",
    "Mar 14 09:15:05 mx-b.example.net mib2d[1834]: SNMP_TRAP_LINK_DOWN: ifIndex 5, ifAdminStatus up(1), ifOperStatus down(2), ifName ge-0/0/7",
    "Mar 14 09:25:02 rtr-a 2240: Mar 14 09:25:02.000 UTC: %LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to up",
    "Mar 14 09:25:03 rtr-a 2241: Mar 14 09:25:03.000 UTC: %LINEPROTO-5-UPDOWN: Line protocol on Interface GigabitEthernet0/1, changed state to up",
    "Mar 14 09:25:05 mx-b.example.net mib2d[1834]: SNMP_TRAP_LINK_UP: ifIndex 5, ifAdminStatus up(1), ifOperStatus up(1), ifName ge-0/0/7",
]
SHUT = [
    "Mar 14 22:00:05 rtr-a 2301: Mar 14 22:00:05.001 UTC: %LINK-5-CHANGED: Interface GigabitEthernet0/2, changed state to administratively down",
    "Mar 14 22:31:00 rtr-a 2302: Mar 14 22:31:00.000 UTC: %LINK-3-UPDOWN: Interface GigabitEthernet0/2, changed state to up",
]
NOISE = [
    "Mar 14 09:20:00 rtr-a 2235: Mar 14 09:20:00.000 UTC: %SYS-5-CONFIG_I: Configured from console by noc on vty0",
    "Mar 14 09:21:00 rtr-z 11: Mar 14 09:21:00.000 UTC: %LINK-3-UPDOWN: Interface GigabitEthernet0/9, changed state to down",
]


@pytest.fixture
def network(db, tmp_path):
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(
        "vendors: [{name: zayo}]\n"
        "circuits:\n"
        "  - {name: WAN-1, vendor: zayo, vendor_circuit_id: OGYX/1//ZYO}\n"
        "  - {name: WAN-2, vendor: zayo, vendor_circuit_id: OGYX/2//ZYO}\n"
        "ports:\n"
        "  - {device: RTR-A, interface: Gi0/1, circuit: WAN-1}\n"
        "  - {device: mx-b, interface: ge-0/0/7, circuit: WAN-1}\n"
        "  - {device: rtr-a, interface: Gi0/2.100, circuit: WAN-2}\n"
    )
    with db.sessions() as session, session.begin():
        import_file(session, inventory)
    return db


def detector(db, rules: FlapRules | None = None) -> OutageDetector:
    return OutageDetector(db.sessions, reader=LogReader(settings=TimeSettings(now=RECEIVED)), rules=rules)


def write(path: Path, lines: list[str], mtime=RECEIVED) -> Path:
    path.write_text("".join(line + "\n" for line in lines))
    os.utime(path, (mtime.timestamp(), mtime.timestamp()))
    return path


def append(path: Path, text: str, mtime=RECEIVED) -> None:
    with open(path, "a") as handle:
        handle.write(text)
    os.utime(path, (mtime.timestamp(), mtime.timestamp()))


def rows(db) -> list[tuple]:
    with db.sessions() as session:
        found = session.execute(
            select(Circuit.name, CircuitOutageEvent)
            .join(Circuit, Circuit.internal_circuit_id == CircuitOutageEvent.internal_circuit_id)
            .order_by(Circuit.name, CircuitOutageEvent.begin_outage)
        ).all()
    return [(name, o.circuit_outage_event_id, o.begin_outage, o.end_outage, o.provisional, o.operator_caused,
             o.up_without_down) for name, o in found]


def forget_everything_read(db) -> None:
    with db.sessions() as session, session.begin():
        for model in (CircuitOutageEvent, LinkEventRow, LogCursor):
            session.execute(delete(model))


def test_files_give_outages_and_a_second_run_reads_nothing(network, tmp_path):
    log = write(tmp_path / "net.log", CUT + NOISE + SHUT)
    report = detector(network).run([SyslogFiles([log])])
    assert (report.lines_read, report.link_events, report.new_events) == (10, 9, 9)
    assert report.unmapped == {("rtr-z", "gigabitethernet0/9"): 1}
    found = rows(network)
    assert [(name, begin, end, provisional, operator) for name, _id, begin, end, provisional, operator, _u in found] == [
        # Both ends, clocks 3 s apart: one outage, the union of what each end saw.
        ("WAN-1", utc(2024, 3, 14, 9, 15, 2, 117000), utc(2024, 3, 14, 9, 25, 5), False, False),
        # The physical port's shutdown takes its sub-interface's circuit down: operator-caused.
        ("WAN-2", utc(2024, 3, 14, 22, 0, 5, 1000), utc(2024, 3, 14, 22, 31), False, True),
    ]
    again = detector(network).run([SyslogFiles([log])])
    assert (again.lines_read, again.new_events, again.circuits) == (0, 0, 0)
    assert rows(network) == found


def test_the_same_logs_in_another_order_and_duplicated_give_the_same_rows(network, tmp_path):
    detector(network).run([SyslogFiles([write(tmp_path / "a.log", CUT + SHUT + NOISE)])])
    expected = rows(network)
    forget_everything_read(network)
    shuffled = CUT + SHUT + NOISE + CUT[:3]  # a second collector relayed part of it again
    random.Random(7).shuffle(shuffled)
    first, second = write(tmp_path / "b1.log", shuffled[:6]), write(tmp_path / "b2.log", shuffled[6:])
    detector(network).run([SyslogFiles([second])])
    detector(network).run([SyslogFiles([first])])
    assert rows(network) == expected  # ids included


def test_a_down_with_no_up_stays_open_then_the_next_run_closes_it(network, tmp_path):
    log = write(tmp_path / "net.log", CUT[:3])
    detector(network).run([SyslogFiles([log])])
    [(name, row_id, begin, end, provisional, _op, _u)] = rows(network)
    assert (name, end, provisional) == ("WAN-1", None, True)
    with network.sessions() as session, session.begin():
        session.execute(update(CircuitOutageEvent).values(evaluated=True))
    append(log, "".join(line + "\n" for line in CUT[3:]))
    report = detector(network).run([SyslogFiles([log])])
    assert (report.lines_read, report.updated, report.inserted) == (3, 1, 0)
    [(_, same_id, same_begin, end, provisional, _op, _u)] = rows(network)
    assert (same_id, same_begin, end, provisional) == (row_id, begin, utc(2024, 3, 14, 9, 25, 5), False)
    with network.sessions() as session:
        assert session.scalar(select(CircuitOutageEvent.evaluated)) is False  # to be measured again


def test_an_up_with_no_down_is_stored_as_such(network, tmp_path):
    detector(network).run([SyslogFiles([write(tmp_path / "net.log", CUT[3:5])])])
    [(_name, _id, begin, end, provisional, _op, up_without_down)] = rows(network)
    assert (begin, end, provisional, up_without_down) == (None, utc(2024, 3, 14, 9, 25, 3), False, True)


def test_rotated_and_gzipped_files_are_read_once_each(network, tmp_path):
    live = tmp_path / "net.log"
    write(live, CUT[:2])
    assert detector(network).run([SyslogFiles([live])]).new_events == 2
    append(live, CUT[2] + "\n")  # written just before logrotate ran
    rotated = tmp_path / "net.log.1.gz"
    with gzip.open(rotated, "wb") as packed:
        packed.write(live.read_bytes())
    os.utime(rotated, (RECEIVED.timestamp(), RECEIVED.timestamp()))
    live.unlink()
    write(live, CUT[3:])
    append(live, CUT[0][:40])  # a line still being written: left for the next run
    report = detector(network).run([SyslogFiles([rotated, live])])
    assert (report.lines_read, report.new_events) == (4, 4)
    assert rows(network)[0][3] == utc(2024, 3, 14, 9, 25, 5)
    with network.sessions() as session:
        assert session.scalar(select(func.count()).select_from(LinkEventRow)) == 6
        assert session.scalar(select(func.count()).select_from(LogCursor)) == 2


def test_flap_rules_apply_to_the_rows(network, tmp_path):
    flap = [
        "Mar 14 09:15:02 mx-b mib2d[9]: SNMP_TRAP_LINK_DOWN: ifIndex 5, ifAdminStatus up(1), ifOperStatus down(2), ifName ge-0/0/7",
        "Mar 14 09:15:04 mx-b mib2d[9]: SNMP_TRAP_LINK_UP: ifIndex 5, ifAdminStatus up(1), ifOperStatus up(1), ifName ge-0/0/7",
        "Mar 14 09:15:10 mx-b mib2d[9]: SNMP_TRAP_LINK_DOWN: ifIndex 5, ifAdminStatus up(1), ifOperStatus down(2), ifName ge-0/0/7",
        "Mar 14 09:20:00 mx-b mib2d[9]: SNMP_TRAP_LINK_UP: ifIndex 5, ifAdminStatus up(1), ifOperStatus up(1), ifName ge-0/0/7",
    ]
    log = write(tmp_path / "net.log", flap)
    detector(network).run([SyslogFiles([log])])
    assert len(rows(network)) == 2
    report = detector(network, FlapRules(hold_down=timedelta(seconds=30))).recompute()
    assert (report.inserted, report.updated, report.deleted) == (0, 1, 1)
    [(_n, _i, begin, end, *_)] = rows(network)
    assert (begin, end) == (utc(2024, 3, 14, 9, 15, 2), utc(2024, 3, 14, 9, 20))


def test_json_lines(network, tmp_path):
    spool = tmp_path / "spool.jsonl"
    documents = [
        {"received_at": "2024-03-14T09:15:02.500Z", "peer": "rtr-a", "message":
         "<187>2231: *Mar  1 00:00:41.117: %LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to down"},
        {"@timestamp": "2024-03-14T09:25:02.000Z", "host": {"name": "rtr-a"}, "message":
         "<187>2240: *Mar  1 00:10:40.000: %LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to up"},
    ]
    spool.write_text("".join(json.dumps(d) + "\n" for d in documents) + "{not json\n")
    report = detector(network).run([JsonLines([spool])])
    assert report.new_events == 2
    # The device clock is unsynchronised (*): the collector's times are used.
    [(_n, _i, begin, end, *_)] = rows(network)
    assert (begin, end) == (utc(2024, 3, 14, 9, 15, 2, 500000), utc(2024, 3, 14, 9, 25, 2))


class _RecordedElasticsearch(BaseHTTPRequestHandler):
    """Answers _search with the recorded response for the request's search_after."""

    requests: list[dict] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append({"path": self.path, "body": body})
        after = body.get("search_after")
        name = "search_first.json" if after is None else f"search_after_{after[0]}.json"
        path = DATA / name
        if not self.path.endswith("/_search") or not path.exists():
            self._answer(400, {"error": {"type": "illegal_argument_exception", "reason": f"unrecorded {name}"},
                               "status": 400})
            return
        self._answer(200, json.loads(path.read_text()))

    def _answer(self, status: int, document: dict) -> None:
        data = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def elasticsearch():
    _RecordedElasticsearch.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _RecordedElasticsearch)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _RecordedElasticsearch.requests
    server.shutdown()
    server.server_close()


def test_elasticsearch_pages_ties_and_cursor(network, elasticsearch):
    url, requests = elasticsearch
    source = Elasticsearch(url, "logs-network.syslog-*", page_size=3, lag=timedelta(0))
    report = detector(network).run([source])
    # Six documents, one read twice across a page boundary where two share a millisecond.
    assert (report.lines_read, report.link_events, report.new_events) == (6, 4, 4)
    assert [r["body"].get("search_after") for r in requests] == [None, [1710407759999], [1710408301999]]
    assert requests[0]["path"] == "/logs-network.syslog-*/_search"
    assert requests[0]["body"]["sort"] == [{"@timestamp": {"order": "asc"}}]
    [(name, _id, begin, end, provisional, *_)] = rows(network)
    assert (name, begin, end, provisional) == ("WAN-1", utc(2024, 3, 14, 9, 15, 2, 117000),
                                               utc(2024, 3, 14, 9, 25, 5), False)
    again = detector(network).run([Elasticsearch(url, "logs-network.syslog-*", page_size=3, lag=timedelta(0))])
    assert requests[-1]["body"]["search_after"] == [1710408304999]
    assert (again.new_events, again.circuits) == (0, 0)


def test_elasticsearch_errors_are_reported(network, elasticsearch):
    url, _requests = elasticsearch
    with pytest.raises(OSError, match="answered 400"):
        detector(network).run([Elasticsearch(url, "logs-network.syslog-*", page_size=3,
                                             since=utc(2020, 1, 1))])
