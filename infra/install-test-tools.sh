#!/usr/bin/env bash
# Installs the system tools some tests drive: Chromium (the status page is checked in a real
# headless browser) and promtool (alert rules are validated and unit-tested). Both come from
# Debian's packages; playwright cannot download its own browser on a closed network.
# Idempotent: does nothing when both are present.
set -euo pipefail

need=()
[[ -x /usr/bin/chromium ]] || need+=(chromium)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
if ((${#need[@]} == 0)); then
  echo "test tools present: chromium, promtool"
  exit 0
fi

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || {
    echo "installing ${need[*]} needs root (or sudo)" >&2
    exit 1
  }
  SUDO=(sudo)
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "no apt-get: install ${need[*]} (providing /usr/bin/chromium and promtool) with your package manager" >&2
  exit 1
fi
echo "installing ${need[*]} from Debian's packages"
"${SUDO[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "test tools installed: ${need[*]}"
