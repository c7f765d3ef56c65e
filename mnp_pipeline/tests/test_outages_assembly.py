"""Outage assembly: the interval rules, and the property that the order and duplication of
reports never matter."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st
from outage_logs import outages, utc

from mnp_pipeline.outages.assembly import FlapRules, Transition, circuit_outages, stream_intervals
from mnp_pipeline.outages.events import LinkState

DOWN, UP = LinkState.DOWN, LinkState.UP
T0 = datetime(2024, 5, 1, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def spans(found) -> list[tuple]:
    return [((o.begin_outage - T0).total_seconds() if o.begin_outage else None,
             (o.end_outage - T0).total_seconds() if o.end_outage else None) for o in found]


def test_down_opens_up_closes_and_repeats_change_nothing():
    stream = [Transition(at(0), DOWN), Transition(at(1), DOWN), Transition(at(60), UP), Transition(at(61), UP)]
    assert spans(circuit_outages({"a": stream})) == [(0, 60)]


def test_both_ends_with_clocks_3_seconds_apart_are_one_outage_the_union():
    # The A end logs the cut at 0 and the repair at 600; the B end's clock runs 3 s ahead.
    a = [Transition(at(0), DOWN), Transition(at(600), UP)]
    b = [Transition(at(3), DOWN), Transition(at(603), UP)]
    [outage] = circuit_outages({"rtr-a gi0/1 link": a, "rtr-b gi0/7 link": b})
    assert spans([outage]) == [(0, 603)]
    assert outage.duration == timedelta(seconds=603)  # the union, not 1200 s
    assert outage.streams == ("rtr-a gi0/1 link", "rtr-b gi0/7 link")


def test_both_ends_3_seconds_apart_from_real_lines():
    lines = [
        "Mar 14 09:15:02 rtr-a 1: Mar 14 09:15:02.000 UTC: %LINK-3-UPDOWN: Interface Gi0/1, changed state to down",
        "Mar 14 09:15:05 mx-b mib2d[9]: SNMP_TRAP_LINK_DOWN: ifIndex 5, ifAdminStatus up(1), ifOperStatus down(2), ifName ge-0/0/7",
        "Mar 14 09:25:02 rtr-a 2: Mar 14 09:25:02.000 UTC: %LINK-3-UPDOWN: Interface Gi0/1, changed state to up",
        "Mar 14 09:25:05 mx-b mib2d[9]: SNMP_TRAP_LINK_UP: ifIndex 5, ifAdminStatus up(1), ifOperStatus up(1), ifName ge-0/0/7",
    ]
    [outage] = outages(lines)
    assert (outage.begin_outage, outage.end_outage) == (utc(2024, 3, 14, 9, 15, 2), utc(2024, 3, 14, 9, 25, 5))


def test_a_down_with_no_up_stays_open_and_provisional():
    [outage] = circuit_outages({"a": [Transition(at(10), DOWN)]})
    assert outage.begin_outage == at(10) and outage.end_outage is None and outage.provisional
    # One end still down keeps the circuit down, whatever the other end says.
    [both] = circuit_outages({"a": [Transition(at(10), DOWN)],
                              "b": [Transition(at(11), DOWN), Transition(at(50), UP)]})
    assert both.end_outage is None


def test_an_up_with_no_down_is_recorded_as_such():
    [outage] = circuit_outages({"a": [Transition(at(100), UP), Transition(at(200), UP)]})
    assert outage.up_without_down and outage.begin_outage is None and outage.end_outage == at(100)
    assert not outage.provisional
    # Both ends' first reports are UPs 2 s apart: one outage of unknown start.
    [joined] = circuit_outages({"a": [Transition(at(100), UP)], "b": [Transition(at(102), UP)]})
    assert joined.end_outage == at(102) and joined.streams == ("a", "b")


def test_an_up_with_no_down_near_a_known_outage_is_explained_by_it():
    a = [Transition(at(0), DOWN), Transition(at(60), UP)]
    b = [Transition(at(63), UP)]  # B's DOWN was logged before the logs we have
    [outage] = circuit_outages({"a": a, "b": b})
    assert spans([outage]) == [(0, 63)] and not outage.up_without_down
    far = circuit_outages({"a": a, "b": [Transition(at(600), UP)]})
    assert spans(far) == [(0, 60), (None, 600)] and far[1].up_without_down


def test_same_instant_down_and_up_is_a_blip_not_an_open_outage():
    [blip] = circuit_outages({"a": [Transition(at(5), UP), Transition(at(5), DOWN), Transition(at(0), UP)]})
    assert spans([blip]) == [(5, 5)]
    # Already down: an UP and a DOWN at one instant leave it down.
    assert spans(circuit_outages({"a": [Transition(at(0), DOWN), Transition(at(5), UP),
                                        Transition(at(5), DOWN)]})) == [(0, None)]


def test_operator_caused_only_when_the_outage_began_with_a_shutdown():
    shut = {"a": [Transition(at(0), DOWN, admin=True), Transition(at(90), UP)],
            "b": [Transition(at(2), DOWN), Transition(at(91), UP)]}
    [outage] = circuit_outages(shut)
    assert outage.operator_caused
    # A fibre cut first; an operator shut the port 10 minutes into it: not operator-caused.
    cut = {"a": [Transition(at(0), DOWN), Transition(at(2000), UP)],
           "b": [Transition(at(600), DOWN, admin=True), Transition(at(1900), UP)]}
    [outage] = circuit_outages(cut)
    assert not outage.operator_caused


def test_flap_rules():
    flaps = {"a": [Transition(at(0), DOWN), Transition(at(2), UP), Transition(at(20), DOWN),
                   Transition(at(25), UP), Transition(at(300), DOWN), Transition(at(400), UP)]}
    assert spans(circuit_outages(flaps)) == [(0, 2), (20, 25), (300, 400)]
    assert spans(circuit_outages(flaps, FlapRules(hold_down=timedelta(seconds=30)))) == [(0, 25), (300, 400)]
    assert spans(circuit_outages(flaps, FlapRules(min_duration=timedelta(seconds=10)))) == [(300, 400)]
    both = FlapRules(min_duration=timedelta(seconds=10), hold_down=timedelta(seconds=30))
    assert spans(circuit_outages(flaps, both)) == [(0, 25), (300, 400)]


def test_stream_intervals_reports_only_the_first_up_as_up_without_down():
    intervals, orphans = stream_intervals("a", [Transition(at(0), UP), Transition(at(5), DOWN),
                                                Transition(at(9), UP), Transition(at(12), UP)])
    assert [(i.begin, i.end) for i in intervals] == [(at(5), at(9))] and orphans == [at(0)]


# -- the property: any interleaving and duplication of the same reports -----------------

_report = st.tuples(
    st.sampled_from(["rtr-a gi0/1 link", "rtr-a gi0/1 protocol", "rtr-b ge-0/0/7 link"]),
    st.integers(min_value=0, max_value=400),
    st.sampled_from([DOWN, UP]),
    st.booleans(),
)
_rules = st.builds(FlapRules, min_duration=st.sampled_from([timedelta(0), timedelta(seconds=7)]),
                   hold_down=st.sampled_from([timedelta(0), timedelta(seconds=5)]),
                   clock_tolerance=st.sampled_from([timedelta(0), timedelta(seconds=3)]))


def _streams(reports) -> dict[str, list[Transition]]:
    streams: dict[str, list[Transition]] = {}
    for stream, second, state, admin in reports:
        streams.setdefault(stream, []).append(Transition(at(second), state, admin and state is DOWN))
    return streams


@given(st.lists(_report, max_size=30), _rules, st.randoms(use_true_random=False), st.data())
def test_any_interleaving_and_duplication_gives_the_same_outages(reports, rules, rnd: random.Random, data):
    expected = circuit_outages(_streams(reports), rules)
    duplicated = reports + data.draw(st.lists(st.sampled_from(reports), max_size=10) if reports else st.just([]))
    rnd.shuffle(duplicated)
    assert circuit_outages(_streams(duplicated), rules) == expected
    # Read in two runs (the second re-reading part of the first) and recomputed: the same.
    cut = data.draw(st.integers(min_value=0, max_value=len(duplicated)))
    again = duplicated[:cut] + duplicated[max(0, cut - 3):]
    assert circuit_outages(_streams(again), rules) == expected


@given(st.lists(_report, max_size=30))
def test_outages_are_the_exact_union_of_the_streams(reports):
    streams = _streams(reports)
    found = circuit_outages(streams, FlapRules(clock_tolerance=timedelta(0)))
    known = [o for o in found if not o.up_without_down]
    # In order, disjoint, never touching (touching intervals are one outage).
    for earlier, later in zip(known, known[1:]):
        assert earlier.end_outage is not None and earlier.end_outage < later.begin_outage
    # Every instant a stream is down lies in an outage, and every outage starts where some
    # stream went down and ends where one came up: the union, nothing more.
    intervals = [i for name, s in streams.items() for i in stream_intervals(name, s)[0]]
    for interval in intervals:
        assert any(o.begin_outage <= interval.begin and (o.end_outage is None or (
            interval.end is not None and interval.end <= o.end_outage)) for o in known)
    for outage in known:
        assert any(i.begin == outage.begin_outage for i in intervals)
        if outage.end_outage is not None:
            assert any(i.end == outage.end_outage for i in intervals)
        else:
            assert any(i.end is None for i in intervals)
    total = sum(((o.duration or timedelta(0)) for o in known), timedelta(0))
    assert total <= sum(((i.end - i.begin) for i in intervals if i.end is not None), timedelta(0))
