"""Benchmark: outage detection in lines per second over a generated mixed-vendor syslog
file, beside the floor measured in the same run (reading and splitting the lines alone),
and how the time grows from 100k to 1M lines.

The file mixes Cisco IOS, IOS-XR, NX-OS, Junos, Arista EOS and Nokia SR OS interface
messages (down/up pairs, line protocol, admin shutdowns, flaps) with ordinary noise
(logins, BGP, configuration), in RFC 3164 and RFC 5424 envelopes, over 2,000 ports on 500
devices that carry 1,000 circuits (both ends of each). ``detect`` is the whole
``mnp detect-outages file`` run into a fresh SQLite database (or PostgreSQL with
``--postgres``): reading, parsing, storing the link events and writing the outages.

    python bench/bench_outages.py [--lines 1000000] [--link-share 0.5] [--postgres URL]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

from mnp_pipeline.outages.clock import TimeSettings
from mnp_pipeline.outages.detector import OutageDetector
from mnp_pipeline.outages.formats import LogReader
from mnp_pipeline.outages.sources import CHUNK, SyslogFiles
from mnp_pipeline.storage.database import make_engine, session_factory, upgrade
from mnp_pipeline.storage.models import Circuit, EquipmentPort, Vendor

START = datetime(2024, 3, 1, tzinfo=UTC)
OSES = ("ios", "iosxr", "nxos", "junos", "eos", "sros")
PORTS = {"ios": "GigabitEthernet0/0/{}", "iosxr": "TenGigE0/0/0/{}", "nxos": "Ethernet1/{}",
         "junos": "xe-0/0/{}", "eos": "Ethernet{}", "sros": "1/1/{}"}
NOISE = (
    "sshd[{n}]: Accepted publickey for noc from 192.0.2.{m} port 5{n} ssh2",
    "{n}: %BGP-5-ADJCHANGE: neighbor 198.51.100.{m} Up",
    "{n}: %SYS-5-CONFIG_I: Configured from console by noc on vty0 (192.0.2.{m})",
    "rpd[{n}]: BGP_IO_ERROR_CLOSE_SESSION: BGP peer 203.0.113.{m} (External AS 65{m}): Error event",
    "{n}: %SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: noc] [Source: 192.0.2.{m}] [localport: 22]",
)


def device_name(number: int) -> tuple[str, str]:
    os_name = OSES[number % len(OSES)]
    return f"{os_name}-{number:03d}.net.example", os_name


def link_line(os_name: str, device: str, port: str, at: datetime, down: bool, admin: bool, seq: int) -> str:
    stamp = f"{at:%b} {at.day:2d} {at:%H:%M:%S}"
    ms = f"{at:%H:%M:%S}.{at.microsecond // 1000:03d}"
    word = "down" if down else "up"
    if os_name == "ios":
        if admin and down:
            return (f"{stamp} {device} {seq}: {at:%b} {at.day:2d} {ms} UTC: %LINK-5-CHANGED: Interface {port}, "
                    "changed state to administratively down")
        return f"{stamp} {device} {seq}: {at:%b} {at.day:2d} {ms} UTC: %LINK-3-UPDOWN: Interface {port}, changed state to {word}"
    if os_name == "iosxr":
        return (f"{stamp} {device} RP/0/RSP0/CPU0:{at:%b} {at.day:2d} {ms} UTC: ifmgr[227]: %PKT_INFRA-LINK-3-UPDOWN : "
                f"Interface {port}, changed state to {word.capitalize()}")
    if os_name == "nxos":
        what = ("IF_DOWN_ADMIN_DOWN: Interface {p} is down (Administratively down)" if admin else
                "IF_DOWN_LINK_FAILURE: Interface {p} is down (Link failure)") if down else "IF_UP: Interface {p} is up in mode trunk"
        return f"<189>1 {at:%Y-%m-%dT%H:%M:%S}.{at.microsecond // 1000:03d}Z {device} - - - - : {at:%Y %b %d} {ms} UTC: %ETHPORT-5-{what.format(p=port)}"
    if os_name == "junos":
        trap = "DOWN" if down else "UP"
        admin_status = "down(2)" if admin and down else "up(1)"
        oper = "down(2)" if down else "up(1)"
        return (f"{stamp} {device} mib2d[1834]: SNMP_TRAP_LINK_{trap}: ifIndex {500 + seq % 48}, "
                f"ifAdminStatus {admin_status}, ifOperStatus {oper}, ifName {port}")
    if os_name == "eos":
        return (f"{at:%Y-%m-%dT%H:%M:%S}.{at.microsecond:06d}+00:00 {device} Ebra: %LINEPROTO-5-UPDOWN: Line protocol on "
                f"Interface {port} (to core), changed state to {word}")
    event = "linkDown-2004" if down else "linkUp-2005"
    text_ = f"Interface {port} is not operational" if down else f"Interface {port} is operational"
    return f"{stamp} {device} TMNX: {seq} Base SNMP-WARNING-{event} [Port {port}]:  {text_}"


def generate(path: Path, count: int, link_share: float, seed: int = 1) -> None:
    rnd = random.Random(seed)
    at = START
    open_ports: set[tuple[int, int]] = set()
    with open(path, "w") as out:
        for seq in range(count):
            at += timedelta(milliseconds=rnd.randint(1, 400))
            number = rnd.randrange(500)
            device, os_name = device_name(number)
            if rnd.random() < link_share:
                port_number = rnd.randrange(4)
                key = (number, port_number)
                down = key not in open_ports
                open_ports.symmetric_difference_update({key})
                line = link_line(os_name, device, PORTS[os_name].format(port_number + 1), at, down,
                                 down and rnd.random() < 0.05, seq)
            else:
                stamp = f"{at:%b} {at.day:2d} {at:%H:%M:%S}"
                line = f"{stamp} {device} " + rnd.choice(NOISE).format(n=seq % 99999, m=seq % 250)
            out.write(line + "\n")


def inventory(url: str) -> None:
    engine = make_engine(url)
    upgrade(engine)
    sessions = session_factory(engine)
    with sessions() as session, session.begin():
        vendor = Vendor(name="bench")
        session.add(vendor)
        session.flush()
        for circuit_number in range(1000):
            circuit = Circuit(name=f"C-{circuit_number}", vendor_id=vendor.vendor_id,
                              vendor_circuit_id=f"B-{circuit_number}", match_key=f"b{circuit_number}")
            session.add(circuit)
            session.flush()
            # Both ends: port p of device d and the same port of device d + 250.
            device_number, port_number = circuit_number % 250, circuit_number // 250
            for end in (device_number, device_number + 250):
                device, os_name = device_name(end)
                session.add(EquipmentPort(device=device, interface=PORTS[os_name].format(port_number + 1),
                                          internal_circuit_id=circuit.internal_circuit_id))
    engine.dispose()


def floor(path: Path) -> float:
    start = time.perf_counter()
    lines = 0
    with open(path, "rb") as handle:
        leftover = b""
        while chunk := handle.read(CHUNK):
            data = leftover + chunk
            end = data.rfind(b"\n")
            lines += len(data[: end + 1].decode("utf-8", "replace").splitlines())
            leftover = data[end + 1 :]
    return time.perf_counter() - start


def parse_only(path: Path) -> tuple[float, int]:
    reader = LogReader(settings=TimeSettings(now=START))
    wanted = reader._markers.search
    start = time.perf_counter()
    events = 0
    for batch in SyslogFiles([path]).batches(lambda key: None, lambda line: wanted(line) is not None):
        for record in batch.records:
            if reader.read(record) is not None:
                events += 1
    return time.perf_counter() - start, events


def detect(path: Path, url: str) -> tuple[float, str]:
    engine = make_engine(url)
    detector = OutageDetector(session_factory(engine), reader=LogReader(settings=TimeSettings(now=START)))
    start = time.perf_counter()
    report = detector.run([SyslogFiles([path])])
    elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed, report.summary()


def fresh_postgres(admin_url: str) -> str:
    name = f"mnp_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return admin_url.rsplit("/", 1)[0] + "/" + name


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lines", type=int, default=1_000_000)
    ap.add_argument("--link-share", type=float, default=0.5, help="share of lines that are link events")
    ap.add_argument("--postgres", help="admin URL, e.g. postgresql://postgres@127.0.0.1:5432/postgres")
    args = ap.parse_args(argv)
    sizes = sorted({n for n in (100_000, 250_000, 500_000, args.lines) if n <= args.lines})
    print(f"{'lines':>9}  {'floor l/s':>11}  {'parse l/s':>10}  {'detect l/s':>10}  {'detect s':>8}  "
          f"{'ratio':>6}  {'link events':>11}")
    times = {}
    with tempfile.TemporaryDirectory() as tmp:
        for count in sizes:
            path = Path(tmp) / f"syslog-{count}.log"
            generate(path, count, args.link_share)
            url = fresh_postgres(args.postgres) if args.postgres else f"sqlite:///{Path(tmp) / f'mnp-{count}.db'}"
            inventory(url)
            floor_s = floor(path)
            parse_s, events = parse_only(path)
            detect_s, summary = detect(path, url)
            times[count] = detect_s
            print(f"{count:>9}  {count / floor_s:>11,.0f}  {count / parse_s:>10,.0f}  {count / detect_s:>10,.0f}  "
                  f"{detect_s:>8.2f}  {detect_s / floor_s:>5.0f}x  {events:>11,}", flush=True)
            last_summary = summary
    print(f"last run: {last_summary}")
    if len(sizes) > 1:
        low, high = sizes[0], sizes[-1]
        print(f"growth {low:,} -> {high:,} lines: time x{times[high] / times[low]:.2f} "
              f"for x{high / low:.0f} lines (linear would be x{high / low:.0f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
