"""A real Request Tracker 5 for the RT ingest tests, started once per test session.

Everything lives in a temp dir: RT's site config (read through ``RT_SITE_CONFIG``, with
``RT_SITE_CONFIG_DIR`` pointing at an empty dir so /etc/request-tracker5 is never read), a
throwaway SQLite database made by ``rt-setup-database``, Mason's caches and sessions, RT's log
and the mail RT would have sent (``$MailCommand = 'testfile'``). RT's PSGI app runs under
Debian's ``rt-server`` (Starlet) on a free loopback port as a child process in its own process
group, which the fixture ends at the end of the session. RT comes from Debian's
``request-tracker5`` (``.ci/services/rt.sh`` installs it). Without it the tests are skipped,
except under CI (``CI`` set), where they fail: CI must exercise the real server.

Setup through RT's own Perl API: an API user ``mnp-api`` with a password and an auth token and
the rights the adapter needs, a token for ``root`` that the tests verify with, the custom field
applied to all queues, and the right for anybody to open tickets by mail. Notices go in with
Debian's ``rt-mailgate``, exactly as a mail server would hand them over.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import httpx
import pytest
from loopback import HOST, free_port, log_tail

RT_LIB = Path("/usr/share/request-tracker5/lib")
RT_SERVER = Path("/usr/share/request-tracker5/libexec/rt-server")
QUEUE = "Maintenance"
CUSTOM_FIELD = "MaintParseStatus"
API_USER = "mnp-api"
# A fixed test-only credential: the server listens on loopback only, for this session.
API_PASSWORD = "s3cret-rt-test"  # noqa: S105
START_TIMEOUT = 90.0

# Runs inside RT (RT::Init against the temp database); prints the two tokens.
_SETUP_PL = r"""
use strict;
use warnings;
use lib '@RT_LIB@';
use RT;
RT::LoadConfig();
RT::Init();
my ($queue_name, $cf_name, $user_name, $password) = @ARGV;
my $sys = RT->SystemUser;
sub must { my ($what, $ok, $msg) = @_; die "$what: $msg\n" unless $ok; return $ok }

my $queue = RT::Queue->new($sys);
must("queue $queue_name", $queue->Create(Name => $queue_name));

# Applied to every queue (object 0), so tests can make queues of their own through REST.
my $cf = RT::CustomField->new($sys);
must("custom field", $cf->Create(Name => $cf_name, Type => 'FreeformSingle',
                                 LookupType => RT::Ticket->CustomFieldLookupType));
must("custom field globally", $cf->AddToObject(RT::Queue->new($sys)));

my $user = RT::User->new($sys);
must("user $user_name", $user->Create(Name => $user_name, Privileged => 1,
                                      EmailAddress => "$user_name\@mnp-test.invalid"));
must("password", $user->SetPassword($password));
# What the adapter needs, no more: read tickets and their history, comment, set the field
# and the status.
for my $right (qw(SeeQueue ShowTicket ShowTicketComments ModifyTicket CommentOnTicket
                  SeeCustomField ModifyCustomField)) {
    must("right $right", $user->PrincipalObj->GrantRight(Right => $right, Object => RT->System));
}
# rt-mailgate acts as the sender, whom RT creates as an unprivileged user on the fly.
my $everyone = RT::Group->new($sys);
$everyone->LoadSystemInternalGroup('Everyone');
for my $right (qw(CreateTicket ReplyToTicket)) {
    must("Everyone $right", $everyone->PrincipalObj->GrantRight(Right => $right, Object => RT->System));
}

