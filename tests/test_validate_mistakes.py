"""`pmsim validate` on the mistakes instructors make (issue 14): each broken file, written here,
gets one located error (two at most) whose message and hint name the real mistake.

Every case breaks AUTHOR, a small valid format-2 scenario, the way a person would: a key
indented under the line above, a list item without its `- `, Word's curly quotes, a file saved
by Notepad as "Unicode", and so on.
"""

from __future__ import annotations

import codecs
import json

import pytest

from pmsim.cli import main
from pmsim.scenario import LoadResult, load_bytes
from pmsim.scenario.diagnostics import Diagnostic

AUTHOR = """\
# yaml-language-server: $schema=pmsim.schema.json
format: 2
id: clinic-portal
title: "Patient portal: the first quarter"
summary: A hospital's patient portal, a loud ask and a quiet one.
briefing: |
  You are the product manager of the patient portal.
  Two people want your team's time.
rounds: 4
round_name: month
capacity: 8
stakeholders:
  - id: grace
    name: Grace Liu
    role: Chief Medical Officer
    influence: 5
    cares_about: [revenue]
  - id: omar
    name: Omar Haddad
    role: Front Desk Lead
    influence: 2
    cares_about: [satisfaction]
discovery:
  - id: survey
    name: Patient survey
    cost: 1
    sees: [satisfaction]
requests:
  - id: video-visits
    title: Video visits
    asked_by: grace
    pitch: Every clinic wants this; {revenue} a month.
    estimate: 5
    cost: [4, 7]
    claims: [revenue]
    impact:
      revenue: [0, 900]
  - id: refill-bug
    title: Fix repeat prescriptions that vanish
    asked_by: omar
    kind: bug
    pitch: Patients call when their refill request disappears.
    estimate: 2
    cost: [1, 3]
    impact:
      satisfaction: [4, 8]
    evidence:
      survey: A third of the patients who use refills have lost one.
events:
  - id: board-review
    title: The board reviews the portal
    speaker: grace
    round: 3
    when:
      all:
        - metric: satisfaction
          below: 60
    message: The board asks why patients are unhappy.
    effects:
      trust: {grace: -5}
lessons:
  - principle: customer_voice
    when: {shipped: refill-bug}
    text: The quiet bug was worth more than it sounded.
"""


def broken(old: str, new: str, text: str = AUTHOR) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def check(raw: bytes | str) -> LoadResult:
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    return load_bytes(data, "course.yaml")


def errors(result: LoadResult) -> list[Diagnostic]:
    return [d for d in result.diagnostics if d.severity == "error"]


def only_error(raw: bytes | str) -> Diagnostic:
    found = errors(check(raw))
    assert len(found) == 1, "\n".join(d.message for d in found)
    return found[0]


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_the_authors_file_is_valid() -> None:
    result = check(AUTHOR)
    assert result.ok, result.render()


# --- twelve ways of breaking it -------------------------------------------------------------


def test_a_key_indented_under_the_line_above_is_an_indentation_error() -> None:
    text = broken("    role: Chief Medical Officer", "      role: Chief Medical Officer")
    error = only_error(text)
    assert (error.line, error.column) == (line_of(text, "      role:"), 7)
    assert "'role:' is indented more than 'name:'" in error.message
    assert "line 'role:' up with 'name:' (column 5)" in (error.hint or "")
    assert "quotes" not in error.message + (error.hint or "")


def test_a_list_item_without_its_dash_is_one_error_and_the_item_still_counts() -> None:
    text = broken("  - id: omar\n", "    id: omar\n")
    result = check(text)
    (error,) = errors(result)  # not ten duplicate keys and an unknown stakeholder
    assert error.line == line_of(text, "    id: omar")
    assert "without its '- '" in error.message and "'stakeholders'" in error.message
    assert "write '- ' before 'id:'" in (error.hint or "")


def test_a_list_item_out_of_line_names_the_column_of_the_others() -> None:
    text = broken("  - id: omar\n    name: Omar Haddad", "   - id: omar\n     name: Omar Haddad")
    error = only_error(text)
    assert (error.line, error.column) == (line_of(text, "   - id: omar"), 4)
    assert "out of line with the one on line 13" in error.message
    assert "same column (here 3)" in (error.hint or "")


