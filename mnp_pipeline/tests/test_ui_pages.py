"""The web UI's pages render the demo's data (SQLite and PostgreSQL), and its one write,
reprocessing a notification, needs an admin token."""

from __future__ import annotations

import re
import uuid
import warnings
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from mnp_pipeline.demo import DEMO_NOW, load_demo
from mnp_pipeline.ingest.base import Ticket
from mnp_pipeline.processing import Pipeline
from mnp_pipeline.service import create_app
from mnp_pipeline.service.auth import create_token
from mnp_pipeline.storage.models import Notification, NotificationState

with warnings.catch_warnings():
    # This starlette asks for the httpx2 package, which the project does not install; its
    # test client still works on httpx, and the suite turns warnings into errors.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")
    from fastapi.testclient import TestClient


@pytest.fixture
def demo(db, tmp_path):
    load_demo(db.sessions, tmp_path / "work")
    return db


@pytest.fixture
def client(demo) -> Iterator[TestClient]:
    with TestClient(create_app(demo.sessions, settings={"now": DEMO_NOW})) as client:
        yield client


def section(html: str, anchor: str) -> str:
    """The part of a page from the heading ``id=anchor`` to the next heading."""
    start = html.index(f'id="{anchor}"')
    following = html.find("<h2", start)
    return html[start: following if following != -1 else len(html)]


def report(html: str, kind: str) -> str:
    """One report's section of the SLA page."""
    return html.split(f'<section class="report" id="{kind}">')[1].split("</section>")[0]


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def failed_id(demo) -> str:
    with demo.sessions() as session:
        return str(session.scalars(select(Notification.notification_id).where(
            Notification.state == NotificationState.FAILED)).one())


def test_the_dashboard_shows_what_is_on_now_next_unmatched_failed_and_breached(client):
    page = client.get("/")
    assert page.status_code == 200
    html = page.text
    assert "as of 2031-03-21 03:00 UTC" in text(html)
    now = text(section(html, "in-progress"))
    assert "seaborn 5150 RE-SCHEDULED" in now and "SEABORN-NYC-FOR-A" in now and "2031-03-21 01:00 – 2031-03-21 07:30" in now
    assert '<a href="/circuits/SEABORN-NYC-FOR-A">' in section(html, "in-progress")
    soon = text(section(html, "next-7"))
    assert "PWIC31201" in soon and "FP-SJC-1" in soon and "PWIC31244" not in soon
    later = text(section(html, "next-30"))
    assert "PWIC31244" in later and "FP-SJC-2" in later and "VNOC" not in later  # NTT's is cancelled
    assert "IC-560177" in text(section(html, "unmatched"))
    assert "ntt-without-calendar.eml ParserFailed" in text(section(html, "failed"))
    breaches = text(section(html, "breaches"))
    # March is running (the Seaborn pair); February's credit is still claimable; January's is overdue.
    assert "SEABORN-NYC-FOR-A" in breaches and "SEABORN-NYC-FOR-B" in breaches
    assert "PCCW-HKG-TYO" in breaches and "99.8876 %" in breaches and "2031-03-31 00:00" in breaches
    assert "PF-NYC-CHI-2" not in breaches
    cards = text(html.split('<section class="cards">')[1].split("</section>")[0])
    assert cards.split() == "1 in progress 1 in the next 7 days 1 in 8–30 days 1 unmatched circuit ids 1 failed notices 3 SLA breaches".split()


def test_the_timeline_lists_every_maintenance_by_month_and_the_superseded_windows_on_request(client):
    html = text(client.get("/maintenances").text)
    for month in ("January 2031", "February 2031", "March 2031", "April 2031", "May 2031", "June 2031"):
        assert month in html
    for reference in ("PF-MW-310117", "INC0099887766CD", "5150", "PWIC31201", "PWIC31244", "VNOC-1-31041500123",
                      "CHGP0765432"):
        assert reference in html
    assert "7 window(s), 4 upcoming" in html  # the re-scheduled ones at their new dates only
    assert "2031-03-14 01:00" not in html
    history = text(client.get("/maintenances?history=true").text)
    assert "2031-03-14 01:00 – 2031-03-14 07:00" in history and "superseded" in history
    only = text(client.get("/maintenances?provider=pccw").text)
    assert "INC0099887766CD" in only and "PF-MW-310117" not in only


def test_the_calendar_is_a_month_grid_with_the_windows_on_their_days(client):
    html = client.get("/calendar").text
    assert "March 2031" in html
    cells = re.findall(r"<td class=\"[^\"]*\">\s*<div class=\"day\">(\d+)</div>(.*?)</td>", html, re.S)
    days = {int(day): text(body) for day, body in cells if "other" not in body}
    assert "01:00 seaborn 5150" in days[21]
    assert "22:00 fiberprovider PWIC31201" in days[25] and "… fiberprovider PWIC31201" in days[26]
    assert len(re.findall(r"<tr>", html.split("<tbody>")[1])) == 6  # 6 weeks touch March 2031
    assert 'class=" today"' in html or "today" in html
    february = text(client.get("/calendar?month=2031-02").text)
    assert "22:00 pccw INC0099887766CD" in february
    assert client.get("/calendar?month=March").status_code == 400


