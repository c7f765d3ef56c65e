"""Reports from SlaPerformanceMeasurement and the tables beside it: availability per
circuit, credits to claim with their deadlines, provider reliability (availability,
MTTR, breaches) and the accuracy of maintenance forecasts; as terminal tables, CSV or
JSON, and as SVG charts for the web UI (written here: a bar chart needs no library).
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.sax.saxutils import escape

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..storage.models import (
    Circuit,
    CircuitOutageEvent,
    MaintForecastEventRow,
    Sla,
    SlaPerformanceMeasurement,
    Vendor,
)
from . import counting
from .counting import seconds
from .documents import terms_of
from .evaluator import PeriodSelector

FORMATS = ("table", "csv", "json")


@dataclass
class Report:
    title: str
    columns: list[str]
    rows: list[dict]

    def render(self, fmt: str = "table") -> str:
        if fmt == "json":
            return json.dumps(self.rows, indent=2, default=_jsonable)
        if fmt == "csv":
            out = io.StringIO()
            writer = csv.DictWriter(out, fieldnames=self.columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows({c: _cell(r.get(c)) for c in self.columns} for r in self.rows)
            return out.getvalue()
        cells = [[_cell(r.get(c)) for c in self.columns] for r in self.rows]
        widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(self.columns)]
        lines = [self.title, "  ".join(c.ljust(w) for c, w in zip(self.columns, widths))]
        lines.append("  ".join("-" * w for w in widths))
        lines += ["  ".join(v.rjust(w) if _numeric(v) else v.ljust(w) for v, w in zip(row, widths)) for row in cells]
        lines.append(f"{len(self.rows)} row(s)")
        return "\n".join(lines) + "\n"


def _jsonable(value):
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return str(value)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:.0f}"
    if isinstance(value, datetime):
        return _jsonable(value)
    return str(value)


def _numeric(text: str) -> bool:
    return text.replace(".", "", 1).replace("-", "", 1).isdigit()


def _minutes(secs: float | None) -> float | None:
    return None if secs is None else round(secs / 60, 2)


def _in_selection(session: Session, selector: PeriodSelector | None):
    """(measurement, circuit, vendor, sla) rows, of the selected periods only."""
    query = (
        select(SlaPerformanceMeasurement, Circuit, Vendor, Sla)
        .join(Circuit, Circuit.internal_circuit_id == SlaPerformanceMeasurement.internal_circuit_id)
        .join(Vendor, Vendor.vendor_id == Circuit.vendor_id)
        .join(Sla, Sla.sla_id == SlaPerformanceMeasurement.sla_id)
        .order_by(Vendor.name, Circuit.name, SlaPerformanceMeasurement.period_start)
    )
    rows = session.execute(query).all()
    if selector is None:
        return rows
    kept = []
    for m, circuit, vendor, sla in rows:
        terms = terms_of(sla)
        starts = {p.start for p in selector.periods(terms, circuit.sla_epoch)}
        if m.period_start in starts:
            kept.append((m, circuit, vendor, sla))
    return kept


def sla_report(session: Session, selector: PeriodSelector | None = None, vendor: str | None = None) -> Report:
    rows = []
    for m, circuit, v, sla in _in_selection(session, selector):
        if vendor and v.name != vendor:
            continue
        terms = terms_of(sla)
        rows.append(
            {
                "circuit": circuit.name,
                "vendor": v.name,
                "sla": sla.name,
                "period": f"{m.period_start.astimezone(terms.zone):%Y-%m-%d}",
                "periodMinutes": _minutes(m.period_seconds),
                "outageMinutes": _minutes(m.outage_seconds),
                "excusedMinutes": _minutes(m.excused_seconds),
                "countedMinutes": _minutes(m.counted_seconds),
                "availabilityPct": round(m.availability_pct, 5) if m.availability_pct is not None else None,
                "promisedPct": sla.promised_uptime_pct,
                "breached": m.breached,
                "creditPct": m.credit_pct,
                "outages": m.outage_count,
                "chronic": m.chronic,
                "provisional": m.provisional,
            }
        )
    return Report("SLA availability per circuit and period", list(rows[0]) if rows else _SLA_COLUMNS, rows)


_SLA_COLUMNS = ["circuit", "vendor", "sla", "period", "periodMinutes", "outageMinutes", "excusedMinutes",
                "countedMinutes", "availabilityPct", "promisedPct", "breached", "creditPct", "outages", "chronic",
                "provisional"]


def credits_report(session: Session, now: datetime, selector: PeriodSelector | None = None) -> Report:
    """Credits to claim, the nearest deadline first."""
    rows = []
    for m, circuit, v, sla in _in_selection(session, selector):
        if m.credit_pct <= 0:
            continue
        terms = terms_of(sla)
        days_left = (m.claim_deadline - now).total_seconds() / 86400 if m.claim_deadline else None
        rows.append(
            {
                "circuit": circuit.name,
                "vendor": v.name,
                "sla": sla.name,
                "period": f"{m.period_start.astimezone(terms.zone):%Y-%m-%d}",
                "availabilityPct": round(m.availability_pct or 0.0, 5),
                "creditPct": m.credit_pct,
                "claimDeadline": m.claim_deadline,
                "daysLeft": None if days_left is None else round(days_left, 1),
                "overdue": days_left is not None and days_left < 0,
                "provisional": m.provisional,
            }
        )
    rows.sort(key=lambda r: (r["claimDeadline"] or datetime.max.replace(tzinfo=UTC), r["circuit"]))
    columns = ["circuit", "vendor", "sla", "period", "availabilityPct", "creditPct", "claimDeadline", "daysLeft",
               "overdue", "provisional"]
    return Report("Credits to claim", columns, rows)


def vendors_report(session: Session, selector: PeriodSelector | None = None) -> Report:
    """Provider reliability ranking. Periods without a measurement were fully available:
    with a period selected they count in the availability too (every circuit with an
    SLA, every selected period); without one, only measured periods do."""
    totals: dict[str, dict] = defaultdict(lambda: defaultdict(float))
    measured: set[tuple[uuid.UUID, datetime]] = set()
    for m, circuit, v, _sla in _in_selection(session, selector):
        t = totals[v.name]
        t["denominator"] += m.denominator_seconds
        t["counted"] += m.counted_seconds
        t["outage"] += m.outage_seconds
        t["outages"] += m.outage_count
        t["breaches"] += m.breached
        t["credits"] += m.credit_pct > 0
        t["chronic"] += m.chronic
        measured.add((circuit.internal_circuit_id, m.period_start))
    if selector is not None:
        for circuit, v, sla in session.execute(
            select(Circuit, Vendor, Sla).join(Vendor, Vendor.vendor_id == Circuit.vendor_id).join(
                Sla, Sla.sla_id == Circuit.sla_id)
        ):
            terms = terms_of(sla)
            try:
                periods = selector.periods(terms, circuit.sla_epoch)
            except ValueError:
                continue
            for p in periods:
                if (circuit.internal_circuit_id, p.start) not in measured and p.start <= datetime.now(UTC):
                    totals[v.name]["denominator"] += p.seconds
    rows = []
    for name, t in totals.items():
        availability = 100.0 * (1 - t["counted"] / t["denominator"]) if t["denominator"] else None
        rows.append(
            {
                "vendor": name,
                "availabilityPct": None if availability is None else round(availability, 5),
                "outages": int(t["outages"]),
                "countedMinutes": _minutes(t["counted"]),
                "mttrMinutes": _minutes(t["outage"] / t["outages"]) if t["outages"] else None,
                "breaches": int(t["breaches"]),
                "creditPeriods": int(t["credits"]),
                "chronicPeriods": int(t["chronic"]),
            }
        )
    rows.sort(key=lambda r: (-(r["availabilityPct"] or 0), r["mttrMinutes"] or 0, r["vendor"]))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    columns = ["rank", "vendor", "availabilityPct", "outages", "countedMinutes", "mttrMinutes", "breaches",
               "creditPeriods", "chronicPeriods"]
    return Report("Provider reliability", columns, rows)


def forecast_accuracy_report(session: Session, since: datetime, until: datetime, now: datetime) -> Report:
    """How well carriers' notices foretold what happened, per vendor: outages wholly
    inside an announced window, overrunning one, or unannounced; windows with no outage.
    Outages are merged per circuit (both ends count once); the operator's own are left out."""
    o = CircuitOutageEvent
    outages: dict[uuid.UUID, list] = defaultdict(list)
    for circuit_id, begin, end in session.execute(
        select(o.internal_circuit_id, o.begin_outage, o.end_outage).where(
            o.operator_caused.is_(False), o.begin_outage < until, (o.end_outage.is_(None)) | (o.end_outage > since)
        )
    ):
        outages[circuit_id].append((seconds(begin), seconds(end or now)))
    e = MaintForecastEventRow
    windows: dict[uuid.UUID, list] = defaultdict(list)
    for circuit_id, begin, end in session.execute(
        select(e.internal_circuit_id, e.begin_window, e.end_window).where(
            e.current.is_(True), e.internal_circuit_id.is_not(None), e.status != "CANCELLED",
            e.begin_window < until, e.end_window > since,
        )
    ):
        windows[circuit_id].append((seconds(begin), seconds(end)))
    vendor_of = dict(session.execute(select(Circuit.internal_circuit_id, Vendor.name).join(Vendor)).all())
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for circuit_id in set(outages) | set(windows):
        t = totals[vendor_of.get(circuit_id, "?")]
        announced = counting.union(windows.get(circuit_id, []))
        merged = counting.union(outages.get(circuit_id, []))
        for span in merged:
            inside = counting.total(counting.intersect([span], announced))
            if inside == span[1] - span[0]:
                t["insideWindow"] += 1
            elif inside > 0:
                t["overrun"] += 1
            else:
                t["unannounced"] += 1
        for window in counting.union(windows.get(circuit_id, [])):
            t["windows"] += 1
            t["windowsWithoutOutage"] += not counting.intersect([window], merged)
    rows = []
    for vendor, t in sorted(totals.items()):
        outages_total = t["insideWindow"] + t["overrun"] + t["unannounced"]
        rows.append(
            {
                "vendor": vendor,
                "outages": outages_total,
                "insideWindow": t["insideWindow"],
                "overrun": t["overrun"],
                "unannounced": t["unannounced"],
                "announcedPct": round(100 * (t["insideWindow"] + t["overrun"]) / outages_total, 1) if outages_total else None,
                "windows": t["windows"],
                "windowsWithoutOutage": t["windowsWithoutOutage"],
            }
        )
    columns = ["vendor", "outages", "insideWindow", "overrun", "unannounced", "announcedPct", "windows",
               "windowsWithoutOutage"]
    return Report("Forecast accuracy", columns, rows)


