#!/usr/bin/env bash
# The whole test suite from a clean clone, the way a newcomer's machine runs it:
# 1. the Debian packages the tests need (scripts/debian-packages.sh --tests);
# 2. a FRESH virtual environment (.venv-test, recreated each run) with the project and its
#    [test] extra, so that nothing comes from the machine's Python by luck;
# 3. ruff;
# 4. the README's main command (scripts/serve.sh, in its own virtual environment .venv) until it
#    answers a SPARQL query and serves the reports (skipped when arguments are given);
# 5. pytest (arguments go to pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/debian-packages.sh --tests
rm -rf .venv-test
source scripts/venv.sh .venv-test test
bin="$(dirname "$VENV_PY")"
"$bin/ruff" check src tests bench
if [ "$#" -eq 0 ]; then
  bash scripts/smoke-main.sh
fi
"$VENV_PY" -m pytest -q -p no:cacheprovider "$@"
