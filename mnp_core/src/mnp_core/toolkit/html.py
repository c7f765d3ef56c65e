"""HTML bodies: visible text and tables, on selectolax's lexbor parser (the fast path).

Parsers walk ``notice.html_tree`` (an :data:`HtmlTree`, built once per notice) and
annotate its nodes as :data:`HtmlNode`. Parsers that want a tree API can use
``notice.soup`` (BeautifulSoup); it is built only when asked for.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .text import normalise_label

_LINE = "\x1e"
_CELL = "\x1f"
_BLOCK_TAGS = re.compile(
    r"<(?=/?(?:br|p|div|tr|li|ul|ol|h[1-6]|table|tbody|thead|blockquote|pre|hr|title|dt|dd)\b)",
    re.IGNORECASE,
)
_INVISIBLE = ["style", "script", "head", "noscript", "template"]
# visible_lines: a mark typed just inside the end of each cell or block, and for each
# <br>, stays where it is typed (inside the element), so tables do not move it.
_MARK = "\x1e"
# The end tags themselves, not a lookahead: a pattern opening with a lookahead is tried
# at every position of the text, one opening with "<" only where a "<" is.
_BLOCK_END = re.compile(r"</(?:td|th|p|div|li|h[1-6])\s*>", re.IGNORECASE)


def _marked_end(match: re.Match[str]) -> str:
    # A function, not a template: Python 3.11 expands a template in Python for every match.
    return _MARK + match.group(0)


_BREAK = re.compile(r"<br\b[^>]*>", re.IGNORECASE)

#: The tree ``notice.html_tree`` is, for annotations in parsers.
HtmlTree = LexborHTMLParser
#: A node of an :data:`HtmlTree` (a cell, a row, a table).
HtmlNode = LexborNode


def html_to_text(html: str | LexborHTMLParser) -> str:
    """The visible text: one line per block, table cells separated by a tab.

    White space inside a block is folded, as a browser does, so a label and its value
    wrapped across source lines stay on one line.
    """
    if isinstance(html, LexborHTMLParser):
        serialized = html.html or ""
        if not _unusual(serialized):
            return _serialized_text(serialized)
        html = serialized
    return _reparsed_text(html)


# A serialized tree (what ``LexborHTMLParser.html`` gives) is regular enough to read with
# regular expressions: every element is closed, tag names are lower case, "<" and ">" are
# escaped in text and in attribute values, text escapes only "&", "<", ">" and no-break
# spaces, and it holds no NUL (the parser drops or replaces every one). Documents with
# elements whose content a parser reads otherwise (raw text, foreign content, frames,
# templates, select) or whose reparse drops a leading line feed (textarea, listing) take
# the way of _reparsed_text.
# xmp, iframe, noembed, noframes, noscript, plaintext, template, textarea, svg, select,
# math, frameset, listing: grouped by first letters, so that a "<" opening none of them
# is left at once.
_UNUSUAL_TAG = re.compile(
    r"<(?=[xinptsmfl])(?:xmp|iframe|no(?:embed|frames|script)|plaintext|te(?:mplate|xtarea)|s(?:vg|elect)|math"
    r"|frameset|listing)\b"
)


def _unusual(serialized: str) -> bool:
    # NUL tested apart: an alternative not starting with "<" would make the search try
    # every position of the document.
    return "\x00" in serialized or _UNUSUAL_TAG.search(serialized) is not None


# Comments and raw-text elements up to their first end, written unrolled (runs of what
# cannot start the end, then one character that does) so that long styles and scripts are
# skipped in one pass where a lazy ".*?" tests for the end after every character.
_COMMENT = r"<!--[^-]*(?:-(?!->)[^-]*)*-->"
_HIDDEN = re.compile(_COMMENT + r"|<!DOCTYPE[^>]*>|<(script|style)\b[^>]*>[^<]*(?:<(?!/\1>)[^<]*)*</\1>")
# The tags _BLOCK_TAGS marks, and the table and row starts and table ends marked in the tree.
_LINE_TAG = re.compile(
    r"</?(?:b(?:r|lockquote)|p(?:re)?|div|t(?:r|able|body|head|itle)|[uo]l|h[1-6r]|d[dt]|li)\b[^>]*>"
)
_CELL_TAG = re.compile(r"<t[dh]\b[^>]*>")
_OTHER_TAG = re.compile(r"</?[A-Za-z][^>]*>")
# Line and cell ends as words of their own, so that str.split() folds the white space
# around them (the separators are white space to it) without losing them; NUL makes
# them words no text contains.
_LINE_WORD = " \x00L "
_CELL_WORD = " \x00C "
_LINE_RUN = re.compile("\x00(?:C \x00)*L(?: \x00[LC])*")
_CELL_RUN = re.compile("\x00C(?: \x00C)*")


def _serialized_text(html: str) -> str:
    """:func:`html_to_text` of a serialized tree, by substitutions, with no second parse.

    The same lines as :func:`_reparsed_text`: a line ends at each block tag, table start
    and end and row start, a cell at each ``<td>``/``<th>``; comments, scripts and styles
    show nothing. A ``<title>`` shows, as it does there (its marked tag ends the head on
    reparsing); the rest of a head is tags and white space.
    """
    text = _HIDDEN.sub("", html)
    text = _LINE_TAG.sub(_LINE_WORD, text)
    text = _CELL_TAG.sub(_CELL_WORD, text)
    text = _OTHER_TAG.sub("", text)
    if _LINE in text or _CELL in text:  # typed in the text, they separate there too
        text = text.replace(_LINE, _LINE_WORD).replace(_CELL, _CELL_WORD)
    if "&" in text:
        text = text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    text = " ".join(text.split())
    # A run of ends holding a line end is one line end, else one cell end: empty cells
    # and lines vanish.
    text = _CELL_RUN.sub("\x00C", _LINE_RUN.sub("\x00L", text))
    return f" {text} ".replace(_LINE_WORD, "\n").replace(_CELL_WORD, "\t").strip(" \n\t")


def _reparsed_text(html: str) -> str:
    """:func:`html_to_text` by marking blocks in the source and parsing it again."""
    marked = _BLOCK_TAGS.sub(_LINE + "<", html)
    tree = LexborHTMLParser(marked)
    tree.strip_tags(_INVISIBLE)
    # Markers typed between table tags are foster-parented out of the table by the HTML
    # parser, so rows and cells are marked in the tree instead.
    for node in tree.css("table, tr"):
        node.insert_before(_LINE)
    for node in tree.css("table"):
        node.insert_after(_LINE)
    for node in tree.css("td, th"):
        node.insert_before(_CELL)
    root = tree.body or tree.root
    if root is None:
        return ""
    text = root.text(deep=True, separator="")
    lines = []
    for line in text.split(_LINE):
        cells = [" ".join(cell.split()) for cell in line.split(_CELL)]
        joined = "\t".join(c for c in cells if c)
        if joined:
            lines.append(joined)
    return "\n".join(lines)


def visible_lines(html: str | LexborHTMLParser | LexborNode) -> list[str]:
    """The visible text as lines: one per table cell, paragraph, div, list item, heading or ``<br>``.

    ``<td>Start time:</td><td>01-Jun-2021<br>15:59 UTC</td>`` gives ``["Start time:",
    "01-Jun-2021", "15:59 UTC"]``. White space inside a line is folded and empty lines
    are dropped. Unlike :func:`html_to_text`, a label cell and its value cell are two
    lines, which suits notices whose values span several ``<br>`` lines. A tree or a node
    of one is read as its HTML is (``visible_lines(node)`` is ``visible_lines(node.html)``),
    without parsing it again.
    """
    if isinstance(html, (LexborHTMLParser, LexborNode)):
        serialized = html.html or ""
        if _plain_cell(serialized):
            folded = " ".join(serialized[serialized.index(">") + 1 : serialized.rindex("<")].split())
            return [folded] if folded else []
        if not _unusual(serialized):
            return _serialized_lines(serialized)
        html = serialized
    tree = LexborHTMLParser(_BREAK.sub(_MARK, _BLOCK_END.sub(_marked_end, html)))
    tree.strip_tags(["style", "script", "head", "title"])
    root = tree.body or tree.root
    text = root.text(deep=True, separator="") if root is not None else ""
    return [folded for part in text.split(_MARK) if (folded := " ".join(part.split()))]


def _plain_cell(serialized: str) -> bool:
    """A serialized cell holding text only (``<td ...>text</td>``): its one line is its text,
    read without the substitutions (the value cells parsers read one by one)."""
    return (
        serialized.startswith(("<td", "<th"))
        and serialized.count("<") == 2
        and "&" not in serialized
        and "\x00" not in serialized
        and _MARK not in serialized
    )


_HIDDEN_LINES = re.compile(
    _COMMENT + r"|<!DOCTYPE[^>]*>|<(script|style|title|head)\b[^>]*>[^<]*(?:<(?!/\1>)[^<]*)*</\1>"
)


# Parsing drops a line feed just after <pre>; serializing writes the one left.
_PRE_FEED = re.compile(r"(<pre\b[^>]*>)\n")


def _serialized_lines(html: str) -> list[str]:
    """:func:`visible_lines` of serialized HTML (see _serialized_text), by substitutions."""
    text = _PRE_FEED.sub(r"\1", html) if "<pre" in html else html
    text = _HIDDEN_LINES.sub("", text)
    # The end tags themselves become the marks: every tag is dropped below anyway, and a
    # literal replacement spares a Python call per tag.
    text = _OTHER_TAG.sub("", _BREAK.sub(_MARK, _BLOCK_END.sub(_MARK, text)))
    if "&" in text:
        text = text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return [folded for part in text.split(_MARK) if (folded := " ".join(part.split()))]


def next_cell(cell: LexborNode) -> LexborNode | None:
    """The ``<td>``/``<th>`` after ``cell`` in its row: the value beside a label cell."""
    value = cell.next
    while value is not None and value.tag not in ("td", "th"):
        value = value.next
    return value


def node_text(node: LexborNode) -> str:
    """A node's text with white space folded."""
    return " ".join(node.text(deep=True, separator=" ").split())


