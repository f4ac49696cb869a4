"""Hypothesis breaks valid scenarios at random; the loader only ever answers with diagnostics."""

from __future__ import annotations

import yaml
from conftest import BASE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmsim.resources import scenarios_dir
from pmsim.scenario import LoadResult, load_bytes

SEEDS = [BASE.encode()] + [p.read_bytes() for p in sorted(scenarios_dir().glob("*.yaml"))]

SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def check(raw: bytes) -> LoadResult:
    result = load_bytes(raw, "mutant.yaml")  # must not raise
    lines = max(1, raw.count(b"\n") + 1)
    for diagnostic in result.diagnostics:
        assert diagnostic.severity in ("error", "warning")
        assert diagnostic.message
        assert 1 <= diagnostic.line <= lines, diagnostic
        assert diagnostic.column >= 1
        diagnostic.render(result.source_lines)
    if result.scenario is None:
        assert result.errors >= 1
    else:
        assert result.errors == 0
    return result


def _paths(data: object, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=10), children, max_size=3),
    max_leaves=6,
)


@SETTINGS
@given(seed=st.sampled_from(SEEDS), data=st.data())
def test_truncation(seed: bytes, data) -> None:
    cut = data.draw(st.integers(0, len(seed)))
    check(seed[:cut])


@SETTINGS
@given(seed=st.sampled_from(SEEDS), data=st.data(), noise=st.binary(min_size=1, max_size=20))
def test_random_bytes(seed: bytes, data, noise: bytes) -> None:
    at = data.draw(st.integers(0, len(seed)))
    check(seed[:at] + noise + seed[at:])


@SETTINGS
@given(seed=st.sampled_from(SEEDS), data=st.data())
def test_deleted_keys_and_wrong_types(seed: bytes, data) -> None:
    tree = yaml.safe_load(seed)
    for _ in range(data.draw(st.integers(1, 3))):
        paths = [p for p in _paths(tree) if p]
        if not paths:
            break
        path = data.draw(st.sampled_from(paths))
        parent = tree
        for part in path[:-1]:
            parent = parent[part]
        if data.draw(st.booleans()):
            del parent[path[-1]]
        else:
            parent[path[-1]] = data.draw(values)
    check(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False).encode())


@SETTINGS
@given(seed=st.sampled_from(SEEDS), data=st.data())
def test_swapped_lines(seed: bytes, data) -> None:
    lines = seed.split(b"\n")
    i = data.draw(st.integers(0, len(lines) - 1))
    j = data.draw(st.integers(0, len(lines) - 1))
    lines[i], lines[j] = lines[j], lines[i]
    check(b"\n".join(lines))
