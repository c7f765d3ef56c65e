"""References for carriers whose notices carry none."""

from __future__ import annotations

import hashlib
from datetime import datetime


def stable_id(*parts: object) -> str:
    """A SHA-256 hex digest of ``parts``: the same notice content always gives the same id.

    Pass what identifies the maintenance (carrier, account, window, sorted circuits),
    never what a later notice of the same work changes (status, wording), so that an
    update or cancellation lands on the same maintenance.
    """
    def text(part: object) -> str:
        if isinstance(part, datetime):
            return part.isoformat()
        if isinstance(part, (list, tuple, set, frozenset)):
            return ",".join(sorted(text(p) for p in part))
        return "" if part is None else str(part)

    return hashlib.sha256("|".join(text(p) for p in parts).encode("utf-8")).hexdigest()
