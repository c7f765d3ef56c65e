"""SLAs as documents: each contract's SLA transcribed into ``slas/<name>.yaml``.

A document is validated by pydantic; every problem is reported with the YAML line it
stands on, and nothing is written unless every document is valid (the inventory import's
way). Importing is idempotent: an SLA is keyed by its ``name``, and its vendor list
replaces the SlaVendorApplicability rows it had.

The whole validated document is kept in ``Sla.parameters`` so an SLA code class reads its
terms back as the same typed model (``SlaTerms.model_validate(sla.parameters)``).
"""

from __future__ import annotations

import hashlib
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..storage.models import Sla, SlaVendorApplicability, Vendor


class SlaDocumentError(ValueError):
    """Documents that did not validate; ``problems`` lists each as 'where: what'."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{source}: {len(problems)} problem(s):\n  " + "\n  ".join(problems))


class IntervalDuration(StrEnum):
    """How a contract cuts time into SLA periods (the seed's IntervalDuration)."""

    CALENDAR_MONTH_FROM_FIRST = "calendarMonthFromFirst"
    CALENDAR_MONTH_FROM_TURNUP_DAY = "calendarMonthFromTurnupDay"
    BANKERS_MONTH = "bankersMonth"
    QUARTER = "quarter"
    YEAR = "year"


class FirstPeriod(StrEnum):
    """A circuit turned up inside a period: how that partial first period is measured."""

    WHOLE = "whole"  # as a whole period: the minutes before turn-up count as available
    ENABLED = "enabled"  # only the minutes from turn-up on
    NEXT_FULL = "next_full"  # not at all: measuring starts with the next full period


class DayKind(StrEnum):
    CALENDAR = "calendar"
    BUSINESS = "business"  # Monday to Friday in the SLA's zone, less the listed holidays


class LegInMaintenance(StrEnum):
    """A protected service (ring, diverse pair) down because one leg is in announced
    maintenance while the other fails."""

    COUNTS = "counts"  # the failure of the other leg is the carrier's: the time counts
    EXCUSED = "excused"  # announced maintenance on any leg excuses the service outage


class ProtectionMode(StrEnum):
    CIRCUIT = "circuit"  # each circuit on its own: its downtime is its own outages
    GROUP = "group"  # the protection group is the service: down only while every member is


class CreditBasis(StrEnum):
    AVAILABILITY = "availability"
    CUMULATIVE_OUTAGE = "cumulative_outage"
    LONGEST_OUTAGE = "longest_outage"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class MaintenanceTerms(_Strict):
    """When announced maintenance is excused."""

    notice_days: int = Field(0, ge=0, description="announced at least this many days ahead (from the notice's stamp)")
    notice_day_kind: DayKind = DayKind.CALENDAR
    holidays: list[date] = Field([], description="days that are not business days, besides weekends")
    cap_minutes_per_period: float | None = Field(None, ge=0, description="excused time beyond this counts")
    in_denominator: bool = Field(True, description="false: excused time is removed from the period's minutes")


class ProtectionTerms(_Strict):
    mode: ProtectionMode = ProtectionMode.CIRCUIT
    leg_in_maintenance: LegInMaintenance = LegInMaintenance.COUNTS


class CreditTier(_Strict):
    """One line of a credit table. By availability: ``below_pct``; by outage time:
    ``over_minutes`` (strictly more than)."""

    below_pct: float | None = Field(None, gt=0, le=100)
    over_minutes: float | None = Field(None, ge=0)
    credit_pct: float = Field(ge=0)


class PerStarted(_Strict):
    """``credit_pct`` for each started ``minutes`` of (counted or longest) outage."""

    minutes: float = Field(gt=0)
    credit_pct: float = Field(gt=0)


class CreditTerms(_Strict):
    basis: CreditBasis = CreditBasis.AVAILABILITY
    tiers: list[CreditTier] = []
    per_started: PerStarted | None = None
    cap_pct: float = Field(100.0, ge=0)
    claim_days: int = Field(30, ge=0, description="a claim must reach the carrier within this many days of period end")
    claim_day_kind: DayKind = DayKind.CALENDAR

    @model_validator(mode="after")
    def _tiers_fit_basis(self) -> CreditTerms:
        for number, tier in enumerate(self.tiers, start=1):
            wanted = "below_pct" if self.basis is CreditBasis.AVAILABILITY else "over_minutes"
            given = "below_pct" if tier.below_pct is not None else "over_minutes" if tier.over_minutes is not None else None
            if given != wanted:
                raise ValueError(f"tier {number}: a {self.basis.value} tier needs {wanted}" + (f", not {given}" if given else ""))
        if self.per_started is not None and self.basis is CreditBasis.AVAILABILITY:
            raise ValueError("per_started needs basis cumulative_outage or longest_outage")
        return self


class ChronicTerms(_Strict):
    """A circuit is chronic when ``outages`` counted outages start within ``days`` days."""

    outages: int = Field(ge=2)
    days: int = Field(30, ge=1)


class SlaTerms(_Strict):
    """One contract's SLA: every rule a parameter."""

    name: str = Field(min_length=1, max_length=120)
    description: str = ""
    code_class: str = Field("standard", description="the SLA algorithm: an entry point of group mnp.sla")
    vendors: list[str] = Field(min_length=1, description="SlaVendorApplicability: whose circuits may take this SLA")
    promised_uptime_pct: float = Field(gt=0, le=100)
    interval_duration: IntervalDuration = IntervalDuration.CALENDAR_MONTH_FROM_FIRST
    timezone: str = "UTC"
    fixed_period_minutes: float | None = Field(None, gt=0, description="the contract fixes the period's length")
    first_period: FirstPeriod = FirstPeriod.ENABLED
    minimum_outage_seconds: float = Field(0, ge=0, description="outages shorter than this are ignored")
    maintenance: MaintenanceTerms = MaintenanceTerms()
    protection: ProtectionTerms = ProtectionTerms()
    credits: CreditTerms = CreditTerms()
    chronic: ChronicTerms | None = None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}; expected an IANA name such as Europe/Berlin") from None
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class _TextLoader(yaml.SafeLoader):
    """YAML whose dates stay text for pydantic to validate (a bad date is a line-numbered
    problem, not a loader crash)."""


_TextLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int | None:
    """The line of the node at ``loc`` (the deepest one that exists)."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            # The key's line: a block mapping's value starts on the line after it.
            entry = next(((key, value) for key, value in node.value if key.value == part), None)
            if entry is None:
                break
            line, node = entry[0].start_mark.line + 1, entry[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line


def load_document(path: Path) -> SlaTerms:
    """One SLA document, validated; raises SlaDocumentError naming each line at fault."""
    text = path.read_text(encoding="utf-8-sig")
    try:
        root = yaml.compose(text, Loader=_TextLoader)
        data = yaml.load(text, Loader=_TextLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise SlaDocumentError(str(path), [f"not valid YAML: {exc}"]) from exc
    if not isinstance(data, dict):
        raise SlaDocumentError(str(path), ["expected a mapping of SLA terms (name, vendors, promised_uptime_pct ...)"])
    try:
        return SlaTerms.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-")))
            field = ".".join(str(p) for p in loc) or "document"
            line = _line_of(root, loc)
            where = f"line {line}: " if line else ""
            problems.append(f"{where}{field}: {error['msg']}")
        raise SlaDocumentError(str(path), problems) from None


def document_paths(path: Path) -> list[Path]:
    """A file, or every ``*.yaml``/``*.yml`` in a directory (sorted, for stable errors)."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix.lower() in (".yaml", ".yml"))
    return [path]


def import_documents(session: Session, path: Path) -> dict[str, str]:
    """Validate every document under ``path``, then upsert them: {name: 'created'|'updated'|'unchanged'}.

    Commits nothing: the caller does. Vendors named must exist (import the inventory first).
    """
    problems: list[str] = []
    documents: list[tuple[Path, SlaTerms]] = []
    for file in document_paths(path):
        try:
            documents.append((file, load_document(file)))
        except SlaDocumentError as exc:
            problems.extend(f"{file.name}: {p}" for p in exc.problems)
    seen: dict[str, Path] = {}
    for file, terms in documents:
        if terms.name in seen:
            problems.append(f"{file.name}: name {terms.name!r} is also the name of {seen[terms.name].name}")
        seen[terms.name] = file
    vendors = {v.name: v for v in session.scalars(select(Vendor))}
    for file, terms in documents:
        for name in terms.vendors:
            if name not in vendors:
                problems.append(f"{file.name}: vendors: no vendor named {name!r} (import the inventory first)")
    from .codeclasses import load_code_class  # the code class must exist before an SLA names it

    for file, terms in documents:
        try:
            load_code_class(terms.code_class)
        except LookupError as exc:
            problems.append(f"{file.name}: code_class: {exc}")
    if problems:
        raise SlaDocumentError(str(path), problems)
    outcome: dict[str, str] = {}
    for file, terms in documents:
        parameters = terms.model_dump(mode="json")
        digest = hashlib.sha256(file.read_bytes()).hexdigest()
        sla = session.scalars(select(Sla).where(Sla.name == terms.name)).first()
        if sla is None:
            sla = Sla(name=terms.name)
            session.add(sla)
            outcome[terms.name] = "created"
        else:
            outcome[terms.name] = "unchanged" if sla.parameters == parameters else "updated"
        sla.code_class = terms.code_class
        sla.promised_uptime_pct = terms.promised_uptime_pct
        sla.interval_duration = terms.interval_duration.value
        sla.timezone = terms.timezone
        sla.parameters = parameters
        sla.source = f"{file.name} sha256:{digest[:16]}"
        session.flush()
        session.execute(delete(SlaVendorApplicability).where(SlaVendorApplicability.sla_id == sla.sla_id))
        for name in sorted(set(terms.vendors)):
            session.add(SlaVendorApplicability(sla_id=sla.sla_id, vendor_id=vendors[name].vendor_id))
        session.flush()
    return outcome


def terms_of(sla: Sla) -> SlaTerms:
    """The typed terms of a stored SLA (its document, kept whole in ``parameters``)."""
    data = dict(sla.parameters or {})
    # An SLA written by hand (not imported) may carry only the seed's columns.
    data.setdefault("name", sla.name)
    data.setdefault("code_class", sla.code_class)
    data.setdefault("promised_uptime_pct", sla.promised_uptime_pct)
    data.setdefault("interval_duration", sla.interval_duration)
    data.setdefault("timezone", sla.timezone)
    data.setdefault("vendors", ["*"])
    return SlaTerms.model_validate(data)
