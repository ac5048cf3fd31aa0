#!/usr/bin/env bash
# Install everything the tests need and run them all: Chromium, Java and Node from Debian, the npm test
# tools, and a virtual environment of the tests' own made from pyproject.toml alone.
#
# The tests never run with packages installed by hand: .venv-test/ holds exactly what pyproject.toml
# declares (the dependencies and the [test] extras), so a dependency missing there fails here and in CI.
# It is made again whenever pyproject.toml or the Python version changes, and reused otherwise.
# Arguments go to pytest: `bash scripts/test.sh -m "not browser"` runs the tests without a browser.
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages: Chromium for the browser tests, Java for the Nu HTML Checker, Node for npm tools.
missing=""
[ -x /usr/bin/chromium ] || missing="$missing chromium"
command -v java >/dev/null || missing="$missing default-jre-headless"
command -v npm >/dev/null || missing="$missing nodejs npm"
python3 -c "import ensurepip, venv" 2>/dev/null || missing="$missing python3-venv"  # Debian splits venv out
if [ -n "$missing" ]; then
  echo "installing Debian packages:$missing"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

# npm test tools pinned in package-lock.json: axe-core, the Nu HTML Checker (vnu-jar), Lighthouse,
# Adobe's structured-data validator with the extractor it reads pages through, and Sveltia CMS (the
# browser editor's bundle, served to Chromium from node_modules: the tests use no CDN).
# `npm ci` starts from nothing each time, so it runs only when the lock file changed.
npm_stamp="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [ "$(cat node_modules/.etalase-stamp 2>/dev/null)" != "$npm_stamp" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$npm_stamp" > node_modules/.etalase-stamp
fi

# The tests' virtual environment, from pyproject.toml only.
venv=.venv-test
venv_stamp="$(cat pyproject.toml <(python3 --version) | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$venv/.etalase-stamp" 2>/dev/null)" != "$venv_stamp" ]; then
  echo "making $venv from pyproject.toml"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check '.[test]'
  # Keep the dependencies, drop the installed copy of Etalase itself: the tests run this checkout's code
  # (a .pth file puts it on the path, also for `python -m generator` in a subprocess from another folder).
  "$venv/bin/python" -m pip uninstall -q -y etalase
  echo "$venv_stamp" > "$venv/.etalase-stamp"
fi
site_packages="$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')"
pwd > "$site_packages/etalase-checkout.pth"

# -n 2 uses both cores.
exec "$venv/bin/python" -m pytest -n 2 "$@"
