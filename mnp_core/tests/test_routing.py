"""Routing and the plugin registry."""

from __future__ import annotations

import json
import subprocess
import sys
import types

import pytest

import mnp_core
from mnp_core import AmbiguousParsers, NoParserFound, NotAMaintenance, Parser, ParserFailed, PluginError, hookimpl
from mnp_core.message import DecodedNotice
from mnp_core.plugins import Registry
from mnp_core.router import Router

BCOP = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:1\r\n"
    "DTSTART:20250102T030000Z\r\nDTEND:20250102T050000Z\r\nDTSTAMP:20241201T000000Z\r\n"
    "X-MAINTNOTE-ACCOUNT:A\r\nX-MAINTNOTE-MAINTENANCE-ID:CAL-1\r\nX-MAINTNOTE-OBJECT-ID:C1\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n"
)


def make(name, senders=(), subjects=(), claims=None, reads_calendar=False, result=None):
    attrs = {"name": name, "senders": senders, "subjects": subjects, "reads_calendar": reads_calendar}
    if claims is not None:
        attrs["claims"] = lambda self, notice: claims(notice)

    def parse(self, notice):
        if result is not None:
            return result(self, notice)
        return [self.event(maintenance_id=f"{name}-1", begin_window="2025-01-02T03:00:00Z",
                           end_window="2025-01-02T05:00:00Z", parsed_vendor_circuit_id="X")]

    attrs["parse"] = parse
    return type(f"P_{name}", (Parser,), attrs)()


def notice(sender="noc@carrier.example", subject="Planned work", extra=b"", body=b"body"):
    return DecodedNotice(f"From: {sender}\r\nSubject: {subject}\r\n".encode() + extra + b"\r\n" + body)


def router(*parsers):
    from mnp_core.builtin.bcop import BcopCalendarParser

    return Router({p.name: p for p in (*parsers, BcopCalendarParser())})


def test_sender_domain_and_parent_domains():
    r = router(make("carrier", senders=("carrier.example",)))
    assert r.route(notice("noc@carrier.example")).name == "carrier"
    assert r.route(notice("maint@emea.ops.carrier.example")).name == "carrier"
    with pytest.raises(NoParserFound, match="noc@elsewhere.example"):
        r.route(notice("noc@elsewhere.example"))


def test_full_address_beats_domain():
    r = router(make("general", senders=("carrier.example",)), make("special", senders=("gsoc@carrier.example",)))
    assert r.route(notice("gsoc@carrier.example")).name == "special"
    assert r.route(notice("noc@carrier.example")).name == "general"


def test_forwarded_notice_reaches_the_carrier():
    r = router(make("carrier", senders=("carrier.example",)))
    raw = b"From: NOC <noc@carrier.example>\r\n\r\nCircuit: X"
    assert r.route(notice("me@operator.example", "Fwd: work", body=raw)).name == "carrier"
    assert r.route(notice("me@operator.example", extra=b"Reply-To: noc@carrier.example\r\n")).name == "carrier"


def test_subject_patterns_tell_two_parsers_of_one_sender_apart():
    r = router(
        make("tickets", senders=("carrier.example",), subjects=(r"\bticket\b",)),
        make("maint", senders=("carrier.example",)),
    )
    assert r.route(notice(subject="Update on ticket 42")).name == "tickets"
    assert r.route(notice(subject="Planned work")).name == "maint"


def test_own_claims_check_breaks_a_tie_and_else_ambiguity_is_an_error():
    a = make("a", senders=("carrier.example",), claims=lambda n: "alpha" in n.text)
    b = make("b", senders=("carrier.example",), claims=lambda n: "beta" in n.text)
    r = router(a, b)
    assert r.route(notice(body=b"alpha")).name == "a"
    assert r.route(notice(body=b"beta")).name == "b"
    with pytest.raises(AmbiguousParsers, match="a .*b"):
        r.route(notice(body=b"alpha beta"))
    assert r.overlaps() == []
    twin = router(make("c", senders=("carrier.example",)), make("d", senders=("carrier.example",)))
    assert [str(o) for o in twin.overlaps()] == [
        "c (c) and d (d) both claim carrier.example with nothing to tell them apart "
        "(no subject pattern, no claims check)"
    ]


def test_bcop_calendar_goes_to_bcop_unless_the_vendor_reads_calendars():
    cal = (b"Content-Type: text/calendar\r\n", BCOP.encode())
    assert router(make("carrier", senders=("carrier.example",))).route(notice(extra=cal[0], body=cal[1])).name == "bcop"
    reader = make("carrier", senders=("carrier.example",), reads_calendar=True)
    assert router(reader).route(notice(extra=cal[0], body=cal[1])).name == "carrier"
    assert router().route(notice("x@unknown.example", extra=cal[0], body=cal[1])).name == "bcop"


