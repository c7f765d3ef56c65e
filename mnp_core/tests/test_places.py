"""Places to time zones: cities found in a location text, told apart by what follows them."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from mnp_core.toolkit import zone_for_place
from mnp_core.toolkit.places import PLACES, REGION_ZONES, fold


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("San Jose, CA", "America/Los_Angeles"),
        ("Planned Network Maintenance - San Jose, CA 123456789", "America/Los_Angeles"),
        ("San Jose, Costa Rica", "America/Costa_Rica"),
        ("Portland, OR", "America/Los_Angeles"),
        ("Portland, ME", "America/New_York"),
        ("Pensacola, FL", "America/Chicago"),
        ("El Paso, TX", "America/Denver"),
        ("Phoenix, AZ", "America/Phoenix"),
        ("Indianapolis, IN", "America/Indiana/Indianapolis"),
        ("ST. LOUIS, MO", "America/Chicago"),
        ("Ft. Lauderdale", "America/New_York"),
        ("Seattle, Washington", "America/Los_Angeles"),
        ("Washington, DC", "America/New_York"),
        ("Frankfurt, DE", "Europe/Berlin"),
        ("Frankfurt am Main, Germany", "Europe/Berlin"),
        ("Paris, France", "Europe/Paris"),
        ("Paris, TX", "America/Chicago"),
        ("London", "Europe/London"),
        ("London, ON", "America/Toronto"),
        ("Vancouver, WA", "America/Los_Angeles"),
        ("Vancouver, Canada", "America/Vancouver"),
        ("Perth, WA", "Australia/Perth"),
        ("Sydney, Australia", "Australia/Sydney"),
        ("São Paulo", "America/Sao_Paulo"),
        ("Cluj-Napoca", "Europe/Bucharest"),
        ("St. John's, NL", "America/St_Johns"),
        ("Hong Kong", "Asia/Hong_Kong"),
    ],
)
def test_city_to_zone(text, zone):
    assert zone_for_place(text) == ZoneInfo(zone)


def test_unknown_city_takes_its_state_zone():
    assert zone_for_place("Smallville, KS") == ZoneInfo("America/Chicago")
    assert zone_for_place("Main St, Smalltown, OR 97000") == ZoneInfo("America/Los_Angeles")


def test_street_named_after_a_city_yields_to_the_country_named():
    assert zone_for_place("Hanover Street, Belgium") == ZoneInfo("Europe/Brussels")
    assert zone_for_place("Berlin Road, Dublin, Ireland") == ZoneInfo("Europe/Dublin")


def test_two_letter_words_are_no_states_without_a_comma():
    assert zone_for_place("work in or near the building") is None


@pytest.mark.parametrize("text", ["", None, "nothing to see", "Multi-zone country: Brazil"])
def test_no_place(text):
    assert zone_for_place(text) is None


def test_every_zone_in_the_tables_exists():
    zones = {line.split("|")[2].strip() for line in PLACES.strip().splitlines()} | set(REGION_ZONES.values())
    for name in zones:
        ZoneInfo(name)


def test_folding():
    assert fold("  Köln/Bonn, DE ") == "koln bonn de"
    assert fold("St. Paul") == "saint paul"
