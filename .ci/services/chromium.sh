#!/usr/bin/env bash
# Installs Debian's chromium for mnp_pipeline's browser test of the web UI
# (mnp_pipeline/tests/test_ui_browser.py drives /usr/bin/chromium headless through
# Playwright's Python API; it never runs `playwright install`, which downloads a browser).
#
# Idempotent and non-interactive: safe to call on every CI run, as root, without a terminal.
# fonts-dejavu-core gives the pages and the SVG charts a font on a minimal image, so the
# screenshots show text, not boxes.
set -euo pipefail

packages=(chromium fonts-dejavu-core)

installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"
}

missing=()
for p in "${packages[@]}"; do
    installed "$p" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ] && [ -x /usr/bin/chromium ]; then
    echo "chromium.sh: chromium already installed ($(dpkg-query -W -f='${Version}' chromium))"
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
/usr/bin/chromium --version