def test_a_list_item_indented_as_if_nested_is_out_of_line() -> None:
    text = broken("  - id: omar\n    name: Omar Haddad\n    role: Front Desk Lead\n"
                  "    influence: 2\n    cares_about: [satisfaction]",
                  "    - id: omar\n      name: Omar Haddad\n      role: Front Desk Lead")
    error = only_error(text)
    assert (error.line, error.column) == (line_of(text, "    - id: omar"), 5)
    assert "out of line" in error.message


@pytest.mark.parametrize("space", ["\u00a0", "\u2003"])
def test_indentation_pasted_from_a_web_page_is_blamed_on_its_own_line(space: str) -> None:
    text = broken("    role: Chief Medical Officer", space * 4 + "role: Chief Medical Officer")
    error = only_error(text)
    assert (error.line, error.column) == (line_of(text, space * 4 + "role"), 1)
    assert f"U+{ord(space):04X}" in error.message
    assert "ordinary spaces" in (error.hint or "")


def test_words_curly_quotes_are_named_as_the_wrong_quotes() -> None:
    text = broken("title: Video visits", "title: \u201cTelehealth: video visits\u201d")
    error = only_error(text)
    assert (error.line, error.column) == (line_of(text, "title: \u201c"), 12)
    assert "curly quotes" in error.message
    assert "straight quotes" in (error.hint or "")


def test_a_key_without_its_colon_is_found_on_its_own_line() -> None:
    text = broken("    role: Front Desk Lead", "    role Front Desk Lead")
    error = only_error(text)
    assert (error.line, error.column) == (line_of(text, "    role Front"), 5)
    assert "'role Front Desk Lead' has no ':'" in error.message


def test_a_value_with_colon_space_still_gets_the_quotes_hint() -> None:
    text = broken("title: Video visits", "title: Telehealth: video visits")
    error = only_error(text)
    assert error.line == line_of(text, "title: Telehealth")
    assert "needs quotes" in (error.hint or "")


def test_a_request_without_its_dash_is_not_lost() -> None:
    text = broken("  - id: refill-bug\n", "    id: refill-bug\n")
    result = check(text)
    (error,) = errors(result)  # the lesson naming 'refill-bug' still finds it
    assert error.line == line_of(text, "    id: refill-bug")
    assert "a new item of 'requests'" in error.message


def test_a_list_item_without_its_dash_whose_keys_come_in_another_order() -> None:
    text = broken("  - id: omar\n    name: Omar Haddad", "    name: Omar Haddad\n    id: omar")
    (error,) = errors(check(text))
    assert error.line == line_of(text, "    name: Omar Haddad")
    assert "without its '- '" in error.message
    assert "write '- ' before 'name:'" in (error.hint or "")


def test_a_key_indented_less_than_its_neighbours_names_the_neighbour() -> None:
    text = broken("    asked_by: grace", "   asked_by: grace")
    error = only_error(text)
    assert (error.line, error.column) == (line_of(text, "   asked_by"), 4)
    assert "indented differently" in error.message
    assert f"'title:' on line {line_of(text, 'title: Video')} (column 5)" in (error.hint or "")


def test_no_space_after_a_colon_is_named_on_its_own_line() -> None:
    text = broken("    title: Video visits", "    title:Video visits")
    error = only_error(text)
    assert (error.line, error.column) == (line_of(text, "title:Video"), 11)
    assert "no space after 'title:'" in error.message


@pytest.mark.parametrize(("value", "reads"), [
    ("{revenue} a month, every clinic wants this.", "mapping in { }"),
    ("[Beta] video visits", "list in [ ]"),
    ("@grace wants video visits", "reserves"),
])
def test_text_starting_with_a_yaml_character_needs_quotes(value: str, reads: str) -> None:
    text = broken("    pitch: Every clinic wants this; {revenue} a month.", f"    pitch: {value}")
    error = only_error(text)
    assert (error.line, error.column) == (line_of(text, f"pitch: {value}"), 12)
    assert f"starts with '{value[0]}'" in error.message and reads in error.message
    assert (error.hint or "").startswith("put the whole text in quotes: pitch: \"")


