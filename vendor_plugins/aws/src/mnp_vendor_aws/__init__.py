"""AWS Direct Connect maintenance notices, plain text.

Reads::

    Subject: AWS Direct Connect Planned Maintenance Notification [AWS Account: 0000000000001]

    Planned maintenance has been scheduled on an AWS Direct Connect router in A Block,
    New York, NY from Thu, 20 May 2021 08:00:00 GMT to Thu, 20 May 2021 14:00:00 GMT
    for 6 hours. During this maintenance window, your AWS Direct Connect services listed
    below may become unavailable.

    dxcon-ffabc123
    dxvif-fgabc456

and the cancellation, "... the planned maintenance that was scheduled for AWS Direct
Connect endpoint in ... from <time> to <time> has been cancelled".

AWS gives no reference for a maintenance, so the parser derives one (see
:func:`maintenance_id`): the same maintenance announced, reminded or cancelled always gets
the same id.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime

from mnp_core import DecodedNotice, Impact, MaintForecastEvent, NotAMaintenance, Parser, Status, hookimpl
from mnp_core.toolkit import ExtractError, impact_from_text, parse_datetime, status_from_text

_WHEN = (
    r"(?:[A-Z][a-z]{2,8},?\s+)?\d{1,2}\s+[A-Z][a-z]{2,8}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[A-Z]{2,4}|[+-]\d{4})"
)
_WINDOW = re.compile(rf"\b(?:from|between)\s+(?P<begin>{_WHEN})\s+(?:to|and|until)\s+(?P<end>{_WHEN})")
# Connection, interface and LAG ids: dxcon-ffabc123, dxvif-fgabc456, dxlag-...
_RESOURCE = re.compile(r"^\s*([a-z]{4,6}-[a-z0-9]{8,17})\s*$", re.MULTILINE)
_ACCOUNT = re.compile(r"\bAWS\s+Account(?:\s+ID)?\s*:\s*(\d+)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def maintenance_id(account: str | None, circuits: list[str], begin: datetime, end: datetime) -> str:
    """The SHA-256 (hex) of ``aws|<account>|<begin>|<end>|<circuits, sorted, comma-joined>``.

    The status is left out on purpose, so a cancellation matches the announcement it
    cancels; times are UTC ISO 8601, so the wording of the notice does not matter.
    """
    key = "|".join(["aws", account or "", begin.isoformat(), end.isoformat(), ",".join(sorted(circuits))])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


class AWSParser(Parser):
    name = "aws"
    senders = ("no-reply-aws@amazon.com", "aws.amazon.com")

    def parse(self, notice: DecodedNotice) -> list[MaintForecastEvent]:
        text = notice.body_text
        if not re.search(r"\bDirect\s+Connect\b", f"{notice.subject}\n{text}", re.IGNORECASE):
            raise NotAMaintenance("expected an AWS Direct Connect notice", where=notice.subject)
        paragraphs = _paragraphs(text)
        windows: list[tuple[str, str, str]] = []  # (begin, end, the sentence stating it)
        for paragraph in paragraphs:
            # A window is said "from ... to ...": only such paragraphs are cut into sentences.
            if "from " not in paragraph and "between " not in paragraph:
                continue
            for sentence in _SENTENCE_END.split(paragraph):
                windows.extend((m.group("begin"), m.group("end"), sentence) for m in _WINDOW.finditer(sentence))
        if not windows:
            if not re.search(r"\bmaintenance\b", notice.subject, re.IGNORECASE):
                raise NotAMaintenance("expected a maintenance window, found none", where=notice.subject)
            raise ExtractError("a 'from <time> to <time>' window", text[:200], notice.subject)
        circuits = list(dict.fromkeys(_RESOURCE.findall(text)))
        if not circuits:
            raise ExtractError("a list of Direct Connect resources (dxcon-...)", "none", notice.subject)
        found = _ACCOUNT.search(notice.subject) or _ACCOUNT.search(text)
        account = found.group(1) if found else None
        events = []
        for begin_text, end_text, sentence in windows:
            begin, end = parse_datetime(begin_text), parse_datetime(end_text)
            paragraph = next(p for p in paragraphs if sentence in p)
            common = dict(
                maintenance_id=maintenance_id(account, circuits, begin, end),
                status=status_from_text(sentence, Status.CONFIRMED),
                account=account,
                begin_window=begin,
                end_window=end,
                impact=impact_from_text(paragraph, Impact.OUTAGE),
                summary=sentence,
            )
            events.extend(self.event(**common, parsed_vendor_circuit_id=circuit) for circuit in circuits)
        return events


@hookimpl
def register_parsers(register):
    register(AWSParser())
