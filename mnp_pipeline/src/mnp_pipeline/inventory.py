"""Inventory in: vendors, protection groups, circuits and equipment ports from CSV or YAML.

Each kind is validated row by row (pydantic); every problem is reported with its row (and
YAML line) number, and nothing is written unless the whole file is valid. Importing is
idempotent: rows are keyed by their natural key (vendor and protection group ``name``,
circuit ``name``, port ``device`` + ``interface``), so a re-import updates and never
duplicates.

A YAML file may hold several kinds at once, as top-level lists named ``vendors``,
``protection_groups``, ``circuits`` and ``ports``; a CSV file holds one kind, named by
``kind=`` or by the file's name (``circuits.csv``).
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from .matching import match_key
from .storage.models import Circuit, EquipmentPort, ProtectionGroup, Sla, Vendor

KINDS = ("vendors", "protection_groups", "circuits", "ports")


class InventoryError(ValueError):
    """Rows that did not validate; ``problems`` lists each as 'where: what'."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{source}: {len(problems)} invalid row(s):\n  " + "\n  ".join(problems))


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _listed(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.replace(";", ",").split(",") if v.strip()]
    return [str(v).strip() for v in value]


class VendorRow(_Row):
    name: str
    display_name: str | None = None
    aliases: list[str] = []

    @field_validator("aliases", mode="before")
    @classmethod
    def _aliases(cls, value: Any) -> list[str]:
        return _listed(value)


class ProtectionGroupRow(_Row):
    name: str
    kind: str = "diverse-pair"


class CircuitRow(_Row):
    name: str
    vendor: str
    vendor_circuit_id: str
    turnup_date: datetime | None = None
    sla: str | None = None
    protection_group: str | None = None

    @field_validator("turnup_date", mode="before")
    @classmethod
    def _aware(cls, value: Any) -> Any:
        if value in (None, ""):
            return None
        if isinstance(value, date) and not isinstance(value, datetime):
            return datetime(value.year, value.month, value.day, tzinfo=UTC)
        if isinstance(value, str) and len(value.strip()) == 10:  # a bare date: midnight UTC
            return datetime.fromisoformat(value.strip()).replace(tzinfo=UTC)
        return value

    @field_validator("turnup_date")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("expected a date, or a date-time with a zone (e.g. 2024-05-01T00:00:00Z)")
        return value

    @field_validator("sla", "protection_group", mode="before")
    @classmethod
    def _blank(cls, value: Any) -> Any:
        return value or None


class PortRow(_Row):
    device: str
    interface: str
    circuit: str


ROW_MODELS: dict[str, type[_Row]] = {
    "vendors": VendorRow,
    "protection_groups": ProtectionGroupRow,
    "circuits": CircuitRow,
    "ports": PortRow,
}


def _kind_from_name(path: Path) -> str:
    stem = path.stem.lower().replace("-", "_")
    for kind in KINDS:
        if stem == kind or stem.startswith(kind) or stem == kind.rstrip("s"):
            return kind
    if stem.startswith("port") or stem.startswith("equipment"):
        return "ports"
    raise InventoryError(str(path), [f"cannot tell the kind of rows from the file name; expected one of {', '.join(KINDS)}"])


