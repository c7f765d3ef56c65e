"""The hand-written BCOP calendar reader gives exactly what icalendar gives, or declines.

Each case runs both paths alone: ``_fast_events`` (None when it declines) and
``_reference_events`` (icalendar, the fallback), and compares events, stamp and errors.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from mnp_core.message import DecodedNotice
from mnp_core.toolkit.ical import _fast_events, _reference_events, has_bcop_calendar

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"  # optional: CI has it beside the repository
EMAILS = [p for p in sorted((ROOT / "test_emails").rglob("*")) if p.suffix in (".eml", ".txt")]
EMAILS += sorted(CORPUS.glob("*/*/message.eml")) if CORPUS.is_dir() else []


def _calendars(path: Path) -> list[str]:
    try:
        return DecodedNotice(path.read_bytes()).calendars
    except Exception:  # not an email at all: no calendars to compare
        return []


CALENDARS = {str(p.relative_to(ROOT.parent)): texts for p in EMAILS if (texts := _calendars(p))}
REAL = [text for texts in CALENDARS.values() for text in texts]


def outcome(run, texts: list[str]):
    try:
        found = run(texts, None)
    except Exception as exc:
        return type(exc), str(exc)
    if found is None:
        return None
    events, stamp = found
    return [(e.model_dump(), e.model_dump_json()) for e in events], repr(stamp)


def agree(texts: list[str]) -> bool:
    """Whether the fast path read ``texts``; it must then agree with icalendar."""
    fast = outcome(_fast_events, texts)
    if fast is not None:
        assert fast == outcome(_reference_events, texts)
    return fast is not None


@pytest.mark.parametrize("name", sorted(CALENDARS))
def test_sample_and_corpus_calendars(name):
    texts = CALENDARS[name]
    read = agree(texts)
    assert read or not has_bcop_calendar(texts), "the fast path should read every BCOP calendar we have"
    for text in texts:
        agree([text])


BASE = (
    "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nUID:1\nDTSTART:20151010T080000Z\nDTEND:20151010T100000Z\n"
    "DTSTAMP:20151010T001000Z\nX-MAINTNOTE-ACCOUNT:acct\nX-MAINTNOTE-MAINTENANCE-ID:WO-1\nX-MAINTNOTE-OBJECT-ID:c\n"
    "END:VEVENT\nEND:VCALENDAR\n"
)
# Where icalendar departs from RFC 5545 or from the obvious reading: (old, new) edits of BASE.
QUIRKS = [
    ("DTSTAMP:20151010T001000Z", "DTSTAMP;TZID=Asia/Kolkata:20151010T001000"),  # TZID ignored
    ("DTSTART:20151010T080000Z", "DTSTART;TZID=Asia/Kolkata:20151010T080000Z"),  # TZID beats Z
    ("DTSTART:20151010T080000Z", "DTSTART;TZID=W. Europe Standard Time:20151010T080000"),  # Windows zone name
    ("DTSTART:20151010T080000Z", "DTSTART;TZID=/Europe/Berlin:20151010T080000"),  # slashes stripped
    ("DTSTART:20151010T080000Z", "DTSTART;TZID=Europe/Berlin;VALUE=DATE:20151010"),  # a zoned date
    ("DTSTART:20151010T080000Z", "DTSTART;VALUE=DATE:20151010T080000Z"),  # VALUE ignored
    ("DTSTART:20151010T080000Z", "DTSTART:PT1H"),  # a duration
    ("DTSTART:20151010T080000Z", "DTSTART:20151010T080000Z\nDTSTART:20151011T080000Z"),
    ("UID:1", "SEQUENCE: 2"),
    ("UID:1", "SEQUENCE:-1"),
    ("UID:1", "SEQUENCE:²"),
    ("UID:1", "SEQUENCE:3\nSEQUENCE:4"),
    ("UID:1", "UID;VALUE=TEXT:a\\,b"),
    ("X-MAINTNOTE-ACCOUNT:acct", "X-MAINTNOTE-ACCOUNT;VALUE=TEXT:a\\,b\\nc"),  # TEXT unescapes, UNKNOWN not
    ("X-MAINTNOTE-OBJECT-ID:c", "X-MAINTNOTE-OBJECT-ID;x-maintnote-object-impact=no-impact:c"),
    ("X-MAINTNOTE-OBJECT-ID:c", 'X-MAINTNOTE-OBJECT-ID;X-MAINTNOTE-OBJECT-IMPACT="NO-IMPACT",OUTAGE:c'),  # a list
    ("UID:1", "RRULE:FREQ=DAILY"),
    ("UID:1", "CREATED:garbage"),  # broken but unread in a VEVENT
    ("VERSION:2.0", "GEO:garbage"),  # fatal outside a VEVENT
    ("VERSION:2.0", "X-WR-TIMEZONE:Mars/Base"),
    ("VERSION:2.0", "junk line"),  # fatal outside a VEVENT, dropped inside
    ("UID:1", "junk line"),
    ("UID:1", "BEGIN:VALARM\njunk line\nEND:VALARM"),
    ("UID:1", "BEGIN:VALARM\nTRIGGER;RELATED=END:PT5M\nEND:VALARM"),
    ("UID:1", "UID:1\n\n X"),  # unfolded across the blank line
    ("UID:1", "UID:1\rX"),
    ("END:VEVENT", "END:VCALENDAR"),
    ("END:VCALENDAR\n", ""),  # never closed
    ("BEGIN:VCALENDAR", "\ufeffBEGIN:VCALENDAR"),
]


@pytest.mark.parametrize("old, new", QUIRKS)
def test_icalendar_quirks(old, new):
    agree([BASE.replace(old, new)])


# Generated calendars take an odd choice once in ``weird`` times (never when 0), which the
# fast path may decline; without them they use only what it claims to read.
ZONES = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "UTC"]
ODD_ZONES = ["W. Europe Standard Time", "/Europe/Berlin", "Mars/Base", '"Europe/Berlin"', "europe/berlin", "EST", ""]
TIMES = ["20151010T080000Z", "20151010T080000", "20151012", "20160229T235959Z", "20311231T230000", "20151010T001000Z"]
BAD_TIMES = ["20151310T080000Z", "20150229", "20151010T250000Z", "20151010T080000z", "20151010t080000Z", "PT1H",
             "-PT15M", "", "soon", "2015-10-10T08:00:00Z", "20151010T080000+0100", "00000101T000000Z", " 20151010",
             "２０１５１０１０", "20151010T080060Z", "20151010T080000Z/PT1H", "080000"]  # fmt: skip
TEXT = st.text(st.sampled_from("aZ09 -./@()é€\\,;:nN\t\"'^%=\x0b\x1c\u2028\x85"), max_size=12)
ENUMS = ["OUTAGE", "NO-IMPACT", "degraded", " REDUCED-REDUNDANCY ", "CONFIRMED", "cancelled", "RESCHEDULED",
         "IN-PROGRESS", "TENTATIVE", "COMPLETED", "MAYBE", ""]  # fmt: skip
IMPACTS = ["X-MAINTNOTE-OBJECT-IMPACT=NO-IMPACT", "x-maintnote-object-impact=outage", "X-MAINTNOTE-IMPACT=DEGRADED",
           'X-MAINTNOTE-OBJECT-IMPACT="reduced-redundancy"', "X-MAINTNOTE-OBJECT-IMPACT=bogus"]  # fmt: skip
PARAMS = ['CN="Ops: a;b,c"', "CN=noc@example.com", "LANGUAGE=en", "X-A=1", "X-A=2", "SR=SR1"]
ODD_PARAMS = ["VALUE=TEXT", "value=date", "VALUE=DATE-TIME", "VALUE=DATE", "VALUE=PERIOD", "X-P=a,b", 'X-Q="x^ny"',
              "X-R=", "RELATED=END", 'X-S="%41"', "X-T = 1", "X-U=\\x", 'X-V="a\\b"', "X_W=1",
              *("TZID=" + zone for zone in ZONES + ODD_ZONES)]  # fmt: skip
TEXT_NAMES = ["UID", "SUMMARY", "LOCATION", "DESCRIPTION", "X-MAINTNOTE-PROVIDER", "X-MAINTNOTE-ACCOUNT",
              "X-MAINTNOTE-MAINTENANCE-ID", "ORGANIZER", "X-FOO", "x-maintnote-account", "summary", "URL", "VERSION"]  # fmt: skip
ODD_NAMES = ["RRULE", "RDATE", "EXDATE", "CATEGORIES", "GEO", "DURATION", "RECURRENCE-ID", "CREATED", "PRIORITY",
             "ATTACH", "FREEBUSY", "X_UNDERSCORE", "X.DOT", "ÜNAME", "DTSTART", "DTEND", "DTSTAMP", "SEQUENCE"]  # fmt: skip
JUNK = ["junk here", "(x) y: z", "a\\:b:c", 'q"uote:x', " leading", "A_B:x", "A.B:x", "NAME;:x", "NAME;P:x", ":x",
        'X;P="open:x', "DT START:20151010T080000Z", "X-COMMENT:x", "BEGIN:VALARM", "END:VALARM", "TRIGGER:-PT15M",
        "BEGIN:VTIMEZONE", "TZID:Custom", "END:VTIMEZONE", "END:VEVENT", "BEGIN:VEVENT", "END:VCALENDAR",
        "BEGIN;X=1:VEVENT", "BEGIN:VTODO", "\ufeffBEGIN:VCALENDAR", "several times.\\nLocation: x", "ELE"]  # fmt: skip


def odd(draw, weird: int) -> bool:
    return weird > 0 and draw(st.integers(1, weird)) == 1


def line(name: str, params: list[str], value: str) -> str:
    return "".join([name, *(";" + p for p in params), ":", value])


def extra_params(draw, weird: int) -> list[str]:
    params = draw(st.lists(st.sampled_from(PARAMS), max_size=2))
    return params + [draw(st.sampled_from(ODD_PARAMS))] if odd(draw, weird) else params


def time_line(draw, name: str, weird: int) -> str:
    value = draw(st.sampled_from(BAD_TIMES if odd(draw, weird) else TIMES))
    params = [p for p in extra_params(draw, weird) if p not in PARAMS]  # the fast path takes only VALUE, TZID
    if draw(st.booleans()):
        params.append("VALUE=DATE" if len(value) == 8 else "VALUE=DATE-TIME")
    if (len(value) == 15 and name.upper() in ("DTSTART", "DTEND") or odd(draw, weird)) and draw(st.booleans()):
        params.append("TZID=" + draw(st.sampled_from(ODD_ZONES if odd(draw, weird) else ZONES)))
    return line(name, params, value)


@st.composite
def vevent(draw, weird: int) -> list[str]:
    # Each required property is missing now and then; any text property may come twice.
    lines = [time_line(draw, name, weird) for name in ("DTSTART", "DTEND", "DTSTAMP") if draw(st.integers(0, 5))]
    lines += [
        text for text in ("X-MAINTNOTE-ACCOUNT:acct", "X-MAINTNOTE-MAINTENANCE-ID:WO-1") if draw(st.integers(0, 5))
    ]
    for _ in range(draw(st.integers(0, 3))):
        impact = [draw(st.sampled_from(IMPACTS))] if draw(st.booleans()) else []
        lines.append(line("X-MAINTNOTE-OBJECT-ID", impact + extra_params(draw, weird), draw(TEXT)))
    for _ in range(draw(st.integers(0, 6))):
        name = draw(st.sampled_from(["X-MAINTNOTE-IMPACT", "X-MAINTNOTE-STATUS", *TEXT_NAMES]))
        value = draw(st.sampled_from(ENUMS) if name.endswith(("IMPACT", "STATUS")) else TEXT)
        lines.append(line(name, extra_params(draw, weird), value))
    if draw(st.booleans()):
        lines.append("SEQUENCE:" + draw(st.sampled_from(["0", "3", "007"])))
    while odd(draw, weird):
        name = draw(st.sampled_from(ODD_NAMES))
        if name.startswith("DT"):
            lines.append(time_line(draw, name, weird))
        else:
            value = draw(st.sampled_from([*TIMES, *BAD_TIMES, "FREQ=DAILY", "1;2", "a,b", "-1", " 2", "x", "²"]))
            lines.append(line(name, extra_params(draw, weird), value))
    while odd(draw, weird):
        lines.append(draw(st.sampled_from(JUNK) | st.text(max_size=10)))
    lines = draw(st.permutations(lines))
    if draw(st.booleans()):
        lines += ["BEGIN:VALARM", "TRIGGER:-PT15M", "ACTION:DISPLAY", "DESCRIPTION:x", "END:VALARM"]
    return ["BEGIN:VEVENT", *lines, "END:VEVENT"]


def fold(draw, text: str, eol: str, weird: int) -> str:
    cuts = sorted(set(draw(st.lists(st.integers(1, max(1, len(text) - 1)), max_size=3))))
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
    return (eol + ("\n" if odd(draw, weird) else "") + draw(st.sampled_from(" \t"))).join(p for p in pieces if p)


@st.composite
def calendar(draw, weird: int | None = None) -> str:
    weird = draw(st.sampled_from([4, 16, 64])) if weird is None else weird
    eol = draw(st.sampled_from(["\r\n", "\n"]))
    head = draw(
        st.lists(st.sampled_from(["VERSION:2.0", "PRODID:-//t//EN", "METHOD:REQUEST", "X-WR-CALNAME:n"]), max_size=3)
    )
    if draw(st.integers(0, 3)) == 0:
        head.append(
            "X-WR-TIMEZONE:" + draw(st.sampled_from([*ZONES, "EST", "Mars/Base", ""] if odd(draw, weird) else ZONES))
        )
    while odd(draw, weird):
        name = draw(st.sampled_from(ODD_NAMES + ["X-WR-TIMEZONE"]))
        head.append(draw(st.sampled_from(JUNK)) if draw(st.booleans()) else line(name, extra_params(draw, weird), "x"))
    lines = ["BEGIN:VCALENDAR", *head]
    for _ in range(draw(st.integers(0, 2))):
        lines += draw(vevent(weird))
    lines.append("END:VCALENDAR")
    if odd(draw, weird):
        lines = draw(st.permutations(lines))
    text = "".join(
        (fold(draw, text, eol, weird) if draw(st.booleans()) else text)
        + (draw(st.sampled_from(["\r", eol * 2, eol + " "])) if odd(draw, weird) else eol)
        for text in lines
    )
    return text if draw(st.booleans()) else text.removesuffix(eol)


@st.composite
def mutated(draw) -> str:
    text = draw(st.sampled_from(REAL))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        lines = text.split("\n")
        i = draw(st.integers(0, len(lines) - 1))
        match draw(st.sampled_from(["insert", "delete", "drop line", "repeat line", "swap lines", "case", "junk"])):
            case "insert":
                text = text[:at] + draw(st.sampled_from(list(':;\r\n \t\\"=,ZT09é^%') + ["\r\n ", "\n "])) + text[at:]
            case "delete":
                text = text[:at] + text[at + draw(st.integers(1, 3)) :]
            case "drop line":
                text = "\n".join(lines[:i] + lines[i + 1 :])
            case "repeat line":
                text = "\n".join(lines[: i + 1] + lines[i:])
            case "swap lines":
                j = draw(st.integers(0, len(lines) - 1))
                lines[i], lines[j] = lines[j], lines[i]
                text = "\n".join(lines)
            case "case":
                lines[i] = lines[i].lower() if draw(st.booleans()) else lines[i].upper()
                text = "\n".join(lines)
            case "junk":
                text = "\n".join([*lines[:i], draw(st.sampled_from(JUNK)), *lines[i:]])
    return text


SETTINGS = settings(
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example, HealthCheck.data_too_large],
    deadline=None,
)


@SETTINGS
@given(st.lists(calendar(), min_size=1, max_size=2))
def test_generated_calendars(texts):
    event("fast" if agree(texts) else "declined")


@SETTINGS
@given(st.lists(calendar(weird=0), min_size=1, max_size=2))
def test_generated_clean_calendars_take_the_fast_path(texts):
    assert agree(texts)


@pytest.mark.skipif(not REAL, reason="no sample calendars")
@SETTINGS
@given(st.lists(mutated(), min_size=1, max_size=2))
def test_mutated_real_calendars(texts):
    event("fast" if agree(texts) else "declined")


def test_an_object_impact_given_several_values_is_refused_by_name():
    from mnp_core.toolkit import ExtractError
    from mnp_core.toolkit.ical import bcop_events

    calendar = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:1\r\nDTSTART:20250102T030000Z\r\n"
        "DTEND:20250102T050000Z\r\nDTSTAMP:20241201T000000Z\r\nX-MAINTNOTE-ACCOUNT:A\r\n"
        'X-MAINTNOTE-MAINTENANCE-ID:M\r\nX-MAINTNOTE-OBJECT-ID;X-MAINTNOTE-OBJECT-IMPACT="NO-IMPACT",OUTAGE:c\r\n'
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    with pytest.raises(ExtractError, match="found 'NO-IMPACT,OUTAGE'"):
        bcop_events([calendar])
