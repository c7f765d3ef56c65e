"""The hook a log-format plugin implements (pluggy project ``mnp``, like the parsers)."""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("mnp")
hookimpl = pluggy.HookimplMarker("mnp")


@hookspec
def register_logformats(register):
    """Call ``register(log_format)`` once per LogFormat the plugin provides."""
