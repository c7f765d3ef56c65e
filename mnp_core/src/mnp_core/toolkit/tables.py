"""Spreadsheet attachments (CSV, XLSX) as rows of cell strings."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from ..message import Attachment
from .errors import ExtractError


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def csv_rows(source: Attachment | str) -> list[list[str]]:
    """A CSV attachment (any delimiter csv.Sniffer recognises) as rows."""
    text = source.text if isinstance(source, Attachment) else source
    text = text.lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    return [[_cell(c) for c in row] for row in csv.reader(io.StringIO(text), dialect) if any(c.strip() for c in row)]


def xlsx_rows(source: Attachment | bytes, *, sheet: int = 0) -> list[list[str]]:
    """One sheet of an XLSX attachment as rows (dates as ISO text, numbers as written)."""
    from openpyxl import load_workbook

    data = source.payload if isinstance(source, Attachment) else source
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        rows = list(book.worksheets[sheet].iter_rows(values_only=True))
    except Exception as exc:  # openpyxl raises zipfile, KeyError, ValueError, ... on bad files
        raise ExtractError("a readable XLSX workbook", f"{type(exc).__name__}: {exc}") from exc
    return [[_cell(c) for c in row] for row in rows if any(c is not None and str(c).strip() for c in row)]


def spreadsheet_rows(attachment: Attachment) -> list[list[str]]:
    """CSV or XLSX, chosen by content type or file extension."""
    kind = attachment.content_type
    if attachment.extension in ("xlsx", "xlsm") or "spreadsheetml" in kind or "ms-excel" in kind and attachment.extension != "csv":
        return xlsx_rows(attachment)
    return csv_rows(attachment)
