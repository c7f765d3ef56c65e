"""The syslog receiver on loopback: real UDP datagrams and TCP streams, both framings."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import threading
import time

import pytest
from outage_logs import utc
from sqlalchemy import select

from mnp_pipeline.inventory import import_file
from mnp_pipeline.outages.detector import OutageDetector
from mnp_pipeline.outages.receiver import SpoolFile, SyslogReceiver
from mnp_pipeline.storage.models import CircuitOutageEvent, LinkEventRow

DOWN = "<187>2231: rtr-a: Mar 14 09:15:02.117 UTC: %LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to down"
UP = "<187>2240: rtr-a: Mar 14 09:25:02.000 UTC: %LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to up"
JUNOS = ("<28>Mar 14 09:15:05 mx-b mib2d[1834]: SNMP_TRAP_LINK_DOWN: ifIndex 5, ifAdminStatus up(1), "
         "ifOperStatus down(2), ifName ge-0/0/7")


def serving(receiver: SyslogReceiver) -> threading.Thread:
    thread = threading.Thread(target=asyncio.run, args=(receiver.serve(),), daemon=True)
    thread.start()
    assert receiver.ready.wait(10)
    return thread


def send_all(receiver: SyslogReceiver) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.sendto(DOWN.encode(), ("127.0.0.1", receiver.udp_port))
    with socket.create_connection(("127.0.0.1", receiver.tcp_port)) as tcp:
        framed = JUNOS.encode()
        # RFC 6587 octet counting, then a newline-framed message, on one connection.
        tcp.sendall(f"{len(framed)} ".encode() + framed + UP.encode() + b"\n")


def wait_for(condition, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_udp_and_tcp_to_a_spool_file(tmp_path):
    spool = tmp_path / "spool.jsonl"
    receiver = SyslogReceiver(SpoolFile(spool), "127.0.0.1", 0, flush_interval=0.05)
    thread = serving(receiver)
    send_all(receiver)
    wait_for(lambda: spool.exists() and len(spool.read_text().splitlines()) == 3)
    receiver.stop()
    thread.join(10)
    documents = [json.loads(line) for line in spool.read_text().splitlines()]
    assert sorted(d["message"] for d in documents) == sorted([DOWN, JUNOS, UP])
    assert {d["transport"] for d in documents} == {"udp", "tcp"} and {d["peer"] for d in documents} == {"127.0.0.1"}


def test_udp_and_tcp_into_the_database(db, tmp_path):
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text("vendors: [{name: zayo}]\ncircuits:\n  - {name: WAN-1, vendor: zayo, vendor_circuit_id: Z1}\n"
                         "ports:\n  - {device: rtr-a, interface: Gi0/1, circuit: WAN-1}\n"
                         "  - {device: mx-b, interface: ge-0/0/7, circuit: WAN-1}\n")
    with db.sessions() as session, session.begin():
        import_file(session, inventory)
    receiver = SyslogReceiver(OutageDetector(db.sessions).receive, "127.0.0.1", 0, flush_interval=0.05)
    thread = serving(receiver)
    send_all(receiver)

    def stored() -> int:
        with db.sessions() as session:
            return len(session.scalars(select(LinkEventRow)).all())

    wait_for(lambda: stored() == 3)
    receiver.stop()
    thread.join(10)
    with db.sessions() as session:
        [outage] = session.scalars(select(CircuitOutageEvent)).all()
    # Read as of the receive time (no year in the lines); the B end reported no UP yet.
    assert outage.begin_outage.replace(year=2024) == utc(2024, 3, 14, 9, 15, 2, 117000)
    assert outage.end_outage is None and outage.provisional


@pytest.mark.skipif(sys.platform == "win32", reason="signals")
def test_the_command_listens_until_terminated(tmp_path):
    spool = tmp_path / "spool.jsonl"
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = "import sys; from mnp_core.cli import main; sys.exit(main())"
    env = {**os.environ, "MNP_DATABASE_URL": f"sqlite:///{tmp_path / 'mnp.db'}"}
    proc = subprocess.Popen([sys.executable, "-c", code, "syslog-listen", "--host", "127.0.0.1", "--port", str(port),
                             "--spool", str(spool), "--flush-interval", "0.05"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert "listening on 127.0.0.1 udp" in proc.stdout.readline()
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.sendto(DOWN.encode(), ("127.0.0.1", port))
        with socket.create_connection(("127.0.0.1", port)) as tcp:
            tcp.sendall(UP.encode() + b"\n")
        wait_for(lambda: spool.exists() and len(spool.read_text().splitlines()) == 2)
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "received 2 messages" in out
