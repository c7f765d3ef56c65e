"""The toolkit plugin authors build on."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mnp_core import Impact, Status
from mnp_core.toolkit import (
    ExtractError,
    field,
    fields,
    html_tables,
    impact_from_text,
    label_values,
    parse_datetime,
    parse_duration,
    split_ids,
    status_from_text,
    table_records,
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
