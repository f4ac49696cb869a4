"""settings.json never stops the game from starting, and a bad setting never costs the good
ones (issue 13, item 8)."""

from __future__ import annotations

import json

import pytest

from pmsim.ui import settings as settings_module
from pmsim.ui.settings import Settings, load, prune, read, save

GOOD = {"palette": "colorblind", "sound": False, "text_scale": 1.4}


def write(tmp_path, text: str | bytes):
    target = tmp_path / "settings.json"
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8")
    return tmp_path


def with_good(**bad: object) -> str:
    return json.dumps({**GOOD, **bad}, allow_nan=True)


@pytest.mark.parametrize("bad", [
    {"width": float("inf")}, {"height": float("-inf")}, {"width": float("nan")},
    {"width": "1280"}, {"width": [1280]}, {"width": True}, {"text_scale": None},
    {"fullscreen": "yes"}, {"fullscreen": 1}, {"width": 10**400},
])
def test_a_wrong_value_is_named_and_the_other_settings_are_kept(tmp_path, bad) -> None:
    name = next(iter(bad))
    loaded, problems = read(write(tmp_path, with_good(**bad)))
    assert {k: getattr(loaded, k) for k in GOOD if k != name} == {
        k: v for k, v in GOOD.items() if k != name}
    assert len(problems) == 1 and name in problems[0]
    assert getattr(loaded, name) == getattr(Settings(), name)


@pytest.mark.parametrize("text", ['{"width": 1e999, "palette": "colorblind"}',
                                  '{"width": Infinity, "palette": "colorblind"}',
                                  '{"width": NaN, "palette": "colorblind"}'])
def test_overflowing_and_non_finite_json_numbers(tmp_path, text: str) -> None:
    loaded, problems = read(write(tmp_path, text))
    assert loaded.width == 1280 and loaded.palette == "colorblind"
    assert "width" in problems[0]


def test_5000_deep_nesting_is_cut_and_the_rest_kept(tmp_path) -> None:
    deep = "[" * 5000 + "]" * 5000
    text = '{"width": ' + deep + ', "palette": "colorblind", "height": {"a": ' + deep + '}}'
    loaded, problems = read(write(tmp_path, text))
    assert loaded.palette == "colorblind" and loaded.width == 1280
    assert [p.split(": ")[1].split(" ")[0] for p in problems] == ["width", "height"]


def test_an_unclosed_deep_file_gives_the_defaults(tmp_path) -> None:
    loaded, problems = read(write(tmp_path, '{"palette": "colorblind", "x": ' + "[" * 60000))
    assert loaded == Settings() and "not JSON" in problems[0]


@pytest.mark.parametrize("content", [b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", b"", b"[1, 2]",
                                     b"null", b'"text"', b"{", b"\xef\xbb\xbf{]",
                                     b" " * (70 * 1024)])
def test_any_file_gives_defaults_with_a_message(tmp_path, content: bytes) -> None:
    loaded, problems = read(write(tmp_path, content))
    assert loaded == Settings()
    assert len(problems) == 1 and "defaults used" in problems[0]


def test_a_folder_where_the_file_should_be(tmp_path) -> None:
    (tmp_path / "settings.json").mkdir()
    loaded, problems = read(tmp_path)
    assert loaded == Settings() and "cannot be read" in problems[0]


def test_no_file_is_no_problem(tmp_path) -> None:
    assert read(tmp_path) == (Settings(), [])


def test_a_valid_file_round_trips(tmp_path) -> None:
    chosen = Settings(1600, 900, True, 1.2, "colorblind", False)
    save(chosen, tmp_path)
    assert read(tmp_path) == (chosen, [])


def test_load_says_each_problem_once_on_stderr(tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setattr(settings_module, "_told", set())
    folder = write(tmp_path, with_good(width="wide"))
    assert load(folder).palette == "colorblind"
    load(folder)
    err = capsys.readouterr().err
    assert err.count("width is \"wide\"") == 1 and err.startswith("pmsim: settings:")


def test_prune_keeps_brackets_inside_strings() -> None:
    text = '{"a": "[[[[[[[[", "b": [[[[[[1]]]]]], "c": "\\"[[[[[["}'
    assert json.loads(prune(text, 2)) == {"a": "[[[[[[[[", "b": [None], "c": '"[[[[[['}
