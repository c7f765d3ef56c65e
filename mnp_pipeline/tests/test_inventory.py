"""Inventory import: validated with row-numbered errors, idempotent."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from mnp_pipeline.inventory import InventoryError, import_file
from mnp_pipeline.storage.models import Circuit, EquipmentPort, ProtectionGroup, Vendor


def count(db, model) -> int:
    with db.sessions() as session:
        return session.scalar(select(func.count()).select_from(model))


def run(db, path, kind=None):
    with db.sessions() as session, session.begin():
        return import_file(session, path, kind)


def test_csv_files_import_and_reimport_updates(db, tmp_path):
    (tmp_path / "vendors.csv").write_text("name,display_name,aliases\nzayo,Zayo,zayo.com\ncogent,Cogent,\n")
    (tmp_path / "protection_groups.csv").write_text("name,kind\nRING-A,ring\n")
    (tmp_path / "circuits.csv").write_text(
        "name,vendor,vendor_circuit_id,turnup_date,protection_group\n"
        "WAN-1,zayo,OGYX/123456//ZYO,2024-03-31,RING-A\n"
        "WAN-2,cogent,1-300123456,2024-04-01T12:00:00+02:00,\n"
    )
    (tmp_path / "ports.csv").write_text("device,interface,circuit\nrtr1.fra,Gi0/0/1,WAN-1\nrtr2.fra,Te0/1,WAN-2\n")
    created = {"vendors": 2, "protection_groups": 1, "circuits": 2, "ports": 2}
    for name, number in created.items():
        assert run(db, tmp_path / f"{name}.csv") == {name: (number, 0)}
    for name in created:  # the same files again change nothing
        assert run(db, tmp_path / f"{name}.csv") == {name: (0, created[name])}
    (tmp_path / "circuits.csv").write_text(
        "name,vendor,vendor_circuit_id\nWAN-1,zayo,OGYX/999999//ZYO\n"
    )
    assert run(db, tmp_path / "circuits.csv") == {"circuits": (0, 1)}
    assert (count(db, Vendor), count(db, Circuit), count(db, EquipmentPort), count(db, ProtectionGroup)) == (2, 2, 2, 1)
    with db.sessions() as session:
        wan1 = session.scalars(select(Circuit).where(Circuit.name == "WAN-1")).one()
        wan2 = session.scalars(select(Circuit).where(Circuit.name == "WAN-2")).one()
    assert (wan1.vendor_circuit_id, wan1.match_key, wan1.sla_epoch) == ("OGYX/999999//ZYO", "OGYX999999ZYO", None)
    assert wan2.sla_epoch.isoformat() == "2024-04-01T10:00:00+00:00"


def test_yaml_sections_in_dependency_order_with_line_numbers_in_errors(db, tmp_path):
    path = tmp_path / "inventory.yaml"
    path.write_text(
        "circuits:\n"
        "  - {name: WAN-1, vendor: zayo, vendor_circuit_id: X-1}\n"
        "  - {name: WAN-2, vendor: zayo}\n"
        "  - {name: WAN-3, vendor: zayo, vendor_circuit_id: X-3, turnup_date: 2024-13-01}\n"
        "vendors:\n"
        "  - name: zayo\n"
    )
    with pytest.raises(InventoryError) as failed:
        run(db, path)
    first, second = failed.value.problems
    assert first == "circuits item 2 (line 3): vendor_circuit_id: Field required"
    assert second.startswith("circuits item 3 (line 4): turnup_date: ") and "month" in second
    assert count(db, Vendor) == 0  # nothing written from an invalid file


def test_csv_errors_name_the_row_and_unknown_references(db, tmp_path):
    path = tmp_path / "circuits.csv"
    path.write_text("name,vendor,vendor_circuit_id,colour\nWAN-1,zayo,X-1,red\n")
    with pytest.raises(InventoryError, match=r"row 2: colour: Extra inputs are not permitted"):
        run(db, path)
    path.write_text("name,vendor,vendor_circuit_id\nWAN-1,nobody,X-1\n")
    with pytest.raises(InventoryError, match=r"circuits item 1: no vendor named 'nobody'"):
        run(db, path)
    assert count(db, Circuit) == 0


def test_unknown_file_kind_is_refused(db, tmp_path):
    path = tmp_path / "stuff.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(InventoryError, match="cannot tell the kind"):
        run(db, path)
