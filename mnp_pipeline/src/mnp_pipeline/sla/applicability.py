"""SlaVendorApplicability: which SLAs a vendor's circuits may take.

A newly provisioned circuit is offered only the SLAs of its vendor's contracts (the
seed's reason for the table), and assigning any other is refused.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..storage.models import Circuit, Sla, SlaVendorApplicability, Vendor


class SlaAssignmentError(ValueError):
    pass


def applicable_slas(session: Session, vendor_name: str) -> list[Sla]:
    vendor = session.scalars(select(Vendor).where(Vendor.name == vendor_name)).first()
    if vendor is None:
        raise SlaAssignmentError(f"no vendor named {vendor_name!r}")
    return list(
        session.scalars(
            select(Sla)
            .join(SlaVendorApplicability, SlaVendorApplicability.sla_id == Sla.sla_id)
            .where(SlaVendorApplicability.vendor_id == vendor.vendor_id)
            .order_by(Sla.name)
        )
    )


def check_applicable(session: Session, sla: Sla, vendor: Vendor) -> None:
    """Raise SlaAssignmentError unless ``sla`` applies to ``vendor``'s circuits."""
    found = session.get(SlaVendorApplicability, (sla.sla_id, vendor.vendor_id))
    if found is None:
        offered = [s.name for s in applicable_slas(session, vendor.name)]
        raise SlaAssignmentError(
            f"SLA {sla.name!r} does not apply to vendor {vendor.name!r}; "
            + (f"its SLAs: {', '.join(offered)}" if offered else "it has no SLA yet (list it under the SLA's vendors)")
        )


def assign_sla(session: Session, circuit_name: str, sla_name: str, turnup: datetime | None = None) -> Circuit:
    """Give a circuit an SLA (and optionally its turn-up, the SLA epoch). Commits nothing."""
    circuit = session.scalars(select(Circuit).where(Circuit.name == circuit_name)).first()
    if circuit is None:
        raise SlaAssignmentError(f"no circuit named {circuit_name!r}")
    sla = session.scalars(select(Sla).where(Sla.name == sla_name)).first()
    if sla is None:
        raise SlaAssignmentError(f"no SLA named {sla_name!r} (import it with mnp sla import)")
    check_applicable(session, sla, session.get(Vendor, circuit.vendor_id))
    circuit.sla_id = sla.sla_id
    if turnup is not None:
        if turnup.tzinfo is None:
            raise SlaAssignmentError("expected a turn-up with a zone (e.g. 2030-01-31T00:00:00+01:00)")
        circuit.sla_epoch = turnup
    session.flush()
    return circuit
