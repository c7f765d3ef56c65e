"""The generic parser: notices from carriers no installed plugin knows.

The router hands it a notice only when no vendor parser, subject pattern or BCOP
calendar claims it (``claims_unclaimed``). It knows no carrier: it reads what notices in
general write, wherever they write it (text body, HTML body and tables, CSV/XLSX and
text attachments, a BCOP calendar)::

    Ticket Number:                 CM2023120100          -> the maintenance reference
    Start Date & Time: 06/8/2021 21:00:00 (GMT)          -> a window's start ...
    End Date & Time:   07/8/2021 05:00:00 (GMT)          -> ... and its end
    Maintenance Window: 01-Jun-2021 15:59 (UTC) to 01-Jun-2021 22:00 (UTC)
    Start Date (GMT) | End Date (GMT) | Circuit ID       -> a table of windows and circuits
    Service ID(s) impacted: IC-310442, IC-310443          -> circuit ids near their labels
    Expected Impact: no service impact                    -> impact; status from the subject

Every event carries a ``confidence`` (0..1: how much of the notice was read from
explicit labels and stated time zones) and the ``evidence`` (the lines it came from), so
the pipeline can hold uncertain reads for review. Its provider is ``unknown:<sender
domain>`` (``unknown:example.net``), ``unknown`` without a sender; a BCOP calendar's
X-MAINTNOTE-PROVIDER wins. A notice in which no window is found raises NoParserFound:
nobody claims it, not even this parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo

from ..exceptions import NoParserFound
from ..hookspecs import hookimpl
from ..message import DecodedNotice
from ..models import Impact, MaintForecastEvent, MaintMessageObj
from ..parser import Parser
from ..toolkit.durations import parse_duration
from ..toolkit.errors import ExtractError
from ..toolkit.html import html_tables
from ..toolkit.ical import bcop_events, has_bcop_calendar
from ..toolkit.identity import stable_id
from ..toolkit.scan import (
    FoundDatetime,
    dayfirst_of,
    find_datetimes,
    is_numeric_date,
    label_value,
    line_windows,
    read_datetime,
    states_utc,
    zone_in,
)
from ..toolkit.status import impact_from_text, status_from_texts
from ..toolkit.tables import spreadsheet_rows
from ..toolkit.text import normalise_label, split_ids

_START = re.compile(r"\b(?:start\w*|begin\w*|commenc\w*)\b", re.IGNORECASE)
_END = re.compile(r"\b(?:end|ends|ending|finish\w*|until|complet\w*)\b", re.IGNORECASE)
_WHEN = re.compile(r"\b(?:date|time|window|timeslot|schedul\w*|start|end|finish)\b", re.IGNORECASE)
# Alternative windows a notice offers in case the first fails: not announced work.
_BACKUP = re.compile(r"\b(?:backup|back-up|alternat\w*|fallback|contingency|rollback)\b", re.IGNORECASE)
_REFERENCE_LABEL = re.compile(
    r"\b(?:ticket|reference|ref|work order|change|case|event id|event|crq|pw|tt|notification (?:id|number|no))\b"
    r"|maintenance(?: window)? ?(?:#|id\b|number\b|no\b|ref)",
    re.IGNORECASE,
)
# Labels of circuit ids, most telling first: a table with several such columns gives the
# ids of the first kind it has.
_CIRCUIT_LABELS = (
    re.compile(r"\bcircuits?\b|\bcid\b", re.IGNORECASE),
    re.compile(r"\bservices?\b(?: \w+){0,2} ?(?:id|ids|number|numbers|no|impacted|affected|reference)\b|\bsid\b", re.IGNORECASE),
    re.compile(r"\border (?:id|ids|number)\b|\bserial\b|\basset\b|\bslid\b|\bccsd\b", re.IGNORECASE),
)
_NOT_CIRCUIT = re.compile(r"\b(?:work order|maintenance|ticket|change|case|customer (?:pon|po|ref\w*))\b", re.IGNORECASE)
_ACCOUNT_LABEL = re.compile(r"^(?:customer|account|company|client|legal customer)(?: name| number| no| #| id)?$")
_IMPACT_LABEL = re.compile(r"\bimpact\b|\brisk\b", re.IGNORECASE)
_DURATION_LABEL = re.compile(r"\b(?:duration|downtime|outage)\b", re.IGNORECASE)
_STATUS_LABEL = re.compile(r"^(?:status|maintenance status|state)$")
_GREETING = re.compile(r"^\s*Dear\s+([^,\n]{2,60}?)\s*,", re.MULTILINE)
_SALUTATIONS = re.compile(r"^(?:valued )?(?:customers?|sirs?|sir or madam|sir/madam|all|colleagues?|partners?|team|client)$", re.IGNORECASE)
_ID_TOKEN = re.compile(r"[A-Za-z0-9][\w/\\.#-]*\d[\w/\\.#-]*|\d")
_SUBJECT_REFERENCE = (
    re.compile(r"\b(?:ref(?:erence)?|ticket|tt|case|change|id)\b\s*(?:#|no\.?|number)?\s*[:#]?\s*([A-Z0-9][\w/.-]*\d[\w/.-]*)", re.IGNORECASE),
    re.compile(r"\[\s*([A-Z]{1,6}-?\d{5,}[\w-]*)\s*\]"),
    re.compile(r"\b([A-Z]{2,6}\d*-?\d{5,}(?:-\d+)?)\b"),
)
_NOTICE_ZONE = re.compile(r"\b(?:all )?times?\b[^.\n]{0,60}", re.IGNORECASE)
_LONGEST_WINDOW = timedelta(days=92)
_EVIDENCE = 300


def _trim(text: str) -> str:
    folded = " ".join(text.split())
    return folded if len(folded) <= _EVIDENCE else folded[: _EVIDENCE - 1] + "…"


@dataclass
class _Window:
    begin: datetime
    end: datetime
    evidence: str
    zone_stated: bool
    utc_stated: bool = False


@dataclass
class _Reading:
    """What was found in a notice, with the text each finding came from."""

    windows: list[_Window] = field(default_factory=list)
    circuits: list[str] = field(default_factory=list)
    circuit_evidence: str = ""
    reference: str | None = None
    reference_from: str = ""  # "label", "subject" or "" (made up)
    account: str | None = None
    impacts: list[str] = field(default_factory=list)
    durations: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    # The labels each finding was read beside, as written (``mnp new-vendor`` fills a new
    # carrier's parser with them).
    labels: dict[str, str] = field(default_factory=dict)


class _Reader:
    """One notice's text, read line by line; the notice-wide conventions decided once."""

    def __init__(self, notice: DecodedNotice) -> None:
        self.notice = notice
        self.lines = self._lines(notice)
        self.tables = self._tables(notice)
        whole = "\n".join(self.lines)
        self.reference_date = self._reference_date()
        self.dayfirst = self._dayfirst(whole)
        self.notice_zone = next((z for m in _NOTICE_ZONE.finditer(whole) if (z := zone_in(m.group(0)))), None)
        self.reading = _Reading()

    @staticmethod
    def _lines(notice: DecodedNotice) -> list[str]:
        texts = [notice.text, notice.html_text]
        texts += [a.text for a in notice.attachments if a.content_type == "text/plain" and a.extension not in ("csv",)]
        seen: set[str] = set()
        lines = []
        for text in texts:
            for line in text.splitlines():
                stripped = line.strip()
                if stripped and stripped not in seen:
                    seen.add(stripped)
                    lines.append(stripped)
        return lines

    @staticmethod
    def _tables(notice: DecodedNotice) -> list[list[list[str]]]:
        tables = html_tables(notice.html_tree) if notice.html else []
        for attachment in notice.attachments:
            if attachment.extension in ("csv", "xlsx", "xlsm") or "spreadsheetml" in attachment.content_type:
                try:
                    tables.append(spreadsheet_rows(attachment))
                except (ExtractError, ValueError):
                    continue  # an unreadable attachment says nothing; the body may
        return tables

    def _reference_date(self) -> date | None:
        """What a date written without its year is near: the first full date the notice
        writes (its own header of the window, say), else the day it was sent."""
        for line in self.lines:
            for found in find_datetimes(line):
                if not found.yearless and not is_numeric_date(found):
                    try:
                        return read_datetime(found, zone=UTC).date()
                    except (ExtractError, ValueError, OverflowError):
                        continue
        return self.notice.date.date() if self.notice.date else None

    def _dayfirst(self, whole: str) -> bool:
        stated = dayfirst_of(whole)
        if stated is not None or self.notice.date is None:
            return bool(stated)
        # Nothing in the notice tells: the reading that puts its dates nearer the day it
        # was sent wins (notices announce work weeks ahead, not months).
        distance = {True: 0.0, False: 0.0}
        for line in self.lines:
            for found in find_datetimes(line):
                if not is_numeric_date(found):
                    continue
                for dayfirst in (True, False):
                    try:
                        when = read_datetime(found, zone=UTC, dayfirst=dayfirst, reference=self.reference_date)
                    except (ExtractError, ValueError, OverflowError):
                        continue
                    distance[dayfirst] += abs((when - self.notice.date).total_seconds())
        return distance[True] < distance[False]

    # -- windows -------------------------------------------------------------------

    def _instant(self, found: FoundDatetime, *hints: tzinfo | None) -> tuple[datetime, bool] | None:
        """A found date-time read with its own zone, else the first hint; (when, zone stated)."""
        zone = None if found.zoned else next((h for h in (*hints, self.notice_zone) if h is not None), None)
        stated = found.zoned or zone is not None
        try:
            when = read_datetime(found, zone=zone or UTC, dayfirst=self.dayfirst, reference=self.reference_date)
        except (ExtractError, ValueError, OverflowError):
            return None
        return (when, stated) if 1990 <= when.year <= 2100 else None

    def _add_window(
        self, start: tuple[datetime, bool] | None, end: tuple[datetime, bool] | None, evidence: str, utc: bool = False
    ) -> None:
        if start is None or end is None:
            return
        if not (timedelta(0) < end[0] - start[0] <= _LONGEST_WINDOW):
            return
        self.reading.windows.append(_Window(start[0], end[0], _trim(evidence), start[1] and end[1], utc))

    def read_windows(self) -> None:
        pending: tuple[tuple[datetime, bool], str] | None = None
        label_only: tuple[str, str] | None = None  # ("start" | "end", label line) awaiting its value
        for line in self.lines:
            found = find_datetimes(line)
            if not found:
                label_only = None
                if len(line) <= 80 and _WHEN.search(line) and not _BACKUP.search(line):
                    if _START.search(line):
                        label_only = ("start", line)
                    elif _END.search(line):
                        label_only = ("end", line)
                continue
            paired: set[FoundDatetime] = set()
            line_zone = zone_in(line[: found[0].start])
            for first, second in line_windows(line, found):
                if _BACKUP.search(line[: first.start]):
                    continue
                hint = zone_in(second.text) if second.zoned else line_zone
                utc = states_utc(second.text) if second.zoned else states_utc(line[: first.start])
                self._add_window(self._instant(first, hint), self._instant(second, line_zone), line, utc)
                pair = label_value(line)
                if pair and pair[1].startswith(first.text[:8]):  # "Window: <start> to <end>"
                    self.reading.labels.setdefault("window", pair[0])
                paired.update((first, second))
            previous_end = 0
            for item in found:
                label = line[previous_end : item.start]
                previous_end = item.end
                if item in paired:
                    continue
                if not label.strip(" \t*:-") and label_only is not None:
                    kind, label = label_only[0], label_only[1]
                elif _BACKUP.search(label):
                    continue
                elif _START.search(label) and not _END.search(label):
                    kind = "start"
                elif _END.search(label):
                    kind = "end"
                else:
                    continue
                when = self._instant(item, zone_in(label))
                if when is not None and label_value(line) is not None:
                    self.reading.labels.setdefault(kind, label.strip(" \t*:-"))
                if kind == "start":
                    pending = (when, f"{label.strip()} {item.text}") if when else None
                elif pending is not None:
                    evidence = f"{pending[1]} / {label.strip()} {item.text}"
                    self._add_window(pending[0], when, evidence, states_utc(evidence))
                    pending = None
            label_only = None
        for rows in self.tables:
            self._table_windows(rows)
        if not self.reading.windows:  # some notices state the window only in the subject
            for first, second in line_windows(self.notice.subject):
                self._add_window(self._instant(first, None), self._instant(second, None), self.notice.subject)

    def _table_windows(self, rows: list[list[str]]) -> None:
        for index, header in enumerate(rows[:3]):
            starts = [i for i, c in enumerate(header) if _START.search(c) and not _END.search(c) and not _BACKUP.search(c)]
            ends = [i for i, c in enumerate(header) if _END.search(c) and not _BACKUP.search(c)]
            if not starts or not ends:
                continue
            zones = [i for i, c in enumerate(header) if re.search(r"\b(?:time ?zone|zone|tz)\b", c, re.IGNORECASE)]
            for row in rows[index + 1 :]:
                def cells(columns: list[int], row: list[str] = row) -> str:
                    return " ".join(dict.fromkeys(row[i] for i in columns if i < len(row)))

                row_zone = zone_in(cells(zones)) if zones else None
                start_found, end_found = find_datetimes(cells(starts)), find_datetimes(cells(ends))
                if start_found and end_found:
                    self._add_window(
                        self._instant(start_found[0], zone_in(header[starts[0]]), row_zone),
                        self._instant(end_found[0], zone_in(header[ends[0]]), row_zone),
                        "\t".join(row),
                        states_utc(" ".join(header) + " " + cells(zones)),
                    )
            return

    def best_windows(self) -> list[_Window]:
        """Distinct windows in the order found; when some state their zone, only those;
        a window restated in UTC replaces the local version beside it (``00:01 to 05:00 (
        Pacific )`` above ``07:00 to 12:00 ( GMT )``)."""
        stated = [w for w in self.reading.windows if w.zone_stated]
        chosen = stated or self.reading.windows
        in_utc = [w for w in chosen if w.utc_stated]
        chosen = [w for w in chosen if w.utc_stated or not any(_overlap(w, u) >= 0.8 for u in in_utc)]
        unique: dict[tuple[datetime, datetime], _Window] = {}
        for window in chosen:
            unique.setdefault((window.begin, window.end), window)
        return list(unique.values())

    # -- references, circuits, account, impact ------------------------------------

    def read_labels(self) -> None:
        reading = self.reading
        for line in self.lines:
            # A row of three or more cells is a table row, read with its header below.
            pair = label_value(line) if line.count("\t") < 2 else None
            if pair is None:
                continue
            raw_label, value = pair
            label = normalise_label(raw_label)
            if not value or not label:
                continue
            if reading.reference is None and _REFERENCE_LABEL.search(label) and not _circuit_rank(label) < 9:
                token = _ID_TOKEN.search(value)
                if token and any(c.isdigit() for c in token.group(0)):
                    reading.reference, reading.reference_from = token.group(0).rstrip(".#-"), "label"
                    reading.labels["reference"] = raw_label
            if not reading.circuits and _circuit_rank(label) < 9:
                ids = _circuit_ids(value)
                if ids:
                    reading.circuits, reading.circuit_evidence = ids, _trim(line)
                    reading.labels["circuit"] = raw_label
            if reading.account is None and _ACCOUNT_LABEL.match(label) and len(value) <= 80:
                reading.account = value
                reading.labels["account"] = raw_label
            if _IMPACT_LABEL.search(label):
                reading.impacts.append(value)
                reading.labels.setdefault("impact", raw_label)
            if _DURATION_LABEL.search(label):
                reading.durations.append(value)
            if _STATUS_LABEL.match(label):
                reading.statuses.append(value)
        for rows in self.tables:
            self._table_labels(rows)
        if reading.reference is None:
            for pattern in _SUBJECT_REFERENCE:
                match = pattern.search(self.notice.subject)
                if match:
                    reading.reference, reading.reference_from = match.group(1).rstrip(".-"), "subject"
                    break
        if reading.account is None:
            greeting = _GREETING.search("\n".join(self.lines[:15]))
            if greeting and not _SALUTATIONS.match(greeting.group(1).strip()):
                reading.account = greeting.group(1).strip()

    def _table_labels(self, rows: list[list[str]]) -> None:
        reading = self.reading
        if reading.circuits or len(rows) < 2:
            return
        for index, header in enumerate(rows[:3]):
            ranked = sorted(
                (rank, i) for i, c in enumerate(header) if (rank := _circuit_rank(normalise_label(c))) < 9 and len(c) <= 60
            )
            if not ranked:
                continue
            column = ranked[0][1]
            ids: list[str] = []
            for row in rows[index + 1 :]:
                if column < len(row):
                    ids += [i for i in _circuit_ids(row[column]) if i not in ids]
            if ids:
                reading.circuits = ids
                reading.circuit_evidence = _trim(f"{header[column]}: {', '.join(ids)}")
                if reading.account is None:
                    accounts = [i for i, c in enumerate(header) if _ACCOUNT_LABEL.match(normalise_label(c))]
                    if accounts and accounts[0] < len(rows[index + 1]) and rows[index + 1][accounts[0]].strip():
                        reading.account = rows[index + 1][accounts[0]].strip()
                return