def test_text_that_is_all_placeholder_needs_quotes_too() -> None:
    text = broken("    pitch: Every clinic wants this; {revenue} a month.", "    pitch: {revenue}")
    error = only_error(text)
    assert error.message == "'pitch' of request 'video-visits' should be text, not a mapping"
    assert "put the whole text in quotes" in (error.hint or "")


def test_a_top_level_key_without_its_colon_sets_aside_only_its_section() -> None:
    text = broken("requests:\n", "requests\n")
    error = only_error(text)  # no "missing 'requests'", no "there is no request"
    assert (error.line, error.column) == (line_of(text, "requests\n"), 1)
    assert "'requests' has no ':'" in error.message


def test_a_top_level_key_indented_by_one_is_told_to_start_in_column_one() -> None:
    text = broken("discovery:\n", " discovery:\n")
    error = only_error(text)
    assert (error.line, error.column) == (line_of(text, " discovery:"), 2)
    assert error.hint == (f"a top-level key starts in column 1, as 'stakeholders:' on line "
                          f"{line_of(text, 'stakeholders:')} does")


def test_a_top_level_list_indented_into_the_section_above_is_one_error() -> None:
    text = broken("stakeholders:\n", "metrics:\n  satisfaction: 60\n  stakeholders:\n")
    (error,) = errors(check(text))  # not also "missing" and six unknown stakeholders
    assert error.line == line_of(text, "  stakeholders:")
    assert error.message == "'stakeholders' is indented into 'metrics'; it is a key of the scenario"
    assert error.hint == "line 'stakeholders:' up with the other keys of the scenario"


def test_a_key_indented_into_the_mapping_above_names_where_it_belongs() -> None:
    text = broken("    message: The board asks", "      message: The board asks")
    (error,) = errors(check(text))
    assert error.line == line_of(text, "      message:")
    assert error.message == ("'message' is indented into 'when' of event 'board-review'; it is "
                             "a key of event 'board-review'")


def test_a_metric_key_indented_into_the_mapping_above_names_where_it_belongs() -> None:
    text = broken("    impact:\n      revenue: [0, 900]\n",
                  "    impact:\n      revenue: [0, 900]\n      adoption: 2\n")
    (error,) = errors(check(text))
    assert error.message == ("'adoption' is indented into 'impact' of request 'video-visits'; "
                             "it is a key of request 'video-visits'")


def test_a_top_level_text_key_indented_is_not_also_missing() -> None:
    text = broken("summary: A hospital", " summary: A hospital")
    error = only_error(text)
    assert error.line == line_of(text, " summary:")
    assert "indented differently" in error.message


def test_an_empty_section_says_to_indent_what_it_holds() -> None:
    text = broken("    impact:\n      revenue: [0, 900]\n", "    impact:\n    revenue: [0, 900]\n")
    found = errors(check(text))
    assert len(found) <= 2
    assert found[0].message == ("'impact' of request 'video-visits' should be a mapping "
                                "(indented 'key: value' lines), not nothing (the value is empty)")
    assert found[0].hint == "write what it holds on the lines below it, indented under it"


def test_an_indented_first_key_is_named() -> None:
    text = broken("format: 2", "  format: 2")
    error = only_error(text)
    assert (error.line, error.column) == (2, 3)
    assert "first key is indented" in error.message
    assert "column 1" in (error.hint or "")


# --- files made the way instructors make them -------------------------------------------------


def test_a_tab_between_key_and_value_is_named() -> None:
    text = broken("    title: Video visits", "    title:\tVideo visits")
    error = only_error(text)
    assert (error.line, error.column) == (line_of(text, "title:\t"), 11)
    assert error.message == "invalid YAML: a tab where YAML expects a space"