def _tree(html: str | LexborHTMLParser) -> LexborHTMLParser:
    return html if isinstance(html, LexborHTMLParser) else LexborHTMLParser(html or "<html></html>")


def html_tables(html: str | LexborHTMLParser) -> list[list[list[str]]]:
    """Every table as rows of cell texts, innermost tables included, in document order.

    A cell spanning several columns is repeated, so column positions line up with the
    header row.
    """
    tree = _tree(html)
    tables = tree.css("table")
    if not tables:
        return []
    # Each row goes to the table it belongs to (its nearest table ancestor), found in one
    # walk up per row; nodes are fresh wrappers on every access, so tables are keyed by
    # the address of the element they wrap.
    rows_of: dict[int, list[list[str]]] = {table.mem_id: [] for table in tables}
    for row in tree.css("tr"):
        owner = row.parent
        while owner is not None and owner.tag != "table":
            owner = owner.parent
        rows = rows_of.get(owner.mem_id) if owner is not None else None
        if rows is None:
            continue
        cells: list[str] = []
        for cell in row.iter():
            tag = cell.tag
            if tag != "td" and tag != "th":
                continue
            text = " ".join(cell.text(deep=True, separator=" ").split())  # node_text, inlined: once per cell
            colspan = cell.attributes.get("colspan")
            if colspan is None:
                cells.append(text)
                continue
            try:
                span = max(1, min(int(colspan or 1), 50))
            except ValueError:
                span = 1
            cells.extend([text] * span)
        if any(cells):
            rows.append(cells)
    return [rows for rows in rows_of.values() if rows]


