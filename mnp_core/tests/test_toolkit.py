"""The toolkit plugin authors build on."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mnp_core import Impact, Status
from mnp_core.toolkit import (
    ExtractError,
    field,
    fields,
    html_tables,
    impact_from_text,
    label_values,
    next_cell,
    parse_datetime,
    parse_duration,
    parse_window,
    split_ids,
    start_end_pairs,
    status_from_text,
    status_from_texts,
    table_records,
    visible_lines,
    year_near,
)


def utc(*args):
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        ("2019-Apr-09 06:00 UTC", {}, utc(2019, 4, 9, 6)),
        ("09/04/2019 06:00 GMT+8", {"dayfirst": True}, utc(2019, 4, 8, 22)),
        ("09/04/2019 06:00 GMT-03:30", {"dayfirst": True}, utc(2019, 4, 9, 9, 30)),
        ("2024-03-06T19:00:00Z", {}, utc(2024, 3, 6, 19)),
        ("2024-03-06T19:00:00+02:00", {}, utc(2024, 3, 6, 17)),
        ("Tue, 26 Mar 2019 14:02:11 +0100", {}, utc(2019, 3, 26, 13, 2, 11)),
        ("08-Oct-2021 22:00 EDT", {}, utc(2021, 10, 9, 2)),
        ("2021-10-08 22:00 (CET)", {}, utc(2021, 10, 8, 21)),
        ("2021-10-08 22:00 Europe/Paris", {}, utc(2021, 10, 8, 20)),
        ("2021-01-08 22:00 Europe/Paris", {}, utc(2021, 1, 8, 21)),
        ("10/08/2021 22:00", {"zone": "America/Chicago"}, utc(2021, 10, 9, 3)),
        ("June 5, 2023 at 11:30 PM IST", {}, utc(2023, 6, 5, 18)),
    ],
)
def test_parse_datetime(text, kwargs, expected):
    assert parse_datetime(text, **kwargs) == expected


def test_zone_less_text_is_refused_not_read_in_the_host_zone():
    with pytest.raises(ExtractError, match="with a time zone"):
        parse_datetime("2021-10-08 22:00")
    with pytest.raises(ExtractError, match="a date and time"):
        parse_datetime("")


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("1 x 3 hours interruption", 10800),
        ("2 x 15 minutes", 1800),
        ("up to 30 minutes", 1800),
        ("1 hour 30 minutes", 5400),
        ("approx. 4 hrs", 14400),
        ("02:30 hrs", 9000),
        ("half an hour", 1800),
        ("two hours", 7200),
        ("No outage expected", None),
        (None, None),
    ],
)
def test_parse_duration(text, seconds):
    assert parse_duration(text) == seconds


def test_fields_reads_labels_values_and_next_line_values():
    text = "Start Date/Time: 2025-01-02 03:00 UTC\nService ID:\n  IC-1, IC-2\nImpact\t1 x 3 hours\n"
    values = fields(text)
    assert values["start date/time"] == "2025-01-02 03:00 UTC"
    assert split_ids(field(values, "Circuit", "Service ID")) == ["IC-1", "IC-2"]
    assert field(values, "impact") == "1 x 3 hours"
    with pytest.raises(ExtractError, match="'Reference'"):
        field(values, "Reference")
    assert field(values, "Reference", default="") == ""


HTML = """
<table>
  <tr><th>Circuit ID</th><th colspan="2">Window</th><th>Impact</th></tr>
  <tr><td>IC-1</td><td>2025-01-02 03:00</td><td>2025-01-02 05:00</td><td>Outage</td></tr>
  <tr><td>IC-2</td><td>2025-01-03 03:00</td><td>2025-01-03 05:00</td><td>No impact</td></tr>