def test_a_non_breaking_space_after_a_list_dash_is_named() -> None:
    text = broken("  - id: omar", "  -\u00a0id: omar")
    error = only_error(text)
    assert (error.line, error.column) == (line_of(text, "-\u00a0id"), 4)
    assert "U+00A0" in error.message


def test_a_tab_in_the_indentation_is_named() -> None:
    text = broken("    influence: 2\n", "\tinfluence: 2\n")
    error = only_error(text)
    assert (error.line, error.column) == (line_of(text, "\tinfluence"), 1)
    assert "indented with a tab" in error.message
    assert "spaces" in (error.hint or "")


def test_windows_line_endings_are_read() -> None:
    result = check(AUTHOR.replace("\n", "\r\n"))
    assert result.ok and result.diagnostics == [], result.render()


def test_windows_line_endings_keep_positions_right() -> None:
    text = broken("    asked_by: omar", "    asked_by: omarr").replace("\n", "\r\n")
    error = only_error(text)
    assert (error.line, error.column) == (line_of(text, "asked_by: omarr"), 15)
    assert error.hint == "did you mean 'omar'?"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_notepad_unicode_files_with_a_bom_are_read(codec: str) -> None:
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE,
           "utf-32-le": codecs.BOM_UTF32_LE}[codec]
    raw = bom + AUTHOR.replace("\n", "\r\n").encode(codec)
    result = check(raw)
    assert result.ok, result.render()
    assert result.scenario is not None and result.scenario.title.startswith("Patient portal")


