"""What plugin authors build parsers from: dates, HTML, text fields, durations,
spreadsheets and BCOP calendars. Each function raises :class:`ExtractError` (a
``ValueError``) when what it expects is not there; the core turns that into
``ParserFailed`` naming the plugin.
"""

from .dates import (
    TZ_ABBREVIATIONS,
    TZ_NAMES,
    combine,
    get_zone,
    localize,
    parse_date,
    parse_datetime,
    parse_window,
    start_end_pairs,
    year_near,
)
from .durations import parse_duration
from .errors import ExtractError
from .html import (
    HtmlNode,
    HtmlTree,
    column,
    html_tables,
    html_to_text,
    label_values,
    next_cell,
    node_text,
    table_records,
    visible_lines,
)
from .ical import bcop_events, has_bcop_calendar
from .identity import stable_id
from .places import zone_for_place
from .status import impact_from_text, status_from_text, status_from_texts
from .tables import csv_rows, spreadsheet_rows, xlsx_rows
from .text import field, fields, ignorecase_fold, normalise_label, search, split_ids

__all__ = [
    "TZ_ABBREVIATIONS",
    "TZ_NAMES",
    "ExtractError",
    "HtmlNode",
    "HtmlTree",
    "bcop_events",
    "column",
    "combine",
    "csv_rows",
    "field",
    "fields",
    "get_zone",
    "has_bcop_calendar",
    "html_tables",
    "html_to_text",
    "ignorecase_fold",
    "impact_from_text",
    "label_values",
    "localize",
    "next_cell",
    "node_text",
    "normalise_label",
    "parse_date",
    "parse_datetime",
    "parse_duration",
    "parse_window",
    "search",
    "split_ids",
    "spreadsheet_rows",
    "stable_id",
    "start_end_pairs",
    "status_from_text",
    "status_from_texts",
    "table_records",
    "visible_lines",
    "xlsx_rows",
    "year_near",
    "zone_for_place",
]
