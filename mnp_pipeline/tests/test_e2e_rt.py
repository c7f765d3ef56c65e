"""End to end through a real Request Tracker: notices injected with rt-mailgate, then
`mnp ingest rt`, then the events are in the database and every ticket is labelled; a second
run changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys

from corpus_paths import CORPUS_CASES, ROOT
from rt_server import RTServer
from sqlalchemy import func, select

from mnp_pipeline.storage.models import MaintForecastEventRow, Notification

# Real carriers' notices when the shared corpus is present, else the project's own samples;
# a few of each kind, including one that cannot parse.
NAMES = ["zayo/zayo1", "telstra/telstra3", "ntt/ntt1", "lumen/lumen8", "verizon/verizon2", "zayo/error_zayo_bad_html"]


def notices() -> list[bytes]:
    by_name = {f"{p.parent.parent.name}/{p.parent.name}": p for p in CORPUS_CASES}
    if all(n in by_name for n in NAMES):
        return [by_name[n].read_bytes() for n in NAMES]
    samples = ["zayo", "telstra", "ntt", "lumen", "verizon"]
    found = [next(iter(sorted((ROOT / "test_emails" / s).glob("*.eml")))).read_bytes() for s in samples]
    return [*found, b"From: mr@zayo.com\r\nSubject: ZAYO TTN-1\r\nContent-Type: text/html\r\n\r\n<p>aaa</p>\r\n"]


def mnp(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    code = "import sys; from mnp_core.cli import main; sys.exit(main())"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=600)


def test_inject_ingest_label_and_a_second_run_changes_nothing(rt_server: RTServer, db):
    queue = rt_server.create_queue()
    raws = notices()
    tickets = [rt_server.inject(raw, queue) for raw in raws]
    url = db.url
    env = {**os.environ, "MNP_RT_TOKEN": rt_server.token, "MNP_DATABASE_URL": url}

    first = mnp("ingest", "rt", "--url", rt_server.base_url, "--queue", queue, env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(f"fetched {len(raws)} ({len(raws)} new);"), first.stdout
    assert "MaintParseException 1" in first.stdout and f"MaintParseSuccess {len(raws) - 1}" in first.stdout

    sessions = db.sessions
    with sessions() as session:
        stored = {n.ticket_id: n for n in session.scalars(select(Notification))}
        event_count = session.scalar(select(func.count()).select_from(MaintForecastEventRow))
    assert sorted(stored) == sorted(tickets)
    assert all(n.labelled for n in stored.values())
    assert event_count >= len(raws) - 1
    for ticket_id in tickets:
        body = rt_server.admin("GET", f"/ticket/{ticket_id}").json()
        labels = {cf["name"]: cf["values"] for cf in body.get("CustomFields", [])}
        assert labels.get(rt_server.custom_field) in (["MaintParseSuccess"], ["MaintParseException"])

    second = mnp("ingest", "rt", "--url", rt_server.base_url, "--queue", queue, env=env)
    assert second.returncode == 0, second.stderr
    assert second.stdout.startswith("fetched 0 (0 new)")
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(MaintForecastEventRow)) == event_count
        assert session.scalar(select(func.count()).select_from(Notification)) == len(raws)
