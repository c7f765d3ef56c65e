"""The syslog envelope around a device's message: RFC 3164, RFC 5424, and the ISO
header rsyslog writes to files.

Devices that send directly (Cisco without a proper header: ``<189>45: *Jan 15 ...``) have
no envelope; the whole line is then the body, and the log format reads the device's own
timestamp from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from .clock import MONTHS, TimeSettings, fraction_to_microseconds, parse_iso, resolve


@dataclass(frozen=True, slots=True)
class Envelope:
    """``time`` is the header's time in UTC (None without a header): a collector's time
    when the collector wrote the header, else the sender's. ``app`` and ``msgid`` are RFC
    5424's APP-NAME and MSGID; ``structured`` its SD-PARAMs by name."""

    time: datetime | None
    host: str | None
    body: str
    app: str | None = None
    msgid: str | None = None
    structured: dict[str, str] | None = None


_PRI = re.compile(r"<\d{1,3}>")
_RFC3164 = re.compile(
    r"([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d)(\.\d+)? (?:(\d{4}) )?(\S+) ?(.*)", re.DOTALL
)
_ISO_HEADER = re.compile(r"(\d{4}-\d\d-\d\dT\S+) (\S+) ?(.*)", re.DOTALL)
_RFC5424 = re.compile(r"1 (\S+) (\S+) (\S+) (\S+) (\S+) ?(.*)", re.DOTALL)
_SD_PARAM = re.compile(r'([^\s=\]"]+)="((?:[^"\\]|\\.)*)"')


def _split_structured(rest: str) -> tuple[dict[str, str] | None, str]:
    """RFC 5424 STRUCTURED-DATA ('-' or [id param="v" ...]...) and the MSG after it."""
    if rest.startswith("-"):
        return None, rest[2:] if rest.startswith("- ") else rest[1:]
    params: dict[str, str] = {}
    index = 0
    while index < len(rest) and rest[index] == "[":
        end = index + 1
        while end < len(rest):
            # A "]" inside a quoted value is escaped as \]: skip escaped characters.
            if rest[end] == "\\":
                end += 2
                continue
            if rest[end] == '"':
                end += 1
                while end < len(rest) and rest[end] != '"':
                    end += 2 if rest[end] == "\\" else 1
            if end < len(rest) and rest[end] == "]":
                break
            end += 1
        for name, value in _SD_PARAM.findall(rest[index + 1 : end]):
            params[name] = re.sub(r"\\(.)", r"\1", value)
        index = end + 1
    message = rest[index:]
    if message.startswith(" "):
        message = message[1:]
    return params, message.removeprefix("\ufeff")


def parse_envelope(line: str, settings: TimeSettings, reference: datetime | None) -> Envelope:
    start = 0
    pri = _PRI.match(line)
    if pri:
        start = pri.end()
    if line.startswith("1 ", start):
        match = _RFC5424.match(line, start)
        if match:
            stamp, host, app, _procid, msgid, rest = match.groups()
            structured, message = _split_structured(rest)
            return Envelope(
                parse_iso(stamp) if stamp != "-" else None,
                None if host == "-" else host,
                message,
                None if app == "-" else app,
                None if msgid == "-" else msgid,
                structured,
            )
    first = line[start : start + 1]
    if first.isdigit() and line[start + 4 : start + 5] == "-":
        match = _ISO_HEADER.match(line, start)
        if match and match.group(2)[-1:] != ":":
            return Envelope(parse_iso(match.group(1)), match.group(2), match.group(3))
    elif first.isupper():
        match = _RFC3164.match(line, start)
        # A "host" ending in ':' is a Cisco message's own timestamp ("Jan 15 10:22:31.123 UTC: %LINK..."),
        # not a header: leave the whole line to the log format.
        if match and not match.group(8).endswith(":") and match.group(1).lower() in MONTHS:
            month, day, hh, mm, ss, fraction, year, host, body = match.groups()
            # A device with a configured zone wrote its own header in it (Junos, EOS); other
            # headers are the collector's.
            zone = settings.device_zones.get(host.lower(), settings.collector_zone)
            time = resolve(
                MONTHS[month.lower()], int(day), int(hh), int(mm), int(ss), fraction_to_microseconds(fraction),
                zone=zone, reference=settings.reference(reference),
                year=int(year) if year else None,
            )
            return Envelope(time, host, body)
    return Envelope(None, None, line[start:])
