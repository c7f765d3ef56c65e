"""A real dovecot IMAP server for the ingest tests, started once per test session.

Each server gets its own config, passwd file, mail store and runtime directory under a temp
dir, listens on a free loopback port and runs in the foreground (``dovecot -F``) as a
child process that the fixture stops at the end: no system config is read or changed and
nothing is left running. Dovecot comes from Debian's ``dovecot-imapd`` (``.ci/services/imap.sh``
installs it). Without it the tests are skipped, except under CI (``CI`` set), where they
fail: CI must exercise the real server.

The server also offers TLS (STARTTLS on the plain port, implicit TLS on a second port) with a
throw-away self-signed certificate when the ``openssl`` command is there.
"""

from __future__ import annotations

import grp
import imaplib
import os
import pwd
import re
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from loopback import HOST, free_port, log_tail

USER = "notices"
# A fixed test-only credential: the server accepts it only on loopback, for this session.
PASSWORD = "s3cret-imap-test"  # noqa: S105
START_TIMEOUT = 15.0


def find_dovecot() -> str | None:
    """The dovecot binary; /usr/sbin is not on every user's PATH."""
    return shutil.which("dovecot") or shutil.which("dovecot", path="/usr/sbin:/usr/local/sbin")


def _make_certificate(directory: Path) -> tuple[Path, Path] | None:
    openssl = shutil.which("openssl")
    if openssl is None:
        return None
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
         "-addext", f"subjectAltName=DNS:localhost,IP:{HOST}", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    key.chmod(0o600)
    return cert, key


