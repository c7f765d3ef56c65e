"""mnp.toml: ``mnp config show`` with secrets masked, bad keys named, environment overrides."""

from __future__ import annotations

import argparse
import json

import pytest

from mnp_core.cli import main
from mnp_pipeline import cli as pipeline_cli
from mnp_pipeline.config import ConfigError, load_config, mask_url, sections, variable_name
from mnp_pipeline.storage.database import database_url

CONFIG = """\
[database]
url = "postgresql://mnp:db-s3cret@db.example:5432/mnp"

[rt]
url = "https://rt.example"
queue = "Carrier Notices"
token = "rt-s3cret"

[imap]
host = "imap.example"
port = 10993
user = "noc"
password = "imap-s3cret"
mailbox = "Maintenance"

[worker]
batch = 5
"""


@pytest.fixture
def config_dir(tmp_path, monkeypatch):
    """A working directory holding mnp.toml, with no MNP_* variable leaking in from outside."""
    for section, model in sections().items():
        for key in model.model_fields:
            monkeypatch.delenv(variable_name(section, key), raising=False)
    monkeypatch.delenv("MNP_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mnp.toml").write_text(CONFIG)
    return tmp_path


def _run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def test_show_prints_the_effective_configuration_with_secrets_masked(config_dir, capsys, monkeypatch):
    monkeypatch.setenv("MNP_RT_PASSWORD", "env-s3cret")
    code, out, err = _run(capsys, "config", "show")
    assert code == 0, err
    assert "s3cret" not in out
    assert f"# file: {config_dir / 'mnp.toml'}" in out
    assert 'url = "postgresql://mnp:****@db.example:5432/mnp"' in out
    assert 'token = "****"' in out
    assert 'password = "****"  # from $MNP_RT_PASSWORD' in out
    assert 'queue = "Carrier Notices"' in out and "port = 10993" in out and "batch = 5" in out
    assert "# user is not set" in out  # [rt] user

    code, out, err = _run(capsys, "config", "show", "--json")
    shown = json.loads(out)
    assert "s3cret" not in out
    assert shown["overrides"] == ["MNP_RT_PASSWORD"]
    assert shown["rt"] == {
        "url": "https://rt.example", "queue": "Carrier Notices", "token": "****", "user": None,
        "password": "****", "custom_field": "MaintParseStatus",
    }
    assert shown["imap"]["password"] == "****" and shown["worker"] == {"interval": 30.0, "batch": 5}


def test_defaults_without_a_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MNP_CONFIG", "")
    code, out, _ = _run(capsys, "config", "show", "--json")
    shown = json.loads(out)
    assert code == 0 and shown["file"] is None
    assert shown["database"]["url"] == "sqlite:///mnp.db"
    assert shown["rt"]["token"] is None  # an unset secret is shown as unset, not as ****


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[rt]\ntokn = "x"\n', "[rt] tokn: unknown key (expected one of: url, queue, token"),
        ('[rabbit]\nurl = "x"\n', "unknown section [rabbit]"),
        ('[worker]\nbatch = "many"\n', "[worker] batch: expected a valid integer"),
        ('[imap]\nsecurity = "tls"\n', "[imap] security: expected 'ssl', 'starttls' or 'plain'"),
        ("[worker\n", "not valid TOML"),
    ],
)
def test_a_bad_file_is_refused_naming_the_file_and_the_key(tmp_path, monkeypatch, capsys, toml, message):
    bad = tmp_path / "site.toml"
    bad.write_text(toml)
    monkeypatch.setenv("MNP_CONFIG", str(bad))
    code, out, err = _run(capsys, "config", "show")
    assert code == 2 and out == ""
    assert err.startswith(f"error: {bad}: ") and message in err, err
    # every pipeline command refuses it the same way, before touching a database
    code, _, err = _run(capsys, "db", "upgrade")
    assert code == 2 and message in err
    assert not (tmp_path / "mnp.db").exists()


def test_a_secret_of_the_wrong_type_is_named_but_not_shown(config_dir):
    (config_dir / "mnp.toml").write_text("[rt]\ntoken = 12345678\n")
    with pytest.raises(ConfigError) as caught:
        load_config()
    assert "[rt] token: expected a valid string" in str(caught.value)
    assert "12345678" not in str(caught.value)


def test_missing_file_named_by_mnp_config(tmp_path, monkeypatch):
    monkeypatch.setenv("MNP_CONFIG", str(tmp_path / "nowhere.toml"))
    with pytest.raises(ConfigError, match=r"\$MNP_CONFIG names .*nowhere.toml, which is not a file"):
        load_config()


def test_environment_overrides_the_file_key_by_key(config_dir, monkeypatch):
    monkeypatch.setenv("MNP_WORKER_BATCH", "7")
    monkeypatch.setenv("MNP_IMAP_PORT", "993")
    config = load_config()
    assert config.worker.batch == 7 and config.imap.port == 993
    assert config.imap.host == "imap.example"  # not overridden: the file's
    assert config.overrides == ["MNP_IMAP_PORT", "MNP_WORKER_BATCH"]

    monkeypatch.setenv("MNP_WORKER_BATCH", "lots")
    with pytest.raises(ConfigError, match=r"^\$MNP_WORKER_BATCH: expected a valid integer.*found 'lots'$"):
        load_config()


def test_database_url_option_then_environment_then_file(config_dir, monkeypatch):
    assert database_url() == "postgresql://mnp:db-s3cret@db.example:5432/mnp"
    monkeypatch.setenv("MNP_DATABASE_URL", "sqlite:///other.db")
    assert database_url() == "sqlite:///other.db"
    assert database_url("sqlite:///given.db") == "sqlite:///given.db"
    (config_dir / "mnp.toml").unlink()
    monkeypatch.delenv("MNP_DATABASE_URL")
    assert database_url() == "sqlite:///mnp.db"


def test_ingest_sources_fall_back_to_the_file(config_dir, monkeypatch):
    args = argparse.Namespace(source="imap", host=None, port=None, user=None, mailbox=None, security=None,
                              move_to=None, report_mailbox=None)
    source = pipeline_cli._source(args)
    assert (source.host, source.port, source.user, source.mailbox) == ("imap.example", 10993, "noc", "Maintenance")
    monkeypatch.setenv("MNP_IMAP_HOST", "imap2.example")
    args.port = 143
    source = pipeline_cli._source(args)
    assert (source.host, source.port) == ("imap2.example", 143)  # environment, then the option, win


def test_mask_url():
    assert mask_url("postgresql://u:p%40ss@h/db") == "postgresql://u:****@h/db"
    assert mask_url("postgresql://u@h/db") == "postgresql://u@h/db"
    assert mask_url("https://:tok@rt.example/") == "https://:****@rt.example/"
