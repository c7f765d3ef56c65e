"""Where notices come from: helpdesks and mailboxes behind one small interface.

Sources: ``rt.RequestTrackerSource`` (Request Tracker 5, REST 2.0), ``imap.ImapSource``,
``files.DirectorySource`` and ``files.MaildirSource``; each imported from its module so
that using one never loads the others' dependencies.
"""

from .base import HelpdeskSource, IngestError, Outcome, Ticket

__all__ = ["HelpdeskSource", "IngestError", "Outcome", "Ticket"]