def test_a_utf16_file_with_an_error_is_located_like_any_other() -> None:
    text = broken("    asked_by: omar", "    asked_by: omarr")
    error = only_error(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert (error.line, error.column) == (line_of(text, "asked_by: omarr"), 15)


def test_a_windows_ansi_file_names_the_character_and_the_fix() -> None:
    text = broken("title: Video visits", "title: Video visits \u2013 caf\u00e9 clinics")
    error = only_error(text.encode("cp1252"))
    assert (error.line, error.column) == (line_of(text, "title: Video"), 25)
    assert "0x96" in error.message and "'\u2013'" in error.message
    assert "UTF-8" in (error.hint or "")


def test_json_with_escaped_surrogate_pairs_is_read_as_the_character() -> None:
    result = check(AUTHOR)
    assert result.scenario is not None
    data = json.loads(json.dumps(result.scenario.model_dump(mode="json", exclude_defaults=True)))
    data["title"] = "Patient portal \U0001f680 launch"
    raw = json.dumps(data, ensure_ascii=True)
    assert "\\ud83d\\ude80" in raw
    loaded = check(raw)
    assert loaded.ok, loaded.render()
    assert loaded.scenario is not None
    assert loaded.scenario.title == "Patient portal \U0001f680 launch"


def test_half_a_surrogate_pair_is_a_located_error() -> None:
    text = broken('title: "Patient portal: the first quarter"', 'title: "Rocket \\uD83D launch"')
    error = only_error(text)
    assert (error.line, error.column) == (line_of(text, "title:"), 8)
    assert "half of a character escape" in error.message


@pytest.mark.parametrize("separator", [",", ";", "\t"])
@pytest.mark.parametrize("title", ["Video visits: telehealth", "Video visits"])
def test_a_spreadsheet_export_is_recognised(separator: str, title: str) -> None:
    rows = [["id", "title", "asked_by", "estimate"],
            ["video-visits", title, "grace", "5"],
            ["refill-bug", "Fix refills", "omar", "2"]]
    text = "\n".join(separator.join(row) for row in rows) + "\n"
    error = only_error(text)
    assert error.line == 1
    assert "spreadsheet export" in error.message + (error.hint or "")


def test_the_command_prints_the_located_error_with_the_hint(tmp_path, capsys) -> None:
    path = tmp_path / "course.yaml"
    path.write_text(broken("    role: Chief Medical Officer", "      role: Chief Medical Officer"),
                    encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:15:7: error: invalid YAML: 'role:' is indented more than 'name:'" in out
    assert "= hint: line 'role:' up with 'name:'" in out
    assert "checked 1 file: 0 valid, 1 error, 0 warnings" in out


# --- one syntax error does not hide the others ----------------------------------------------


def test_a_syntax_error_does_not_hide_errors_in_other_sections() -> None:
    text = broken("    role: Chief Medical Officer", "    role: Chief: Medical Officer")
    text = broken("    estimate: 2\n", "    estimate: two\n", text)
    text = broken("when: {shipped: refill-bug}", "when: {shipped: refill-bugg}", text)
    found = errors(check(text))
    assert [(d.line, d.column) for d in found] == [
        (line_of(text, "role: Chief:"), 16),
        (line_of(text, "estimate: two"), 15),
        (line_of(text, "refill-bugg"), 21),
    ], "\n".join(d.message for d in found)
    assert "needs quotes" in (found[0].hint or "")
    assert "whole number" in found[1].message
    assert found[2].hint == "did you mean 'refill-bug'?"


def test_a_section_with_a_syntax_error_is_not_also_reported_missing_or_empty() -> None:
    text = broken("    role: Front Desk Lead", "    role: Front Desk Lead: \"x\" y\"")
    found = errors(check(text))
    assert len(found) == 1, "\n".join(d.message for d in found)
    assert "stakeholder" not in found[0].message  # no "missing", no "there is no stakeholder"


def test_each_syntax_error_in_each_section_is_reported() -> None:
    text = broken("round_name: month", "round_name: [month")
    text = broken("    asked_by: grace\n", "\tasked_by: grace\n", text)
    text = broken("    text: The quiet bug", "    text: \u201cNote: the quiet bug", text)
    found = errors(check(text))
    assert [d.line for d in found] == [line_of(text, "round_name"), line_of(text, "\tasked_by"),
                                       line_of(text, "\u201cNote")]
    assert found[0].column == len("round_name: [")
    assert "list in [ ] is not closed before line 11" in found[0].message
    assert "close it with ']'" in (found[0].hint or "")
    assert "tab" in found[1].message and "curly quotes" in found[2].message


# --- messages in the author's words ---------------------------------------------------------


def test_a_nested_condition_is_named_in_words_not_as_a_code_path() -> None:
    text = broken("        - metric: satisfaction", "        - metric: satisfactoin")
    error = only_error(text)
    assert error.line == line_of(text, "satisfactoin")
    assert error.message.startswith(
        "'metric' in the first condition under 'all' in 'when' of event 'board-review' ")
    assert "when.all" not in error.message and ".0" not in error.message
    assert error.hint == "did you mean 'satisfaction'?"


def test_a_later_item_of_a_list_is_numbered_from_one() -> None:
    text = broken("    claims: [revenue]", "    claims: [revenue, revenu]")
    error = only_error(text)
    assert error.message.startswith("item 2 of 'claims' of request 'video-visits' ")


def test_a_duplicate_id_gives_the_line_of_the_first() -> None:
    text = broken("  - id: refill-bug", "  - id: video-visits")
    found = errors(check(text))
    assert len(found) == 2  # and the lesson about 'refill-bug' names a request now missing
    error = found[0]
    assert found[1].message == "there is no request 'refill-bug'"
    assert error.line == line_of(text, "  - id: video-visits\n    title: Fix")
    first = line_of(text, "  - id: video-visits")
    assert error.message == f"duplicate request id 'video-visits' (first given on line {first})"


def test_comments_with_commas_do_not_make_a_scenario_look_like_a_spreadsheet() -> None:
    header = "".join(f"# line {n}: one, two, three\n" for n in range(5))
    text = header + broken("    role: Chief Medical Officer", "      role: Chief Medical Officer")
    error = only_error(text)
    assert "spreadsheet" not in error.message + (error.hint or "")
    assert "'role:' is indented more than 'name:'" in error.message


def test_a_missing_top_level_key_used_deeper_too_is_still_missing() -> None:
    # 'id' is also a key of every request: that is not an 'id' indented out of place
    error = only_error(broken("id: clinic-portal\n", ""))
    assert error.message == "the scenario is missing 'id'"
