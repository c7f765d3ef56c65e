"""``mnp.toml``: the pipeline's one configuration file, and its environment overrides.

The file is ``$MNP_CONFIG`` when that is set (an empty value means no file), else
``mnp.toml`` in the working directory when it exists; without one every key keeps its
default. Every key can be overridden by an environment variable named
``MNP_<SECTION>_<KEY>`` (``[rt] token`` by ``MNP_RT_TOKEN``, ``[database] url`` by
``MNP_DATABASE_URL``); a variable that is set, even to an empty string, wins over the file.
A command-line option wins over both.

The file is validated whole before any command uses it: an unknown section or key, or a
value of the wrong type, raises :class:`ConfigError` naming the file (or the variable) and
the key. ``mnp config show`` prints the effective configuration with its secrets masked.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError

CONFIG_VARIABLE = "MNP_CONFIG"
DEFAULT_FILE = "mnp.toml"
SECRET_KEYS = frozenset({"token", "password", "webhook_secret"})
MASK = "****"


class ConfigError(ValueError):
    """The configuration file or an override is invalid; the message names where and which key."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True)


class DatabaseSettings(_Section):
    """``[database]``: where the pipeline keeps everything."""

    url: str = Field("sqlite:///mnp.db", description="SQLAlchemy URL: sqlite:///path or postgresql://user@host/db")


class RtSettings(_Section):
    """``[rt]``: Request Tracker 5, read through its REST 2.0 API."""

    url: str | None = Field(None, description="RT's base URL, e.g. https://rt.example")
    queue: str = Field("Maintenance", description="the queue the notices arrive in")
    token: str | None = Field(None, description="an RT auth token (preferred over user and password)")
    user: str | None = Field(None, description="RT user, when no token is given")
    password: str | None = Field(None, description="RT password, when no token is given")
    custom_field: str = Field("MaintParseStatus", description="the ticket custom field that holds the label")


class ImapSettings(_Section):
    """``[imap]``: an IMAP mailbox the notices are delivered to."""

    host: str = Field("127.0.0.1", description="the IMAP server")
    port: int | None = Field(None, ge=1, le=65535, description="default: 993 with ssl, else 143")
    user: str | None = Field(None, description="the login")
    password: str | None = Field(None, description="the password")
    mailbox: str = Field("INBOX", description="the folder watched for notices")
    security: Literal["ssl", "starttls", "plain"] = Field("ssl", description="ssl, starttls or plain")


class WorkerSettings(_Section):
    """``[worker]``: how ``mnp worker`` paces itself."""

    interval: float = Field(30.0, gt=0, description="seconds to wait when there is nothing to do")
    batch: int = Field(100, ge=1, description="notifications processed per pass")


class ServiceSettings(_Section):
    """``[service]``: ``mnp serve``, the REST API, webhook, iCalendar feed and metrics."""

    host: str = Field("127.0.0.1", description="the address mnp serve listens on")
    port: int = Field(8000, ge=1, le=65535, description="the port mnp serve listens on")
    webhook_secret: str | None = Field(
        None, description="the HMAC-SHA256 key helpdesk webhooks are signed with; unset: the webhook is off"
    )
    public_read: bool = Field(False, description="serve read endpoints without a token (admin ones still need one)")


class Config(_Section):
    """The whole of ``mnp.toml``; ``source`` is the file read (None: defaults only) and
    ``overrides`` the environment variables that replaced a key."""

    database: DatabaseSettings = DatabaseSettings()
    rt: RtSettings = RtSettings()
    imap: ImapSettings = ImapSettings()
    worker: WorkerSettings = WorkerSettings()
    service: ServiceSettings = ServiceSettings()

    source: Path | None = Field(None, exclude=True)
    overrides: list[str] = Field(default_factory=list, exclude=True)


def sections() -> dict[str, type[_Section]]:
    """Each section's name and model, in file order."""
    return {
        name: field.annotation  # type: ignore[misc]
        for name, field in Config.model_fields.items()
        if isinstance(field.annotation, type) and issubclass(field.annotation, _Section)
    }


