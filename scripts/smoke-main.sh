#!/usr/bin/env bash
# Run the README's main command (scripts/serve.sh) until it answers one SPARQL query and
# serves the accreditation reports, then stop it. Exit 1 (with the server's log) otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
log="$(mktemp)"
bash scripts/serve.sh --host 127.0.0.1 --port "$port" --no-access-log >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 600); do
  if curl -fsS -o /dev/null "$base/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D" 2>/dev/null; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "main command exited:"; cat "$log"; exit 1; fi
  sleep 1
done
answer="$(curl -fsS -H 'Accept: application/sparql-results+json' --data-urlencode \
  'query=SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/sens-graph/def#Capacity> }' "$base/sparql")" \
  || { echo "no SPARQL answer:"; cat "$log"; exit 1; }
echo "main command answers SPARQL: $answer"
for page in /reports/ /reports/sens-graph-rapport.pdf /reports/sens-graph-rapport.xlsx; do
  curl -fsS -o /dev/null "$base$page" || { echo "main command does not serve $page:"; cat "$log"; exit 1; }
done
echo "main command serves the reports (/reports/, PDF, XLSX)"
