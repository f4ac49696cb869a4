"""How soon `pmsim analyze FILE --watch` reruns after a save (issue 14: within a second).

Starts the command as a user would, on a copy of a bundled scenario, waits for its first
report, then saves the file `--saves` times (appending a comment, as an editor would) and
measures, for each save, the time until the "rerunning" line appears and until the new
report is printed. The rerun starts on the next poll (every 0.2 s); the report itself takes as
long as the analysis (--seeds, default 30 here, without robustness).

Run: .venv/bin/python bench/watch_bench.py [--scenario tutorial] [--saves 5] [--seeds 30]
"""

from __future__ import annotations

import argparse
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def read_until(stream, marker: str) -> None:
    while True:
        line = stream.readline()
        if not line:
            raise SystemExit(f"the command ended before printing {marker!r}")
        if marker in line:
            return


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scenario", default="tutorial")
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--seeds", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{args.scenario}.yaml"
        subprocess.run([sys.executable, "-m", "pmsim", "new", str(path), "--from",
                        args.scenario], check=True, capture_output=True)
        child = subprocess.Popen(
            [sys.executable, "-m", "pmsim", "analyze", str(path), "--watch", "--seeds",
             str(args.seeds), "--no-robust"], stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        read_until(child.stdout, "Suggestions:")
        started, finished = [], []
        for n in range(args.saves):
            time.sleep(0.5)
            saved = time.monotonic()
            with path.open("a", encoding="utf-8") as handle:
                handle.write(f"\n# save {n}\n")
            read_until(child.stdout, "rerunning")
            started.append(time.monotonic() - saved)
            read_until(child.stdout, "Suggestions:")
            finished.append(time.monotonic() - saved)
        child.send_signal(signal.SIGINT)
        child.wait(timeout=30)
    print(f"{args.scenario}, {args.saves} saves, --seeds {args.seeds} --no-robust: "
          f"rerun starts after median {statistics.median(started):.2f} s "
          f"(max {max(started):.2f} s); new report after median "
          f"{statistics.median(finished):.2f} s (max {max(finished):.2f} s); "
          f"exit code on Ctrl+C {child.returncode}")


if __name__ == "__main__":
    main()
