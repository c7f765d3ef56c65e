"""The generic parser: chosen only for unclaimed notices, reading windows, references and circuits."""

from __future__ import annotations

import json
import subprocess
import sys
import types
from datetime import UTC, datetime

import pytest

import mnp_core
from mnp_core import NoParserFound, Parser, PluginError, hookimpl
from mnp_core.builtin.bcop import BcopCalendarParser
from mnp_core.builtin.generic import GenericParser
from mnp_core.message import DecodedNotice
from mnp_core.plugins import Registry
from mnp_core.router import Router

NOTICE = (
    "From: NOC <noc@{domain}>\r\nDate: Tue, 04 Mar 2031 09:00:00 +0000\r\nSubject: {subject}\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n\r\nDear Example Corp,\r\n\r\n{body}"
)
LABELLED = (
    "Ticket Number: CHG-4242\r\nStart Date/Time: 20/03/2031 01:00 GMT\r\nEnd Date/Time: 20/03/2031 05:00 GMT\r\n"
    "Service ID(s): SV-1001, SV-1002\r\nExpected Impact: no service impact\r\n"
)


def notice(body=LABELLED, domain="new-carrier.example", subject="Planned works"):
    return NOTICE.format(domain=domain, subject=subject, body=body).encode()


class Known(Parser):
    name = "known"
    senders = ("known.example",)

    def parse(self, notice):
        return [self.event(maintenance_id="K-1", begin_window="2031-01-01T00:00:00Z", end_window="2031-01-01T01:00:00Z")]


def test_router_falls_back_only_when_nothing_claims():
    router = Router({p.name: p for p in (Known(), BcopCalendarParser(), GenericParser())})
    assert router.route(DecodedNotice(notice(domain="known.example"))).name == "known"
    forwarded = notice(body="From: NOC <noc@known.example>\r\n" + LABELLED, domain="colleague.example")
    assert router.route(DecodedNotice(forwarded)).name == "known"
    assert router.route(DecodedNotice(notice())).name == "generic"
    with pytest.raises(NoParserFound):  # without the fallback, the unclaimed notice is refused as before
        Router({"known": Known()}).route(DecodedNotice(notice()))


def test_labelled_notice():
    message = mnp_core.parse_email(notice())
    assert message.provider == "unknown:new-carrier.example" and message.parser.startswith("mnp-core ")
    assert [e.parsed_vendor_circuit_id for e in message.events] == ["SV-1001", "SV-1002"]
    event = message.events[0]
    assert event.maintenance_id == "CHG-4242" and event.account == "Example Corp"
    assert (event.begin_window, event.end_window) == (
        datetime(2031, 3, 20, 1, tzinfo=UTC), datetime(2031, 3, 20, 5, tzinfo=UTC)
    )
    assert event.impact is mnp_core.Impact.NO_IMPACT and event.status is mnp_core.Status.CONFIRMED
    assert event.confidence == 0.95
    assert "Start Date/Time: 20/03/2031 01:00 GMT" in event.evidence and "SV-1001" in event.evidence


def test_one_line_window_in_a_table_row_zone_from_header_and_local_restatement_dropped():
    html = (
        "<p>Maintenance Window: 01-Jun-2031 15:59 (UTC) to 01-Jun-2031 22:00 (UTC)</p>"
        "<p>01-Jun-2031 08:59 to 01-Jun-2031 15:00 ( Pacific )</p>"
        "<table><tr><th>Circuit ID</th><th>Impact</th></tr><tr><td>XC/100/200</td><td>Outage</td></tr></table>"
    )
    raw = notice(body=html, subject="Maintenance REF-778899").replace(b"text/plain", b"text/html")
    [event] = mnp_core.parse_email(raw).events
    assert event.maintenance_id == "REF-778899"  # from the subject: less sure than a label
    assert (event.begin_window.hour, event.end_window.hour) == (15, 22)
    assert event.parsed_vendor_circuit_id == "XC/100/200"
    assert event.confidence == 0.85


def test_zone_missing_is_assumed_utc_with_low_confidence_and_year_left_out_is_nearest():
    body = "Reference: AB-123456\r\nStart: 17 JUL 07:00\r\nEnd: 17 JUL 13:00\r\n"
    [event] = mnp_core.parse_email(notice(body=body)).events
    assert event.begin_window == datetime(2031, 7, 17, 7, tzinfo=UTC)
    assert event.confidence == 0.5


def test_backup_window_is_not_announced_work():
    body = LABELLED + "Backup Start Date/Time: 21/03/2031 01:00 GMT\r\nBackup End Date/Time: 21/03/2031 05:00 GMT\r\n"
    assert {e.begin_window.day for e in mnp_core.parse_email(notice(body=body)).events} == {20}


def test_no_window_is_no_parser_found():
    with pytest.raises(NoParserFound, match="maintenance window"):
        mnp_core.parse_email(notice(body="Your invoice for March is attached. Ticket: 12345\r\n"))


def test_calendar_read_by_bcop_when_routed_and_by_generic_when_forced():
    calendar = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:1\r\n"
        "DTSTART:20310102T030000Z\r\nDTEND:20310102T050000Z\r\nDTSTAMP:20301201T000000Z\r\n"
        "X-MAINTNOTE-ACCOUNT:A\r\nX-MAINTNOTE-MAINTENANCE-ID:CAL-1\r\nX-MAINTNOTE-OBJECT-ID:C1\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    raw = notice(body=calendar).replace(b"text/plain", b"text/calendar").replace(b"Dear Example Corp,\r\n\r\n", b"")
    assert mnp_core.parse_email(raw).parser.startswith("mnp-core") and mnp_core.parse_email(raw).events[0].confidence is None
    [event] = mnp_core.parse_email(raw, provider="generic").events
    assert event.provider == "unknown:new-carrier.example" and event.confidence == 0.9


def test_only_one_fallback_parser():
    registry = Registry()
    registry.register(GenericParser(), distribution="mnp-core", version="0")

    class Other(GenericParser):
        name = "other"

    with pytest.raises(PluginError, match="already does"):
        registry.register(Other(), distribution="x", version="0")


def test_mnp_plugins_names_the_fallback():
    result = subprocess.run([sys.executable, "-m", "mnp_core.cli", "plugins", "--json"], capture_output=True, text=True)
    [generic] = [p for p in json.loads(result.stdout)["parsers"] if p["name"] == "generic"]
    assert generic["claims"] == ["any notice no other parser claims (for review)"]


def test_an_extra_vendor_plugin_still_wins_over_the_fallback():
    plugin = types.SimpleNamespace(register_parsers=hookimpl(lambda register: register(Known())))
    try:
        mnp_core.reset_plugins(plugin)
        assert mnp_core.parse_email(notice(domain="known.example")).provider == "known"
        assert mnp_core.parse_email(notice()).provider == "unknown:new-carrier.example"
    finally:
        mnp_core.reset_plugins()
