#!/usr/bin/env bash
# Install everything the tests need (Chromium from Debian, Python packages) and run them all.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  echo "installing Chromium (Debian package) for the browser tests..."
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

python3 -m pip install -q --disable-pip-version-check '.[test]'
# Tests import the package from this checkout (pythonpath in pyproject); -n 2 uses both cores.
python3 -m pytest -n 2 "$@"
