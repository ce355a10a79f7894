"""The Sphinx-free parts of the bibliography: .bib scanning, paper addresses, entries."""

from __future__ import annotations

from pathlib import Path

import pytest
from pybtex.database import parse_string

from labnotebook.bibliography.entries import display_name, links_of, same_person
from labnotebook.bibliography.paperlinks import describe, entry_paper_ids, paper_id
from labnotebook.bibliography.source import duplicate_keys, scan_entries

BIB = """% a comment with @misc{notanentry, inside
@string{ icml = "ICML" }

@misc{first,
  title = {A {Braced} Title},
  year  = {2020}
}
@Article{ Second ,
  title = {B}
}
@misc{FIRST,
  title = {Again}
}
"""


def test_scan_finds_entries_lines_and_text() -> None:
    entries = scan_entries(BIB, Path("refs.bib"))
    assert [(e.key, e.line) for e in entries] == [("first", 4), ("Second", 8), ("FIRST", 11)]
    assert entries[0].text == "@misc{first,\n  title = {A {Braced} Title},\n  year  = {2020}\n}"


def test_duplicate_keys_ignore_case() -> None:
    entries = scan_entries(BIB, Path("refs.bib"))
    assert [(a.place, b.place) for a, b in duplicate_keys(entries)] == [
        ("refs.bib:4", "refs.bib:11")
    ]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://arxiv.org/abs/2203.11171", ("arxiv", "2203.11171")),
        ("http://arxiv.org/abs/2203.11171v3", ("arxiv", "2203.11171")),
        ("https://arxiv.org/pdf/2203.11171v1.pdf", ("arxiv", "2203.11171")),
        ("https://arxiv.org/abs/hep-th/9901001", ("arxiv", "hep-th/9901001")),
        ("https://doi.org/10.1073/PNAS.2311878121", ("doi", "10.1073/pnas.2311878121")),
        ("https://openreview.net/forum?id=THfl8hdVxH", ("openreview", "THfl8hdVxH")),
        ("https://openreview.net/pdf?id=THfl8hdVxH", ("openreview", "THfl8hdVxH")),
        ("https://proceedings.mlr.press/v234/yu24a.html", ("pmlr", "v234/yu24a")),
        ("https://proceedings.mlr.press/v234/yu24a/yu24a.pdf", ("pmlr", "v234/yu24a")),
        ("https://jmlr.org/papers/v25/23-1547.html", ("jmlr", "v25/23-1547")),
        ("https://www.jmlr.org/papers/volume25/23-1547/23-1547.pdf", ("jmlr", "v25/23-1547")),
        ("https://arxiv.org/list/cs.LG/recent", None),
        ("https://example.org/abs/2203.11171", None),
    ],
)
def test_paper_addresses(url: str, expected: tuple[str, str] | None) -> None:
    assert paper_id(url) == expected


def test_entry_ids_come_from_eprint_doi_and_url() -> None:
    fields = {
        "eprint": "2102.06701",
        "archivePrefix": "arXiv",
        "doi": "10.1073/pnas.2311878121",
        "url": "https://openreview.net/forum?id=abc",
    }
    assert entry_paper_ids(fields) == {
        ("arxiv", "2102.06701"),
        ("doi", "10.1073/pnas.2311878121"),
        ("openreview", "abc"),
    }
    assert describe(("arxiv", "2102.06701")) == "arXiv 2102.06701"


def test_names_and_links_of_an_entry() -> None:
    entry = parse_string(
        r"""@misc{k, author = {von Oswald, Johannes and Sacramento, Jo{\~a}o},
        title = {T}, year = {2023}, eprint = {2212.07677}, archivePrefix = {arXiv},
        code = {https://example.org/code}}""",
        "bibtex",
    ).entries["k"]
    people = entry.persons["author"]
    assert [display_name(p) for p in people] == ["Johannes von Oswald", "João Sacramento"]
    assert same_person(people[1], ["Sacramento, J."])
    assert not same_person(people[1], ["Sacramento, Maria"])
    assert [(link.label, link.url) for link in links_of(entry)] == [
        ("arXiv", "https://arxiv.org/abs/2212.07677"),
        ("PDF", "https://arxiv.org/pdf/2212.07677"),
        ("Code", "https://example.org/code"),
    ]


def test_a_url_that_repeats_the_doi_or_eprint_is_shown_once() -> None:
    from labnotebook.bibliography.styles import KeyLabelledPlainStyle

    bib = parse_string(
        """
        @article{shannon, author = {Shannon, C. E.}, title = {A theory}, journal = {BSTJ},
          year = {1948}, doi = {10.1002/j.1538-7305.1948.tb01338.x},
          url = {https://doi.org/10.1002/J.1538-7305.1948.tb01338.x}}
        @misc{wang, author = {Wang, X.}, title = {Self-consistency}, year = {2022},
          eprint = {2203.11171}, archivePrefix = {arXiv},
          url = {https://arxiv.org/abs/2203.11171v2}}
        @misc{page, author = {Lab, A.}, title = {A page}, year = {2024},
          doi = {10.1/x}, url = {https://example.org/a_page?x=1&y=2}}
        """,
        "bibtex",
    )
    style = KeyLabelledPlainStyle()
    text = {
        entry.key: entry.text.render_as("text")
        for entry in style.format_entries(bib.entries.values())
    }
    assert text["shannon"].count("1538-7305.1948") == 1
    assert "doi:10.1002/j.1538-7305.1948.tb01338.x" in text["shannon"]
    assert "URL" not in text["shannon"]
    assert text["wang"].count("2203.11171") == 1
    # a url to another address is kept, next to the DOI
    assert "URL: https://example.org/a_page?x=1&y=2" in text["page"]
    assert "doi:10.1/x" in text["page"]