for my $owner ($user_name, 'root') {
    my $who = RT::User->new($sys);
    $who->Load($owner);
    my ($id, $msg, $auth) = RT::AuthToken->new($sys)->Create(Owner => $who->id, Description => 'mnp tests');
    die "token for $owner: $msg\n" unless $id;
    print "$auth\n";
}
"""


def find_rt() -> dict[str, str] | None:
    """The RT programs the harness runs, or None when RT is not (completely) installed."""
    setup = shutil.which("rt-setup-database", path="/usr/sbin:/usr/bin:/usr/local/sbin")
    mailgate = shutil.which("rt-mailgate", path="/usr/bin:/usr/sbin:/usr/local/bin")
    perl = shutil.which("perl")
    if not (setup and mailgate and perl and RT_SERVER.exists() and (RT_LIB / "RT.pm").exists()):
        return None
    return {"setup": setup, "mailgate": mailgate, "perl": perl, "server": str(RT_SERVER)}


@dataclass
class RTServer:
    """One running RT with one queue; ``stop()`` ends it and removes its files."""

    host: str = HOST
    port: int = 0
    queue: str = QUEUE
    custom_field: str = CUSTOM_FIELD
    username: str = API_USER
    password: str = API_PASSWORD
    token: str = ""
    """The API user's auth token, for ``Authorization: token ...``."""
    admin_token: str = ""
    """root's token: for the tests' own checks and for making queues."""
    base: Path = field(default_factory=Path)
    process: subprocess.Popen[bytes] | None = None
    _programs: dict[str, str] = field(default_factory=dict)
    _stderr: IO[bytes] | None = None
    _inject_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    # -- start and stop ----------------------------------------------------------------

    def start(self) -> RTServer:
        programs = find_rt()
        if programs is None:
            raise RuntimeError("Request Tracker 5 is not installed")
        self._programs = programs
        self.base = Path(tempfile.mkdtemp(prefix="mnp-rt-"))
        try:
            for name in ("etc", "etc.d", "mason", "session", "tmp"):
                (self.base / name).mkdir()
            self.port = free_port()
            self._write_config()
            self._run([programs["setup"], "--action", "init", "--skip-create"], "rt-setup-database")
            script = self.base / "setup.pl"
            script.write_text(_SETUP_PL.replace("@RT_LIB@", str(RT_LIB)))
            out = self._run(
                [programs["perl"], str(script), self.queue, self.custom_field, self.username, self.password],
                "RT setup",
            )
            tokens = out.split()
            if len(tokens) != 2:
                raise RuntimeError(f"RT setup: expected two auth tokens, found {len(tokens)} words")
            self.token, self.admin_token = tokens
            last_error = ""
            # The port is free when chosen but could be taken before RT binds it; retry then.
            for attempt in range(3):
                if attempt:
                    self.port = free_port()
                    self._write_config()
                self._launch()
                last_error = self._wait_ready()
                if not last_error:
                    return self
                self._terminate()
            raise RuntimeError(f"RT did not start on {self.host}: {last_error}")
        except BaseException:
            self.stop()
            raise

    def _write_config(self) -> None:
        b = self.base
        (b / "etc" / "RT_SiteConfig.pm").write_text(
            f"""# Generated for one mnp test session; nothing here touches the system RT.
Set($rtname, 'mnp-test');
Set($Organization, 'mnp-test.invalid');
Set($CorrespondAddress, 'maintenance@mnp-test.invalid');
Set($CommentAddress, 'maintenance-comment@mnp-test.invalid');
Set($WebDomain, '{self.host}');
Set($WebPort, {self.port});
Set($WebPath, '');
Set($WebBaseURL, 'http://{self.host}:{self.port}');
Set($DatabaseType, 'SQLite');
Set($DatabaseName, '{b / "rt.db"}');
Set($MasonDataDir, '{b / "mason"}');
Set($MasonSessionDir, '{b / "session"}');
Set($LogToSyslog, undef);
Set($LogToSTDERR, 'error');
Set($LogToFile, 'warning');
Set($LogDir, '{b}');
Set($LogToFileNamed, 'rt.log');
# Outgoing mail (autoreplies) goes to a file under TMPDIR instead of a sendmail.
Set($MailCommand, 'testfile');
Set($HTMLFormatter, 'core');
# RT checks a token or password with bcrypt on every REST request: at the default cost of 12
# that is ~0.3 s per request here, which would make this suite take minutes. Test-only.
Set($BcryptCost, 4);
1;
"""
        )

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            RT_SITE_CONFIG=str(self.base / "etc" / "RT_SiteConfig.pm"),
            RT_SITE_CONFIG_DIR=str(self.base / "etc.d"),
            TMPDIR=str(self.base / "tmp"),
            LANG="C.UTF-8",
        )
        return env

    def _run(self, argv: list[str], what: str, timeout: float = 180.0) -> str:
        result = subprocess.run(
            argv, env=self._env(), cwd=self.base, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{what} failed with exit code {result.returncode}: "
                f"{(result.stderr or result.stdout).decode(errors='replace')[-2000:]}"
            )
        return result.stdout.decode()

    def _launch(self) -> None:
        if self._stderr is None:
            self._stderr = (self.base / "server.log").open("ab")
        # Its own process group: Starlet forks workers, and stop() ends the whole group.
        self.process = subprocess.Popen(
            [self._programs["server"], "--host", self.host, "--port", str(self.port), "--max-workers", "2"],
            env=self._env(), cwd=self.base, stdin=subprocess.DEVNULL, stdout=self._stderr, stderr=self._stderr,
            start_new_session=True,
        )  # fmt: skip

    def _wait_ready(self) -> str:
        """'' once REST 2.0 answers (401 without credentials), else what went wrong."""
        assert self.process is not None
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return f"rt-server exited with {self.process.returncode}: {self._logs()}"
            try:
                response = httpx.get(f"{self.base_url}/REST/2.0/", timeout=5.0)
                if response.status_code in (200, 401):
                    return ""
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        return f"no answer from {self.base_url}/REST/2.0/ within {START_TIMEOUT}s: {self._logs()}"

    def _logs(self) -> str:
        return log_tail(self.base, "server.log", "rt.log")

    def _terminate(self) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)
        # Workers may outlive the master by a moment; make sure none is left in the group.
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process = None

    def stop(self) -> None:
        self._terminate()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None
        if self.base != Path():
            shutil.rmtree(self.base, ignore_errors=True)

    # -- helpers for the tests ---------------------------------------------------------

    def admin(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """A REST 2.0 request as root, e.g. ``admin("GET", "/ticket/1")``."""
        headers = {"Authorization": f"token {self.admin_token}", **kwargs.pop("headers", {})}
        return httpx.request(method, f"{self.base_url}/REST/2.0{path}", headers=headers, timeout=60.0, **kwargs)

    def create_queue(self, name: str | None = None) -> str:
        """A new empty queue (the custom field applies to all); returns its name."""
        name = name or f"mnp-{uuid.uuid4().hex[:12]}"
        response = self.admin("POST", "/queue", json={"Name": name})
        if response.status_code != 201:
            raise RuntimeError(f"creating queue {name}: HTTP {response.status_code} {response.text[:300]}")
        return name

    def inject(self, raw: bytes, queue: str | None = None) -> str:
        """Hands ``raw`` to RT through rt-mailgate as a new ticket; returns its number.

        RT tells the mail gateway the ticket number only in DevelMode, so it is read back as
        the newest ticket of the queue; the lock keeps two injections from interleaving.
        """
        queue = queue or self.queue
        with self._inject_lock:
            before = self._newest_ticket(queue)
            result = subprocess.run(
                [self._programs["mailgate"], "--queue", queue, "--action", "correspond", "--url", self.base_url + "/"],
                input=raw, env=self._env(), capture_output=True, timeout=120,
            )  # fmt: skip
            if result.returncode != 0:
                raise RuntimeError(
                    f"rt-mailgate exited with {result.returncode}: "
                    f"{(result.stderr + result.stdout).decode(errors='replace')[-1000:]} | {self._logs()}"
                )
            after = self._newest_ticket(queue)
            if after is None or (before is not None and after <= before):
                raise RuntimeError(f"rt-mailgate said ok but queue {queue} has no new ticket: {self._logs()}")
            return str(after)

    def _newest_ticket(self, queue: str) -> int | None:
        query = "Queue = '" + queue.replace("\\", "\\\\").replace("'", "\\'") + "'"
        response = self.admin(
            "GET", "/tickets", params={"query": query, "orderby": "id", "order": "DESC", "per_page": 1}
        )
        response.raise_for_status()
        items = response.json()["items"]
        return int(items[0]["id"]) if items else None


def start_or_skip() -> RTServer:
    """A started server; skips the test without RT, but fails under CI."""
    if find_rt() is None:
        reason = (
            "Request Tracker 5 is not installed (Debian: request-tracker5, rt5-db-sqlite, rt5-standalone, "
            "rt5-clients; or run .ci/services/rt.sh)"
        )
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the RT tests against a real server")
        pytest.skip(reason)
    return RTServer().start()


@pytest.fixture(scope="session")
def rt_server() -> Iterator[RTServer]:
    """A real RT 5 on a free loopback port for the whole session, stopped at the end."""
    server = start_or_skip()
    try:
        yield server
    finally:
        server.stop()
