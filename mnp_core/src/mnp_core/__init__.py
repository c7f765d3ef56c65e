"""mnp_core: maintenance notices from any carrier, parsed into one typed model.

    import mnp_core
    msg = mnp_core.parse_email(raw_bytes)   # -> MaintMessageObj
    for event in msg.events: ...            # -> MaintForecastEvent
"""

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version

from .api import parse_email, registry, reset_plugins, run_parser
from .builtin.bcop import CalendarParser
from .exceptions import (
    AmbiguousParsers,
    InvalidMessage,
    MaintParseException,
    NoParserFound,
    NotAMaintenance,
    ParserFailed,
    PluginError,
)
from .hookspecs import hookimpl
from .message import Attachment, DecodedNotice
from .models import Impact, MaintForecastEvent, MaintMessageObj, Status
from .parser import Parser

try:
    __version__ = _version("mnp-core")
except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
    __version__ = "0"

__all__ = [
    "AmbiguousParsers",
    "Attachment",
    "CalendarParser",
    "DecodedNotice",
    "Impact",
    "InvalidMessage",
    "MaintForecastEvent",
    "MaintMessageObj",
    "MaintParseException",
    "NoParserFound",
    "NotAMaintenance",
    "Parser",
    "ParserFailed",
    "PluginError",
    "Status",
    "__version__",
    "hookimpl",
    "parse_email",
    "registry",
    "reset_plugins",
    "run_parser",
]
