"""The note model on its own: parsing, validation messages, front matter splitting."""

from __future__ import annotations

import datetime as dt

import pytest

from labnotebook.core.authors import Author
from labnotebook.core.front_matter import quote_front_matter_dates, split_front_matter
from labnotebook.core.note_validation import parse_note

VALID = {
    "title": "A note",
    "label": "a-note",
    "kind": "research-note",
    "date": dt.date(2024, 5, 1),
}
AUTHORS = {"ada": Author("ada", "Ada Lovelace")}


def messages(raw: dict[str, object]) -> list[str]:
    return [str(p) for p in parse_note(raw, authors=AUTHORS).problems]


def test_valid_note_has_no_problems() -> None:
    result = parse_note({**VALID, "tags": ["x"], "updated": "2024-06-01"}, authors=AUTHORS)
    assert result.problems == []
    assert result.note is not None
    assert result.note.tags == ("x",)
    assert result.note.last_changed == dt.date(2024, 6, 1)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"titel": "x"},
            "front matter field 'titel': unknown field (did you mean 'title'?); the fields",
        ),
        (
            {"kind": "reserch-note"},
            "front matter field 'kind': 'reserch-note' is not one of 'research-note', "
            "'course-project', 'essay', 'page' (did you mean 'research-note'?)",
        ),
        (
            {"status": "done"},
            "front matter field 'status': 'done' is not one of 'ongoing', 'complete', 'archived'",
        ),
        (
            {"date": "May 2024"},
            "front matter field 'date': 'May 2024' is not a date; write it as YYYY-MM-DD",
        ),
        ({"tags": 3}, "front matter field 'tags': expected a list of text, got the number 3"),
        ({"title": ["a"]}, "front matter field 'title': expected text, got a list"),
        (
            {"authors": ["adda"]},
            "front matter field 'authors': unknown author 'adda' (did you mean 'ada'?)",
        ),
        (
            {"label": "My Note"},
            "front matter field 'label': 'My Note' is not a slug: use lowercase letters, digits "
            "and hyphens, e.g. 'my-note'",
        ),
        (
            {"updated": "2020-01-01"},
            "front matter field 'updated': 2020-01-01 is before the note's date 2024-05-01",
        ),
        (
            {"kind": "course-project"},
            "front matter field 'course': missing; a course project names its course",
        ),
        (
            {"course": {"code": "CS439", "nmae": "Optimization"}},
            "front matter field 'course.nmae': unknown key; use one of 'code', 'name', "
            "'institution', 'level' (did you mean 'name'?)",
        ),
        ({"execute": "no"}, "front matter field 'execute': expected true or false, got str"),
    ],
)
def test_each_bad_field_gets_one_clear_message(change: dict[str, object], expected: str) -> None:
    found = messages({**VALID, **change})
    assert any(message.startswith(expected) for message in found), found


@pytest.mark.parametrize("field", ["title", "label", "kind", "date"])
def test_missing_required_field(field: str) -> None:
    raw = {k: v for k, v in VALID.items() if k != field}
    result = parse_note(raw)
    assert f"front matter field {field!r}: missing; every note needs" in str(result.problems[0])
    if field != "kind":
        assert result.note is None


def test_split_front_matter_records_lines() -> None:
    front = split_front_matter("---\ntitle: A\nlabel: a\n---\nbody\n")
    assert front is not None
    assert front.data == {"title": "A", "label": "a"}
    assert front.lines == {"title": 2, "label": 3}


def test_split_front_matter_reports_yaml_error_line() -> None:
    front = split_front_matter("---\ntitle: A\nlabel: [a\n---\n")
    assert front is not None
    assert front.error.startswith("the YAML front matter does not parse")
    assert front.error_line is not None and front.error_line >= 3


def test_no_front_matter() -> None:
    assert split_front_matter("# Title\n") is None


def test_quote_dates_keeps_lines_and_values() -> None:
    text = "---\ntitle: T\ndate: 2024-05-01\nupdated: '2024-06-01'\n---\nbody\n"
    quoted = quote_front_matter_dates(text)
    assert quoted.splitlines()[2] == 'date: "2024-05-01"'
    assert quoted.count("\n") == text.count("\n")
    front = split_front_matter(quoted)
    assert front is not None
    assert front.data["date"] == "2024-05-01"


def test_hostile_title_round_trips_in_json() -> None:
    title = '<script>alert(1)</script> "quotes" {braces} 中文'
    note = parse_note({**VALID, "title": title}).note
    assert note is not None
    assert note.to_json()["title"] == title


def test_notebook_front_matter_is_its_metadata() -> None:
    import json

    from labnotebook.core.front_matter import notebook_front_matter

    text = json.dumps(
        {
            "cells": [{"cell_type": "markdown", "metadata": {}, "source": ["# T"]}],
            "metadata": {
                "kernelspec": {"name": "python3"},
                "title": "T",
                "label": "t",
                "execute": False,
            },
            "nbformat": 4,
            "nbformat_minor": 5,
        },
        indent=1,
    )
    front = notebook_front_matter(text)
    assert front.data == {"title": "T", "label": "t", "execute": False}
    lines = text.splitlines()
    assert lines[front.lines["label"] - 1].strip().startswith('"label"')
