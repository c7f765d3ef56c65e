"""Interface and device names as inventories and logs write them, folded to one form.

``Gi0/1``, ``GigabitEthernet0/1`` and ``gigabitethernet 0/1`` are one port; so are IOS-XR's
``TenGigE0/0/0/1`` and IOS's ``TenGigabitEthernet0/0/0/1``, ``Po10`` and ``Port-channel10``,
``BE100`` and ``Bundle-Ether100``. Sub-interfaces keep their suffix (``Gi0/1.100``,
``ge-0/0/1.0``): :func:`parent_interface` gives the port they ride on.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Every spelling (lower case) of an interface type, to the one kept. Longer, more
# specific prefixes are matched first, so "tengig" is never read as "te" + "ngig".
_TYPES: dict[str, str] = {}
for canonical, spellings in {
    "ethernet": ("ethernet", "eth", "et"),
    "fastethernet": ("fastethernet", "fa", "fe"),
    "gigabitethernet": ("gigabitethernet", "gige", "gig", "gi", "ge"),
    "twogigabitethernet": ("twogigabitethernet", "tw"),
    "fivegigabitethernet": ("fivegigabitethernet", "fi"),
    "tengigabitethernet": ("tengigabitethernet", "tengige", "tengig", "te", "xe"),
    "twentyfivegigabitethernet": ("twentyfivegigabitethernet", "twentyfivegige", "twe"),
    "fortygigabitethernet": ("fortygigabitethernet", "fortygige", "fo"),
    "fiftygigabitethernet": ("fiftygigabitethernet", "fiftygige", "fif"),
    "hundredgigabitethernet": ("hundredgigabitethernet", "hundredgige", "hu"),
    "twohundredgigabitethernet": ("twohundredgigabitethernet", "twohundredgige", "th"),
    "fourhundredgigabitethernet": ("fourhundredgigabitethernet", "fourhundredgige", "fh"),
    "appgigabitethernet": ("appgigabitethernet", "ap"),
    "port-channel": ("port-channel", "portchannel", "po"),
    "bundle-ether": ("bundle-ether", "bundleether", "be"),
    "serial": ("serial", "se"),
    "pos": ("pos",),
    "loopback": ("loopback", "lo"),
    "vlan": ("vlan", "vl"),
    "tunnel": ("tunnel", "tu"),
    "management": ("management", "mgmteth", "mgmt", "ma"),
}.items():
    for spelling in spellings:
        _TYPES[spelling] = canonical
# Junos names (ge-0/0/1, xe-, et-, ae0) are already one form: only Cisco-style names
# (letters directly followed by the slot number) are expanded.
_CISCO_STYLE = re.compile(r"([a-z][a-z\-]*?)\s*(\d[\d/:.]*)$")
_JUNOS_STYLE = re.compile(r"[a-z]{2,3}-\d")


@lru_cache(maxsize=65536)
def normalise_interface(name: str) -> str:
    """The one form of an interface name: lower case, type spelled out, no spaces."""
    folded = name.strip().lower()
    if not folded or _JUNOS_STYLE.match(folded):
        return folded.replace(" ", "")
    match = _CISCO_STYLE.fullmatch(folded)
    if match is None:
        return folded.replace(" ", "")
    kind, number = match.groups()
    return _TYPES.get(kind, kind) + number


def parent_interface(normalised: str) -> str | None:
    """The port a sub-interface rides on (``gigabitethernet0/1.100`` -> ``gigabitethernet0/1``),
    None for a port itself."""
    head, dot, _unit = normalised.rpartition(".")
    return head if dot and head else None


def normalise_device(name: str) -> str:
    return name.strip().lower().rstrip(".")
