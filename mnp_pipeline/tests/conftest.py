"""Fixtures of the pipeline tests; each lives in its own module, registered here."""

from db_fixtures import db, postgres_url  # noqa: F401
from imap_server import imap_server  # noqa: F401
from rt_server import rt_server  # noqa: F401
from service_support import empty_service, service  # noqa: F401
