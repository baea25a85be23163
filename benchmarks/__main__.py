"""``python -m benchmarks``: every figure beside its anchor, as ratios (see benchmarks/run.py)."""

from benchmarks.run import main

raise SystemExit(main())