@dataclass
class DovecotServer:
    """One running dovecot with one mail user; ``stop()`` ends it and removes its files."""

    extra_config: str = ""
    """Appended to the generated config, e.g. ``imap_capability = ...`` to hide MOVE."""
    host: str = HOST
    port: int = 0
    tls_port: int | None = None
    user: str = USER
    password: str = PASSWORD
    cafile: Path | None = None
    """The self-signed certificate to trust for TLS, when TLS is on."""
    base: Path = field(default_factory=Path)
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> DovecotServer:
        binary = find_dovecot()
        if binary is None:
            raise RuntimeError("dovecot is not installed")
        # mkdtemp is 0700 and owned by us; dovecot's unprivileged processes must traverse it.
        self.base = Path(tempfile.mkdtemp(prefix="mnp-dovecot-"))
        self.base.chmod(0o755)
        certificate = _make_certificate(self.base)
        if certificate:
            self.cafile = certificate[0]
        last_error = ""
        # The port is free when chosen but could be taken before dovecot binds it; retry then.
        for _attempt in range(3):
            self.port = free_port()
            self.tls_port = free_port() if certificate else None
            config = self._write_config(certificate)
            log = self.base / "dovecot.log"
            log.unlink(missing_ok=True)
            # The child keeps its own copy of the log file descriptor.
            with (self.base / "stderr.log").open("wb") as stderr:
                self.process = subprocess.Popen(
                    [binary, "-F", "-c", str(config)],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=stderr,
                )
            last_error = self._wait_ready()
            if not last_error:
                return self
            self._terminate()
        self._cleanup()
        raise RuntimeError(f"dovecot did not start on {self.host}: {last_error}")

    def _write_config(self, certificate: tuple[Path, Path] | None) -> Path:
        mail = self.base / "mail"
        run = self.base / "run"
        for directory in (mail, run, self.base / "state"):
            directory.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            # As root dovecot drops privileges: its helpers run as its own system users and
            # the mail user must not be root; "nobody" owns the test mail store.
            internal = "dovecot" if _user_exists("dovecot") else "nobody"
            login = "dovenull" if _user_exists("dovenull") else internal
            mail_user = pwd.getpwnam("nobody")
            shutil.chown(mail, mail_user.pw_uid, mail_user.pw_gid)
            chroot = "login"
        else:
            # Rootless: every process runs as the test user and cannot chroot.
            internal = login = pwd.getpwuid(os.geteuid()).pw_name
            mail_user = pwd.getpwuid(os.geteuid())
            chroot = ""
        passwd = self.base / "passwd"
        passwd.write_text(
            f"{self.user}:{{PLAIN}}{self.password}:{mail_user.pw_uid}:{mail_user.pw_gid}::{mail}/{self.user}::\n"
        )
        passwd.chmod(0o644)
        tls = f"ssl = yes\nssl_cert = <{certificate[0]}\nssl_key = <{certificate[1]}\n" if certificate else "ssl = no\n"
        if certificate:
            imaps = (
                f"inet_listener imaps {{\n    address = {self.host}\n    port = {self.tls_port}\n    ssl = yes\n  }}"
            )
        else:
            imaps = "inet_listener imaps {\n    port = 0\n  }"
        config = self.base / "dovecot.conf"
        config.write_text(
            f"""# Generated for one mnp test session; nothing here touches the system dovecot.
instance_name = mnp-test-{self.port}
base_dir = {run}
state_dir = {self.base / "state"}
protocols = imap
listen = {self.host}
log_path = {self.base / "dovecot.log"}
default_internal_user = {internal}
default_internal_group = {grp.getgrgid(pwd.getpwnam(internal).pw_gid).gr_name}
default_login_user = {login}
first_valid_uid = 1
first_valid_gid = 1
{tls}
# Tests log in with a plain password on loopback only.
disable_plaintext_auth = no
# Keeps a wrong-password test short. Dovecot also delays every login from an IP after a
# failed one (its auth penalty), so such tests use a server of their own.
auth_failure_delay = 0
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
namespace inbox {{
  inbox = yes
  separator = /
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {passwd}
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {passwd}
}}
service imap-login {{
  chroot = {chroot}
  inet_listener imap {{
    address = {self.host}
    port = {self.port}
  }}
  {imaps}
}}
{self.extra_config}
"""
        )
        return config

    def _wait_ready(self) -> str:
        """'' once the server greets on its port, else what went wrong."""
        assert self.process is not None
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return f"dovecot exited with {self.process.returncode}: {self._logs()}"
            try:
                with socket.create_connection((self.host, self.port), timeout=1.0) as sock:
                    if sock.recv(200).startswith(b"* OK"):
                        return ""
            except OSError:
                pass
            time.sleep(0.05)
        return f"no IMAP greeting on port {self.port} within {START_TIMEOUT}s: {self._logs()}"

    def _logs(self) -> str:
        return log_tail(self.base, "stderr.log", "dovecot.log")

    def _terminate(self) -> None:
        if self.process is None:
            return
        # The master process stops its helpers (auth, imap-login, imap) on SIGTERM.
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def _cleanup(self) -> None:
        shutil.rmtree(self.base, ignore_errors=True)

    def stop(self) -> None:
        self._terminate()
        self._cleanup()

    # Helpers for the tests.

    @property
    def maildir(self) -> Path:
        """The user's Maildir on disk (INBOX; folder ``x`` is ``.x``), there after the first login."""
        return self.base / "mail" / self.user / "Maildir"

    def connect(self) -> imaplib.IMAP4:
        """A logged-in client connection; the caller logs out."""
        client = imaplib.IMAP4(self.host, self.port, timeout=10)
        client.login(self.user, self.password)
        return client

    def ssl_context(self) -> ssl.SSLContext:
        assert self.cafile is not None, "TLS is off: the openssl command was missing"
        return ssl.create_default_context(cafile=str(self.cafile))

    def deliver(self, raw: bytes, mailbox: str = "INBOX") -> int:
        """APPENDs ``raw`` to ``mailbox`` (created when missing) and returns its UID."""
        client = self.connect()
        try:
            if mailbox.upper() != "INBOX":
                client.create(_quote(mailbox))  # NO [ALREADYEXISTS] is fine
            typ, data = client.append(_quote(mailbox), "", None, raw)
            if typ != "OK":
                raise RuntimeError(f"APPEND to {mailbox} failed: {data!r}")
            match = re.search(rb"APPENDUID \d+ (\d+)", data[0] or b"")
            if match is None:
                raise RuntimeError(f"APPEND to {mailbox}: expected an APPENDUID, found {data!r}")
            return int(match.group(1))
        finally:
            client.logout()

    def flags(self, mailbox: str) -> dict[int, set[str]]:
        """UID -> flags of every message in ``mailbox``, read without changing anything."""
        client = self.connect()
        try:
            typ, data = client.select(_quote(mailbox), readonly=True)
            if typ != "OK":
                raise RuntimeError(f"no mailbox {mailbox}: {data!r}")
            typ, data = client.uid("FETCH", "1:*", "(FLAGS)")
            result: dict[int, set[str]] = {}
            for item in data:
                if not item:
                    continue
                line = item if isinstance(item, bytes) else item[0]
                match = re.search(rb"UID (\d+)", line)
                flags = re.search(rb"FLAGS \(([^)]*)\)", line)
                if match and flags:
                    result[int(match.group(1))] = set(flags.group(1).decode().split())
            return result
        finally:
            client.logout()


def _quote(mailbox: str) -> str:
    return '"' + mailbox.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def start_or_skip(extra_config: str = "") -> DovecotServer:
    """A started server; skips the test without dovecot, but fails under CI."""
    if find_dovecot() is None:
        reason = "dovecot is not installed (Debian: apt-get install dovecot-imapd, or run .ci/services/imap.sh)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the IMAP tests against a real server")
        pytest.skip(reason)
    return DovecotServer(extra_config=extra_config).start()


@pytest.fixture(scope="session")
def imap_server() -> Iterator[DovecotServer]:
    """A real dovecot on a free loopback port for the whole session, stopped at the end."""
    server = start_or_skip()
    try:
        yield server
    finally:
        server.stop()
