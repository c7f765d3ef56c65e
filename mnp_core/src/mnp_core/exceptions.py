"""The typed errors of mnp_core.

``parse_email`` raises only these. Each one says what was expected, what was found, and
where, so an operator reading a dead-letter label knows what to do without the code.
"""

from __future__ import annotations


class MaintParseException(Exception):
    """Base of every error ``mnp_core.parse_email`` raises."""

    label = "MaintParseException"

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.where = where
        super().__init__(f"{message} (in {where})" if where else message)


class InvalidMessage(MaintParseException):
    """The input is not a decodable email (no headers, no body, not MIME at all)."""


class NoParserFound(MaintParseException):
    """No installed parser claims the notice (unknown sender, no iCalendar, no subject match)."""


class NotAMaintenance(MaintParseException):
    """A known sender, but the mail is not a maintenance notice (e.g. a ticket update)."""

    label = "MaintIgnored"


class ParserFailed(MaintParseException):
    """The chosen parser could not extract what a notice must carry."""

    def __init__(
        self,
        reason: str,
        *,
        parser: str,
        version: str,
        where: str | None = None,
    ) -> None:
        self.parser = parser
        self.version = version
        self.reason = reason
        super().__init__(f"parser {parser} {version} failed: {reason}", where=where)


class AmbiguousParsers(NoParserFound):
    """Two parsers claim the same notice and nothing tells them apart."""


class PluginError(Exception):
    """A plugin registered something invalid (raised at load time, never by parse_email)."""
