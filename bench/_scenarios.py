"""The scenarios a benchmark runs on: the files named, or every bundled one. A file that does
not load is reported (its errors, as `pmsim validate` shows them) and skipped."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from pmsim.catalog import bundled
from pmsim.scenario import load_file
from pmsim.scenario.models import Scenario


def scenarios(paths: Sequence[str]) -> Iterator[Scenario]:
    for path in paths or bundled():
        loaded = load_file(path)
        if loaded.scenario is None:
            print(loaded.render())
            continue
        yield loaded.scenario
