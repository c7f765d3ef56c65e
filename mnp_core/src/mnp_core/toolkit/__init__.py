"""What plugin authors build parsers from: dates, HTML, text fields, durations,
spreadsheets and BCOP calendars. Each function raises :class:`ExtractError` (a
``ValueError``) when what it expects is not there; the core turns that into
``ParserFailed`` naming the plugin.
"""

from .dates import TZ_ABBREVIATIONS, TZ_NAMES, combine, get_zone, localize, parse_date, parse_datetime
from .durations import parse_duration
from .errors import ExtractError
from .html import column, html_tables, html_to_text, label_values, node_text, table_records
from .ical import bcop_events, has_bcop_calendar
from .identity import stable_id
from .places import zone_for_place
from .status import impact_from_text, status_from_text
from .tables import csv_rows, spreadsheet_rows, xlsx_rows
from .text import field, fields, normalise_label, search, split_ids

__all__ = [
    "TZ_ABBREVIATIONS",
    "TZ_NAMES",
    "ExtractError",
    "bcop_events",
    "column",
    "combine",
    "csv_rows",
    "field",
    "fields",
    "get_zone",
    "has_bcop_calendar",
    "html_tables",
    "impact_from_text",
    "html_to_text",
    "label_values",
    "localize",
    "node_text",
    "normalise_label",
    "parse_date",
    "parse_datetime",
    "parse_duration",
    "search",
    "spreadsheet_rows",
    "split_ids",
    "stable_id",
    "status_from_text",
    "table_records",
    "xlsx_rows",
    "zone_for_place",
]
