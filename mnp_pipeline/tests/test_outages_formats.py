"""Each OS's interface messages, as the devices write them, through their envelopes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from outage_logs import outages, read, utc

from mnp_pipeline.outages.assembly import FlapRules
from mnp_pipeline.outages.events import Clock, Layer, LinkState
from mnp_pipeline.outages.formats import LogFormat, LogLine, hookimpl, load_formats


def test_cisco_ios_down_up_with_line_protocol():
    lines = [
        "Mar 14 09:15:02 rtr1.fra 2241: Mar 14 09:15:02.117 UTC: %LINK-3-UPDOWN: Interface GigabitEthernet0/0/1, changed state to down",
        "Mar 14 09:15:03 rtr1.fra 2242: Mar 14 09:15:03.118 UTC: %LINEPROTO-5-UPDOWN: Line protocol on Interface GigabitEthernet0/0/1, changed state to down",
        "Mar 14 09:41:55 rtr1.fra 2243: Mar 14 09:41:55.802 UTC: %LINK-3-UPDOWN: Interface GigabitEthernet0/0/1, changed state to up",
        "Mar 14 09:41:56 rtr1.fra 2244: Mar 14 09:41:56.803 UTC: %LINEPROTO-5-UPDOWN: Line protocol on Interface GigabitEthernet0/0/1, changed state to up",
    ]
    first = read(lines[0])
    assert (first.log_format, first.device, first.interface, first.state, first.layer, first.clock) == (
        "cisco-ios", "rtr1.fra", "GigabitEthernet0/0/1", LinkState.DOWN, Layer.LINK, Clock.DEVICE)
    assert first.occurred_at == utc(2024, 3, 14, 9, 15, 2, 117000)
    assert read(lines[1]).layer is Layer.PROTOCOL
    # The line protocol stays down a second longer than the link: the union counts it.
    [outage] = outages(lines)
    assert (outage.begin_outage, outage.end_outage) == (utc(2024, 3, 14, 9, 15, 2, 117000),
                                                        utc(2024, 3, 14, 9, 41, 56, 803000))
    assert not outage.operator_caused and not outage.provisional


def test_cisco_ios_xe_year_zone_and_origin_hostname():
    event = read("<187>118: edge2.ams: Mar 14 2024 10:15:02.117 CET: %LINK-3-UPDOWN: "
                 "Interface TenGigabitEthernet1/0/3, changed state to down", host="192.0.2.10")
    assert event.device == "edge2.ams"  # logging origin-id hostname beats the sender's address
    assert event.occurred_at == utc(2024, 3, 14, 9, 15, 2, 117000)


def test_cisco_ios_admin_shutdown_is_operator_caused():
    lines = [
        "<189>3301: rtr1: Mar 14 22:00:05.001 UTC: %LINK-5-CHANGED: Interface GigabitEthernet0/2, changed state to administratively down",
        "<189>3302: rtr1: Mar 14 22:00:06.002 UTC: %LINEPROTO-5-UPDOWN: Line protocol on Interface GigabitEthernet0/2, changed state to down",
        "<189>3310: rtr1: Mar 14 22:30:41.500 UTC: %LINK-3-UPDOWN: Interface GigabitEthernet0/2, changed state to up",
        "<189>3311: rtr1: Mar 14 22:30:42.501 UTC: %LINEPROTO-5-UPDOWN: Line protocol on Interface GigabitEthernet0/2, changed state to up",
    ]
    assert read(lines[0]).admin and not read(lines[1]).admin
    [outage] = outages(lines)
    assert outage.operator_caused
    assert outage.duration == timedelta(minutes=30, seconds=37, microseconds=500000)


def test_cisco_unsynchronised_clock_prefers_the_collector():
    line = "<187>45: rtr9: *Mar  1 00:04:12.331: %LINK-3-UPDOWN: Interface FastEthernet0/1, changed state to down"
    received = utc(2024, 3, 14, 9, 15, 2)
    event = read(line, received_at=received)
    assert (event.occurred_at, event.clock) == (received, Clock.COLLECTOR)
    # "." (NTP lost) too; and without a collector time the device's clock is all there is.
    dotted = read(line.replace("*Mar", ".Mar"), received_at=received)
    assert dotted.clock is Clock.COLLECTOR
    alone = read(line, reference=utc(2024, 3, 2))
    assert (alone.occurred_at, alone.clock) == (utc(2024, 3, 1, 0, 4, 12, 331000), Clock.UNSYNCHRONISED)
    # An unsynchronised stamp in an rsyslog file: the collector's header time is used.
    filed = read("Mar 14 09:15:02 rtr9 45: rtr9: *Mar  1 00:04:12.331: %LINK-3-UPDOWN: "
                 "Interface FastEthernet0/1, changed state to up")
    assert (filed.occurred_at, filed.clock, filed.state) == (utc(2024, 3, 14, 9, 15, 2), Clock.COLLECTOR, LinkState.UP)


def test_cisco_ios_xr():
    lines = [
        "<187>Mar 14 09:15:02 pe1.lon RP/0/RSP0/CPU0:Mar 14 09:15:02.117 UTC: ifmgr[227]: %PKT_INFRA-LINK-3-UPDOWN : Interface TenGigE0/0/0/1, changed state to Down",
        "<187>Mar 14 09:15:02 pe1.lon RP/0/RSP0/CPU0:Mar 14 09:15:02.120 UTC: ifmgr[227]: %PKT_INFRA-LINEPROTO-5-UPDOWN : Line protocol on Interface TenGigE0/0/0/1, changed state to Down",
        "<187>Mar 14 09:20:11 pe1.lon RP/0/RSP0/CPU0:Mar 14 09:20:11.004 UTC: ifmgr[227]: %PKT_INFRA-LINK-3-UPDOWN : Interface TenGigE0/0/0/1, changed state to Up",
        "<187>Mar 14 09:20:11 pe1.lon RP/0/RSP0/CPU0:Mar 14 09:20:11.010 UTC: ifmgr[227]: %PKT_INFRA-LINEPROTO-5-UPDOWN : Line protocol on Interface TenGigE0/0/0/1, changed state to Up",
    ]
    event = read(lines[0])
    assert (event.log_format, event.device, event.interface, event.state) == (
        "cisco-iosxr", "pe1.lon", "TenGigE0/0/0/1", LinkState.DOWN)
    [outage] = outages(lines)
    assert (outage.begin_outage, outage.end_outage) == (utc(2024, 3, 14, 9, 15, 2, 117000),
                                                        utc(2024, 3, 14, 9, 20, 11, 10000))
    admin = read("RP/0/RP0/CPU0:2024 Mar 14 09:15:02.117 UTC: ifmgr[402]: %PKT_INFRA-LINK-5-CHANGED : "
                 "Interface HundredGigE0/0/0/0, changed state to Administratively Down", host="198.51.100.7")
    assert admin.admin and admin.device == "198.51.100.7" and admin.occurred_at.year == 2024


def test_nxos_link_failure_admin_down_and_up():
    failure = read("<189>: 2024 Mar 14 09:15:02 UTC: %ETHPORT-5-IF_DOWN_LINK_FAILURE: "
                   "Interface Ethernet1/49 is down (Link failure)", host="n9k-1.dc2")
    assert (failure.log_format, failure.device, failure.interface, failure.state, failure.admin) == (
        "cisco-nxos", "n9k-1.dc2", "Ethernet1/49", LinkState.DOWN, False)
    admin = read("<189>: 2024 Mar 14 10:15:02.456 CET: %ETHPORT-5-IF_DOWN_ADMIN_DOWN: "
                 "Interface Ethernet1/49 is down (Administratively down)", host="n9k-1.dc2")
    assert admin.admin and admin.occurred_at == utc(2024, 3, 14, 9, 15, 2, 456000)
    up = read("<189>: 2024 Mar 14 09:20:00 UTC: %ETHPORT-5-IF_UP: Interface Ethernet1/49 is up in mode trunk",
              host="n9k-1.dc2")
    assert up.state is LinkState.UP
    assert read("<189>: 2024 Mar 14 09:19:00 UTC: %ETHPORT-5-IF_ADMIN_UP: Interface Ethernet1/49 is admin up .",
                host="n9k-1.dc2") is None


def test_junos_classic_and_structured_with_a_flap():
    lines = [
        "Mar 14 09:15:02 mx1.fra mib2d[1834]: SNMP_TRAP_LINK_DOWN: ifIndex 526, ifAdminStatus up(1), ifOperStatus down(2), ifName xe-0/0/1",
        "Mar 14 09:15:09 mx1.fra mib2d[1834]: SNMP_TRAP_LINK_UP: ifIndex 526, ifAdminStatus up(1), ifOperStatus up(1), ifName xe-0/0/1",
        "Mar 14 09:15:12 mx1.fra mib2d[1834]: SNMP_TRAP_LINK_DOWN: ifIndex 526, ifAdminStatus up(1), ifOperStatus down(2), ifName xe-0/0/1",
        "Mar 14 09:17:40 mx1.fra mib2d[1834]: SNMP_TRAP_LINK_UP: ifIndex 526, ifAdminStatus up(1), ifOperStatus up(1), ifName xe-0/0/1",
    ]
    assert [o.duration for o in outages(lines)] == [timedelta(seconds=7), timedelta(seconds=148)]
    # A hold-down of 5 s makes the flap one outage; a minimum of 10 s drops the blip instead.
    [held] = outages(lines, FlapRules(hold_down=timedelta(seconds=5)))
    assert (held.begin_outage, held.end_outage) == (utc(2024, 3, 14, 9, 15, 2), utc(2024, 3, 14, 9, 17, 40))
    [long] = outages(lines, FlapRules(min_duration=timedelta(seconds=10)))
    assert long.begin_outage == utc(2024, 3, 14, 9, 15, 12)
    structured = read('<28>1 2024-03-14T10:15:02.123+01:00 mx1.fra mib2d 1834 SNMP_TRAP_LINK_DOWN '
                      '[junos@2636.1.1.1.2.57 snmp-interface-index="526" admin-status="down(2)" '
                      'operational-status="down(2)" interface-name="xe-0/0/1"] ifIndex 526, '
                      'ifAdminStatus down(2), ifOperStatus down(2), ifName xe-0/0/1')
    assert (structured.device, structured.interface, structured.admin) == ("mx1.fra", "xe-0/0/1", True)
    assert structured.occurred_at == utc(2024, 3, 14, 9, 15, 2, 123000)


def test_arista_eos_with_description_and_admin_down():
    down = read("Mar 14 09:15:02 leaf3.dc1 Ebra: %LINEPROTO-5-UPDOWN: Line protocol on Interface "
                "Ethernet49/1 (to spine1 Et3/1), changed state to down")
    assert (down.log_format, down.device, down.interface, down.layer) == (
        "arista-eos", "leaf3.dc1", "Ethernet49/1", Layer.PROTOCOL)
    up = read("2024-03-14T09:16:02.250133+00:00 leaf3.dc1 Ebra: 8812: %LINK-3-UPDOWN: Interface Ethernet49/1, "
              "changed state to up")
    assert (up.state, up.occurred_at) == (LinkState.UP, utc(2024, 3, 14, 9, 16, 2, 250133))
    admin = read("Mar 14 09:20:00 leaf3.dc1 Ebra: %LINK-5-CHANGED: Interface Ethernet49/1, "
                 "changed state to administratively down")
    assert admin.admin and admin.log_format == "arista-eos"


def test_nokia_sros_syslog_and_log_file_forms():
    lines = [
        "Mar 14 09:15:02 pe2.ams TMNX: 88231 Base SNMP-WARNING-linkDown-2004 [Port 1/1/c2/1]:  Interface 1/1/c2/1 is not operational",
        "Mar 14 09:15:04 pe2.ams TMNX: 88232 Base SNMP-WARNING-linkUp-2005 [Port 1/1/c2/1]:  Interface 1/1/c2/1 is operational",
        "Mar 14 09:15:09 pe2.ams TMNX: 88233 Base SNMP-WARNING-linkDown-2004 [Port 1/1/c2/1]:  Interface 1/1/c2/1 is not operational",
        "Mar 14 09:25:00 pe2.ams TMNX: 88240 Base SNMP-WARNING-linkUp-2005 [Port 1/1/c2/1]:  Interface 1/1/c2/1 is operational",
    ]
    event = read(lines[0])
    assert (event.log_format, event.device, event.interface, event.state) == (
        "nokia-sros", "pe2.ams", "1/1/c2/1", LinkState.DOWN)
    assert len(outages(lines)) == 2
    [one] = outages(lines, FlapRules(hold_down=timedelta(seconds=10)))
    assert one.duration == timedelta(minutes=9, seconds=58)
    filed = read('88233 2024/03/14 10:15:09.45 CET WARNING: SNMP #2004 Base 1/1/c2/1 '
                 '"Interface 1/1/c2/1 is not operational"', host="pe2.ams")
    assert filed.occurred_at == utc(2024, 3, 14, 9, 15, 9, 450000) and filed.clock is Clock.DEVICE
    admin = read("Mar 14 09:15:02 pe2.ams TMNX: 88250 Base SNMP-WARNING-linkDown-2004 [Port 1/1/3]:  "
                 "Interface 1/1/3 is administratively down")
    assert admin.admin


@pytest.mark.parametrize("line", [
    "Mar 14 09:15:02 rtr1 sshd[811]: Accepted publickey for noc from 192.0.2.1 port 50122 ssh2",
    "Mar 14 09:15:02 rtr1 2251: Mar 14 09:15:02.117 UTC: %BGP-5-ADJCHANGE: neighbor 192.0.2.1 Down Interface flap",
    "Mar 14 09:15:02 rtr1 2252: Mar 14 09:15:02.117 UTC: %LINK-3-UPDOWN: garbled",
    "",
])
def test_lines_that_report_no_link_change(line):
    assert read(line) is None


def test_a_log_format_plugin_joins_the_routing():
    class ExampleOS(LogFormat):
        name = "example-os"
        markers = ("PORTSTATE",)

        def parse(self, line: LogLine):
            _, _, rest = line.body.partition("PORTSTATE ")
            interface, state = rest.split()
            return self.event(line, line.device(), interface, LinkState(state), None)

    class Plugin:
        @hookimpl
        def register_logformats(self, register):
            register(ExampleOS())

    from mnp_pipeline.outages.clock import TimeSettings
    from mnp_pipeline.outages.events import LogRecord
    from mnp_pipeline.outages.formats import LogReader

    registry = load_formats(extra_plugins=(Plugin(),))
    assert "example-os" in registry.formats and "cisco-ios" in registry.formats
    event = LogReader(registry, TimeSettings()).read(
        LogRecord("2024-03-14T09:15:02Z sw7 portd: PORTSTATE p12 down"))
    assert (event.device, event.interface, event.state, event.log_format) == ("sw7", "p12", LinkState.DOWN,
                                                                              "example-os")
    with pytest.raises(ValueError, match="registered twice"):
        load_formats(extra_plugins=(Plugin(), Plugin()))