def test_subject_only_parsers_route_notices_without_a_known_sender():
    r = router(make("peering", subjects=(r"Net Maintenance Notice",)), make("other", subjects=(r"^Other",)))
    assert r.route(notice("x@unknown.example", "AS64500 Net Maintenance Notice")).name == "peering"
    assert r.route(notice("x@unknown.example", "Other thing")).name == "other"


def test_registry_refuses_duplicates_and_unreachable_parsers():
    registry = Registry()
    registry.register(make("one", senders=("a.example",)), distribution="d1", version="1")
    with pytest.raises(PluginError, match="'one' registered twice: by d1 and by d2"):
        registry.register(make("one", senders=("b.example",)), distribution="d2", version="1")
    with pytest.raises(PluginError, match="no senders, subjects or calendar claim"):
        registry.register(make("lost"), distribution="d3", version="1")
    with pytest.raises(PluginError, match="expected an instance of mnp_core.Parser"):
        registry.register(object(), distribution="d4", version="1")


def _plugin(parser):
    module = types.ModuleType("plugin")

    @hookimpl
    def register_parsers(register):
        register(parser)

    module.register_parsers = register_parsers
    return module


@pytest.fixture
def extra_plugins():
    yield lambda *parsers: mnp_core.reset_plugins(*(_plugin(p) for p in parsers))
    mnp_core.reset_plugins()


def test_parse_email_guards_plugin_failures(extra_plugins):
    def boom(self, notice):
        raise KeyError("column 'Start'")

    def naive(self, notice):
        from datetime import datetime

        return [self.event(maintenance_id="N1", begin_window=datetime(2025, 1, 1), end_window=datetime(2025, 1, 2))]

    def not_maint(self, notice):
        raise NotAMaintenance("a support ticket update")

    extra_plugins(
        make("boom", senders=("boom.example",), result=boom),
        make("naive", senders=("naive.example",), result=naive),
        make("empty", senders=("empty.example",), result=lambda self, n: []),
        make("ticket", senders=("ticket.example",), result=not_maint),
    )
    with pytest.raises(ParserFailed, match=r"parser boom 0 failed: KeyError") as failed:
        mnp_core.parse_email(notice("noc@boom.example").raw)
    assert failed.value.parser == "boom" and failed.value.version == "0"
    with pytest.raises(ParserFailed, match="timezone-aware"):
        mnp_core.parse_email(notice("noc@naive.example").raw)
    with pytest.raises(ParserFailed, match="at least one maintenance window"):
        mnp_core.parse_email(notice("noc@empty.example").raw)
    with pytest.raises(NotAMaintenance):
        mnp_core.parse_email(notice("noc@ticket.example").raw)


def test_provider_forces_a_parser(extra_plugins):
    extra_plugins(make("forced", senders=("forced.example",)))
    message = mnp_core.parse_email(notice("x@unknown.example").raw, provider="forced")
    assert message.events[0].maintenance_id == "forced-1"
    with pytest.raises(NoParserFound, match="'nope'"):
        mnp_core.parse_email(notice().raw, provider="nope")


def test_broken_entry_point_is_reported_and_skipped(tmp_path, monkeypatch):
    dist = tmp_path / "mnp_vendor_broken-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: mnp-vendor-broken\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[mnp.parsers]\nbroken = mnp_vendor_broken_missing_module\n")
    env = {"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "mnp_core.cli", "plugins", "--json"],
                            capture_output=True, text=True, env=env)
    listing = json.loads(result.stdout)
    assert result.returncode == 1
    assert any(e.startswith("broken (mnp-vendor-broken): ModuleNotFoundError") for e in listing["loadErrors"])
    assert {"bcop", "fiberprovider"} <= {p["name"] for p in listing["parsers"]}


def test_mnp_load_plugins_allowlist():
    env = {"MNP_LOAD_PLUGINS": "", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-m", "mnp_core.cli", "plugins", "--json"],
                            capture_output=True, text=True, env=env)
    assert [p["name"] for p in json.loads(result.stdout)["parsers"]] == ["bcop", "generic"]  # the built-ins


def test_mnp_plugins_lists_versions_and_claims():
    result = subprocess.run([sys.executable, "-m", "mnp_core.cli", "plugins"], capture_output=True, text=True)
    lines = result.stdout.splitlines()
    fiber = next(line for line in lines if line.startswith("fiberprovider"))
    assert "mnp-vendor-fiberprovider" in fiber and "1.0.0" in fiber and "fiberprovider.com" in fiber
    assert any(line.startswith("bcop") and "any BCOP iCalendar" in line for line in lines)
