#!/usr/bin/env bash
# Install the Debian packages sens-graph needs at run time (and, with --tests, for its test suite),
# when they are missing. No-op where apt-get is absent.
#   run time: Java (HermiT's OWL check), Pango + DejaVu fonts (WeasyPrint's PDF reports)
#   tests:    Chromium + ChromeDriver (browser tests), poppler-utils (PDF → text/PNG),
#             virtuoso-opensource (the remote-store test on a real SPARQL engine)
set -euo pipefail
command -v apt-get >/dev/null 2>&1 || exit 0
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
need=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
have libpango-1.0-0 || need+=(libpango-1.0-0)
have libpangoft2-1.0-0 || need+=(libpangoft2-1.0-0)
have fonts-dejavu-core || need+=(fonts-dejavu-core)
if [ "${1:-}" = "--tests" ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium chromium-driver)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
  command -v virtuoso-t >/dev/null 2>&1 || need+=(virtuoso-opensource)
fi
if [ "${#need[@]}" -gt 0 ]; then
  echo "installing Debian packages: ${need[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
