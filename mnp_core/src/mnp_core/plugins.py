"""Finding and loading parsers: built-ins and entry points, through one hook.

Built-in parsers are plugin modules registered exactly like installed ones; installed
ones come from the ``mnp.parsers`` entry-point group. Each entry point loads inside a
guard: a broken package is reported (``load_errors``, ``mnp plugins``) and skipped.

Environment:
  ``MNP_LOAD_PLUGINS``   comma-separated entry-point or distribution names to load; unset
                         loads all, empty loads none (built-ins always load).
  ``MNP_TRACE_PLUGINS``  set to 1 to trace every hook call and routing decision to stderr.
"""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from importlib.metadata import version as dist_version
from types import ModuleType

import pluggy

from . import hookspecs
from .exceptions import PluginError
from .parser import Parser

ENTRY_POINT_GROUP = "mnp.parsers"
DEFAULT_PLUGINS = ("mnp_core.builtin.bcop", "mnp_core.builtin.generic")


def trace(message: str) -> None:
    if os.environ.get("MNP_TRACE_PLUGINS"):
        print(f"mnp: {message}", file=sys.stderr)


@dataclass
class LoadError:
    entry_point: str
    distribution: str
    error: str


@dataclass
class Registry:
    """Every registered parser by name, with what failed to load."""

    parsers: dict[str, Parser] = field(default_factory=dict)
    load_errors: list[LoadError] = field(default_factory=list)
    manager: pluggy.PluginManager = field(default_factory=lambda: _manager())

    def register(self, parser: Parser, *, distribution: str, version: str) -> None:
        if not isinstance(parser, Parser):
            raise PluginError(
                f"{distribution}: expected an instance of mnp_core.Parser, "
                f"found {type(parser).__name__}"
            )
        if not parser.name:
            raise PluginError(f"{distribution}: parser {type(parser).__name__} declares no name")
        existing = self.parsers.get(parser.name)
        if existing is not None:
            raise PluginError(
                f"parser name {parser.name!r} registered twice: by {existing.distribution} "
                f"and by {distribution}"
            )
        if not (parser.senders or parser.subjects or parser.claims_any_calendar or parser.claims_unclaimed):
            raise PluginError(
                f"{distribution}: parser {parser.name!r} declares no senders, subjects or "
                "calendar claim, so no notice could ever reach it"
            )
        fallback = next((p for p in self.parsers.values() if p.claims_unclaimed), None)
        if parser.claims_unclaimed and fallback is not None:
            # Two fallbacks would make routing depend on load order.
            raise PluginError(
                f"{distribution}: parser {parser.name!r} claims unclaimed notices, which "
                f"{fallback.name} ({fallback.distribution}) already does"
            )
        parser.distribution = distribution
        parser.version = version
        self.parsers[parser.name] = parser

    def add_plugin(self, plugin: object, *, name: str, distribution: str, version: str) -> None:
        """Register one plugin module or object and collect the parsers it registers."""
        self.manager.register(plugin, name=name)
        for impl in self.manager.hook.register_parsers.get_hookimpls():
            if impl.plugin is not plugin:
                continue
            trace(f"calling register_parsers of {name} ({distribution} {version})")

            def register(parser: Parser) -> None:
                self.register(parser, distribution=distribution, version=version)

            impl.function(register=register)


def _manager() -> pluggy.PluginManager:
    manager = pluggy.PluginManager("mnp")
    manager.add_hookspecs(hookspecs)
    return manager


def _allowed(names: set[str] | None, *candidates: str) -> bool:
    return names is None or any(c in names for c in candidates)


def load_registry(*, extra_plugins: tuple[object, ...] = ()) -> Registry:
    """Build a fresh registry: built-ins, then every allowed entry point, then extras."""
    registry = Registry()
    core_version = dist_version("mnp-core")
    for module_name in DEFAULT_PLUGINS:
        module = importlib.import_module(module_name)
        registry.add_plugin(module, name=module_name, distribution="mnp-core", version=core_version)

    allow_env = os.environ.get("MNP_LOAD_PLUGINS")
    allowed = None if allow_env is None else {n.strip() for n in allow_env.split(",") if n.strip()}
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        dist = ep.dist.name if ep.dist else ep.value.split(":")[0]
        version = ep.dist.version if ep.dist else "0"
        if not _allowed(allowed, ep.name, dist):
            trace(f"skipping {ep.name} ({dist}): not in MNP_LOAD_PLUGINS")
            continue
        before = dict(registry.parsers)
        try:
            plugin: ModuleType = ep.load()
            registry.add_plugin(plugin, name=ep.name, distribution=dist, version=version)
        except Exception as exc:  # one broken package must not break the rest
            registry.parsers = before
            if registry.manager.has_plugin(ep.name):
                registry.manager.unregister(name=ep.name)
            registry.load_errors.append(LoadError(ep.name, dist, f"{type(exc).__name__}: {exc}"))
            trace(f"failed to load {ep.name} ({dist}): {exc}")
    for index, plugin in enumerate(extra_plugins):
        registry.add_plugin(plugin, name=f"extra-{index}", distribution=getattr(plugin, "__name__", "extra"), version="0")
    return registry
