"""``mnp config show``: the effective configuration, secrets masked (entry point ``mnp.commands``)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from .config import ConfigError, load_config, masked, variable_name


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def _cmd_show(args: argparse.Namespace) -> int:
    try:
        config = load_config()
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    shown = masked(config)
    if args.json:
        print(json.dumps({"file": str(config.source.resolve()) if config.source else None,
                          "overrides": config.overrides, **shown}, indent=2))
        return 0
    print(f"# file: {config.source.resolve() if config.source else 'none (defaults)'}")
    if config.overrides:
        print(f"# environment overrides: {', '.join(config.overrides)}")
    for section, values in shown.items():
        print(f"\n[{section}]")
        for key, value in values.items():
            note = "  # from $" + variable_name(section, key) if variable_name(section, key) in config.overrides else ""
            if value is None:
                print(f"# {key} is not set")
            else:
                print(f"{key} = {_toml_value(value)}{note}")
    return 0


def register_commands(commands: argparse._SubParsersAction) -> None:
    config = commands.add_parser("config", help="the configuration (mnp.toml and MNP_* variables)")
    config_commands = config.add_subparsers(dest="config_command", required=True)
    show = config_commands.add_parser(
        "show",
        help="print the effective configuration, secrets masked",
        description="Print the configuration in effect: $MNP_CONFIG or ./mnp.toml, then the MNP_<SECTION>_<KEY> "
        "variables over it. Tokens, passwords and passwords inside URLs are shown as ****.",
    )
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(run=_cmd_show)