def variable_name(section: str, key: str) -> str:
    """The environment variable that overrides ``[section] key``."""
    return f"MNP_{section.upper()}_{key.upper()}"


def _variables() -> dict[str, tuple[str, str]]:
    return {
        variable_name(section, key): (section, key)
        for section, model in sections().items()
        for key in model.model_fields
    }


def config_path(environ: Mapping[str, str] | None = None) -> Path | None:
    """The file in use: ``$MNP_CONFIG``, else ``./mnp.toml`` when it exists, else None."""
    environ = os.environ if environ is None else environ
    named = environ.get(CONFIG_VARIABLE)
    if named is not None:
        if not named:
            return None
        path = Path(named)
        if not path.is_file():
            raise ConfigError(f"${CONFIG_VARIABLE} names {path}, which is not a file")
        return path
    default = Path(DEFAULT_FILE)
    return default if default.is_file() else None


def _read(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    known = sections()
    for section, values in data.items():
        if section not in known:
            what = f"section [{section}]" if isinstance(values, dict) else f"top-level key {section}"
            raise ConfigError(f"{path}: unknown {what} (expected the sections: {', '.join(known)})")
        if not isinstance(values, dict):
            raise ConfigError(f"{path}: [{section}]: expected a table of keys, found {type(values).__name__}")
        keys = known[section].model_fields
        for key in values:
            if key not in keys:
                raise ConfigError(
                    f"{path}: [{section}] {key}: unknown key (expected one of: {', '.join(keys)})"
                )
    return data


def load_config(path: Path | str | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """Read and validate the configuration: ``path`` (default: :func:`config_path`), then the
    ``MNP_<SECTION>_<KEY>`` variables of ``environ`` (default: ``os.environ``) over it.

    Raises:
        ConfigError: naming the file or variable, and the key, of the first problem found.
    """
    environ = os.environ if environ is None else environ
    source = Path(path) if path is not None else config_path(environ)
    data: dict[str, dict[str, Any]] = _read(source) if source is not None else {}
    origin: dict[tuple[str, str], str] = {
        (section, key): f"{source}: [{section}] {key}" for section, values in data.items() for key in values
    }
    overrides = []
    for variable, (section, key) in _variables().items():
        if variable in environ:
            data.setdefault(section, {})[key] = environ[variable]
            origin[(section, key)] = f"${variable}"
            overrides.append(variable)
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, origin)) from None
    config.source, config.overrides = source, overrides
    return config


def _describe(exc: ValidationError, origin: dict[tuple[str, str], str]) -> str:
    problems = []
    for error in exc.errors():
        loc = tuple(str(part) for part in error["loc"][:2])
        where = origin.get(loc) if len(loc) == 2 else None
        where = where or f"[{loc[0]}] {' '.join(loc[1:])}".strip()
        message = error["msg"].replace("Input should be", "expected", 1)
        if len(loc) == 2 and loc[1] in SECRET_KEYS:
            problems.append(f"{where}: {message}")
        else:
            problems.append(f"{where}: {message}, found {error['input']!r}")
    return "; ".join(problems)


def lookup(variable: str) -> Any:
    """The effective value of the key ``variable`` overrides (``MNP_RT_QUEUE`` -> ``[rt] queue``).

    A variable that names no key is read from the environment alone.
    """
    where = _variables().get(variable)
    if where is None:
        return os.environ.get(variable)
    section, key = where
    return getattr(getattr(load_config(), section), key)


def mask_url(url: str) -> str:
    """The URL with its password, if any, replaced by ``****``."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:{MASK}@{host}"))


def masked(config: Config) -> dict[str, dict[str, Any]]:
    """The configuration as plain data with every secret masked: ``token``, ``password`` and
    any password inside a URL."""
    shown: dict[str, dict[str, Any]] = {}
    for section, values in config.model_dump().items():  # source and overrides are excluded
        shown[section] = {}
        for key, value in values.items():
            if key in SECRET_KEYS and value is not None:
                value = MASK
            elif isinstance(value, str) and "://" in value:
                value = mask_url(value)
            shown[section][key] = value
    return shown
