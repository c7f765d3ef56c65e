"""Where notices come from: helpdesks and mailboxes behind one small interface."""

from .base import HelpdeskSource, IngestError, Outcome, Ticket

__all__ = ["HelpdeskSource", "IngestError", "Outcome", "Ticket"]
