"""The scholarly front matter fields, TeX escaping and the notes.json records, unit by unit."""

from __future__ import annotations

import datetime as dt

import pytest
from pybtex.database import Entry, Person

from labnotebook.core.bibtex import tex_person, tex_text, tex_url_command
from labnotebook.core.citation import format_citation, to_bibtex
from labnotebook.core.note import NoteMeta
from labnotebook.core.note_validation import parse_note
from labnotebook.site.exports import paper_record

BASE = {"title": "T", "label": "t", "kind": "research-note", "date": "2024-05-01"}


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("10.5281/zenodo.1234", "10.5281/zenodo.1234"),
        ("https://doi.org/10.5281/zenodo.1234", "10.5281/zenodo.1234"),
        ("doi:10.1000/xyz<1>", "10.1000/xyz<1>"),
    ],
)
def test_doi_is_stored_bare(given: str, stored: str) -> None:
    result = parse_note({**BASE, "doi": given})
    assert result.problems == []
    assert result.note is not None and result.note.doi == stored


def test_bad_scholarly_fields_are_named() -> None:
    result = parse_note(
        {**BASE, "doi": "zenodo 1234", "license": "CC BY 4.0", "version": [1]},
        lines={"doi": 6, "license": 7, "version": 8},
    )
    messages = {problem.field: (problem.line, problem.message) for problem in result.problems}
    assert messages["doi"] == (
        6,
        "'zenodo 1234' is not a DOI; write it as 10.<registrant>/<suffix>",
    )
    assert messages["license"][0] == 7 and "SPDX" in messages["license"][1]
    assert messages["version"][0] == 8 and "expected text" in messages["version"][1]
    assert result.note is not None  # optional fields never stop the note


def test_a_numeric_version_is_text() -> None:
    result = parse_note({**BASE, "version": 2.1, "license": "MIT OR Apache-2.0"})
    assert result.problems == []
    assert result.note is not None
    assert (result.note.version, result.note.license) == ("2.1", "MIT OR Apache-2.0")


@pytest.mark.parametrize(
    ("text", "tex"),
    [
        ("a & b", r"a \& b"),
        ("100% _x_ #1 $5", r"100\% \_x\_ \#1 \$5"),
        ("{lone", r"\textbraceleft{}lone"),
        ("a\\b ~ ^", r"a\textbackslash{}b \textasciitilde{} \textasciicircum{}"),
        ("中文 😀", "中文 😀"),
    ],
)
def test_tex_text(text: str, tex: str) -> None:
    assert tex_text(text) == tex


def test_capitals_protected_and_accents_for_bibtex() -> None:
    assert tex_text("When DPO lowers", protect_capitals=True) == "{When} {DPO} lowers"
    assert tex_text("École é", ascii=True) == r"{\'E}cole {\'e}"
    assert tex_text("École", protect_capitals=True) == "{École}"


def test_names() -> None:
    assert str(tex_person("Ada Lovelace")) == "Lovelace, Ada"
    assert str(tex_person("Grace <Hopper> & co")) == r"{Grace <Hopper> \& co}"
    assert str(tex_person("Ada and Bob")) == "{Ada and Bob}"


def test_url_command_escapes_only_inside_arguments() -> None:
    url = "https://e.org/a b#c%"
    assert tex_url_command(url, in_argument=True) == r"\url{https://e.org/a\%20b\#c\%}"
    assert tex_url_command(url, in_argument=False) == r"\url{https://e.org/a%20b#c%}"


def test_citation_names_version_and_doi() -> None:
    note = NoteMeta(
        title="T",
        label="t",
        kind="essay",
        date=dt.date(2024, 5, 1),
        updated=dt.date(2025, 1, 2),
        version="2.1",
        doi="10.5281/zenodo.1",
    )
    text = format_citation(note, {}, site="Lab", url="https://e.org/t.html")
    assert (
        text
        == "Lab (2024). T. Lab, essay, version 2.1 of 2025-01-02. https://doi.org/10.5281/zenodo.1"
    )
    assert 'version = "2.1"' in to_bibtex(note, {}, site="Lab", url="")


def test_paper_records_resolve_or_stay_null() -> None:
    entry = Entry(
        "inproceedings",
        fields={"title": "{Self}-Consistency", "year": "2023", "booktitle": "ICLR", "doi": ""},
        persons={"author": [Person("Wang, Xuezhi"), Person("Wei, Jason")]},
    )
    assert paper_record("wang2023", entry) == {
        "key": "wang2023",
        "type": "inproceedings",
        "title": "Self-Consistency",
        "authors": ["Xuezhi Wang", "Jason Wei"],
        "year": "2023",
        "venue": "ICLR",
        "doi": None,
        "url": None,
    }
    unknown = paper_record("missing", None)
    assert unknown["key"] == "missing" and unknown["authors"] == []
    assert all(unknown[k] is None for k in ("type", "title", "year", "venue", "doi", "url"))
