"""Apple (AS714) peering maintenance notices, plain text.

The peering NOC's notices often travel without a From header; the body signs with
``peering-noc@group.apple.com``, which the router finds. Reads::

    Subject: Apple (AS714) Net Maintenance Notice for AS12345 in Chicago

    Apple (AS714) Network Maintenance Notification
    Reference Internal Ticket: CHG000123456
    Start Time: 2 May 2023 14:00 UTC
    End Time: 16 May 2023 23:59 UTC
    Peer AS: 12345

The maintained object is the BGP peering, so the circuit id is the peer's AS
(``AS12345``). The notices name no customer account, so events carry the placeholder
account ``Customer info unavailable``. Apple drains the sessions before the work: for the
peering that is an outage of the session, whatever the traffic does.
"""

from __future__ import annotations

import re

from mnp_core import DecodedNotice, Impact, MaintForecastEvent, NotAMaintenance, Parser, Status, hookimpl
from mnp_core.toolkit import ExtractError, field, fields, parse_datetime, split_ids, status_from_text

#: What stands as the account when a notice names none (Apple's never do).
NO_ACCOUNT = "Customer info unavailable"

_LOCATION = re.compile(r"\bfor\s+AS\s?\d+\s+in\s+(.+?)\s*$", re.IGNORECASE)
_TITLE = re.compile(r"^.*\bMaintenance\b.*$", re.IGNORECASE | re.MULTILINE)
_AS_NUMBER = re.compile(r"^(?:AS)?\s*(\d+)$", re.IGNORECASE)


def _peer_circuits(value: str) -> list[str]:
    """``12345`` or ``AS12345, AS67890`` -> ``["AS12345", ...]``."""
    circuits = []
    for item in split_ids(value):
        match = _AS_NUMBER.match(item.strip())
        if not match:
            raise ExtractError("a peer AS number", item, "Peer AS")
        circuits.append(f"AS{match.group(1)}")
    return circuits


class AppleParser(Parser):
    name = "apple"
    senders = ("apple.com",)
    # Only separates Apple's notices from other mail of an apple.com address, should
    # another parser ever claim one.
    subjects = (r"\bApple\s*\(AS\s?714\)",)

    def parse(self, notice: DecodedNotice) -> list[MaintForecastEvent]:
        text = notice.body_text
        values = fields(text)
        if "start time" not in values or not re.search(
            r"maintenance", f"{notice.subject}\n{text}", re.IGNORECASE
        ):
            raise NotAMaintenance(
                "expected an Apple maintenance notice with a 'Start Time', found none", where=notice.subject
            )
        title = _TITLE.search(text)
        status = status_from_text(f"{notice.subject} {title.group(0) if title else ''}", Status.CONFIRMED)
        location = _LOCATION.search(notice.subject)
        common = dict(
            maintenance_id=field(values, "Reference Internal Ticket", "Internal Ticket", "Reference Ticket"),
            status=status,
            account=NO_ACCOUNT,
            begin_window=parse_datetime(field(values, "Start Time"), where="Start Time"),
            end_window=parse_datetime(field(values, "End Time"), where="End Time"),
            impact=Impact.OUTAGE,
            summary=notice.subject,
            location=location.group(1) if location else None,
        )
        return [
            self.event(**common, parsed_vendor_circuit_id=circuit)
            for circuit in _peer_circuits(field(values, "Peer AS", "Peer ASN"))
        ]


@hookimpl
def register_parsers(register):
    register(AppleParser())