def _overlap(window: _Window, other: _Window) -> float:
    """The share of ``window`` that ``other`` covers."""
    shared = min(window.end, other.end) - max(window.begin, other.begin)
    return max(shared.total_seconds(), 0.0) / max((window.end - window.begin).total_seconds(), 1.0)


def _circuit_rank(label: str) -> int:
    """0, 1, 2 for circuit-id labels (most telling first), 9 for anything else."""
    if _NOT_CIRCUIT.search(label):
        return 9
    return next((rank for rank, pattern in enumerate(_CIRCUIT_LABELS) if pattern.search(label)), 9)


def _circuit_ids(value: str) -> list[str]:
    """Circuit ids listed in a value: split on commas and the like, then on white space
    when every word is itself id-shaped (``CID-0001 CID-0002``), never inside an id that
    is written with spaces (``123 456 789``)."""
    ids = []
    for part in split_ids(value):
        words = part.split()
        if len(words) > 1 and all(len(w) >= 6 and any(c.isdigit() for c in w) and re.search(r"[A-Za-z-]", w) for w in words):
            ids.extend(words)
        elif len(words) <= 6 and len(part) <= 80 and any(c.isdigit() for c in part) and "@" not in part and "://" not in part:
            ids.append(part.strip(" .;"))
    # Mail clients leave stray marks (no-break spaces decoded wrong, bullets) before ids.
    return [cleaned for i in ids if (cleaned := i.strip(" .;:,*\ufffd\xa0•-"))]


