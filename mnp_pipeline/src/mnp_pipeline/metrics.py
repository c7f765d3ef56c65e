"""What the pipeline measures of itself while it works, for Prometheus.

prometheus-client is no web framework: the pipeline records here, in whatever process
parses, and the operator service exposes it on ``/metrics`` (with gauges it reads from the
database at scrape time, see ``mnp_pipeline.service.metrics``). Each process keeps its own
numbers, so a worker's parses are seen by a scrape of that worker's process only.
"""

from __future__ import annotations

from prometheus_client import Histogram

#: Seconds ``mnp_core.parse_email`` took for one notification, by how the parse ended
#: (``parsed``, ``ignored`` or ``failed``). Buckets from a millisecond (a small notice)
#: to half a minute (a notice with a large spreadsheet attached).
PARSE_SECONDS = Histogram(
    "mnp_parse_duration_seconds",
    "Time mnp_core.parse_email took for one notification, by result",
    ["result"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
