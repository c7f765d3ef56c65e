"""Decoding: whatever MIME shape and charset a carrier's mailer produces."""

from __future__ import annotations

import base64
import io
from datetime import UTC, datetime
from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.message import MIMEMessage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

import pytest

from mnp_core import DecodedNotice, InvalidMessage

CALENDAR = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:1\r\n"
    "DTSTART:20250102T030000Z\r\nDTEND:20250102T050000Z\r\nDTSTAMP:20241201T000000Z\r\n"
    "X-MAINTNOTE-PROVIDER:example.net\r\nX-MAINTNOTE-ACCOUNT:ACME\r\n"
    "X-MAINTNOTE-MAINTENANCE-ID:MX-1\r\nX-MAINTNOTE-OBJECT-ID:CIRCUIT-1\r\n"
    "X-MAINTNOTE-IMPACT:OUTAGE\r\nX-MAINTNOTE-STATUS:CONFIRMED\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)


def headers(message, subject="Planned work", sender="NOC <noc@carrier.example>"):
    message["From"] = sender
    message["To"] = "ops@operator.example"
    message["Subject"] = subject
    message["Date"] = "Tue, 26 Mar 2019 14:02:11 +0100"
    return message


def test_rfc2047_subject_and_from_are_decoded():
    raw = (
        b"From: =?utf-8?q?R=C3=A9seau_NOC?= <noc@carrier.example>\r\n"
        b"Subject: =?utf-8?q?Maintenance_=E2=80=93_Update?= =?iso-8859-1?q?_r=E9seau?=\r\n"
        b"Date: Tue, 26 Mar 2019 14:02:11 +0100\r\n\r\nbody\r\n"
    )
    notice = DecodedNotice(raw)
    assert notice.subject == "Maintenance \u2013 Update réseau"
    assert notice.sender == "noc@carrier.example"
    assert notice.date == datetime(2019, 3, 26, 13, 2, 11, tzinfo=UTC)


@pytest.mark.parametrize(
    ("declared", "body", "expected"),
    [
        ("iso-8859-1", "Début des travaux: 02:00".encode("latin-1"), "Début des travaux: 02:00"),
        ("windows-1252", "Impact \u201cnone\u201d \u2013 ok".encode("cp1252"), "Impact \u201cnone\u201d \u2013 ok"),
        ("utf-8", "Zürich".encode() + b" \xff\xfe bad", "Zürich"),
    ],
)
def test_declared_charsets(declared, body, expected):
    raw = (
        b"From: noc@carrier.example\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/plain; charset=" + declared.encode() + b"\r\n"
        b"Content-Transfer-Encoding: 8bit\r\n\r\n" + body + b"\r\n"
    )
    assert expected in DecodedNotice(raw).text


def test_undeclared_8bit_body_is_still_text():
    raw = b"From: noc@carrier.example\r\nSubject: x\r\n\r\nD\xe9but 02:00 \xe2\x80\x93 fin\r\n"
    text = DecodedNotice(raw).text
    assert "02:00" in text and "fin" in text


def test_quoted_printable_and_base64_bodies():
    qp = headers(MIMEText("Start: 2019-04-09 06:00 UTC\nCircuit: IC-1 " + "x" * 90, "plain", "utf-8"))
    del qp["Content-Transfer-Encoding"]
    qp.replace_header("Content-Type", 'text/plain; charset="utf-8"')
    qp["Content-Transfer-Encoding"] = "quoted-printable"
    qp.set_payload("Start: 2019-04-09 06:00 UTC=0ACircuit: IC-1 =E2=80=93 long=\r\n line\r\n")
    assert "Circuit: IC-1 \u2013 long line" in DecodedNotice(qp.as_bytes()).text

    b64 = headers(EmailMessage())
    b64.set_content("Circuit: IC-2 Zürich\n", cte="base64")
    assert "Circuit: IC-2 Zürich" in DecodedNotice(b64.as_bytes()).text


def test_multipart_alternative_gives_text_and_html():
    message = headers(MIMEMultipart("alternative"))
    message.attach(MIMEText("plain body", "plain"))
    message.attach(MIMEText("<html><body><table><tr><td>Circuit</td><td>IC-3</td></tr></table></body></html>", "html"))
    notice = DecodedNotice(message.as_bytes())
    assert notice.text.strip() == "plain body"
    assert "IC-3" in notice.html
    assert "Circuit\tIC-3" in notice.html_text


def test_calendar_parts_inline_attached_and_base64():
    message = headers(MIMEMultipart("mixed"))
    message.attach(MIMEText("see calendar", "plain"))
    message.attach(MIMEText(CALENDAR, "calendar", "utf-8"))  # inline, base64 by MIMEText
    attached = MIMEApplication(CALENDAR.replace("UID:1", "UID:2").encode(), "ics")
    attached.add_header("Content-Disposition", "attachment", filename="maint.ics")
    message.attach(attached)
    quoted = MIMEText(CALENDAR.replace("UID:1", "UID:3"), "calendar", "us-ascii")  # 7bit
    quoted.add_header("Content-Disposition", "attachment", filename="second.ics")
    message.attach(quoted)
    nameless = MIMEText(CALENDAR.replace("UID:1", "UID:4"), "calendar", "us-ascii")
    nameless.add_header("Content-Disposition", "attachment")  # listed once, not twice
    message.attach(nameless)
    notice = DecodedNotice(message.as_bytes())
    assert sorted(c.split("UID:")[1][0] for c in notice.calendars) == ["1", "2", "3", "4"]
    assert all("X-MAINTNOTE-MAINTENANCE-ID:MX-1" in c for c in notice.calendars)


