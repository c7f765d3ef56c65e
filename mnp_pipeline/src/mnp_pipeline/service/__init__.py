"""The operator service: REST API, web UI, iCalendar feed, webhook and metrics.

The only part of mnp that imports the web framework; it reads and writes through the
pipeline's storage like every other command.
"""

from .app import create_app

__all__ = ["create_app"]
