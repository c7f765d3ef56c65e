"""Credits, claim deadlines, MTTR and the chronic-outage flag: pure functions of a
period's figures and the contract's terms."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, tzinfo
from fractions import Fraction

from .documents import ChronicTerms, CreditBasis, CreditTerms, MaintenanceTerms
from .periods import shift_days


def availability(denominator_seconds: int, counted_seconds: int) -> Fraction:
    """Availability in percent, exact: whether 99.9 % is met must not hang on a float."""
    if denominator_seconds <= 0:
        return Fraction(100)
    return Fraction(100) * (denominator_seconds - counted_seconds) / denominator_seconds


def breached(availability_pct: Fraction, promised_uptime_pct: float) -> bool:
    """Below the promise; exactly at the target is met. The promise is read as written
    (99.9, not the nearest binary float)."""
    return availability_pct < Fraction(str(promised_uptime_pct))


def credit_pct(terms: CreditTerms, availability_pct: Fraction, counted_seconds: int, longest_seconds: int) -> float:
    """The credit, in percent of the period's charge, capped at ``cap_pct``.

    Tiers: the best tier reached (availability below ``below_pct``, or outage time over
    ``over_minutes``). ``per_started`` adds its percentage per started block of outage.
    """
    basis_seconds = longest_seconds if terms.basis is CreditBasis.LONGEST_OUTAGE else counted_seconds
    credit = 0.0
    for tier in terms.tiers:
        if terms.basis is CreditBasis.AVAILABILITY:
            reached = tier.below_pct is not None and availability_pct < Fraction(str(tier.below_pct))
        else:
            reached = tier.over_minutes is not None and basis_seconds > tier.over_minutes * 60
        if reached:
            credit = max(credit, tier.credit_pct)
    if terms.per_started is not None and basis_seconds > 0:
        credit += math.ceil(basis_seconds / (terms.per_started.minutes * 60)) * terms.per_started.credit_pct
    return min(credit, terms.cap_pct)


def claim_deadline(period_end: datetime, terms: CreditTerms, zone: tzinfo, maintenance: MaintenanceTerms) -> datetime:
    """The last instant a credit claim for the period reaches the carrier in time."""
    return shift_days(period_end, terms.claim_days, terms.claim_day_kind, zone, maintenance.holidays)


def mttr_seconds(outage_seconds: int, outage_count: int) -> float | None:
    """Mean time to repair: the mean length of the outages that counted."""
    return outage_seconds / outage_count if outage_count else None


def is_chronic(starts: Sequence[int], lo: int, hi: int, terms: ChronicTerms | None) -> bool:
    """Whether ``terms.outages`` outages start within a rolling ``terms.days`` days whose
    last outage starts in [lo, hi): the earlier ones may lie in the previous period, so a
    run of outages across a month boundary flags the month it completes in."""
    if terms is None:
        return False
    window = terms.days * 86400
    ordered = sorted(starts)
    first = 0
    for last, start in enumerate(ordered):
        while ordered[first] <= start - window:
            first += 1
        if lo <= start < hi and last - first + 1 >= terms.outages:
            return True
    return False
