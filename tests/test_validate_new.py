"""`pmsim new` never overwrites what an author has, and copies any file it can read into a
file that validates (issue 14): a schema already beside it, a source saved with a BOM, by
Notepad as "Unicode", or with Windows line endings."""

from __future__ import annotations

import codecs
import json

import pytest
from test_validate_mistakes import AUTHOR

from pmsim.cli import main
from pmsim.scenario import load_file, schema

SCHEMA = "pmsim.schema.json"


def test_an_existing_different_schema_beside_the_file_is_kept(tmp_path, capsys) -> None:
    mine = tmp_path / SCHEMA
    mine.write_text('{"my": "own schema"}\n', encoding="utf-8")
    assert main(["new", str(tmp_path / "course.yaml")]) == 0
    assert mine.read_text(encoding="utf-8") == '{"my": "own schema"}\n'
    out = capsys.readouterr().out
    assert f"kept the {SCHEMA} already beside it" in out
    assert f"pmsim schema > {mine}" in out
    assert load_file(tmp_path / "course.yaml").ok


def test_force_replaces_the_schema_too(tmp_path) -> None:
    (tmp_path / SCHEMA).write_text("{}", encoding="utf-8")
    assert main(["new", str(tmp_path / "course.yaml"), "--force"]) == 0
    assert json.loads((tmp_path / SCHEMA).read_text(encoding="utf-8")) == schema.json_schema()


def test_a_second_scenario_in_the_same_folder_shares_the_schema_quietly(tmp_path,
                                                                       capsys) -> None:
    assert main(["new", str(tmp_path / "one.yaml")]) == 0
    capsys.readouterr()
    assert main(["new", str(tmp_path / "two.yaml")]) == 0
    assert "kept" not in capsys.readouterr().out
    assert json.loads((tmp_path / SCHEMA).read_text(encoding="utf-8")) == schema.json_schema()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be-bom", "crlf"])
def test_new_from_a_file_saved_on_windows_writes_a_valid_utf8_file(tmp_path, encoding) -> None:
    source = tmp_path / "theirs.yaml"
    text = AUTHOR.replace("\n", "\r\n") if encoding != "utf-8-sig" else AUTHOR
    if encoding == "utf-16-be-bom":
        source.write_bytes(codecs.BOM_UTF16_BE + text.encode("utf-16-be"))
    elif encoding == "crlf":
        source.write_bytes(text.encode("utf-8"))
    else:
        source.write_bytes(text.encode(encoding))
    assert load_file(source).ok
    copy = tmp_path / "mine.yaml"
    assert main(["new", str(copy), "--from", str(source)]) == 0
    raw = copy.read_bytes()
    assert raw.startswith(b"# yaml-language-server: $schema=pmsim.schema.json\n")
    assert b"\r" not in raw and b"\xef\xbb\xbf" not in raw
    result = load_file(copy)
    assert result.ok and not result.diagnostics, result.render()
    assert result.scenario is not None and result.scenario.id == "mine"
    assert result.scenario.title == "Patient portal: the first quarter"
