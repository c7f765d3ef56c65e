"""Fixtures of the pipeline tests; each lives in its own module, registered here."""

from db_fixtures import db, postgres_url  # noqa: F401
