#!/usr/bin/env bash
# Create (or reuse) a Python virtual environment and install the project into it.
# Usage: source scripts/venv.sh DIR [EXTRAS]   → sets VENV_PY to DIR/bin/python
# Works on a stock Debian/Ubuntu, where pip refuses the system Python (PEP 668) and
# `python3 -m venv` needs the python3-venv package: that package is installed when missing.
venv_dir="$1"
extras="${2:-}"
if [ ! -x "$venv_dir/bin/python" ]; then
  if ! python3 -m venv "$venv_dir" >/dev/null 2>&1; then
    rm -rf "$venv_dir"
    if command -v apt-get >/dev/null 2>&1; then
      SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
      echo "python3 -m venv failed: installing Debian's python3-venv" >&2
      $SUDO apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
    fi
    python3 -m venv "$venv_dir"
  fi
fi
VENV_PY="$venv_dir/bin/python"
"$VENV_PY" -m pip install -q --upgrade pip >/dev/null 2>&1 || true
"$VENV_PY" -m pip install -q -e ".${extras:+[$extras]}"
