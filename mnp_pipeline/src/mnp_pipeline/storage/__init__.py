"""Storage: SQLAlchemy models, connection and migrations."""

from .database import database_url, make_engine, session_factory, upgrade

__all__ = ["database_url", "make_engine", "session_factory", "upgrade"]