def test_a_circuit_page_shows_its_maintenances_outages_and_sla_history(client):
    html = text(client.get("/circuits/PF-NYC-CHI-2").text)
    assert "PacketFabric" in html and "PF-CC-100201" in html and "demo-wavelength (99.95 %" in html
    assert "edge1.nyc GigabitEthernet0/0/2" in html
    assert "2031-01-17 05:00 – 2031-01-17 09:00 4.0 h packetfabric PF-MW-310117 COMPLETED" in html
    assert "2031-01-17 05:12 2031-01-17 06:02 51 min inside packetfabric PF-MW-310117" in html
    assert "2031-01-28 10:04 2031-01-28 10:09 5.5 min unannounced" in html
    assert "99.8742 % breached 10 % 2031-03-03 00:00" in html
    pair = text(client.get("/circuits/SEABORN-NYC-FOR-B").text)
    assert "SEABORN-NYC-FOR (diverse-pair) with SEABORN-NYC-FOR-A" in pair
    assert "superseded" in pair  # its 14 March window, moved away by the re-schedule that names only A
    assert "99.9093 %" in pair and "provisional" in pair
    operator = text(client.get("/circuits/NTT-AMS-TRANSIT").text)
    assert "operator-caused" in operator and "CANCELLED" in operator
    assert client.get("/circuits/NO-SUCH-CIRCUIT").status_code == 404
    listing = text(client.get("/circuits").text)
    assert listing.count("demo-wavelength") == 11


def test_the_triage_pages_show_the_failed_notice_whole(client, demo):
    listing = text(client.get("/notifications/failed").text)
    assert "ntt-without-calendar.eml" in listing and "ParserFailed" in listing
    page = client.get(f"/notifications/{failed_id(demo)}")
    assert page.status_code == 200
    html = text(page.text)
    assert "ExtractError: expected a BCOP (X-MAINTNOTE) iCalendar part" in html
    assert "Maintenance Notification: Scheduled [VNOC-1-31041500999]" in html  # the subject, from the raw email
    assert "Message-ID:" in page.text or "Message-Id:" in page.text  # headers, as received
    assert 'name="token"' in page.text and "Reprocess" in html
    assert client.get("/notifications/00000000-0000-0000-0000-000000000000").status_code == 404
    assert client.get("/notifications/not-an-id").status_code == 404


def test_the_raw_email_is_shown_as_text_never_as_markup(client, demo):
    pipeline = Pipeline(demo.sessions)
    raw = b"From: a@unknown.invalid\r\nSubject: <b>hi</b>\r\n\r\n<script>alert(1)</script>\r\n"
    notification_id, _ = pipeline.receive(Ticket(source="dir", ticket_id="evil.eml", raw=raw))
    pipeline.process_next(notification_id)
    html = client.get(f"/notifications/{notification_id}").text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def _reprocess(client, notification_id: str, token: str | None):
    data = {"token": token} if token is not None else {}
    return client.post(f"/notifications/{notification_id}/reprocess", data=data, follow_redirects=False)


def _attempts(demo, notification_id: str) -> int:
    with demo.sessions() as session:
        return session.get(Notification, uuid.UUID(notification_id)).attempts


def test_reprocess_refuses_a_request_without_an_admin_token(client, demo):
    notification_id = failed_id(demo)
    with demo.sessions() as session, session.begin():
        _, read_secret = create_token(session, "dashboard", "read")
    for token, status in ((None, 401), ("", 401), ("mnp_not-a-token", 401), (read_secret, 403)):
        answer = _reprocess(client, notification_id, token)
        assert answer.status_code == status, token
        assert "not reprocessed" in answer.text
        assert _attempts(demo, notification_id) == 1  # nothing was parsed again
    # The token must be in the form: a bearer header (what a script could send) is not read.
    answer = client.post(f"/notifications/{notification_id}/reprocess",
                         headers={"Authorization": f"Bearer {read_secret}"}, follow_redirects=False)
    assert answer.status_code == 401


def test_reprocess_with_an_admin_token_parses_the_notice_again(client, demo):
    notification_id = failed_id(demo)
    with demo.sessions() as session, session.begin():
        _, admin_secret = create_token(session, "noc", "admin")
    answer = _reprocess(client, notification_id, admin_secret)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/notifications/{notification_id}?reprocessed=MaintParseException"
    assert _attempts(demo, notification_id) == 2  # parsed again (and, with no new plugin, failed again)
    page = text(client.get(answer.headers["location"]).text)
    assert "Reprocessed: MaintParseException." in page and "2 attempt(s)" in page


def test_the_sla_page_shows_the_reports_with_their_charts(client):
    page = client.get("/sla")
    assert page.status_code == 200
    html = page.text
    assert html.count("<svg") == 4
    for title in ("Availability % per circuit and period", "Credit % to claim", "Availability % per vendor (ranked)",
                  "Outages against announced windows"):
        assert title in html
    sla = text(report(html, "sla"))
    assert "PCCW-HKG-TYO pccw demo-wavelength 2031-02-01" in sla and "99.8876" in sla
    credits = text(report(html, "credits"))
    assert "PF-NYC-CHI-2" in credits and "-18.1 yes" in credits
    february = text(client.get("/sla?period=2031-02").text)
    assert "PCCW-HKG-TYO" in february and "PF-NYC-CHI-2" not in february.split("Provider reliability")[0]
    assert client.get("/sla?period=someday").status_code == 400


def test_the_stylesheet_is_served_and_nothing_else_from_static(client):
    assert client.get("/static/style.css").headers["content-type"].startswith("text/css")
    assert client.get("/static/..%2Fui.py").status_code == 404
    assert client.get("/static/ui.py").status_code == 404
