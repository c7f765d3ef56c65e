"""Google NOC: network maintenance notifications to peers (text and HTML).

Subject ``[Scheduled] Google Planned Network Maintenance Notification - Reference PCR/123456``
(the bracketed word is the status: Scheduled, Rescheduled, Canceled, Completed, ...); the
body reads::

    Start Time: 2023-12-05 20:55:00 +0000 UTC
    End Time: 2023-12-06 05:05:00 +0000 UTC
    Google ASN: 15169 Peer ASN: 65001
    Google Neighbor Address(es): 192.0.2.1 Peer Neighbor Address(es): 192.0.2.0
    Google Neighbor Address(es): 2001:db8::1 Peer Neighbor Address(es): 2001:db8::

Each BGP session (Google address - peer address) is a circuit; the peer ASN is the
account. Plain-text lines wrap anywhere, so white space is folded before reading.
"""

from __future__ import annotations

import re
from datetime import datetime

from mnp_core import DecodedNotice, Impact, NotAMaintenance, Parser, Status, hookimpl
from mnp_core.models import MaintForecastEvent
from mnp_core.toolkit import (
    ExtractError,
    field,
    fields,
    ignorecase_fold,
    parse_datetime,
    search,
    status_from_text,
)

_REFERENCE = re.compile(r"\bReference\s*:?\s*([A-Z]+/\d+|[A-Z0-9][\w/-]*\d)", re.IGNORECASE)
_SUBJECT_STATUS = re.compile(r"^\s*(?:(?:fwd?|fw|re)\s*:\s*)*\[([^\]]+)\]", re.IGNORECASE)
_ADDRESSES = r"([0-9A-Fa-f:.]+(?:\s*,\s*[0-9A-Fa-f:.]+)*)"
_SESSION = re.compile(
    r"Google Neighbor Address\(es\)\s*:\s*" + _ADDRESSES + r"\s+Peer Neighbor Address\(es\)\s*:\s*" + _ADDRESSES,
    re.IGNORECASE,
)
_NO_IMPACT = re.compile(
    r"\bno (?:service )?impact\b|\bnot (?:be )?(?:service )?(?:affecting|impacted)\b", re.IGNORECASE
)
# Words every match of _NO_IMPACT holds: a case-insensitive search from a word boundary is
# tried at every position of the notice, a word in the folded text is found at once.
_NO_IMPACT_WORDS = ("mpact", "affect")


def _sessions(text: str) -> list[str]:
    """'google-peer' address pairs, one per BGP session, in order, each once."""
    found: list[str] = []
    for ours, theirs in _SESSION.findall(text):
        local = [a.strip() for a in ours.split(",") if a.strip()]
        remote = [a.strip() for a in theirs.split(",") if a.strip()]
        pairs = (
            zip(local, remote, strict=True) if len(local) == len(remote) else [(", ".join(local), ", ".join(remote))]
        )
        for pair in pairs:
            session = "-".join(pair)
            if session not in found:
                found.append(session)
    return found


def _time(values: dict[str, str], label: str) -> datetime:
    # Go's time format, "2023-12-05 20:55:00 +0000 UTC": the toolkit reads the zone's name.
    return parse_datetime(field(values, label), zone="UTC", where=label)


class GoogleParser(Parser):
    name = "google"
    senders = ("noc-noreply@google.com", "noc@google.com")

    def parse(self, notice: DecodedNotice) -> list[MaintForecastEvent]:
        text = " ".join(notice.body_text.split())
        reference = _REFERENCE.search(notice.subject) or _REFERENCE.search(text)
        if not reference or "Start Time" not in text:
            raise NotAMaintenance(
                "expected a maintenance 'Reference' and 'Start Time', found none", where=notice.subject
            )
        bracket = _SUBJECT_STATUS.match(notice.subject)
        status = status_from_text(bracket.group(1) if bracket else notice.subject, Status.CONFIRMED)
        values = fields(notice.body_text)
        begin, end = _time(values, "Start Time"), _time(values, "End Time")
        account = search(r"Peer ASN\s*:\s*(?:AS)?(\d+)", text, where="Peer ASN")
        sessions = _sessions(text)
        if not sessions:
            raise ExtractError(
                "'Google Neighbor Address(es): ... Peer Neighbor Address(es): ...'",
                "none",
                reference.group(1),
            )
        folded = ignorecase_fold(text)
        stated = any(word in folded for word in _NO_IMPACT_WORDS) and _NO_IMPACT.search(text)
        impact = Impact.NO_IMPACT if stated else Impact.OUTAGE
        return [
            self.event(
                maintenance_id=reference.group(1),
                status=status,
                account=account,
                parsed_vendor_circuit_id=session,
                begin_window=begin,
                end_window=end,
                impact=impact,
                summary=notice.subject,
            )
            for session in sessions
        ]


@hookimpl
def register_parsers(register):
    register(GoogleParser())