def read_rows(path: Path, kind: str | None = None) -> dict[str, list[tuple[str, dict]]]:
    """The file's raw rows by kind, each with where it stands ('row 3', 'line 12')."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() in (".yaml", ".yml"):
        return _yaml_rows(path, text, kind)
    kind = kind or _kind_from_name(path)
    reader = csv.DictReader(io.StringIO(text))
    return {kind: [(f"row {n}", {k: v for k, v in row.items() if k}) for n, row in enumerate(reader, start=2)]}


class _TextLoader(yaml.SafeLoader):
    """YAML without implicit timestamps: dates stay text for the row model to validate,
    so a bad date is a row-numbered error instead of a loader crash."""


_TextLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _yaml_rows(path: Path, text: str, kind: str | None) -> dict[str, list[tuple[str, dict]]]:
    try:
        document = yaml.compose(text, Loader=_TextLoader)
        data = yaml.load(text, Loader=_TextLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise InventoryError(str(path), [f"not valid YAML: {exc}"]) from exc
    if isinstance(data, list):
        sections = {kind or _kind_from_name(path): (data, document)}
    elif isinstance(data, dict):
        unknown = sorted(set(data) - set(KINDS))
        if unknown:
            raise InventoryError(str(path), [f"unknown section(s) {', '.join(unknown)}; expected {', '.join(KINDS)}"])
        nodes = {key.value: value for key, value in document.value}
        sections = {k: (v or [], nodes.get(k)) for k, v in data.items()}
    else:
        raise InventoryError(str(path), ["expected a list of rows or sections named " + ", ".join(KINDS)])
    result = {}
    for section, (rows, node) in sections.items():
        marks = [item.start_mark.line + 1 for item in node.value] if node is not None and hasattr(node, "value") else []
        result[section] = [
            (f"{section} item {i} (line {marks[i - 1]})" if i <= len(marks) else f"{section} item {i}", row)
            for i, row in enumerate(rows, start=1)
        ]
    return result


def validate(path: Path, kind: str | None = None) -> dict[str, list[_Row]]:
    problems: list[str] = []
    valid: dict[str, list[_Row]] = {}
    for section, rows in read_rows(path, kind).items():
        model = ROW_MODELS[section]
        for where, raw in rows:
            if not isinstance(raw, dict):
                problems.append(f"{where}: expected a mapping of fields, found {type(raw).__name__}")
                continue
            try:
                valid.setdefault(section, []).append(model.model_validate({k: v for k, v in raw.items() if v != ""}))
            except ValidationError as exc:
                for error in exc.errors():
                    field = ".".join(str(p) for p in error["loc"]) or "row"
                    problems.append(f"{where}: {field}: {error['msg']}")
    if problems:
        raise InventoryError(str(path), problems)
    return valid


class _Resolver:
    def __init__(self, session: Session, source: str) -> None:
        self.session, self.source, self.problems = session, source, []

    def one(self, model, column, value, what: str, where: str):
        found = self.session.scalars(select(model).where(column == value)).first()
        if found is None:
            self.problems.append(f"{where}: no {what} named {value!r}")
        return found


def import_file(session: Session, path: Path, kind: str | None = None) -> dict[str, tuple[int, int]]:
    """Validate and upsert; return {kind: (created, updated)}. Commits nothing: the caller does."""
    sections = validate(path, kind)
    counts: dict[str, tuple[int, int]] = {}
    resolver = _Resolver(session, str(path))
    for section in KINDS:  # dependencies first: vendors before the circuits that name them
        created = updated = 0
        for index, row in enumerate(sections.get(section, []), start=1):
            where = f"{section} item {index}"
            new = _upsert(session, section, row, resolver, where)
            created += new
            updated += not new
            session.flush()
        if section in sections:
            counts[section] = (created, updated)
    if resolver.problems:
        raise InventoryError(str(path), resolver.problems)
    return counts


def _upsert(session: Session, section: str, row: _Row, resolver: _Resolver, where: str) -> bool:
    if isinstance(row, VendorRow):
        found = session.scalars(select(Vendor).where(Vendor.name == row.name)).first()
        target = found or Vendor(name=row.name)
        target.display_name, target.aliases = row.display_name, row.aliases
    elif isinstance(row, ProtectionGroupRow):
        found = session.scalars(select(ProtectionGroup).where(ProtectionGroup.name == row.name)).first()
        target = found or ProtectionGroup(name=row.name)
        target.kind = row.kind
    elif isinstance(row, CircuitRow):
        found = session.scalars(select(Circuit).where(Circuit.name == row.name)).first()
        target = found or Circuit(name=row.name)
        vendor = resolver.one(Vendor, Vendor.name, row.vendor, "vendor", where)
        target.vendor_id = vendor.vendor_id if vendor else None
        target.vendor_circuit_id = row.vendor_circuit_id
        target.match_key = match_key(row.vendor_circuit_id)
        target.sla_epoch = row.turnup_date
        sla = resolver.one(Sla, Sla.name, row.sla, "SLA", where) if row.sla else None
        if sla is not None and vendor is not None:
            from .sla.applicability import SlaAssignmentError, check_applicable

            try:  # SlaVendorApplicability: a vendor's circuits take only its contracts' SLAs
                check_applicable(session, sla, vendor)
            except SlaAssignmentError as exc:
                resolver.problems.append(f"{where}: sla: {exc}")
        target.sla_id = sla.sla_id if sla else None
        group = (
            resolver.one(ProtectionGroup, ProtectionGroup.name, row.protection_group, "protection group", where)
            if row.protection_group
            else None
        )
        target.protection_group_id = group.protection_group_id if group else None
        if vendor is None:
            return found is None
    else:
        assert isinstance(row, PortRow)
        found = session.scalars(
            select(EquipmentPort).where(EquipmentPort.device == row.device, EquipmentPort.interface == row.interface)
        ).first()
        target = found or EquipmentPort(device=row.device, interface=row.interface)
        circuit = resolver.one(Circuit, Circuit.name, row.circuit, "circuit", where)
        if circuit is None:
            return found is None
        target.internal_circuit_id = circuit.internal_circuit_id
    if found is None:
        session.add(target)
    return found is None
