"""Circuit outage detection from device logs (the seed's CircuitOutageDetector).

Interface up/down messages are read from log sources (syslog files, a syslog receiver,
JSON lines, Elasticsearch/OpenSearch), parsed by per-OS log-format plugins into
:class:`LinkEvent` values, stored once each (``link_event``, keyed by a hash), mapped to
circuits through ``EquipmentPort`` and assembled into ``CircuitOutageEvent`` rows.

A circuit's outages are always recomputed from all of its stored events by the pure
functions of :mod:`.assembly`, so reading the same logs twice, or in another order, gives
the same rows.
"""

from .assembly import FlapRules, Outage
from .events import LinkEvent, LinkState, LogRecord

__all__ = ["FlapRules", "LinkEvent", "LinkState", "LogRecord", "Outage"]
