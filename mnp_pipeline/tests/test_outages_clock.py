"""Times without a year, in a device's local zone, across New Year and DST changes."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from outage_logs import outages, read, utc

from mnp_pipeline.outages.clock import TimeSettings, resolve


def test_new_year_a_december_line_received_in_january_is_last_year():
    event = read("<187>12: Dec 31 23:59:58.000 UTC: %LINK-3-UPDOWN: Interface Gi0/1, changed state to down",
                 received_at=utc(2025, 1, 1, 0, 0, 3), host="rtr1")
    assert event.occurred_at == utc(2024, 12, 31, 23, 59, 58)
    # A 3164 header from the file of a collector, read after New Year (file mtime).
    filed = read("Dec 31 23:59:58 mx1 mib2d[9]: SNMP_TRAP_LINK_DOWN: ifIndex 5, ifAdminStatus up(1), "
                 "ifOperStatus down(2), ifName ge-0/0/1", reference=utc(2025, 1, 2, 6))
    assert filed.occurred_at == utc(2024, 12, 31, 23, 59, 58)


def test_new_year_a_device_ahead_of_the_collector_is_already_next_year():
    event = read("<187>13: Jan  1 00:00:02.000 UTC: %LINK-3-UPDOWN: Interface Gi0/1, changed state to up",
                 received_at=utc(2024, 12, 31, 23, 59, 59), host="rtr1")
    assert event.occurred_at == utc(2025, 1, 1, 0, 0, 2)


def test_an_outage_across_new_year_has_the_right_length():
    lines = [
        "Dec 31 23:50:00 mx1 mib2d[9]: SNMP_TRAP_LINK_DOWN: ifIndex 5, ifAdminStatus up(1), ifOperStatus down(2), ifName ge-0/0/1",
        "Jan  1 00:10:00 mx1 mib2d[9]: SNMP_TRAP_LINK_UP: ifIndex 5, ifAdminStatus up(1), ifOperStatus up(1), ifName ge-0/0/1",
    ]
    [outage] = outages(lines, reference=utc(2025, 1, 1, 0, 30))
    assert (outage.begin_outage, outage.duration) == (utc(2024, 12, 31, 23, 50), timedelta(minutes=20))


def test_leap_day_without_a_year():
    assert resolve(2, 29, 12, 0, 0, 0, zone=ZoneInfo("UTC"), reference=utc(2025, 1, 5)) == utc(2024, 2, 29, 12)


def test_dst_end_with_zone_abbreviations():
    # Europe/Berlin falls back at 03:00 CEST -> 02:00 CET on 27 October 2024: the
    # abbreviations say which 02:xx is meant.
    lines = [
        "<187>1: rtr1: Oct 27 02:50:00.000 CEST: %LINK-3-UPDOWN: Interface Gi0/1, changed state to down",
        "<187>2: rtr1: Oct 27 02:10:00.000 CET: %LINK-3-UPDOWN: Interface Gi0/1, changed state to up",
    ]
    [outage] = outages(lines, reference=utc(2024, 10, 27, 3))
    assert (outage.begin_outage, outage.end_outage) == (utc(2024, 10, 27, 0, 50), utc(2024, 10, 27, 1, 10))
    assert outage.duration == timedelta(minutes=20)


def test_dst_end_in_a_configured_device_zone_resolved_by_the_collector_time():
    # No abbreviation: the device's zone is configured, and the repeated hour is told
    # apart by when the collector received each message (RFC 5424 header, UTC).
    settings = TimeSettings(device_zones={"rtr1": ZoneInfo("Europe/Berlin")})
    down = read("<187>1 2024-10-27T00:50:01Z rtr1 - - - - 41: Oct 27 02:50:00.000: %LINK-3-UPDOWN: "
                "Interface Gi0/1, changed state to down", settings=settings)
    up = read("<187>1 2024-10-27T01:10:01Z rtr1 - - - - 42: Oct 27 02:10:00.000: %LINK-3-UPDOWN: "
              "Interface Gi0/1, changed state to up", settings=settings)
    assert down.occurred_at == utc(2024, 10, 27, 0, 50)  # 02:50 CEST, the first 02:50
    assert up.occurred_at == utc(2024, 10, 27, 1, 10)  # 02:10 CET, the second 02:10
    assert up.occurred_at - down.occurred_at == timedelta(minutes=20)


def test_dst_start_in_a_device_zone():
    settings = TimeSettings(device_zones={"rtr1": ZoneInfo("Europe/Berlin")})
    before = read("<187>1: Mar 31 01:59:00.000: %LINK-3-UPDOWN: Interface Gi0/1, changed state to down",
                  host="rtr1", settings=settings, reference=utc(2024, 4, 1))
    after = read("<187>2: Mar 31 03:01:00.000: %LINK-3-UPDOWN: Interface Gi0/1, changed state to up",
                 host="rtr1", settings=settings, reference=utc(2024, 4, 1))
    assert after.occurred_at - before.occurred_at == timedelta(minutes=2)


def test_an_unknown_abbreviation_falls_back_to_the_device_zone():
    settings = TimeSettings(default_zone=ZoneInfo("America/New_York"))
    event = read("<187>1: rtr1: Jul  4 12:00:00.000 XYZT: %LINK-3-UPDOWN: Interface Gi0/1, changed state to down",
                 settings=settings, reference=utc(2024, 7, 5))
    assert event.occurred_at == utc(2024, 7, 4, 16)
