"""``mnp demo``: the whole pipeline on the bundled data prints what the data holds.

The numbers are the bundled data's: 13 notices (12 parsed, one ParserFailed) give 7
maintenances; the syslog gives 8 outages on 7 circuits; the SLA finds 4 breached periods.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mnp_core.cli import main
from mnp_pipeline.demo import DATA
from mnp_pipeline.storage.database import make_engine, session_factory
from mnp_pipeline.storage.models import (
    CircuitOutageEvent,
    Maintenance,
    Notification,
    SlaPerformanceMeasurement,
)


def _demo(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["demo", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _lines_with(out: str, *words: str) -> list[str]:
    return [line for line in out.splitlines() if all(word in line for word in words)]


def test_mnp_demo_prints_the_maintenances_outages_breaches_and_credits_of_the_bundled_data(capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    code, out, err = _demo(capsys, "--database-url", url)
    assert code == 0, err
    assert "as of 2031-03-21 03:00 UTC" in out
    assert "inventory: vendors 6, protection_groups 1, circuits 11, ports 11" in out
    assert "notices: fetched 13 (13 new); MaintParseException 1, MaintParseSuccess 12; labelled 13" in out
    assert _lines_with(out, "ntt-without-calendar.eml: MaintParseException: ParserFailed")
    assert "8 outages inserted" in out and "1 ports with no circuit" in out

    maintenances = out.split("\nMaintenances\n")[1].split("\n\n")[0]
    assert maintenances.rstrip().endswith("7 row(s)")
    for provider, reference, status, window in [
        ("packetfabric", "PF-MW-310117", "COMPLETED", "2031-01-17 05:00 - 09:00"),
        ("pccw", "INC0099887766CD", "COMPLETED", "2031-02-03 22:00 - 02-04 04:00"),
        ("seaborn", "5150", "RE-SCHEDULED", "2031-03-21 01:00 - 07:30"),  # moved from 14 March
        ("fiberprovider", "PWIC31201", "CONFIRMED", "2031-03-25 22:00 - 03-26 04:00"),
        ("fiberprovider", "PWIC31244", "CONFIRMED", "2031-04-08 21:00 - 04-09 03:00"),
        ("ntt", "VNOC-1-31041500123", "CANCELLED", "2031-05-02 04:00 - 08:00"),
        ("tata", "CHGP0765432", "RE-SCHEDULED", "2031-06-16 23:00 - 06-17 05:00"),  # moved from 9 June
    ]:
        assert _lines_with(maintenances, provider, reference, status, window), (reference, maintenances)
    assert _lines_with(maintenances, "PWIC31244", "FP-SJC-2, IC-560177 (unmatched)")

    outages = out.split("\nOutages (from the syslog)\n")[1].split("\n\n")[0]
    assert outages.rstrip().endswith("8 row(s)")
    assert _lines_with(outages, "PF-NYC-CHI-2", "2031-01-17 05:12", "50.7", "inside packetfabric PF-MW-310117")
    assert _lines_with(outages, "PCCW-HKG-TYO", "2031-02-04 03:30", "75.2", "overruns pccw INC0099887766CD")
    assert _lines_with(outages, "NTT-AMS-TRANSIT", "20.5", "unannounced", "operator-caused")
    assert _lines_with(outages, "SEABORN-NYC-FOR-A", "2031-03-14 01:30", "100.6", "unannounced")

    periods = out.split("\nSLA periods measured")[1].split("\n\n")[0]
    breached = [line for line in periods.splitlines() if "  yes  " in line]
    assert len(breached) == 4, periods
    # Short notice: inside the window, but not excused (10 business days' notice needed).
    assert _lines_with(periods, "PF-NYC-CHI-2", "2031-01-01", "56.17", "99.8742", "yes", "10")
    # Announced in time: the outage inside the window is excused, the 45 minutes after it count.
    assert _lines_with(periods, "PCCW-HKG-SIN", "2031-02-01", "89.8", "100", "no")
    assert _lines_with(periods, "PCCW-HKG-TYO", "2031-02-01", "75.2", "29.88", "45.32", "99.8876", "yes", "10")
    # The diverse pair is down only while both legs are: 40.48 of A's 100.6 minutes.
    assert _lines_with(periods, "SEABORN-NYC-FOR-A", "2031-03-01", "40.48", "99.9093", "yes", "5")

    credits = out.split("\nCredits to claim\n")[1]
    assert _lines_with(credits, "PF-NYC-CHI-2", "2031-03-03T00:00:00Z", "-18.1", "yes")  # overdue
    assert _lines_with(credits, "PCCW-HKG-TYO", "2031-03-31T00:00:00Z", "9.9", "no")
    assert "4 row(s)" in credits

    engine = make_engine(url)
    with session_factory(engine)() as session:
        count = lambda model: session.scalar(select(func.count()).select_from(model))  # noqa: E731
        assert count(Notification) == 13
        assert count(Maintenance) == 7
        assert count(CircuitOutageEvent) == 8
        assert session.scalar(select(func.count()).where(SlaPerformanceMeasurement.breached.is_(True))) == 4
    engine.dispose()


def test_mnp_demo_refuses_a_database_that_holds_data(capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    assert _demo(capsys, "--database-url", url)[0] == 0
    code, out, err = _demo(capsys, "--database-url", url)
    assert code == 2
    assert "expected an empty database, found 24 circuits and notifications" in err
    assert out == ""


def test_mnp_demo_uses_a_new_temporary_database_by_default(capsys, tmp_path, monkeypatch):
    # Never the configured one: $MNP_DATABASE_URL names a database the demo must not touch.
    configured = tmp_path / "configured.db"
    monkeypatch.setenv("MNP_DATABASE_URL", f"sqlite:///{configured}")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    code, out, err = _demo(capsys)
    assert code == 0, err
    created = list(tmp_path.glob("mnp-demo-*/mnp-demo.db"))
    assert len(created) == 1
    assert f"database: sqlite:///{created[0]}" in out
    assert not configured.exists()


def test_the_bundled_data_is_package_data():
    # Shipped inside the package (hatchling takes every file under src/mnp_pipeline), so
    # an installed wheel finds it next to the module.
    assert DATA == Path(__file__).parents[1] / "src" / "mnp_pipeline" / "demo" / "data"
    assert len([p for p in (DATA / "notices").iterdir() if p.suffix in (".eml", ".txt")]) == 13
    for name in ("inventory.yaml", "network.log", "slas/demo-wavelength.yaml"):
        assert (DATA / name).is_file(), name


@pytest.mark.parametrize("name", ["demo"])
def test_mnp_demo_is_an_installed_command(name):
    from importlib.metadata import entry_points

    assert [ep.value for ep in entry_points(group="mnp.commands") if ep.name == name] == [
        "mnp_pipeline.demo.cli:register_commands"]