def read_notice(notice: DecodedNotice) -> tuple[list[tuple[datetime, datetime]], dict[str, str]]:
    """The windows the generic parser finds in ``notice`` and the labels it read them and
    the other fields beside (``start``, ``end``, ``reference``, ``circuit``, ``account``,
    ``impact``): what a carrier's own parser, once written, reads directly."""
    reader = _Reader(notice)
    reader.read_windows()
    reader.read_labels()
    return [(w.begin, w.end) for w in reader.best_windows()], dict(reader.reading.labels)


class GenericParser(Parser):
    """Any notice no other parser claims (see the module docstring for what it reads)."""

    name = "generic"
    claims_unclaimed = True

    def provider_for(self, notice: DecodedNotice) -> str:
        domain = (notice.sender or "").rpartition("@")[2]
        return f"unknown:{domain}" if domain else "unknown"

    def parse(self, notice: DecodedNotice) -> MaintMessageObj | list[MaintForecastEvent]:
        provider = self.provider_for(notice)
        if has_bcop_calendar(notice.calendars):
            return self._calendar(notice, provider)
        reader = _Reader(notice)
        reader.read_windows()
        windows = reader.best_windows()
        if not windows:
            raise NoParserFound(
                "expected a sender, subject or BCOP calendar some installed parser claims, or a "
                "maintenance window (a start and an end date-time) the generic parser can read; found neither",
                where=f"subject {notice.subject!r}",
            )
        reader.read_labels()
        reading = reader.reading
        # The opening sentences may state a change ("has been cancelled"); labelled lines
        # ("Start: ...") are not sentences and would read as a start.
        opening = [ln for ln in reader.lines[:8] if label_value(ln) is None and not find_datetimes(ln)][:4]
        status = status_from_texts(*reading.statuses, notice.subject, "\n".join(opening))
        impact = next((i for text in reading.impacts if (i := impact_from_text(text, default=None))), None)
        impact = impact or impact_from_text(notice.subject, default=Impact.OUTAGE)
        seconds = next((s for text in reading.durations if (s := parse_duration(text))), None)
        circuits: list[str | None] = list(reading.circuits) or [None]
        reference = reading.reference or stable_id(provider, [(w.begin, w.end) for w in windows], reading.circuits)
        events = []
        for window in windows:
            confidence = (0.55 if window.zone_stated else 0.25) + {"label": 0.25, "subject": 0.15}.get(
                reading.reference_from, 0.0
            ) + (0.15 if reading.circuits else 0.0)
            evidence = f"window: {window.evidence}"
            if reading.circuit_evidence:
                evidence += f" | circuits: {reading.circuit_evidence}"
            for circuit in circuits:
                events.append(
                    self.event(
                        provider=provider,
                        maintenance_id=reference,
                        status=status,
                        account=reading.account,
                        summary=notice.subject,
                        begin_window=window.begin,
                        end_window=window.end,
                        impact=impact,
                        impact_seconds=seconds if impact is Impact.OUTAGE else None,
                        parsed_vendor_circuit_id=circuit,
                        confidence=round(min(confidence, 0.95), 2),
                        evidence=_trim(evidence),
                    )
                )
        return events

    def _calendar(self, notice: DecodedNotice, provider: str) -> MaintMessageObj:
        events, stamp = bcop_events(notice.calendars)
        # A standard calendar is read exactly, but by no parser that knows the carrier.
        events = [
            event.model_copy(
                update={
                    "provider": provider if event.provider == "unknown" else event.provider,
                    "confidence": 0.9,
                    "evidence": _trim(f"BCOP calendar VEVENT {event.uid}: {event.summary}"),
                }
            )
            for event in events
        ]
        return self.message(notice, events, stamp=stamp)



@hookimpl
def register_parsers(register):
    register(GenericParser())
