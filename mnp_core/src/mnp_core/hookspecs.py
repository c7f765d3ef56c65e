"""The hooks a plugin implements. Each receives a ``register`` callback.

A plugin module (or class) implements a hook by name, decorated with
``mnp_core.hookimpl``; the host calls it once at load time. ``register`` validates what it
is given and refuses duplicates, naming both sides.
"""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("mnp")
hookimpl = pluggy.HookimplMarker("mnp")


@hookspec
def register_parsers(register):
    """Call ``register(parser)`` once per notice parser the plugin provides.

    ``parser`` is an instance of ``mnp_core.Parser``. Returns nothing; every
    implementation is called (no first-result short cut).
    """
