"""``mnp detect-outages`` and ``mnp outages`` as an operator runs them."""

from __future__ import annotations

import json
import os

from test_e2e_rt import mnp


def test_detect_outages_from_files_then_list_them(tmp_path):
    env = {**os.environ, "MNP_DATABASE_URL": f"sqlite:///{tmp_path / 'mnp.db'}"}
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text("vendors: [{name: zayo}]\ncircuits:\n  - {name: WAN-1, vendor: zayo, vendor_circuit_id: Z1}\n"
                         "ports:\n  - {device: leaf3, interface: Et49/1, circuit: WAN-1}\n")
    assert mnp("import", str(inventory), env=env).returncode == 0
    log = tmp_path / "net.log"
    log.write_text(
        "2024-03-14T09:15:02.000000+00:00 leaf3 Ebra: %LINEPROTO-5-UPDOWN: Line protocol on Interface Ethernet49/1 (to spine1), changed state to down\n"
        "2024-03-14T09:15:04.000000+00:00 leaf3 Ebra: %LINEPROTO-5-UPDOWN: Line protocol on Interface Ethernet49/1 (to spine1), changed state to up\n"
        "2024-03-14T09:15:09.000000+00:00 leaf3 Ebra: %LINEPROTO-5-UPDOWN: Line protocol on Interface Ethernet49/1 (to spine1), changed state to down\n"
        "2024-03-14T09:45:00.000000+00:00 leaf3 Ebra: %LINEPROTO-5-UPDOWN: Line protocol on Interface Ethernet49/1 (to spine1), changed state to up\n"
    )
    first = mnp("detect-outages", "--hold-down", "10", "file", str(log), env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[0] == (
        "read 4 lines: 4 link events, 4 new; 1 circuits recomputed: 1 outages inserted, 0 updated, 0 deleted; "
        "0 ports with no circuit")
    listed = json.loads(mnp("outages", "--json", env=env).stdout)
    assert [(o["circuit"], o["beginOutage"], o["endOutage"], o["provisional"]) for o in listed] == [
        ("WAN-1", "2024-03-14T09:15:02Z", "2024-03-14T09:45:00Z", False)]
    second = mnp("detect-outages", "--hold-down", "10", "file", str(log), env=env)
    assert second.stdout.startswith("read 0 lines: 0 link events, 0 new; 0 circuits recomputed")
    # Other flap rules, applied to what is stored: the flap splits into two outages.
    third = mnp("detect-outages", env=env)
    assert "1 outages inserted, 1 updated, 0 deleted" in third.stdout
    assert mnp("outages", env=env).stdout.splitlines()[-1] == "2 outage(s)"


def test_bad_input_is_a_clear_error(tmp_path):
    env = {**os.environ, "MNP_DATABASE_URL": f"sqlite:///{tmp_path / 'mnp.db'}"}
    missing = mnp("detect-outages", "file", str(tmp_path / "absent.log"), env=env)
    assert missing.returncode == 2 and "absent.log" in missing.stderr
    zone = mnp("detect-outages", "--timezone", "Mars/Olympus", "file", str(tmp_path / "absent.log"), env=env)
    assert zone.returncode == 2 and "unknown time zone 'Mars/Olympus'" in zone.stderr