# -- charts ------------------------------------------------------------------------

PALETTE = ("#2b6cb0", "#dd6b20", "#c53030", "#718096")


def bar_chart(title: str, labels: Sequence[str], values: Sequence[float | None], unit: str = "",
              target: float | None = None, floor: float | None = None) -> str:
    """A horizontal bar chart as SVG. ``floor`` starts the axis above zero, so 99.5 %
    and 99.99 % do not look alike; ``target`` draws the promised line."""
    return stacked_chart(title, labels, {unit or "value": [v or 0.0 for v in values]}, target=target, floor=floor,
                         legend=False)


def stacked_chart(title: str, labels: Sequence[str], series: dict[str, Sequence[float]], *,
                  target: float | None = None, floor: float | None = None, legend: bool = True) -> str:
    bar, gap, left, width, top = 18, 6, 220, 460, 40
    height = top + len(labels) * (bar + gap) + 40
    sums = [sum(values[i] for values in series.values()) for i in range(len(labels))]
    low = floor if floor is not None else 0.0
    high = max([*sums, target or 0.0, low + 1e-9])
    scale = width / (high - low) if high > low else 1.0

    def x(value: float) -> float:
        return left + max(0.0, value - low) * scale

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 140}" height="{height}" '
        f'font-family="sans-serif" font-size="12">',
        f'<text x="10" y="20" font-size="15" font-weight="bold">{escape(title)}</text>',
    ]
    for i, label in enumerate(labels):
        y = top + i * (bar + gap)
        parts.append(f'<text x="{left - 6}" y="{y + bar - 5}" text-anchor="end">{escape(label)}</text>')
        start = low
        for n, values in enumerate(series.values()):
            value = values[i]
            if value > 0:
                x0, x1 = x(start), x(start + value)
                parts.append(f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 0.5):.1f}" height="{bar}" '
                             f'fill="{PALETTE[n % len(PALETTE)]}"/>')
            start += value
        parts.append(f'<text x="{x(sums[i]) + 4:.1f}" y="{y + bar - 5}">{sums[i]:g}</text>')
    axis = top + len(labels) * (bar + gap)
    parts.append(f'<line x1="{left}" y1="{top - 4}" x2="{left}" y2="{axis}" stroke="#333"/>')
    parts.append(f'<text x="{left}" y="{axis + 14}" text-anchor="middle">{low:g}</text>')
    parts.append(f'<text x="{left + width}" y="{axis + 14}" text-anchor="middle">{high:g}</text>')
    if target is not None:
        tx = x(target)
        parts.append(f'<line x1="{tx:.1f}" y1="{top - 8}" x2="{tx:.1f}" y2="{axis}" stroke="#c53030" '
                     f'stroke-dasharray="4 3"/>')
        parts.append(f'<text x="{tx:.1f}" y="{top - 10}" text-anchor="middle" fill="#c53030">target {target:g}</text>')
    if legend:
        for n, name in enumerate(series):
            ly = top + n * 18
            parts.append(f'<rect x="{left + width + 20}" y="{ly}" width="12" height="12" '
                         f'fill="{PALETTE[n % len(PALETTE)]}"/>')
            parts.append(f'<text x="{left + width + 38}" y="{ly + 10}">{escape(name)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def chart_for(kind: str, report: Report) -> str:
    """The chart that goes with each report."""
    rows = report.rows
    if kind == "sla":
        values = [r["availabilityPct"] for r in rows]
        promised = min((r["promisedPct"] for r in rows), default=None)
        floor = min([v for v in values if v is not None] + [promised or 100.0], default=100.0)
        return bar_chart("Availability % per circuit and period", [f"{r['circuit']} {r['period']}" for r in rows],
                         values, "%", target=promised, floor=max(0.0, floor - (100.0 - floor) * 0.1 - 0.01))
    if kind == "credits":
        return bar_chart("Credit % to claim", [f"{r['circuit']} {r['period']} (by {_cell(r['claimDeadline'])[:10]})"
                                               for r in rows], [r["creditPct"] for r in rows], "%")
    if kind == "vendors":
        values = [r["availabilityPct"] for r in rows]
        floor = min([v for v in values if v is not None], default=100.0)
        return bar_chart("Availability % per vendor (ranked)", [f"{r['rank']}. {r['vendor']}" for r in rows], values,
                         "%", floor=max(0.0, floor - (100.0 - floor) * 0.1 - 0.01))
    return stacked_chart(
        "Outages against announced windows", [r["vendor"] for r in rows],
        {"inside window": [r["insideWindow"] for r in rows], "overrun": [r["overrun"] for r in rows],
         "unannounced": [r["unannounced"] for r in rows]},
    )
