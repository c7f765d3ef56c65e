#!/usr/bin/env bash
# Installs Request Tracker 5 (Debian's request-tracker5) for mnp_pipeline's RT ingest tests.
#
# Idempotent and non-interactive: safe to call on every CI run, as root, without a terminal.
# The tests never use the system RT or its database: they write their own RT_SiteConfig into a
# temp dir, create a throwaway SQLite database there and run RT's PSGI app on a free loopback
# port (mnp_pipeline/tests/rt_server.py). So this script only needs the code and binaries:
#   - dbconfig-no-thanks keeps dbconfig-common from creating or prompting for a database;
#   - rt5-db-sqlite brings DBD::SQLite, the only backend the tests use;
#   - rt5-standalone brings Starlet, the PSGI server the tests run RT under;
#   - rt5-clients brings rt-mailgate, which the tests inject notices with;
#   - an MTA is a hard dependency of the packages; when the machine has none we pick msmtp-mta,
#     which has no daemon. The tests point RT's outgoing mail at a file, so it is never used.
# policy-rc.d (101) keeps the post-install scripts from starting system-wide daemons.
set -euo pipefail

packages=(request-tracker5 rt5-db-sqlite rt5-standalone rt5-clients dbconfig-no-thanks libdbd-sqlite3-perl)

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"
}

missing=()
for p in "${packages[@]}"; do
    installed "$p" || missing+=("$p")
done
# The same programs mnp_pipeline/tests/rt_server.py looks for.
if [ ${#missing[@]} -eq 0 ] && [ -x /usr/bin/rt-mailgate ] && [ -x /usr/sbin/rt-setup-database ] \
    && [ -x /usr/share/request-tracker5/libexec/rt-server ]; then
    echo "rt.sh: request-tracker5 already installed ($(dpkg-query -W -f='${Version}' request-tracker5))"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "rt.sh: must run as root to apt-get install request-tracker5 (running as uid $(id -u))" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
start=$(date +%s)

# Deny service starts during the install only; an existing policy-rc.d is kept and restored.
policy=/usr/sbin/policy-rc.d
backup=""
if [ -e "$policy" ]; then
    backup=$(mktemp)
    cp -p "$policy" "$backup"
fi
restore_policy() {
    if [ -n "$backup" ]; then
        mv -f "$backup" "$policy"
    else
        rm -f "$policy"
    fi
}
trap restore_policy EXIT
printf '#!/bin/sh\nexit 101\n' >"$policy"
chmod 755 "$policy"

# Preseed: no database setup by dbconfig (the tests make their own), and no questions.
# debconf-set-selections ships with debconf itself, so it is always there. Its database is
# locked while another apt run configures packages, so retry for as long as apt would wait.
preseed='request-tracker5 request-tracker5/dbconfig-install boolean false
request-tracker5 request-tracker5/dbconfig-upgrade boolean false
request-tracker5 request-tracker5/install-cronjobs boolean false
request-tracker5 request-tracker5/handle-siteconfig-permissions boolean true'
for attempt in $(seq 1 300); do
    if debconf-set-selections <<<"$preseed" 2>/dev/null; then
        break
    fi
    if [ "$attempt" -eq 300 ]; then
        debconf-set-selections <<<"$preseed"  # once more, to show why it fails
    fi
    sleep 2
done

extra=()
if [ ! -e /usr/sbin/sendmail ]; then
    extra+=(msmtp-mta)
fi

# Other service scripts may be running apt at the same moment: wait for its locks rather than fail.
lock=(-o DPkg::Lock::Timeout=600)
# The package lists may be absent (fresh container) or stale; refresh them once.
apt-get update -qq "${lock[@]}"
apt-get install -y -qq --no-install-recommends "${lock[@]}" \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    "${packages[@]}" "${extra[@]}" >/dev/null

echo "rt.sh: installed request-tracker5 $(dpkg-query -W -f='${Version}' request-tracker5) in $(( $(date +%s) - start ))s"
