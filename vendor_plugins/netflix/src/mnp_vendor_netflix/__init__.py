"""Netflix Open Connect: plain-text maintenance notices to peers.

Reads the greeting's AS number, the announcing sentence, the expected downtime and the
peer's addresses::

    Example.com (AS65000),
        Netflix (AS2906) will be performing scheduled maintenance in Edgeconnex LAS01, at 2024-01-31 18:00:00+00:00 UTC.
        Expected downtime will be approximately 60 minutes.  Traffic will be restored shortly thereafter.
        Your IPs:
        192.0.2.1
        2001:db8::1

The window starts at the announced time and lasts the expected downtime. Each of the
peer's IPs (the BGP sessions that will flap) is one event; the account is the peer's AS.

The notices carry no reference, so the maintenance id is derived: the SHA-256 (hex) of
``netflix|<account>|<site>|<start as UTC ISO 8601>|<IPs sorted, comma-joined>``. The
downtime is left out so that a notice revising only the duration keeps the id.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime, timedelta

from mnp_core import DecodedNotice, Impact, MaintForecastEvent, NotAMaintenance, Parser, Status, hookimpl
from mnp_core.toolkit import (
    ExtractError,
    impact_from_text,
    parse_datetime,
    parse_duration,
    status_from_text,
)

# Each match starts where its line (sentence) does: the lookbehind keeps the search from
# rescanning the line from every position in it, and finds the same leftmost match.
_ANNOUNCEMENT = re.compile(
    r"(?<![^\n])(?P<sentence>[^\n]*\bmaintenance\s+in\s+(?P<site>.+?),?\s+at\s+"
    r"(?P<start>\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\s*[+-]\d{2}:?\d{2})?(?:\s*[A-Z]{2,5}\b)?))",
    re.IGNORECASE,
)
_PEER_AS = re.compile(r"\((AS\d+)\)")
_DOWNTIME = re.compile(r"(?<![^.\n])[^.\n]*\bdowntime\b[^.\n]*\d[^.\n]*", re.IGNORECASE)
_IPS_LABEL = re.compile(r"^\s*Your IPs?\s*:\s*$", re.IGNORECASE)
_ADDRESS = re.compile(r"^[0-9A-Fa-f.:]*[.:][0-9A-Fa-f.:]*(?:/\d{1,3})?$")


def _peer_ips(text: str) -> list[str]:
    """The addresses listed one per line under "Your IPs:", up to the first other line."""
    lines = text.splitlines()
    start = next((i + 1 for i, line in enumerate(lines) if _IPS_LABEL.match(line)), len(lines))
    found: list[str] = []
    for line in lines[start:]:
        if not _ADDRESS.match(line.strip()):
            if found or line.strip():
                break
            continue
        found.append(line.strip())
    return found


def synthetic_maintenance_id(account: str | None, site: str, start: datetime, circuits: list[str]) -> str:
    """The documented id of a notice that names none (see the module docstring)."""
    key = "|".join(("netflix", account or "", site, start.isoformat(), ",".join(sorted(circuits))))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class NetflixParser(Parser):
    name = "netflix"
    senders = ("netflix.com",)

    def parse(self, notice: DecodedNotice) -> list[MaintForecastEvent]:
        text = notice.body_text
        announcement = _ANNOUNCEMENT.search(text)
        if announcement is None:
            raise NotAMaintenance("expected 'maintenance in <site>, at <time>', found none", where=notice.subject)
        begin = parse_datetime(announcement.group("start"), where="Netflix announcement")
        downtime = _DOWNTIME.search(text)
        seconds = parse_duration(downtime.group(0)) if downtime else None
        if not seconds:
            raise ExtractError("an 'Expected downtime will be ...' sentence with a duration", "none", notice.subject)
        circuits = _peer_ips(text)
        if not circuits:
            raise ExtractError("a 'Your IPs:' list", "none", notice.subject)
        first_line = next((line for line in text.splitlines() if line.strip()), "")
        peer = _PEER_AS.search(first_line)
        account = peer.group(1) if peer else None
        site = announcement.group("site").strip()
        status = status_from_text(notice.subject + "\n" + announcement.group("sentence"), Status.CONFIRMED)
        maintenance_id = synthetic_maintenance_id(account, site, begin, circuits)
        return [
            self.event(
                maintenance_id=maintenance_id,
                status=status,
                account=account,
                summary=announcement.group("sentence").strip(),
                begin_window=begin,
                end_window=begin + timedelta(seconds=seconds),
                impact_seconds=seconds,
                impact=impact_from_text(downtime.group(0), Impact.OUTAGE),
                parsed_vendor_circuit_id=circuit,
                location=site,
            )
            for circuit in circuits
        ]


@hookimpl
def register_parsers(register):
    register(NetflixParser())
