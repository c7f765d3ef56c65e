"""Fiber Provider: plain-text planned-work notices.

Reads lines such as::

    PW Reference Number: PWIC12345
    Start Date and Time: 2019-Apr-09 06:00 UTC
    End Date and Time: 2019-Apr-09 10:00 UTC
    Action and Reason: ... New try for cancelled PWIC45678.
    Location of work: Santa Clara, CA, US
    Service ID: IC-99999
    Impact: 1 x 3 hours interruption
"""

from __future__ import annotations

import re

from mnp_core import Impact, NotAMaintenance, Parser, Status, hookimpl
from mnp_core.toolkit import field, fields, impact_from_text, parse_datetime, parse_duration, split_ids

_RETRY_OF = re.compile(r"(?:new try|retry|re-?attempt|replaces?)\b[^.]*?\b(PW[A-Z]*\d+)", re.IGNORECASE)
_STATUS_WORDS = (
    ("cancel", Status.CANCELLED),
    ("postpone", Status.RE_SCHEDULED),
    ("reschedul", Status.RE_SCHEDULED),
    ("completed", Status.COMPLETED),
    ("started", Status.IN_PROCESS),
)


class FiberProviderParser(Parser):
    name = "fiberprovider"
    senders = ("fiberprovider.com",)

    def parse(self, notice):
        values = fields(notice.body_text)
        reference = field(values, "PW Reference Number", "Reference Number", default="")
        if not reference:
            raise NotAMaintenance("expected a 'PW Reference Number' line, found none", where=notice.subject)
        reason = field(values, "Action and Reason", default="")
        impact_text = field(values, "Impact", default="")
        seconds = parse_duration(impact_text)
        status = next((s for word, s in _STATUS_WORDS if word in notice.subject.lower()), Status.CONFIRMED)
        retry = _RETRY_OF.search(reason)
        return [
            self.event(
                maintenance_id=reference,
                status=status,
                summary=reason,
                begin_window=parse_datetime(field(values, "Start Date and Time")),
                end_window=parse_datetime(field(values, "End Date and Time")),
                impact_seconds=seconds,
                impact=Impact.OUTAGE if seconds else impact_from_text(impact_text),
                parsed_vendor_circuit_id=circuit,
                location=field(values, "Location of work", default="") or None,
                replaces_maintenance_id=retry.group(1) if retry else None,
            )
            for circuit in split_ids(field(values, "Service ID", "Service IDs"))
        ]


@hookimpl
def register_parsers(register):
    register(FiberProviderParser())