def table_records(rows: list[list[str]], *, header: int = 0) -> list[dict[str, str]]:
    """A table with a header row as a list of dicts keyed by the header's cell texts.

    Columns are found by name, so a carrier adding, dropping or reordering columns
    changes nothing for the parser.
    """
    if len(rows) <= header:
        return []
    names = [" ".join(n.split()).rstrip(":").strip() for n in rows[header]]
    records = []
    for row in rows[header + 1 :]:
        if not any(c.strip() for c in row):
            continue
        records.append({name: (row[i] if i < len(row) else "") for i, name in enumerate(names) if name})
    return records


def column(record: dict[str, str], *names: str, default: str = "") -> str:
    """The first non-empty value among columns named ``names``, compared as labels are
    (case, spacing and punctuation ignored: ``Circuit-ID`` is ``circuit id``); a name
    ending in ``*`` matches any column that starts with it."""
    folded = {normalise_label(k): v for k, v in record.items()}
    for name in names:
        prefix = name.rstrip().endswith("*")
        key = normalise_label(name.rstrip().rstrip("*"))
        if prefix:
            value = next((v for k, v in folded.items() if k.startswith(key) and v.strip()), "")
        else:
            value = folded.get(key, "")
        if value.strip():
            return value.strip()
    return default


def label_values(rows: list[list[str]], *, multi: bool = False) -> dict[str, str] | dict[str, list[str]]:
    """A two-column (label, value) table as a dict; labels lose a trailing colon.

    The first value of a label wins; with ``multi=True`` every value is kept, in order
    (a notice listing one ``Service ID`` row per circuit).
    """
    found: dict = {}
    for row in rows:
        cells = [c for c in row if c.strip()]
        if len(cells) >= 2:
            label, value = cells[0].rstrip(":").strip(), " ".join(cells[1:]).strip()
            if multi:
                found.setdefault(label, []).append(value)
            else:
                found.setdefault(label, value)
    return found