</table>
<table><tr><td>Reference:</td><td>PW-1</td></tr><tr><td>Account</td><td>ACME</td></tr></table>
"""


def test_html_tables_records_and_label_values():
    first, second = html_tables(HTML)
    assert first[0] == ["Circuit ID", "Window", "Window", "Impact"]
    records = table_records(first)
    assert [r["Circuit ID"] for r in records] == ["IC-1", "IC-2"]
    assert label_values(second) == {"Reference": "PW-1", "Account": "ACME"}


def test_status_and_impact_words():
    assert status_from_text("CANCELLED NOTIFICATION***ACME") is Status.CANCELLED
    assert status_from_text("COMPLETED MAINTENANCE NOTIFICATION") is Status.COMPLETED
    assert status_from_text("RESCHEDULE NOTIFICATION") is Status.RE_SCHEDULED
    assert status_from_text("START MAINTENANCE NOTIFICATION") is Status.IN_PROCESS
    assert status_from_text("REMINDER - Scheduled work") is Status.CONFIRMED
    assert status_from_text("hello", default=Status.NO_CHANGE) is Status.NO_CHANGE
    assert impact_from_text("No impact is expected") is Impact.NO_IMPACT
    assert impact_from_text("Loss of redundancy") is Impact.REDUCED_REDUNDANCY
    assert impact_from_text("Service interruption of up to 30 minutes") is Impact.OUTAGE
    assert impact_from_text("nothing said", default=None) is None


def test_status_words_carriers_share_and_their_own():
    assert status_from_text("Correction 06/11/2021 Planned Network Maintenance") is Status.RE_SCHEDULED
    assert status_from_text("Planned Maintenance Amendment") is Status.RE_SCHEDULED
    assert status_from_text("The scheduled maintenance work has begun.") is Status.IN_PROCESS
    assert status_from_text("Correction: maintenance cancelled") is Status.CANCELLED
    # "Extended" is no shared word: carriers disagree on what it announces.
    assert status_from_text("Outage for an extended period") is Status.CONFIRMED
    own = ((re.compile(r"\bextended\b", re.IGNORECASE), Status.RE_SCHEDULED),)
    assert status_from_text("Window extended, work completed", words=own) is Status.RE_SCHEDULED


def test_status_from_texts_takes_the_first_change_stated():
    assert status_from_texts("this maintenance has been rescheduled", "Scheduled work") is Status.RE_SCHEDULED
    assert status_from_texts("the details are below", "CANCELLED: maintenance") is Status.CANCELLED
    assert status_from_texts("a scheduled maintenance", "Emergency Maintenance") is Status.CONFIRMED
    assert status_from_texts("", None, default=Status.NO_CHANGE) is Status.NO_CHANGE


def test_visible_lines_keeps_cells_paragraphs_and_breaks_apart():
    html = (
        "<html><head><title>Notice</title><style>td {}</style></head><body>"
        "<h2>Planned Maintenance  Notification</h2>"
        "<table><tr><th>Start time:</th><td>01-Jun-2021<br/>15:59 UTC</td></tr>"
        "<tr><td>Services:</td><td><p>SVC 1</p><p> </p><p>SVC\n 2</p></td></tr></table></body></html>"
    )
    assert visible_lines(html) == [
        "Planned Maintenance Notification",
        "Start time:",
        "01-Jun-2021",
        "15:59 UTC",
        "Services:",
        "SVC 1",
        "SVC 2",
    ]
    assert visible_lines("") == []


def test_next_cell_is_the_value_beside_a_label():
    from mnp_core.toolkit.html import HtmlTree

    tree = HtmlTree("<table><tr><th>Reference:</th>\n<td>PN498484</td></tr><tr><td>last</td></tr></table>")
    label, value, last = tree.css("th, td")
    assert next_cell(label).text() == "PN498484"
    assert next_cell(value) is None and next_cell(last) is None


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        ("01-Jun-2021 15:59:00(UTC) to 01-Jun-2021 22:00:00(UTC)", {}, (utc(2021, 6, 1, 15, 59), utc(2021, 6, 1, 22))),
        # The zone written once, after the end, is the start's too.
        (
            "03/02/2031 22:00:00 to 04/02/2031 04:00:00 GMT+8",
            {"dayfirst": True},
            (utc(2031, 2, 3, 14), utc(2031, 2, 3, 20)),
        ),
        ("2031-06-10 04:30 IST to 2031-06-10 10:30 GMT", {}, (utc(2031, 6, 9, 23), utc(2031, 6, 10, 10, 30))),
        ("2031-06-09 23:00 until 2031-06-10 05:00", {"zone": "UTC"}, (utc(2031, 6, 9, 23), utc(2031, 6, 10, 5))),
        ("12-Feb-2024 09:00 - 12-Feb-2024 17:00 GMT", {}, (utc(2024, 2, 12, 9), utc(2024, 2, 12, 17))),
    ],
)
def test_parse_window(text, kwargs, expected):
    assert parse_window(text, **kwargs) == expected


def test_parse_window_refuses_a_single_time():
    with pytest.raises(ExtractError, match="start to end"):
        parse_window("2031-06-09 23:00 GMT")


def test_start_end_pairs_pairs_each_start_with_the_end_after_it():
    rows = [
        ("End Date/Time (UTC) Day 0", "orphan end"),
        ("Start Date/Time (UTC) Day 1", "a"),
        ("Ticket", "T-1"),
        ("End Date/Time (UTC) Day 1", "b"),
        ("start date/time", "c"),
        ("Finish date/time", "d"),
        ("Start time", "never ended"),
    ]
    assert start_end_pairs(rows) == [
        (("Start Date/Time (UTC) Day 1", "a"), ("End Date/Time (UTC) Day 1", "b")),
        (("start date/time", "c"), ("Finish date/time", "d")),
    ]


def test_year_near_crosses_new_year():
    assert year_near(11, 17, date(2021, 11, 16)) == date(2021, 11, 17)
    assert year_near(1, 2, date(2021, 12, 28)) == date(2022, 1, 2)
    assert year_near(12, 30, date(2022, 1, 3)) == date(2021, 12, 30)
    assert year_near(2, 29, date(2023, 6, 1)) == date(2024, 2, 29)
    with pytest.raises(ExtractError, match="calendar day"):
        year_near(2, 29, date(2022, 6, 1))


# The lazy forms the unrolled patterns in toolkit.html replace: same matches, fewer steps.
_LAZY_HIDDEN = re.compile(r"<!--.*?-->|<!DOCTYPE[^>]*>|<(script|style)\b[^>]*>.*?</\1>", re.DOTALL)
_LAZY_HIDDEN_LINES = re.compile(r"<!--.*?-->|<!DOCTYPE[^>]*>|<(script|style|title|head)\b[^>]*>.*?</\1>", re.DOTALL)
_HTMLISH = st.lists(
    st.sampled_from(
        [
            "<",
            ">",
            "-",
            "!",
            "/",
            "a",
            " ",
            "\n",
            "<!--",
            "-->",
            "--",
            "<script>",
            "</script>",
            "<style x>",
            "</style>",
            "<title>",
            "</title>",
            "<head>",
            "</head>",
            "<!DOCTYPE html>",
            "</scri",
        ]
    ),
    max_size=40,
).map("".join)


@given(_HTMLISH)
def test_unrolled_hidden_patterns_match_as_the_lazy_ones(html):
    from mnp_core.toolkit import html as module

    assert module._HIDDEN.sub("", html) == _LAZY_HIDDEN.sub("", html)
    assert module._HIDDEN_LINES.sub("", html) == _LAZY_HIDDEN_LINES.sub("", html)


@given(
    st.lists(st.sampled_from(["<", ">", "/", "td", "TH", "p", "div", "li", "h3", " ", "x", "\n"]), max_size=30).map(
        "".join
    )
)
def test_block_ends_are_marked_before_their_tags(html):
    from mnp_core.toolkit import html as module

    lookahead = re.compile(r"(?=</(?:td|th|p|div|li|h[1-6])\s*>)", re.IGNORECASE)
    assert module._BLOCK_END.sub(module._marked_end, html) == lookahead.sub(module._MARK, html)


_STATUS_VOCABULARY = [
    "cancelled",
    "Cancellation",
    "withdrawn",
    "called off",
    "completed",
    "completion",
    "end of window",
    "closed",
    "finished",
    "successfully",
    "rescheduled",
    "re-schedule",
    "postponed",
    "deferred",
    "new date",
    "correction",
    "amended",
    "started",
    "in progress",
    "in-process",
    "underway",
    "commencing",
    "begun",
    "tentative",
    "proposed",
    "preliminary",
    "scheduled",
    "reminder",
    "confirmation",
    "planned",
    "new",
    "updates",
    "emergency",
    "notification",
    "reduced redundancy",
    "loss of protection",
    "unprotected",
    "no impact",
    "no service impact",
    "non-service affecting",
    "not service affecting",
    "no interruption",
    "no outage",
    "hitless",
    "degraded",
    "latency",
    "reduced bandwidth",
    "packet loss",
    "outage",
    "interruption",
    "downtime",
    "down time",
    "service affecting",
    "hits",
    "unavailable",
    "loss of service",
    "switching hits",
    "flapping",
    " ",
    "x",
    "-",
    "\n",
    "İ",
    "ı",
    "ſ",
    "\u212a",
    "I",
    "S",
    "K",
]


def _turkish_case(word: str, data) -> str:
    swaps = {"i": ["i", "I", "İ", "ı"], "s": ["s", "S", "ſ"], "k": ["k", "K", "\u212a"]}
    return "".join(data.draw(st.sampled_from(swaps.get(c.lower(), [c.lower(), c.upper()]))) for c in word)


@settings(max_examples=1000)
@given(st.data())
def test_status_and_impact_words_read_as_their_patterns_alone(data):
    from mnp_core.toolkit import status as module

    words = data.draw(st.lists(st.sampled_from(_STATUS_VOCABULARY), max_size=3))
    text = "".join(_turkish_case(word, data) for word in words)
    by_pattern = next((s for _, pattern, s in module._STATUS_WORDS if pattern.search(text)), None)
    assert status_from_text(text, None) is by_pattern
    impact = next((i for _, pattern, i in module._IMPACT_WORDS if pattern.search(text)), None)
    assert impact_from_text(text, None) is impact


@given(
    st.lists(
        st.sampled_from(["Start", " ", "\t", ":", "-", "*", ">", "time", "\xa0", "x" * 30, "2021", "\x1c", "é"]),
        max_size=12,
    ).map("".join)
)
def test_field_lines_are_read_as_with_a_lazy_value(line):
    from mnp_core.toolkit import text as module

    lazy = re.compile(r"^[ \t>*\-]*([A-Za-z][^:\t\n]{0,80}?)\s*(?::|\t)[ \t]*(.*?)\s*$", re.MULTILINE)
    old, new = lazy.match(line), module._LINE_FIELD.match(line)
    assert bool(old) == bool(new)
    if old:
        assert (old.group(1), old.group(2).strip()) == (new.group(1), new.group(2).strip())


@given(
    st.lists(
        st.sampled_from(["a", " ", "\n", "x y", "&amp;", "<b>", "</b>", "<br>", "\x1e", "é", ">", "1:2"]), max_size=8
    ).map("".join),
    st.sampled_from(["td", "th", "td colspan=2"]),
)
def test_a_plain_cell_has_the_lines_its_serialization_has(content, tag):
    from selectolax.lexbor import LexborHTMLParser

    from mnp_core.toolkit import html as module

    tree = LexborHTMLParser(f"<table><tr><{tag}>{content}</{tag.split()[0]}></tr></table>")
    cell = tree.css_first("td, th")
    assert visible_lines(cell) == module._serialized_lines(cell.html)


@given(
    st.lists(
        st.sampled_from(
            [
                "2",
                " x ",
                "×",
                "*",
                "15",
                "minutes",
                "Hours",
                "HALF AN HOUR",
                "half a",
                "02:30",
                "hrs",
                ":",
                "up to",
                "ſ",
                "three",
                "fıve",
                "mıns",
                "İ",
                " ",
            ]
        ),
        max_size=8,
    ).map("".join)
)
def test_durations_read_as_without_the_character_checks(text):
    from mnp_core.toolkit import durations as module

    def unguarded(text):
        match = module._TIMES.search(text)
        if match:
            return int(int(match.group(1)) * module._number(match.group(2)) * module._unit(match.group(3)))
        if module._HALF.search(text):
            return 1800
        clock = module._CLOCK.search(text)
        if clock:
            return int(clock.group(1)) * 3600 + int(clock.group(2)) * 60 + int(clock.group(3) or 0)
        amounts = list(module._AMOUNT.finditer(text))
        return int(sum(module._number(a.group(1)) * module._unit(a.group(2)) for a in amounts)) if amounts else None

    assert parse_duration(text or None) == (unguarded(text) if text else None)


_UNUSUAL_NAMES = (
    "xmp iframe noembed noframes plaintext template noscript svg math frameset select textarea listing".split()
)


@given(
    st.lists(
        st.sampled_from([*_UNUSUAL_NAMES, "<", "</", ">", " ", "x", "no", "te", "s", "table", "td", "b"]), max_size=8
    ).map("".join)
)
def test_unusual_elements_are_found_as_by_their_plain_alternation(html):
    from mnp_core.toolkit import html as module

    plain = re.compile(r"<(?:" + "|".join(_UNUSUAL_NAMES) + r")\b")
    assert bool(module._UNUSUAL_TAG.search(html)) == bool(plain.search(html))


@given(st.integers(0, 40), st.integers(0, 40), st.integers(0, 99), st.integers(0, 25), st.booleans())
def test_two_digit_years_read_as_dateutil_reads_them(first, second, year, hour, dayfirst):
    from dateutil import parser as dateutil_parser

    from mnp_core.toolkit import dates as module

    text = f"{first:02d}/{second}/{year:02d} {hour}:05"
    quick = module._quick_parse(text, dayfirst)
    if quick is not None:
        assert quick == dateutil_parser.parse(text, dayfirst=dayfirst, fuzzy=True, default=datetime(2000, 1, 1))


@given(
    st.sampled_from(["2023-12-05 20:55:00", "2024-01-31 18:00", "05 Dec 2023 20:55"]),
    st.sampled_from([" +0000", "+00:00", " -0500", "+0530"]),
    st.sampled_from(["UTC", "GMT", "EST", "CET"]),
)
def test_a_zone_name_wins_over_the_offset_beside_it(when, offset, zone):
    from mnp_core.toolkit import dates as module

    # What the quick path gives must be what dateutil read before: the name's zone, the
    # wall time as written.
    text = f"{when}{offset} {zone}"
    remainder, found = module._split_zone(text)
    slow = module._dateutil.parse(remainder.strip(" ()[]-"), fuzzy=True, default=datetime(2000, 1, 1))
    assert parse_datetime(text) == module.localize(slow.replace(tzinfo=None), found)
