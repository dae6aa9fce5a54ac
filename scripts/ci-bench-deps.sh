#!/usr/bin/env bash
# Installs what the benchmark's end-to-end test needs beyond npm: Debian's
# chromium (driven by playwright-core through executablePath). Idempotent and
# fast when chromium is already installed.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "ci-bench-deps: chromium already installed ($(/usr/bin/chromium --version 2>/dev/null || echo unknown version))"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y chromium
/usr/bin/chromium --version
