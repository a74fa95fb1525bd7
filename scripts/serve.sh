#!/usr/bin/env bash
# The main job, from a clean clone: install the Debian packages and the project (in .venv),
# build the graph, make the reports, and serve everything on http://127.0.0.1:8000.
# Arguments go to `sens-graph serve` (e.g. --port 8080). SENS_GRAPH_VENV overrides .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/debian-packages.sh
source scripts/venv.sh "${SENS_GRAPH_VENV:-.venv}"
exec "$(dirname "$VENV_PY")/sens-graph" serve "$@"
