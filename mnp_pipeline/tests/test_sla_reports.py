"""Reports and the ``mnp sla`` / ``mnp report`` commands."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

from sla_scenarios import Scenario, utc
from sqlalchemy import update

import mnp_core.cli
from mnp_pipeline.sla.evaluator import PeriodSelector
from mnp_pipeline.sla.reports import chart_for, credits_report, forecast_accuracy_report, sla_report, vendors_report
from mnp_pipeline.storage.models import Vendor

EXAMPLE = Path(__file__).resolve().parents[2] / "slas" / "example-carrier.yaml"


def _move_to_vendor(db, scenario: Scenario, circuit: str, vendor: str) -> None:
    from mnp_pipeline.storage.models import Circuit

    with db.sessions() as session, session.begin():
        target = Vendor(name=vendor)
        session.add(target)
        session.flush()
        session.execute(update(Circuit).where(Circuit.internal_circuit_id == scenario.circuits[circuit])
                        .values(vendor_id=target.vendor_id))


def scenario(db) -> Scenario:
    s = Scenario(db, credits={"tiers": [{"below_pct": 99.9, "credit_pct": 10}], "claim_days": 30},
                 maintenance={"notice_days": 1})
    for name in ("GOOD-1", "BAD-1", "BAD-2"):
        s.circuit(name)
    _move_to_vendor(db, s, "GOOD-1", "good")
    s.outage("GOOD-1", utc(2030, 1, 5), utc(2030, 1, 5, 0, 10))  # 10 min
    s.maintenance("BAD-1", utc(2030, 1, 10, 2), utc(2030, 1, 10, 4), noticed=utc(2030, 1, 1))
    s.outage("BAD-1", utc(2030, 1, 10, 3), utc(2030, 1, 10, 3, 30))  # inside the window: excused
    s.outage("BAD-1", utc(2030, 1, 10, 3, 45), utc(2030, 1, 10, 5))  # overruns it by an hour
    s.outage("BAD-2", utc(2030, 1, 20), utc(2030, 1, 20, 1))  # unannounced
    s.evaluate()
    return s


def test_sla_credits_vendors_and_forecast_reports(db):
    scenario(db)
    now = utc(2030, 2, 10)
    with db.sessions() as session:
        sla = sla_report(session, PeriodSelector.parse("2030-01"))
        credits = credits_report(session, now)
        vendors = vendors_report(session, PeriodSelector.parse("2030-01"))
        forecast = forecast_accuracy_report(session, utc(2030, 1, 1), utc(2030, 2, 1), now)
    by_circuit = {r["circuit"]: r for r in sla.rows}
    assert {c: (r["outageMinutes"], r["excusedMinutes"], r["countedMinutes"], r["breached"])
            for c, r in by_circuit.items()} == {
        "BAD-1": (105.0, 45.0, 60.0, True), "BAD-2": (60.0, 0.0, 60.0, True), "GOOD-1": (10.0, 0.0, 10.0, False)}
    assert [(r["circuit"], r["creditPct"], r["claimDeadline"], r["daysLeft"], r["overdue"]) for r in credits.rows] == [
        ("BAD-1", 10.0, utc(2030, 3, 3), 21.0, False), ("BAD-2", 10.0, utc(2030, 3, 3), 21.0, False)]
    assert [(r["rank"], r["vendor"], r["outages"], r["mttrMinutes"], r["breaches"]) for r in vendors.rows] == [
        (1, "good", 1, 10.0, 0), (2, "carrier", 3, 55.0, 2)]  # 105 + 60 min over 3 outages
    assert vendors.rows[1]["availabilityPct"] == round(100 * (1 - 7200 / (2 * 31 * 86400)), 5)
    [carrier, good] = forecast.rows
    assert (carrier["vendor"], carrier["outages"], carrier["insideWindow"], carrier["overrun"],
            carrier["unannounced"], carrier["windows"]) == ("carrier", 3, 1, 1, 1, 1)
    assert (good["outages"], good["unannounced"]) == (1, 1)


def test_formats_and_charts(db):
    scenario(db)
    with db.sessions() as session:
        report = sla_report(session)
    rows = list(csv.DictReader(io.StringIO(report.render("csv"))))
    assert [r["circuit"] for r in rows] == ["BAD-1", "BAD-2", "GOOD-1"] and rows[0]["breached"] == "yes"
    assert json.loads(report.render("json"))[2]["countedMinutes"] == 10.0
    table = report.render("table").splitlines()
    assert table[0] == "SLA availability per circuit and period" and table[-1] == "3 row(s)"
    svg = ET.fromstring(chart_for("sla", report))
    labels = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert "BAD-1 2030-01-01" in labels and "target 99.9" in labels
    assert len(list(svg.iter("{http://www.w3.org/2000/svg}rect"))) == 3


def test_commands_end_to_end(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MNP_DATABASE_URL", f"sqlite:///{tmp_path / 'mnp.db'}")

    def mnp(*args: str) -> tuple[int, str, str]:
        code = mnp_core.cli.main(list(args))
        out = capsys.readouterr()
        return code, out.out, out.err

    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(
        "vendors: [{name: zayo}, {name: cogent}]\n"
        "protection_groups: [{name: RING-1, kind: ring}]\n"
        "circuits:\n"
        "  - {name: WAN-1, vendor: zayo, vendor_circuit_id: Z-1, protection_group: RING-1}\n"
        "  - {name: WAN-2, vendor: zayo, vendor_circuit_id: Z-2, protection_group: RING-1}\n"
        "  - {name: WAN-3, vendor: cogent, vendor_circuit_id: C-3}\n"
    )
    assert mnp("import", str(inventory))[0] == 0
    assert mnp("sla", "import", str(EXAMPLE))[1] == "example-carrier-wavelength: created\n"
    assert mnp("sla", "applicable", "--vendor", "zayo")[1].startswith("example-carrier-wavelength\t99.95%\t")
    for circuit in ("WAN-1", "WAN-2"):
        assert mnp("sla", "assign", circuit, "example-carrier-wavelength", "--turnup", "2029-06-01T00:00:00+02:00")[0] == 0
    code, _, err = mnp("sla", "assign", "WAN-3", "example-carrier-wavelength")
    assert code == 2 and "does not apply to vendor 'cogent'" in err

    from mnp_pipeline.storage.database import make_engine, session_factory
    from mnp_pipeline.storage.models import Circuit, CircuitOutageEvent

    sessions = session_factory(make_engine())
    with sessions() as session, session.begin():
        ids = {c.name: c.internal_circuit_id for c in session.query(Circuit)}
        both = utc(2030, 1, 10, 2)  # both legs of the ring down for an hour: 99.866 %
        session.add(CircuitOutageEvent(internal_circuit_id=ids["WAN-1"], begin_outage=both,
                                       end_outage=both + timedelta(hours=2)))
        session.add(CircuitOutageEvent(internal_circuit_id=ids["WAN-2"], begin_outage=both + timedelta(hours=1),
                                       end_outage=both + timedelta(hours=3)))
    code, out, _ = mnp("sla", "evaluate", "--now", "2030-02-05T00:00:00Z")
    assert code == 0 and out.startswith("incremental: 2 outage(s) evaluated, 0 still open, 2 circuit(s), 2 measurement(s)")
    code, out, _ = mnp("sla", "evaluate", "--full", "--period", "2030-01", "--now", "2030-02-05T00:00:00Z")
    assert code == 0 and out.startswith("full: 0 outage(s) evaluated, 0 still open, 2 circuit(s), 2 measurement(s)")
    chart = tmp_path / "credits.svg"
    code, out, _ = mnp("report", "credits", "--format", "json", "--now", "2030-02-05T00:00:00Z", "--chart", str(chart))
    assert code == 0
    assert [(r["circuit"], r["creditPct"], r["claimDeadline"]) for r in json.loads(out)] == [
        ("WAN-1", 10.0, "2030-03-02T23:00:00Z"), ("WAN-2", 10.0, "2030-03-02T23:00:00Z")]
    assert chart.read_text().startswith("<svg")
    code, out, _ = mnp("report", "vendors", "--period", "2030-01", "--format", "csv")
    assert code == 0 and out.splitlines()[1].startswith("1,zayo,")
    assert mnp("report", "forecast-accuracy", "--since", "2030-01-01", "--until", "2030-02-01")[0] == 0
    assert mnp("report", "unmatched")[0] == 0  # the pipeline's own report is still there
    code, _, err = mnp("report", "sla", "--chart", str(tmp_path / "x.png"))
    assert code == 2 and "SVG" in err
