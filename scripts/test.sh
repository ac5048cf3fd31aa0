#!/usr/bin/env bash
# Install everything the tests need (Chromium from Debian, Python packages) and run them all.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages: Chromium for the browser tests, Java for the Nu HTML Checker, Node for npm tools.
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
command -v java >/dev/null || missing="$missing default-jre-headless"
command -v npm >/dev/null || missing="$missing nodejs npm"
if [ -n "$missing" ]; then
  echo "installing Debian packages:$missing"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

# npm test tools pinned in package-lock.json: axe-core, the Nu HTML Checker (vnu-jar), Lighthouse
npm ci --no-audit --no-fund --loglevel=error

python3 -m pip install -q --disable-pip-version-check '.[test]'
# Tests import the package from this checkout (pythonpath in pyproject); -n 2 uses both cores.
python3 -m pytest -n 2 "$@"
