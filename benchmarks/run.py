"""Every figure beside its anchor, measured in one run, printed as ratios against the targets.

Run: ``python -m benchmarks`` (or ``python benchmarks/run.py``); ``--rows 10000`` for a quick run,
``--runs N`` for more cold starts. Black-box through the app: keys in, frames out.

- cold start: ``flowtui --demo`` in a pty at 80x24 until the first record's name is drawn,
  against a bare Textual app (header, DataTable, footer) drawing the same rows; alternating runs.
- per row count, over one loopback server (benchmarks/loopback.py): flowtui's pane against a raw
  httpx paging loop (full load), against a bare DataTable holding the same rows (page-down CPU,
  a filter keystroke, a sort, memory); the worst event-loop stall while loading, from a probe
  task on the loop (benchmarks/pane.py), beside the same probe during the raw loop.
- per row count, in a real terminal (benchmarks/terminal_keys.py): the app's CPU from each
  filter keystroke written to its pty to the frame that shows the filter's first matches, median
  and worst of 12, beside a key that does nothing; no test harness in the app.
- the patch engine against ``jsonpatch.make_patch`` (benchmarks/bench_diff.py).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


class Report:
    """Lines of: what, flowtui's figure, the anchor's, the ratio or figure judged, the target."""

    def __init__(self) -> None:
        self.missed: list[str] = []
        print(f"{'figure':38} {'flowtui':>10} {'anchor':>10} {'ratio':>7}  target")

    def line(
        self,
        what: str,
        ours: float,
        anchor: float | None,
        unit: str,
        *,
        judged: float | None = None,
        target: float | None = None,
        target_text: str = "",
        as_ratio: bool = True,
    ) -> None:
        ratio = ours / anchor if anchor and as_ratio else None
        value = judged if judged is not None else ratio
        met = "" if target is None or value is None else ("ok" if value <= target else "MISSED")
        if met == "MISSED":
            self.missed.append(what)
        anchor_text = "-" if anchor is None else f"{anchor:.1f}{unit}"
        ratio_text = "-" if ratio is None else f"{ratio:.2f}x"
        print(
            f"{what:38} {ours:>8.1f}{unit:2} {anchor_text:>10} {ratio_text:>7}  "
            f"{target_text} {met}".rstrip(),
            flush=True,
        )


def environment() -> dict[str, str]:
    folder = tempfile.mkdtemp(prefix="flowtui-bench-")
    return {**os.environ, "FLOWTUI_STATE_DIR": folder, "PYTHONPATH": str(ROOT)}


def cold_start(report: Report, runs: int) -> None:
    from benchmarks.cold_start import measure

    times = measure(runs)
    ours, bare = statistics.median(times["flowtui"]), statistics.median(times["bare"])
    report.line(
        f"cold start to records (median of {runs})",
        ours * 1000,
        bare * 1000,
        "ms",
        target=1.5,
        target_text="<= 1.5x",
    )


@contextmanager
def loopback(rows: int) -> Iterator[tuple[str, int]]:
    """A loopback server with ``rows`` flows: its URL and the flows' JSON bytes."""
    server = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.loopback", str(rows)],
        stdout=subprocess.PIPE,
        text=True,
        env=environment(),
        cwd=ROOT,
    )
    try:
        assert server.stdout is not None
        ready = server.stdout.readline().split()
        if not ready or ready[0] != "READY":
            raise SystemExit("benchmark: the loopback server did not start")
        yield ready[1], int(ready[2])
    finally:
        server.kill()
        server.wait()


