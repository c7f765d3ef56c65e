"""Tying a parsed vendor circuit id to one of the operator's circuits.

Rules, in order (each within the notice's vendor only):

1. Exact after folding: case, white space and punctuation are ignored, so
   ``ic-99999``, ``IC 99999`` and ``IC99999`` are one id.
2. Containment: a carrier often writes more than its circuit id in that field
   (``EON 1234567/2 FRO2006765432`` for circuit ``FRO2006765432``). The parsed text is
   split into tokens at white space and ``/ , ; | ( )``; a token, or a run of adjacent
   tokens, that folds to a known circuit's key matches it. Conversely, a parsed id that
   folds to a whole token of a known circuit's id (``1234567`` for ``EON 1234567/2``)
   matches it. A containment that matches two circuits matches none: an ambiguous
   match is reported as unmatched rather than guessed.
3. Otherwise the event keeps no internal circuit and shows in ``mnp report unmatched``.

A notice's provider is the vendor's ``name`` or one of its ``aliases`` (case ignored).
"""

from __future__ import annotations

import re
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from .storage.models import Circuit, Vendor

_FOLD = re.compile(r"[\W_]+", re.UNICODE)
_TOKEN_SPLIT = re.compile(r"[\s/,;|()\[\]]+")


def match_key(vendor_circuit_id: str) -> str:
    """The folded form two ids are compared in."""
    return _FOLD.sub("", vendor_circuit_id).upper()


def _tokens(text: str) -> list[str]:
    return [t for t in _TOKEN_SPLIT.split(text) if t]


class CircuitMatcher:
    """Looks circuits up for one session: exact ids by index, the vendor's circuits loaded
    once only when a containment rule has to be tried."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._vendors: dict[str, uuid.UUID | None] = {}
        self._circuits: dict[uuid.UUID, dict[str, uuid.UUID]] = {}
        self._token_index: dict[uuid.UUID, dict[str, set[uuid.UUID]]] = {}

    def vendor_id(self, provider: str) -> uuid.UUID | None:
        key = provider.strip().lower()
        if key not in self._vendors:
            found = None
            for vendor in self.session.scalars(select(Vendor)):
                names = [vendor.name, *(vendor.aliases or [])]
                if key in (n.strip().lower() for n in names):
                    found = vendor.vendor_id
                    break
            self._vendors[key] = found
        return self._vendors[key]

    def _load(self, vendor_id: uuid.UUID) -> None:
        if vendor_id in self._circuits:
            return
        exact: dict[str, uuid.UUID] = {}
        tokens: dict[str, set[uuid.UUID]] = {}
        for circuit in self.session.scalars(select(Circuit).where(Circuit.vendor_id == vendor_id)):
            exact[circuit.match_key] = circuit.internal_circuit_id
            for token in _tokens(circuit.vendor_circuit_id):
                folded = match_key(token)
                if folded and folded != circuit.match_key:
                    tokens.setdefault(folded, set()).add(circuit.internal_circuit_id)
        self._circuits[vendor_id] = exact
        self._token_index[vendor_id] = tokens

    def match(self, provider: str, parsed_vendor_circuit_id: str | None) -> uuid.UUID | None:
        if not parsed_vendor_circuit_id:
            return None
        vendor_id = self.vendor_id(provider)
        if vendor_id is None:
            return None
        key = match_key(parsed_vendor_circuit_id)
        if vendor_id not in self._circuits:
            # Most ids match exactly: one index probe, not the vendor's whole inventory.
            direct = self.session.scalars(
                select(Circuit.internal_circuit_id).where(Circuit.vendor_id == vendor_id, Circuit.match_key == key)
            ).first()
            if direct is not None:
                return direct
        self._load(vendor_id)
        exact = self._circuits[vendor_id]
        if key in exact:
            return exact[key]
        found: set[uuid.UUID] = set()
        tokens = [match_key(t) for t in _tokens(parsed_vendor_circuit_id)]
        for start in range(len(tokens)):
            for end in range(start + 1, len(tokens) + 1):
                joined = "".join(tokens[start:end])
                if joined in exact:
                    found.add(exact[joined])
        found |= self._token_index[vendor_id].get(key, set())
        return found.pop() if len(found) == 1 else None
