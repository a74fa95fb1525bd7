"""``python -m sens_graph.store --worker STORE_DIR``: a query worker (started by the pool only)."""

from __future__ import annotations

import sys

from .worker import worker_main

if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        sys.exit(worker_main(sys.argv[2]))
    sys.exit("usage: python -m sens_graph.store --worker STORE_DIR")
