"""Benchmark: server time per page kind of the French interface (issue 14), on the real graph.

Goal (issue 14): every page kind answered in ≤ 100 ms p50 on the real graph. Each page is requested
in-process through the ASGI app (no network; what is measured is the server's time: routing,
SPARQL on the Oxigraph store, Jinja2 rendering). The first request of each page is reported
apart ("cold": the first visitor's time, after the start-up warm-up of ``pages.warm_up``, whose
time per step is printed first); p50 and p90 are over the next ``--runs`` requests.

    python bench/bench_pages.py [--runs 20] [--project-dir .]   # after `sens-graph build`
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from fastapi.testclient import TestClient

from sens_graph.config import Settings
from sens_graph.server import ServerSettings, create_app, make_store

PROJECT_DIR = Path(__file__).resolve().parent.parent
SOCLE = "/referentiel/socle-postbac/v1.1.2022"
PAGES = {
    "accueil": "/",
    "accueil-profession": "/?profession=infirmier",
    "recherche": "/recherche?q=identitovigilance",
    "referentiel": f"{SOCLE}.html",
    "competence": f"{SOCLE}/competence/1.1.html",
    "capacite": f"{SOCLE}/competence/1.3/capacite/8.html",
    "generique": "/mapping/du-cns-socle-postbac/19.html",
    "comparer": "/comparer?a=socle-postbac/v1.1.2022&b=ambulanciers/v1.1.2023",
    "question": "/queries/couverture-socle-par-du?run=1",
    "question-form": "/queries/couverture-d-un-programme",
    "programme": "/du-cns.html",
    "programme-etu": "/programme/etu-e-sante.html",
}
"""Page kind → path (the same pages as tests/server/test_pages_browser.py)."""
BAR_MS = 100.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--project-dir", type=Path, default=PROJECT_DIR)
    args = parser.parse_args()
    settings = Settings(project_dir=args.project_dir)
    options = ServerSettings(store_dir=settings.project_dir / "var" / "store", reload_interval=0)
    app = create_app(settings, make_store(settings, options), options)
    print(f"{'page':<20} {'status':>6} {'cold ms':>8} {'p50 ms':>8} {'p90 ms':>8}  bar ≤ {BAR_MS:.0f} ms p50")
    with TestClient(app) as client:
        while not app.state.warming.done():  # the background step (every question's default answer)
            time.sleep(0.05)
        warmed = {**app.state.warm_up, **app.state.warming.result()}
        print(f"start-up warm-up {sum(warmed.values()) * 1000:.0f} ms: "
              + ", ".join(f"{k} {v * 1000:.0f}" for k, v in warmed.items()))
        for name, path in PAGES.items():
            times = []
            status = 0
            for _ in range(args.runs + 1):
                start = time.perf_counter()
                response = client.get(path, headers={"Accept": "text/html"})
                times.append((time.perf_counter() - start) * 1000)
                status = response.status_code
            cold, warm = times[0], sorted(times[1:])
            p50 = statistics.median(warm)
            p90 = warm[min(len(warm) - 1, int(len(warm) * 0.9))]
            verdict = "ok" if p50 <= BAR_MS else "SLOW"
            print(f"{name:<20} {status:>6} {cold:>8.1f} {p50:>8.1f} {p90:>8.1f}  {verdict}")


if __name__ == "__main__":
    main()
