"""SLA documents: validated with line-numbered errors, imported idempotently; the vendor
applicability they carry limits which SLAs a circuit may take."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from mnp_pipeline.inventory import InventoryError, import_file
from mnp_pipeline.sla.applicability import SlaAssignmentError, applicable_slas, assign_sla
from mnp_pipeline.sla.codeclasses import StandardSla, load_code_class
from mnp_pipeline.sla.documents import SlaDocumentError, import_documents, load_document, terms_of
from mnp_pipeline.storage.models import Circuit, Sla, SlaVendorApplicability

EXAMPLE = Path(__file__).resolve().parents[2] / "slas" / "example-carrier.yaml"


def test_the_shipped_example_contract_is_valid():
    terms = load_document(EXAMPLE)
    assert (terms.promised_uptime_pct, terms.timezone, terms.maintenance.notice_days) == (99.95, "Europe/Berlin", 10)
    assert [t.credit_pct for t in terms.credits.tiers] == [5, 10, 25, 50]


def test_errors_name_the_line_and_the_field(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        "name: bad\n"
        "vendors: [zayo]\n"
        "promised_uptime_pct: 101\n"
        "interval_duration: fortnight\n"
        "timezone: Mars/Olympus\n"
        "maintenance:\n"
        "  notice_days: 5\n"
        "  notice_dayz: business\n"
        "credits:\n"
        "  tiers:\n"
        "    - {over_minutes: 60, credit_pct: 5}\n"
    )
    with pytest.raises(SlaDocumentError) as failed:
        load_document(path)
    problems = failed.value.problems
    assert problems[0].startswith("line 3: promised_uptime_pct: Input should be less than or equal to 100")
    assert problems[1].startswith("line 4: interval_duration: Input should be 'calendarMonthFromFirst'")
    assert problems[2].startswith("line 5: timezone: Value error, unknown time zone 'Mars/Olympus'")
    assert problems[3].startswith("line 8: maintenance.notice_dayz: Extra inputs are not permitted")
    assert problems[4].startswith("line 9: credits: Value error, tier 1: a availability tier needs below_pct")
    assert len(problems) == 5


@pytest.fixture
def inventory(db, tmp_path):
    path = tmp_path / "inventory.yaml"
    path.write_text(
        "vendors: [{name: zayo}, {name: cogent}]\n"
        "circuits:\n"
        "  - {name: WAN-1, vendor: zayo, vendor_circuit_id: Z-1}\n"
        "  - {name: WAN-2, vendor: cogent, vendor_circuit_id: C-1}\n"
    )
    with db.sessions() as session, session.begin():
        import_file(session, path)
    return db


def test_import_is_idempotent_and_keeps_applicability(inventory, tmp_path):
    slas = tmp_path / "slas"
    slas.mkdir()
    (slas / "example.yaml").write_text(EXAMPLE.read_text())
    with inventory.sessions() as session, session.begin():
        assert import_documents(session, slas) == {"example-carrier-wavelength": "created"}
    with inventory.sessions() as session, session.begin():
        assert import_documents(session, slas) == {"example-carrier-wavelength": "unchanged"}
    (slas / "example.yaml").write_text(EXAMPLE.read_text().replace("99.95   ", "99.9    "))
    with inventory.sessions() as session, session.begin():
        assert import_documents(session, slas) == {"example-carrier-wavelength": "updated"}
    with inventory.sessions() as session:
        sla = session.scalars(select(Sla)).one()
        assert (sla.promised_uptime_pct, sla.interval_duration, sla.timezone) == (99.9, "calendarMonthFromFirst",
                                                                                 "Europe/Berlin")
        assert sla.source.startswith("example.yaml sha256:")
        assert terms_of(sla).maintenance.cap_minutes_per_period == 480
        assert len(session.scalars(select(SlaVendorApplicability)).all()) == 1
        assert [s.name for s in applicable_slas(session, "zayo")] == ["example-carrier-wavelength"]
        assert applicable_slas(session, "cogent") == []


def test_unknown_vendor_or_code_class_is_refused_and_nothing_written(inventory, tmp_path):
    path = tmp_path / "other.yaml"
    path.write_text("name: other\nvendors: [nobody]\npromised_uptime_pct: 99.9\ncode_class: exotic\n")
    with pytest.raises(SlaDocumentError) as failed:
        with inventory.sessions() as session, session.begin():
            import_documents(session, path)
    assert failed.value.problems == [
        "other.yaml: vendors: no vendor named 'nobody' (import the inventory first)",
        "other.yaml: code_class: no SLA code class 'exotic' (entry points of mnp.sla: standard)",
    ]
    with inventory.sessions() as session:
        assert session.scalars(select(Sla)).all() == []


def test_assigning_an_sla_of_another_vendor_is_refused(inventory, tmp_path):
    with inventory.sessions() as session, session.begin():
        import_documents(session, EXAMPLE)
    with inventory.sessions() as session, session.begin():
        assign_sla(session, "WAN-1", "example-carrier-wavelength")
    with pytest.raises(SlaAssignmentError, match="does not apply to vendor 'cogent'; it has no SLA yet"):
        with inventory.sessions() as session, session.begin():
            assign_sla(session, "WAN-2", "example-carrier-wavelength")
    circuits = tmp_path / "circuits.yaml"
    circuits.write_text("circuits:\n  - {name: WAN-2, vendor: cogent, vendor_circuit_id: C-1, "
                        "sla: example-carrier-wavelength}\n")
    with pytest.raises(InventoryError, match="circuits item 1: sla: SLA 'example-carrier-wavelength' does not apply"):
        with inventory.sessions() as session, session.begin():
            import_file(session, circuits)
    with inventory.sessions() as session:
        taken = dict(session.execute(select(Circuit.name, Circuit.sla_id)).all())
    assert taken["WAN-1"] is not None and taken["WAN-2"] is None


def test_the_standard_code_class_is_an_entry_point():
    assert load_code_class("standard") is StandardSla
