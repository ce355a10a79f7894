"""The options and warnings reference: rendered from the code, complete, and strict."""

from __future__ import annotations

import dataclasses
from enum import Enum
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from labnotebook import reference
from labnotebook.config import PREFIX, NotebookConfig
from labnotebook.warnings_ import NoteWarning
from tests.conftest import REPO, build_in_process, copy_root, warnings_of


def build(tmp_path: Path) -> tuple[list[str], BeautifulSoup]:
    app = build_in_process(copy_root("reference", tmp_path))
    page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
    return warnings_of(app), BeautifulSoup(page, "html.parser")


def entries(soup: BeautifulSoup, index: int) -> dict[str, list[str]]:
    """The names listed by the page's ``index``-th reference list, with their paragraphs."""
    listing = soup.select("dl.lnb-reference")[index]
    return {
        term.get_text(): [" ".join(p.get_text().split()) for p in term.find_next("dd").select("p")]
        for term in listing.select("dt")
    }


def test_every_option_is_listed_with_its_type_default_and_meaning(tmp_path: Path) -> None:
    warnings, soup = build(tmp_path)
    assert warnings == []
    listed = entries(soup, 0)
    fields = dataclasses.fields(NotebookConfig)
    assert list(listed) == [PREFIX + item.name for item in fields]
    assert listed["labnotebook_authors_file"] == [
        "YAML registry of authors, relative to the source",
        "Type str, default '_data/authors.yml'.",
    ]
    assert listed["labnotebook_default_authors"][1] == "Type list[str], default []."
    assert listed["labnotebook_search_shard_pages"][1] == "Type int, default 50."
    for item in fields:
        # the page's typography curls the apostrophes
        meaning = listed[PREFIX + item.name][0].translate({0x2018: "'", 0x2019: "'"})
        # and its markup (`code`) is rendered, so only the text is compared
        assert meaning == " ".join(item.metadata["help"].replace("`", "").split())
    # each option can be linked to
    assert soup.select_one("dt#labnotebook-authors-file") is not None


def test_every_warning_subtype_is_listed_with_its_trigger_and_how_to_silence_it(
    tmp_path: Path,
) -> None:
    warnings, soup = build(tmp_path)
    assert warnings == []
    listed = entries(soup, 1)
    assert list(listed) == [f"labnotebook.{member.value}" for member in NoteWarning]
    assert listed["labnotebook.paper_link"] == [
        "A note links a paper (arXiv, DOI, OpenReview, PMLR, JMLR) the bibliography lacks.",
        'To silence it: suppress_warnings = ["labnotebook.paper_link"].',
    ]
    assert all(trigger for trigger, _silence in listed.values())
    # the docstrings' markup is rendered, not shown
    config = soup.select_one("dt#labnotebook-config").find_next("dd")
    assert config.select_one("code").get_text() == "labnotebook_*"
    assert "``" not in soup.get_text()


Undocumented = dataclasses.make_dataclass(
    "Undocumented",
    [
        ("authors_file", str, dataclasses.field(default="", metadata={"help": "documented"})),
        ("new_option", int, dataclasses.field(default=1, metadata={})),
    ],
)


class UndocumentedWarning(Enum):
    CONFIG = "config"
    """Documented."""
    NEW_SUBTYPE = "new_subtype"


def test_an_option_without_help_fails_a_strict_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reference, "NotebookConfig", Undocumented)
    warnings, _soup = build(tmp_path)
    assert len(warnings) == 1
    assert "option labnotebook_new_option has no help text" in warnings[0]
    assert "index.md:5" in warnings[0]
    assert warnings[0].endswith("[labnotebook.config]")


def test_a_subtype_without_docstring_fails_a_strict_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reference, "NoteWarning", UndocumentedWarning)
    warnings, _soup = build(tmp_path)
    assert len(warnings) == 1
    assert "warning subtype labnotebook.new_subtype has no docstring" in warnings[0]
    assert "index.md:10" in warnings[0]


def test_the_guide_renders_both_tables_and_labnotebook_does_not_load_them() -> None:
    page = (REPO / "docs" / "guide" / "reference.md").read_text(encoding="utf-8")
    assert "```{labnotebook-options}" in page
    assert "```{labnotebook-warnings}" in page
    assert "labnotebook.reference" in (REPO / "conf.py").read_text(encoding="utf-8")
    from labnotebook import extension

    assert "reference" not in vars(extension)
