"""End to end through a real dovecot: notices delivered to the mailbox, then `mnp ingest imap`,
then the events are in the database and every message carries its keyword; a second run
changes nothing."""

from __future__ import annotations

import os

from sqlalchemy import func, select
from test_e2e_rt import mnp, notices

from mnp_pipeline.storage.models import MaintForecastEventRow, Notification

LABELS = {"MaintParseSuccess", "MaintParseException", "MaintIgnored"}


def test_deliver_ingest_label_and_a_second_run_changes_nothing(imap_server, db):
    raws = notices()
    uids = [imap_server.deliver(raw, "INBOX") for raw in raws]
    url = db.url
    env = {**os.environ, "MNP_IMAP_PASSWORD": imap_server.password, "MNP_DATABASE_URL": url}
    args = ["ingest", "imap", "--host", imap_server.host, "--port", str(imap_server.port),
            "--user", imap_server.user, "--security", "plain"]

    first = mnp(*args, env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(f"fetched {len(raws)} ({len(raws)} new);"), first.stdout
    flags = imap_server.flags("INBOX")
    assert all(len(flags[uid] & LABELS) == 1 and "\\Seen" not in flags[uid] for uid in uids), flags

    sessions = db.sessions
    with sessions() as session:
        events = session.scalar(select(func.count()).select_from(MaintForecastEventRow))
        assert session.scalar(select(func.count()).select_from(Notification)) == len(raws)
    assert events >= len(raws) - 1

    second = mnp(*args, env=env)
    assert second.returncode == 0, second.stderr
    assert second.stdout.startswith("fetched 0 (0 new)")
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(MaintForecastEventRow)) == events
