"""The single schema: what a parsed maintenance notice is.

The CLI's JSON, the pipeline's rows and the service's responses all derive from these
models. Field names follow the BCOP maintenance-notification standard (MAINTNOTE) and the
seed's vocabulary; JSON uses camelCase aliases and RFC 3339 UTC times (``...Z``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    field_validator,
    model_validator,
)
from pydantic.alias_generators import to_camel


def _require_aware_utc(value: datetime) -> datetime:
    # A naive time is ambiguous by the host's zone; refusing it keeps every stored
    # window an instant, which is what the SLA arithmetic needs.
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"expected a timezone-aware datetime, found naive {value.isoformat()}"
        )
    return value.astimezone(UTC)


def _rfc3339(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


UtcDatetime = Annotated[
    datetime,
    AfterValidator(_require_aware_utc),
    PlainSerializer(_rfc3339, return_type=str, when_used="json"),
    Field(json_schema_extra={"format": "date-time"}),
]
"""A timezone-aware instant, normalised to UTC, serialised as ``2019-04-09T06:00:00Z``."""


class Impact(StrEnum):
    """How a maintenance affects the service (X-MAINTNOTE-IMPACT)."""

    NO_IMPACT = "NO-IMPACT"
    """The service is not expected to notice the work."""
    REDUCED_REDUNDANCY = "REDUCED-REDUNDANCY"
    """The service stays up but loses its protection or diversity during the work."""
    DEGRADED = "DEGRADED"
    """The service stays up with reduced performance (bandwidth, latency, errors)."""
    OUTAGE = "OUTAGE"
    """The service is down for part or all of the window."""


class Status(StrEnum):
    """Where a maintenance stands (X-MAINTNOTE-STATUS)."""

    TENTATIVE = "TENTATIVE"
    """Proposed; the carrier may still move it."""
    CONFIRMED = "CONFIRMED"
    """Scheduled; reminders of a scheduled window are CONFIRMED too."""
    CANCELLED = "CANCELLED"
    """Will not happen (in this window)."""
    IN_PROCESS = "IN-PROCESS"
    """Started and not yet finished."""
    COMPLETED = "COMPLETED"
    """Finished."""
    RE_SCHEDULED = "RE-SCHEDULED"
    """Moved to another window, given in the same notice or a later one."""
    NO_CHANGE = "NO-CHANGE"
    """The notice states no status (e.g. a plain update)."""


class _Model(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        validate_assignment=True,
        str_strip_whitespace=True,
    )

    def to_json_dict(self) -> dict:
        """The JSON form every consumer sees (camelCase keys, UTC ``Z`` times)."""
        return self.model_dump(mode="json", by_alias=True)


class MaintForecastEvent(_Model):
    """One announced window for one circuit: a row of the seed's MaintForecastEvent table."""

    object_type: Literal["maintForecastEvent"] = "maintForecastEvent"
    provider: str = Field(min_length=1, description="The carrier, e.g. 'zayo'.")
    maintenance_id: str = Field(min_length=1, description="The carrier's reference.")
    status: Status = Status.NO_CHANGE
    account: str | None = Field(default=None, description="The customer account the notice is addressed to.")
    summary: str = ""
    sequence: int = Field(default=1, description="Higher supersedes lower for the same maintenance.")
    uid: str = "0"
    begin_window: UtcDatetime
    end_window: UtcDatetime
    impact_seconds: int | None = Field(
        default=None, ge=0, description="Announced interruption inside the window, when stated."
    )
    impact: Impact | None = Impact.OUTAGE
    parsed_vendor_circuit_id: str | None = Field(
        default=None, description="The carrier's circuit id, null only when the notice names none."
    )
    location: str | None = None
    replaces_maintenance_id: str | None = Field(
        default=None, description="The earlier maintenance this one re-schedules or retries."
    )
    confidence: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="How sure a parser that guessed the layout is (0..1); null when a carrier's own parser read it.",
    )
    evidence: str | None = Field(
        default=None, description="The text the window and circuit were read from, trimmed (guessing parsers)."
    )

    @field_validator("parsed_vendor_circuit_id", "account", "location", "replaces_maintenance_id")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value or None

    @model_validator(mode="after")
    def _window_in_order(self) -> MaintForecastEvent:
        if self.end_window < self.begin_window:
            raise ValueError(
                f"expected endWindow at or after beginWindow, found begin "
                f"{_rfc3339(self.begin_window)} and end {_rfc3339(self.end_window)}"
            )
        return self


class MaintMessageObj(_Model):
    """A parsed notice: who sent it, which parser read it, and its events."""

    object_type: Literal["maintMessage"] = "maintMessage"
    provider: str
    parser: str = Field(description="The plugin distribution and version that parsed it.")
    sender: str | None = None
    subject: str | None = None
    message_id: str | None = None
    stamp: UtcDatetime | None = Field(default=None, description="When the carrier sent the notice.")
    events: list[MaintForecastEvent]