def test_csv_and_xlsx_attachments_are_bytes():
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Circuit", "Start"])
    book.active.append(["IC-9", "2025-01-02 03:00"])
    buffer = io.BytesIO()
    book.save(buffer)
    message = headers(MIMEMultipart("mixed"))
    message.attach(MIMEText("see attachments", "plain"))
    csv_part = MIMEText("Circuit,Start\nIC-8,2025-01-02 03:00\n", "csv")
    csv_part.add_header("Content-Disposition", "attachment", filename="list.csv")
    message.attach(csv_part)
    xlsx_part = MIMEApplication(buffer.getvalue(), "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    xlsx_part.add_header("Content-Disposition", "attachment", filename="list.xlsx")
    message.attach(xlsx_part)

    from mnp_core.toolkit import spreadsheet_rows

    notice = DecodedNotice(message.as_bytes())
    by_name = {a.filename: a for a in notice.attachments}
    assert spreadsheet_rows(by_name["list.csv"]) == [["Circuit", "Start"], ["IC-8", "2025-01-02 03:00"]]
    assert spreadsheet_rows(by_name["list.xlsx"]) == [["Circuit", "Start"], ["IC-9", "2025-01-02 03:00"]]
    assert by_name["list.xlsx"].payload == buffer.getvalue()


def test_forwarded_rfc822_sender_is_a_routing_address():
    inner = headers(MIMEText("Circuit: IC-4", "plain"), sender="Carrier NOC <noc@carrier.example>")
    outer = headers(MIMEMultipart("mixed"), subject="Fwd: Planned work", sender="Colleague <me@operator.example>")
    outer.attach(MIMEText("see below", "plain"))
    outer.attach(MIMEMessage(inner))
    notice = DecodedNotice(outer.as_bytes())
    assert notice.routing_addresses[:2] == ["me@operator.example", "noc@carrier.example"]
    assert "Circuit: IC-4" in notice.text


def test_inline_forward_from_line_is_a_routing_address():
    raw = (
        b"From: me@operator.example\r\nSubject: Fwd: work\r\n\r\n"
        b"---------- Forwarded message ---------\r\nFrom: NOC <noc@carrier.example>\r\nDate: today\r\n\r\nCircuit: IC-5\r\n"
    )
    assert DecodedNotice(raw).routing_addresses == ["me@operator.example", "noc@carrier.example"]


def test_reply_to_and_original_from_come_after_from():
    raw = (
        b"From: list@operator.example\r\nReply-To: noc@carrier.example\r\nX-Original-From: ops@carrier2.example\r\n"
        b"Subject: x\r\n\r\nbody\r\n"
    )
    assert DecodedNotice(raw).routing_addresses == [
        "list@operator.example", "noc@carrier.example", "ops@carrier2.example"
    ]


def test_no_date_header_still_decodes():
    notice = DecodedNotice(b"From: noc@carrier.example\r\nSubject: x\r\n\r\nbody\r\n")
    assert notice.date is None
    assert notice.text.strip() == "body"


@pytest.mark.parametrize("raw", [b"", b"   \r\n", "", b"\x00\x01\x02"])
def test_not_an_email_is_invalid_message(raw):
    with pytest.raises(InvalidMessage):
        DecodedNotice(raw)


def test_str_input_is_accepted():
    assert DecodedNotice("From: noc@carrier.example\nSubject: s\n\nbody\n").subject == "s"


def test_html_text_keeps_labels_with_values_across_source_lines():
    html = "<html><head><style>p{}</style></head><body><p><b>Start\n  time:</b>\n 2025-01-02\n 03:00 UTC</p><div>Next</div></body></html>"
    raw = b"From: noc@carrier.example\r\nSubject: s\r\nContent-Type: text/html\r\n\r\n" + html.encode()
    assert DecodedNotice(raw).html_text == "Start time: 2025-01-02 03:00 UTC\nNext"


def test_base64_body_with_bad_padding_does_not_crash():
    raw = (
        b"From: noc@carrier.example\r\nSubject: s\r\nContent-Type: text/plain\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.b64encode(b"hello world")[:-3] + b"\r\n"
    )
    DecodedNotice(raw)  # decodes to whatever is recoverable


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-8"])
def test_attachment_without_charset_is_read_by_its_byte_order_mark(codec):
    from mnp_core.message import Attachment

    text = "Circuit ID;Légal Customer\nC-1;Zürich AG\n"
    mark = "\ufeff".encode(codec)
    attachment = Attachment("services.csv", "application/octet-stream", mark + text.encode(codec))
    assert attachment.text == text
    # A declared charset still wins; no mark, no guess beyond UTF-8 and windows-1252.
    assert Attachment("a.csv", "text/csv", "Zürich".encode("latin-1"), "latin-1").text == "Zürich"
    assert Attachment("a.csv", "text/csv", "Zürich".encode()).text == "Zürich"


@pytest.mark.parametrize("body", [b"x" * 2_000_000, b"a." * 1_000_000, b"-@" * 500_000, b"From: " * 300_000])
def test_huge_single_token_bodies_parse_in_linear_time(body):
    from mnp_core import NoParserFound, parse_email

    with pytest.raises(NoParserFound):
        parse_email(b"From: someone@unknown.example\r\nSubject: s\r\n\r\n" + body)
