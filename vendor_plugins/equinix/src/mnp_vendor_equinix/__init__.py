"""Equinix: network and IBX maintenance notices (HTML, sometimes forwarded inline).

Subject and body lines it reads::

    Subject: REMINDER - Scheduled Software Upgrade-SG Metro Area Network Maintenance [5-9876543210]
    The maintenance listed below has now been completed.
    DATE:   16-NOV-2021 - 17-NOV-2021
    SPAN:   16-NOV-2021 - 17-NOV-2021
    UTC:    WEDNESDAY, 17 NOV 07:00 - WEDNESDAY, 17 NOV 13:00
    IMPACT: Loss of redundancy to your service
    Please reference EQ-GL-20211027-00621.

and every table of impacted assets, whatever its extra columns (IBX, ECX Port, ...)::

    Account #   Product            IBX   Service Serial #
    555555      Equinix Connect    DB2   EC1234.1

The UTC line carries no year: it is taken from the DATE/SPAN line. A status word leads
the subject (REMINDER, COMPLETED, CANCELLED, ...); without one the notice announces a
scheduled window. Bilingual notices (Japanese then English) repeat the window; it is
read once.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from mnp_core import DecodedNotice, Impact, NotAMaintenance, Parser, Status, hookimpl
from mnp_core.models import MaintForecastEvent
from mnp_core.toolkit import (
    ExtractError,
    field,
    fields,
    html_tables,
    impact_from_text,
    status_from_text,
    table_records,
    year_near,
)

_MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), start=1)}
_REFERENCE_IN_SUBJECT = re.compile(r"\[([A-Z0-9]+(?:-[A-Z0-9]+)+|[A-Z]{2,}\d{5,})\]\s*$", re.IGNORECASE)
_REFERENCE_IN_BODY = re.compile(r"please reference\s+\[?([A-Z0-9][\w-]*\d)", re.IGNORECASE)
_SUBJECT_PREFIXES = re.compile(r"^(?:\s*(?:\[[^\]]*\]|(?:fwd?|fw|re|aw|tr)\s*:))*\s*", re.IGNORECASE)
_SUBJECT_STATUS = re.compile(
    r"^(REMINDER|COMPLETED|CANCELL?ED|RE-?SCHEDULED|POSTPONED|EXTENDED|UPDATED?|STARTED|IN PROGRESS)\b",
    re.IGNORECASE,
)
_BODY_STATUS = re.compile(
    r"(?:has|have) (?:now )?been (completed|cancell?ed|re-?scheduled|postponed|extended)"
    r"|will commence|(?:has|have) (?:now )?(started|commenced)",
    re.IGNORECASE,
)
_UTC_LINE = re.compile(r"^\W*UTC\W*:(.+)$", re.MULTILINE)
# "17 NOV 07:00" or "17-NOV-2021 07:00": day, month, optional year, time.
_STAMP = re.compile(
    r"(\d{1,2})[ -](" + "|".join(_MONTHS) + r")[A-Z]*(?:[ -](\d{4}))?,?\s+(\d{1,2}):(\d{2})", re.IGNORECASE
)
_SPAN_DAY = re.compile(r"\b(\d{1,2})-(" + "|".join(_MONTHS) + r")-(\d{4})\b", re.IGNORECASE)


def _visible_text(notice: DecodedNotice) -> str:
    return notice.html_text if notice.html.strip() else notice.text


def _status(notice: DecodedNotice, text: str) -> Status:
    leading = _SUBJECT_STATUS.match(_SUBJECT_PREFIXES.sub("", notice.subject))
    if leading:
        word = leading.group(1).lower()
        # An extension or update keeps the window announced: still a confirmed one.
        return Status.CONFIRMED if word.startswith(("extend", "update")) else status_from_text(word)
    stated = _BODY_STATUS.search(text)
    if stated and (stated.group(1) or stated.group(2)):
        word = (stated.group(1) or stated.group(2)).lower()
        if word.startswith("extend"):
            return Status.CONFIRMED
        return Status.IN_PROCESS if word in ("started", "commenced") else status_from_text(word)
    return Status.CONFIRMED


def _windows(text: str, reference: date) -> list[tuple[datetime, datetime]]:
    windows: list[tuple[datetime, datetime]] = []
    for line in _UTC_LINE.findall(text):
        stamps = _STAMP.findall(line)
        if len(stamps) < 2:
            continue
        begin, end = (
            datetime.combine(
                date(int(y), _MONTHS[m.upper()], int(d))
                if y
                else year_near(_MONTHS[m.upper()], int(d), reference),
                datetime.min.time().replace(hour=int(hh), minute=int(mm)),
                tzinfo=UTC,
            )
            for d, m, y, hh, mm in stamps[:2]
        )
        if (begin, end) not in windows:
            windows.append((begin, end))
    return windows


def _assets(notice: DecodedNotice) -> list[tuple[str | None, str]]:
    """(account, service serial) of every row of every impacted-assets table, in order."""
    found = []
    for rows in html_tables(notice.html_tree):
        # The header row names the column; layout tables around it hold whole paragraphs.
        if not any("serial" in cell.lower() and len(cell) < 40 for cell in rows[0]):
            continue
        for record in table_records(rows):
            serial = next((v for k, v in record.items() if "serial" in k.lower()), "").strip()
            account = next((v for k, v in record.items() if k.lower().startswith("account")), "").strip()
            if serial and serial != "-":
                found.append((account or None, serial))
    return found


class EquinixParser(Parser):
    name = "equinix"
    senders = ("equinix.com",)

    def parse(self, notice: DecodedNotice) -> list[MaintForecastEvent]:
        text = _visible_text(notice)
        in_subject = _REFERENCE_IN_SUBJECT.search(notice.subject)
        in_body = _REFERENCE_IN_BODY.search(text)
        if not _UTC_LINE.search(text):
            raise NotAMaintenance(
                "expected a 'UTC:' maintenance window line, found none", where=notice.subject
            )
        if not (in_subject or in_body):
            raise ExtractError("a ticket reference ([K-...], [5-...], [CHG...])", "none", notice.subject)
        reference = (in_subject or in_body).group(1)
        values = fields(text)
        span = _SPAN_DAY.search(field(values, "SPAN", "DATE", default=""))
        if span:
            anchor = date(int(span.group(3)), _MONTHS[span.group(2).upper()], int(span.group(1)))
        elif notice.date:
            anchor = notice.date.date()
        else:
            raise ExtractError("a DATE or SPAN line giving the year", "none", notice.subject)
        windows = _windows(text, anchor)
        if not windows:
            raise ExtractError(
                "a 'UTC: <day> <month> <hh:mm> - <day> <month> <hh:mm>' window", "none", notice.subject
            )
        impact = impact_from_text(field(values, "IMPACT", default=""), Impact.OUTAGE)
        status = _status(notice, text)
        assets = _assets(notice) or [(None, None)]
        return [
            self.event(
                maintenance_id=reference,
                status=status,
                account=account,
                parsed_vendor_circuit_id=serial,
                begin_window=begin,
                end_window=end,
                impact=impact,
                summary=field(values, "DESCRIPTION", default="")[:500],
                location=field(values, "IBX(s)", "IBX", "LOCATION", default="") or None,
            )
            for begin, end in windows
            for account, serial in assets
        ]


@hookimpl
def register_parsers(register):
    register(EquinixParser())
