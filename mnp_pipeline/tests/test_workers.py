"""Several `mnp worker` processes on one PostgreSQL database: one is killed, nothing is lost
or processed twice."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest
from notices import bcop_notice, fiber_notice, ticket
from sqlalchemy import func, select

from mnp_pipeline.processing import Pipeline
from mnp_pipeline.storage.database import make_engine, session_factory
from mnp_pipeline.storage.models import MaintForecastEventRow, Notification, NotificationState

COUNT = 1000
WORKERS = 4


def _count(sessions, *where) -> int:
    with sessions() as session:
        return session.scalar(select(func.count()).select_from(Notification).where(*where))


class Worker:
    """One ``mnp worker --once`` process; its stderr goes to a file so a failure can say why."""

    def __init__(self, url: str, log) -> None:
        code = "import sys; from mnp_core.cli import main; sys.exit(main())"
        self.log = log
        self._stderr = log.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, "worker", "--once", "--batch", str(COUNT), "--database-url", url],
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
        )

    def wait(self, timeout: float) -> int:
        try:
            return self.process.wait(timeout=timeout)
        finally:
            self._stderr.close()

    @property
    def errors(self) -> str:
        return self.log.read_text(errors="replace")


def test_four_workers_one_killed_every_notification_once(postgres_url, tmp_path):
    engine = make_engine(postgres_url)
    sessions = session_factory(engine)
    with engine.begin() as connection:  # this test owns the whole database
        connection.exec_driver_sql("TRUNCATE notification, maintenance, maint_forecast_event CASCADE")
    pipeline = Pipeline(sessions)
    sent = datetime(2030, 1, 1, tzinfo=UTC)
    for n in range(COUNT):
        raw = fiber_notice(f"PWIC{n:05d}", "2030-Feb-01 01:00 UTC", "2030-Feb-01 03:00 UTC", sent=sent + timedelta(minutes=n))
        pipeline.receive(ticket(str(n), raw))

    workers = [Worker(postgres_url, tmp_path / f"worker{i}.log") for i in range(WORKERS)]
    deadline = time.monotonic() + 300
    while _count(sessions, Notification.state != NotificationState.PENDING) < COUNT // 4:
        assert time.monotonic() < deadline, "workers made no progress"
        assert workers[0].process.poll() is None, workers[0].errors
        time.sleep(0.05)
    workers[0].process.send_signal(signal.SIGKILL)
    for worker in workers[1:]:
        assert worker.wait(timeout=300) == 0, worker.errors
    assert workers[0].wait(timeout=30) == -signal.SIGKILL

    # What the killed worker had in hand rolled back; a last pass picks up anything left.
    Pipeline(sessions).process_pending()
    assert _count(sessions, Notification.state == NotificationState.DONE) == COUNT
    with sessions() as session:
        per_notification = session.execute(
            select(MaintForecastEventRow.notification_id, func.count()).group_by(MaintForecastEventRow.notification_id)
        ).all()
        attempts = set(session.scalars(select(Notification.attempts)))
        processed_by = set(session.scalars(select(Notification.processed_by)))
    assert len(per_notification) == COUNT and {n for _, n in per_notification} == {1}
    assert attempts == {1}
    assert len(processed_by) >= 2  # the work really was shared
    engine.dispose()


@pytest.mark.parametrize("workers", [2])
def test_workers_share_one_sqlite_file_without_double_processing(tmp_path, workers):
    url = f"sqlite:///{tmp_path / 'mnp.db'}"
    from mnp_pipeline.storage.database import upgrade

    engine = make_engine(url)
    upgrade(engine)
    sessions = session_factory(engine)
    pipeline = Pipeline(sessions)
    sent = datetime(2030, 1, 1, tzinfo=UTC)
    for n in range(60):
        raw = fiber_notice(f"PWIC{n:05d}", "2030-Feb-01 01:00 UTC", "2030-Feb-01 03:00 UTC", sent=sent + timedelta(minutes=n))
        pipeline.receive(ticket(str(n), raw))
    procs = [Worker(url, tmp_path / f"worker{i}.log") for i in range(workers)]
    for proc in procs:
        assert proc.wait(timeout=300) == 0, proc.errors
    assert _count(sessions, Notification.state == NotificationState.DONE) == 60
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(MaintForecastEventRow)) == 60
        assert set(session.scalars(select(Notification.attempts))) == {1}
    engine.dispose()


def test_workers_sharing_maintenances_neither_deadlock_nor_double(postgres_url, tmp_path):
    """Many notices naming the same two maintenances, taken by four workers at once."""
    engine = make_engine(postgres_url)
    sessions = session_factory(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("TRUNCATE notification, maintenance, maint_forecast_event CASCADE")
    pipeline = Pipeline(sessions)
    sent = datetime(2030, 1, 1, tzinfo=UTC)
    count = 300
    for n in range(count):
        # Both maintenance ids in every notice, in alternating order.
        ids = ["CAL-A", "CAL-B"] if n % 2 else ["CAL-B", "CAL-A"]
        pipeline.receive(ticket(str(n), bcop_notice(ids, "CONFIRMED", objects=["C-1"], sent=sent + timedelta(minutes=n))))
    deadlocks = "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"
    with engine.connect() as connection:
        before = connection.exec_driver_sql(deadlocks).scalar()
    workers = [Worker(postgres_url, tmp_path / f"worker{i}.log") for i in range(WORKERS)]
    for worker in workers:
        assert worker.wait(timeout=300) == 0, worker.errors
    assert _count(sessions, Notification.state == NotificationState.DONE) == count
    with engine.connect() as connection:
        connection.exec_driver_sql("SELECT pg_stat_clear_snapshot()")
        assert connection.exec_driver_sql(deadlocks).scalar() == before
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(MaintForecastEventRow)) == 2 * count
        current = session.scalar(
            select(func.count()).select_from(MaintForecastEventRow).where(MaintForecastEventRow.current.is_(True)))
    assert current == 2  # one current window per maintenance, the latest notice's
    engine.dispose()
