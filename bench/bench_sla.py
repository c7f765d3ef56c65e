"""Benchmark: the SLA evaluator on PostgreSQL with 10,000 circuits (a fifth of them in
ring pairs), 50,000 announced maintenance events, and 10k / 100k / 1M outages over three
months: the first incremental run (every outage new), a second one after 1 % more
outages arrive, and a full recompute of one month; with the cost per outage at each
size, to show how it grows.

    python bench/bench_sla.py [--sizes 10000,100000,1000000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import random
import time
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine, func, select, text

from mnp_pipeline.sla.documents import SlaTerms
from mnp_pipeline.sla.evaluator import PeriodSelector, SlaEvaluator
from mnp_pipeline.storage.database import make_engine, session_factory, upgrade
from mnp_pipeline.storage.models import SlaPerformanceMeasurement

CIRCUITS = 10_000
EVENTS = 50_000
START = datetime(2030, 1, 1, tzinfo=UTC)
SPAN = 90 * 86400  # three months of outages
NOW = datetime(2030, 4, 5, tzinfo=UTC)
TERMS = SlaTerms.model_validate(
    {
        "name": "bench",
        "vendors": ["carrier"],
        "promised_uptime_pct": 99.9,
        "timezone": "Europe/Berlin",
        "minimum_outage_seconds": 60,
        "maintenance": {"notice_days": 5, "notice_day_kind": "business", "cap_minutes_per_period": 480},
        "protection": {"mode": "group"},
        "credits": {"tiers": [{"below_pct": 99.9, "credit_pct": 10}, {"below_pct": 99.0, "credit_pct": 25}]},
        "chronic": {"outages": 3, "days": 30},
    }
)


def _copy(engine, table: str, columns: list[str], rows) -> None:
    """Bulk load with COPY: the set-up must not dominate the run."""
    raw = engine.raw_connection()
    try:
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        raw.commit()
    finally:
        raw.close()


def populate(engine, outages: int, rng: random.Random) -> list[uuid.UUID]:
    vendor, sla = uuid.uuid4(), uuid.uuid4()
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO vendor (vendor_id, name, aliases) VALUES (:v, 'carrier', '[]')"), {"v": vendor})
        connection.execute(
            text(
                "INSERT INTO sla (sla_id, name, code_class, promised_uptime_pct, interval_duration, timezone, parameters)"
                " VALUES (:s, 'bench', 'standard', 99.9, 'calendarMonthFromFirst', 'Europe/Berlin', CAST(:p AS json))"
            ),
            {"s": sla, "p": TERMS.model_dump_json()},
        )
    groups = [uuid.uuid4() for _ in range(CIRCUITS // 10)]
    _copy(engine, "protection_group", ["protection_group_id", "name", "kind"],
          ((g, f"RING-{n}", "ring") for n, g in enumerate(groups)))
    circuits = [uuid.uuid4() for _ in range(CIRCUITS)]
    _copy(
        engine, "circuit",
        ["internal_circuit_id", "name", "vendor_id", "vendor_circuit_id", "match_key", "sla_id", "sla_epoch",
         "protection_group_id"],
        ((c, f"C-{n}", vendor, f"C-{n}", f"C{n}", sla, datetime(2029, 6, 1, tzinfo=UTC),
          groups[n // 2] if n < 2 * len(groups) else None) for n, c in enumerate(circuits)),
    )
    notifications = [uuid.uuid4() for _ in range(EVENTS // 10)]
    stamps = [START + timedelta(seconds=rng.randrange(SPAN)) for _ in notifications]
    _copy(engine, "notification", ["notification_id", "source", "ticket_id", "raw", "sha256", "received_at", "state",
                                   "attempts", "labelled", "stamp"],
          ((n, "bench", str(i), b"x", "0" * 64, s, "done", 1, True, s) for i, (n, s) in enumerate(zip(notifications, stamps))))
    maintenances = [uuid.uuid4() for _ in notifications]
    _copy(engine, "maintenance", ["maintenance_pk", "provider", "maintenance_id", "status", "sequence", "stamp",
                                  "current_notification_id", "updated_at"],
          ((m, "carrier", f"M-{i}", "CONFIRMED", 1, s, n, datetime(2020, 1, 1, tzinfo=UTC))
           for i, (m, n, s) in enumerate(zip(maintenances, notifications, stamps))))

    def events():
        for i in range(EVENTS):
            k = i // 10
            begin = stamps[k] + timedelta(days=rng.choice([2, 7, 14]), hours=rng.randrange(24))
            status = "CANCELLED" if rng.random() < 0.05 else "CONFIRMED"
            yield (uuid.uuid4(), maintenances[k], notifications[k], str(k), rng.choice(circuits), True, stamps[k],
                   "maintForecastEvent", "carrier", f"M-{k}", status, "", 1, "0", begin,
                   begin + timedelta(hours=rng.choice([2, 4, 6])))

    _copy(engine, "maint_forecast_event",
          ["maint_forecast_event_id", "maintenance_pk", "notification_id", "notification_helpdesk_ticket_id",
           "internal_circuit_id", "current", "stamp", "object_type", "provider", "maintenance_id", "status",
           "summary", "sequence", "uid", "begin_window", "end_window"], events())
    add_outages(engine, circuits, outages, rng)
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))
    return circuits


def add_outages(engine, circuits: list[uuid.UUID], count: int, rng: random.Random) -> None:
    def rows():
        for _ in range(count):
            begin = START + timedelta(seconds=rng.randrange(SPAN))
            length = rng.choice([30, 90, 300, 1800, 3600, 4 * 3600])
            yield (uuid.uuid4(), rng.choice(circuits), begin, begin + timedelta(seconds=length),
                   rng.random() < 0.02, False, False)

    _copy(engine, "circuit_outage_event", ["circuit_outage_event_id", "internal_circuit_id", "begin_outage",
                                           "end_outage", "operator_caused", "provisional", "evaluated"], rows())


def run(admin_url: str, outages: int) -> dict:
    name = f"mnp_bench_sla_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = admin_url.rsplit("/", 1)[0] + "/" + name
    engine = make_engine(url)
    try:
        upgrade(engine)
        rng = random.Random(outages)
        circuits = populate(engine, outages, rng)
        sessions = session_factory(engine)
        first = SlaEvaluator(sessions, now=NOW).evaluate()
        add_outages(engine, circuits, outages // 100, rng)
        second = SlaEvaluator(sessions, now=NOW).evaluate()
        full = SlaEvaluator(sessions, now=NOW).recompute(PeriodSelector.parse("2030-02"))
        with sessions() as session:
            measurements = session.scalar(select(func.count()).select_from(SlaPerformanceMeasurement))
        return {"outages": outages, "first": first, "second": second, "full": full, "measurements": measurements}
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    print(f"SLA evaluator on PostgreSQL: {CIRCUITS:,} circuits, {EVENTS:,} maintenance events, outages over 3 months")
    print(f"{'outages':>10} {'first run':>10} {'µs/outage':>10} {'+1% run':>9} {'µs/new':>8} "
          f"{'full month':>11} {'measurements':>13}")
    for size in (int(s) for s in args.sizes.split(",")):
        started = time.perf_counter()
        result = run(args.postgres, size)
        first, second, full = result["first"], result["second"], result["full"]
        print(
            f"{size:>10,} {first.seconds:>9.1f}s {1e6 * first.seconds / size:>10.1f} {second.seconds:>8.1f}s "
            f"{1e6 * second.seconds / max(second.outages, 1):>8.0f} {full.seconds:>10.1f}s {result['measurements']:>13,}"
            f"   (set-up and all: {time.perf_counter() - started:.0f} s)",
            flush=True,
        )


if __name__ == "__main__":
    main()
