#!/usr/bin/env bash
# Installs the dovecot IMAP server that mnp_pipeline's IMAP ingest tests start for themselves.
#
# Idempotent and non-interactive: safe to call on every CI run, as root, without a terminal.
# The tests never use a system dovecot: they run their own instance from a temp-dir config on
# a free loopback port (mnp_pipeline/tests/imap_server.py). So this script only needs the
# binaries, and it keeps the package's post-install from starting a system-wide daemon
# (policy-rc.d 101), which on a machine without systemd would otherwise try to hold 143/993.
set -euo pipefail

status=$(dpkg-query -W -f='${Status}' dovecot-imapd 2>/dev/null || true)
if [ "$status" = "install ok installed" ] && [ -x /usr/sbin/dovecot ]; then
    echo "imap.sh: dovecot-imapd already installed ($(/usr/sbin/dovecot --version))"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "imap.sh: must run as root to apt-get install dovecot-imapd (running as uid $(id -u))" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
start=$(date +%s)

# Deny service starts during the install (policy-rc.d answering 101), unless a policy that
# already does so is in place (container images ship one); any other policy is restored after.
policy=/usr/sbin/policy-rc.d
backup=""
installed_policy=0
restore_policy() {
    if [ "$installed_policy" -eq 1 ]; then
        if [ -n "$backup" ]; then mv -f "$backup" "$policy"; else rm -f "$policy"; fi
    fi
}
trap restore_policy EXIT
rc=0
if [ -x "$policy" ]; then "$policy" dovecot start >/dev/null 2>&1 || rc=$?; fi
if [ "$rc" -ne 101 ]; then
    if [ -e "$policy" ]; then backup=$(mktemp); cp -p "$policy" "$backup"; fi
    installed_policy=1
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
fi

# The package lists may be absent (fresh container) or stale; refresh them once.
apt-get update -qq -o DPkg::Lock::Timeout=600
apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    dovecot-imapd >/dev/null

echo "imap.sh: installed $(/usr/sbin/dovecot --version) in $(( $(date +%s) - start ))s"
