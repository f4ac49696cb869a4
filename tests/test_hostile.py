"""Hostile and broken files are refused with one clear message; nothing in them runs."""

from __future__ import annotations

import os
import time

import pytest
from conftest import BASE, load_text

from pmsim.scenario import load_bytes
from pmsim.scenario.yamlsource import MAX_BYTES, MAX_DEPTH

ALIAS_BOMB = b"""\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def only_error(raw: bytes):
    started = time.perf_counter()
    result = load_bytes(raw, "hostile.yaml")
    elapsed = time.perf_counter() - started
    assert result.scenario is None
    assert len(result.diagnostics) >= 1
    assert all(d.severity == "error" for d in result.diagnostics)
    # a guard against blow-ups (exponential expansion, runaway recursion), not a benchmark
    assert elapsed < 5, f"took {elapsed:.1f} s"
    return result.diagnostics[0]


def test_alias_bomb_is_refused() -> None:
    assert len(ALIAS_BOMB) < 400
    error = only_error(ALIAS_BOMB)
    assert "aliases" in error.message
    assert (error.line, error.column) == (2, 8)


@pytest.mark.parametrize(
    "payload",
    [
        "!!python/object/apply:os.system ['touch /tmp/pmsim-pwned']",
        "!!python/object:os.system {}",
        "!!python/name:os.system",
        "!!binary aGVsbG8=",
        "!custom thing",
    ],
)
def test_tags_are_refused_and_never_constructed(payload: str, tmp_path) -> None:
    text = BASE.replace("title: Base scenario", f"title: {payload}")
    error = only_error(text.encode())
    assert "tag" in error.message and "not allowed" in error.message
    assert error.line == 3
    assert not (tmp_path / "pmsim-pwned").exists()


@pytest.mark.parametrize("opener", ["[", "{a: "])
def test_deep_nesting_is_refused(opener: str) -> None:
    raw = ("k: " + opener * 5000).encode()
    error = only_error(raw)
    assert f"nested more than {MAX_DEPTH} levels" in error.message


def test_deep_block_nesting_is_refused() -> None:
    raw = "".join("  " * i + f"k{i}:\n" for i in range(500)).encode()
    error = only_error(raw)
    assert "nested" in error.message


def test_binary_file_is_refused() -> None:
    raw = bytes(range(256)) * 4
    error = only_error(raw)
    assert "binary" in error.message


def test_latin1_file_is_refused_at_the_bad_byte() -> None:
    raw = BASE.replace("title: Base scenario", "title: Café crème").encode("latin-1")
    error = only_error(raw)
    assert "not UTF-8" in error.message
    assert (error.line, error.column) == (3, 11)
    assert "UTF-8" in (error.hint or "")


def test_utf8_with_bom_and_other_scripts_load() -> None:
    text = BASE.replace("title: Base scenario", "title: Café — 製品ロードマップ")
    result = load_bytes(b"\xef\xbb\xbf" + text.encode(), "bom.yaml")
    assert result.ok, result.render()
    assert result.scenario.title == "Café — 製品ロードマップ"


def test_oversized_file_is_refused_before_parsing() -> None:
    raw = b"# " + b"x" * MAX_BYTES + b"\n"
    error = only_error(raw)
    assert "limited to" in error.message


def test_several_documents_are_refused() -> None:
    error = only_error((BASE + "---\nformat: 1\n").encode())
    assert "more than one YAML document" in error.message
    assert error.line == BASE.count("\n") + 1


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"- just\n- a list\n", "mapping of keys"),
        (b"hello\n", "mapping of keys"),
        (b"", "empty"),
        (b"# only a comment\n", "empty"),
        (b"a: [1, 2\n", "invalid YAML"),
        (b"a:\n\tb: 1\n", "invalid YAML"),
        (b"a: 1\n? [x]\n: 2\n", "plain word"),
        (b"rounds: 1" + b"0" * 100 + b"\n", "cannot be read"),
        (b"a: '\x07'\n", "invalid YAML"),
    ],
)
def test_malformed_files_get_a_clear_error(raw: bytes, words: str) -> None:
    only_error(raw)
    messages = [d.message for d in load_bytes(raw).diagnostics]
    assert any(words in m for m in messages), messages


def test_tab_indent_hint() -> None:
    error = only_error(b"a:\n\tb: 1\n")
    assert "tabs" in (error.hint or "")
    assert (error.line, error.column) == (2, 1)


def test_special_floats_are_refused() -> None:
    result = load_text(BASE.replace("cost: [4, 8]", "cost: [4, .inf]"))
    assert not result.ok
    result = load_text(BASE.replace("influence: 4", "influence: .nan"))
    assert not result.ok


def test_an_unclosed_quote_points_at_where_it_opens() -> None:
    result = load_bytes(b'format: 1\ntitle: "Unclosed\nid: x\n', "hostile.yaml")
    (error,) = [d for d in result.diagnostics if "invalid YAML" in d.message]
    assert (error.line, error.column) == (2, 8)
    assert "ends before this quoted text is closed" in error.message


def test_an_unclosed_bracket_names_the_line_it_opens_on() -> None:
    result = load_bytes(b"a: [1, 2\nb: 3\n", "hostile.yaml")
    (error,) = [d for d in result.diagnostics if "invalid YAML" in d.message]
    assert (error.line, error.column) == (1, 4)
    assert "not closed before line 2" in error.message


def test_a_method_too_precise_for_floating_point_plays_as_exact() -> None:
    """`precision: 1e-300` is valid (0 to 1), but its square is 0 in floating point: pooling
    findings divided by it and crashed the game for a player who ran such a method."""
    from pathlib import Path

    from pmsim.analysis import POLICIES, play
    from pmsim.engine import score, view

    text = (Path(__file__).parent.parent / "scenarios" / "tutorial.yaml").read_text()
    text = text.replace("precision: 0.2\n", "precision: 1e-300\n")
    scenario = load_text(text).scenario
    assert scenario is not None
    for seed in (7, 8):
        game = play(scenario, seed, POLICIES["evidence"])
        assert score(game).total >= 0
        told = [r for r in view(game).requests if r.known_impact]
        assert told, "the policy ran discovery and its findings are in the view"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_is_refused_at_once_not_read_forever(tmp_path) -> None:
    from pmsim.scenario import load_file

    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)  # no writer: reading it would block forever
    result = load_file(pipe)
    assert result.scenario is None
    assert "not a regular file" in result.diagnostics[0].message


def test_a_folder_is_refused_as_a_folder(tmp_path) -> None:
    from pmsim.scenario import load_file

    result = load_file(tmp_path)
    assert result.scenario is None and "it is a folder" in result.diagnostics[0].message