def pane_figures(mode: str, url: str, rows: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.pane", mode, url, str(rows)],
        capture_output=True,
        text=True,
        env=environment(),
        cwd=ROOT,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"benchmark: the {mode} pane failed:\n{done.stderr[-2000:]}")
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def panes(report: Report, rows: int) -> None:
    from benchmarks.terminal_keys import measure as terminal_keys

    with loopback(rows) as (url, json_bytes):
        bare = pane_figures("bare", url, rows)
        ours = pane_figures("flowtui", url, rows)
        terminal = terminal_keys(url, rows, environment())
    n = f"{rows:,}"
    if ours["rows"] < rows or bare["rows"] < rows:
        raise SystemExit(f"benchmark: {ours['rows']} / {bare['rows']} rows loaded, not {n}")
    report.line(f"{n}: full load vs raw httpx loop", ours["load_s"], bare["load_s"], "s")
    report.line(
        f"{n}: worst loop stall while loading",
        ours["stall_ms"],
        bare["stall_ms"],
        "ms",
        judged=ours["stall_ms"],
        target=50,
        target_text="<= 50 ms",
    )
    report.line(
        f"{n}: stalls over 50 ms while loading",
        ours["stalls_over_50ms"],
        bare["stalls_over_50ms"],
        "",
    )
    report.line(
        f"{n}: page-down CPU per key",
        ours["pagedown_ms"],
        bare["pagedown_ms"],
        "ms",
        target=1.2,
        target_text="<= 1.2x",
    )
    report.line(
        f"{n}: filter key CPU to 1st frame",
        ours["filter_ms"],
        bare.get("filter_ms"),
        "ms",
        judged=ours["filter_ms"],
        target=16,
        target_text="<= 16 ms",
    )
    report.line(f"{n}: filter key CPU, every row seen", ours["filter_whole_ms"], None, "ms")
    report.line(
        f"{n}: filter key in a terminal, median",
        terminal["key_median_ms"],
        terminal["noop_ms"],
        "ms",
        judged=terminal["key_median_ms"],
        target=16,
        target_text="<= 16 ms (anchor: a no-op key)",
        as_ratio=False,
    )
    report.line(
        f"{n}: filter key in a terminal, worst",
        terminal["key_worst_ms"],
        None,
        "ms",
        judged=terminal["key_worst_ms"],
        target=16,
        target_text="<= 16 ms",
    )
    report.line(
        f"{n}: worst loop stall while filtering",
        ours["filter_stall_ms"],
        None,
        "ms",
        judged=ours["filter_stall_ms"],
        target=50,
        target_text="<= 50 ms",
    )
    sort_target = 100.0 if rows <= 10_000 else None
    report.line(
        f"{n}: sort by name CPU",
        ours["sort_ms"],
        bare["sort_ms"],
        "ms",
        judged=ours["sort_ms"],
        target=sort_target,
        target_text="<= 100 ms" if sort_target else "",
    )
    pane_mb = ours["rss_mb"] - bare["base_rss_mb"]
    report.line(
        f"{n}: memory over the bare app / JSON",
        pane_mb,
        json_bytes / 1e6,
        "MB",
        target=3.0,
        target_text="<= 3x JSON",
    )


def diff(report: Report) -> None:
    from benchmarks import bench_diff
    from flowtui.patching import diff as flowtui_diff

    worst: tuple[float, str] | None = None
    for name, before, after, _ in bench_diff.cases():
        ours, _ = bench_diff._best(partial(flowtui_diff, before, after))
        theirs, _ = bench_diff._best(
            partial(bench_diff._make_patch, before, after), budget=3.0, at_most=3
        )
        if worst is None or ours / theirs > worst[0]:
            worst = (ours / theirs, name)
            worst_times = (ours, theirs)
    assert worst is not None
    report.line(
        f"diff, slowest case vs make_patch ({worst[1][:12]})",
        worst_times[0] * 1000,
        worst_times[1] * 1000,
        "ms",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--rows", default="10000,100000", help="row counts, comma-separated")
    parser.add_argument("--runs", type=int, default=5, help="cold starts of each app")
    parser.add_argument("--skip", default="", help="sections to skip: cold,panes,diff")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    load = os.getloadavg()
    print(
        f"flowtui benchmarks: {os.cpu_count()} CPUs, load average {load[0]:.1f} at start, "
        f"Python {sys.version.split()[0]}; ratios are flowtui / anchor, lower is better"
    )
    started = time.perf_counter()
    report = Report()
    sections: list[tuple[str, Callable[[], None]]] = [
        ("cold", lambda: cold_start(report, args.runs))
    ]
    sections += [("panes", partial(panes, report, int(rows))) for rows in args.rows.split(",")]
    sections.append(("diff", lambda: diff(report)))
    for name, run in sections:
        if name not in skip:
            run()
    load = os.getloadavg()
    print(
        f"done in {time.perf_counter() - started:.0f} s, load average {load[0]:.1f} at the end; "
        + (f"missed: {', '.join(report.missed)}" if report.missed else "every target met")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
