"""The reference lists' cross-document step: the same lists as sphinxcontrib-bibtex's, cheaper.

Tests that only read share one build of the root; the test that edits has its own copy,
so that its rebuild starts from a known environment.
"""

from __future__ import annotations

import os
import time
from typing import Any

from sphinxcontrib.bibtex.domain import BibtexDomain

from labnotebook.bibliography.linear_domain import CitationIndex, LinearBibtexDomain
from tests.conftest import copy_root, warnings_of
from tests.test_bib import ROOT, soup


def citation_rows(domain: BibtexDomain) -> list[tuple[Any, ...]]:
    """Every filled citation, with its entry rendered as text, in the domain's order."""
    return [
        (
            c.citation_id,
            c.bibliography_key,
            c.key,
            c.formatted_entry.label,
            c.formatted_entry.text.render_as("text"),
            c.tooltip_entry.text.render_as("text") if c.tooltip_entry else None,
        )
        for c in domain.citations
    ]


def cite_domain(app) -> LinearBibtexDomain:
    domain = app.env.get_domain("cite")
    assert isinstance(domain, LinearBibtexDomain)
    return domain


def test_lists_equal_those_of_sphinxcontrib_bibtex(shared_build) -> None:
    app = shared_build(ROOT)
    assert warnings_of(app) == []
    domain = cite_domain(app)
    ours = citation_rows(domain)
    # the automatic lists (filter "cited") and the hand-written ones (another filter)
    assert {bib_key.docname for _, bib_key, *_ in ours} == {"notes/a", "notes/b", "notes/c"}
    BibtexDomain.env_updated(domain)  # sphinxcontrib-bibtex's own step, on the same data
    assert citation_rows(domain) == ours


def test_first_citation_order_follows_the_documents() -> None:
    from sphinxcontrib.bibtex.citation_target import CitationTarget
    from sphinxcontrib.bibtex.roles import CitationRef

    def ref(docname: str, *keys: str) -> CitationRef:
        targets = [CitationTarget(key=k, pre="", post="") for k in keys]
        return CitationRef(
            citation_ref_id=f"id-{docname}", docname=docname, line=1, targets=targets
        )

    index = CitationIndex.of([ref("b", "y", "x"), ref("a", "z", "y"), ref("b", "w")])
    assert index.first_cited(["a", "b"]) == {"z": 0, "y": 1, "x": 2, "w": 3}
    assert index.first_cited(["b", "a"]) == {"y": 0, "x": 1, "w": 2, "z": 3}
    assert index.citing == {"x": {"b"}, "y": {"a", "b"}, "z": {"a"}, "w": {"b"}}


def test_a_rebuild_formats_no_entry_again(make_app, shared_build) -> None:
    first = shared_build(ROOT)
    assert cite_domain(first).format_cache.formatted_count > 0
    citations = citation_rows(cite_domain(first))

    # a new process, as a no-op rebuild is: the formatted entries come with the environment
    # (it rebuilds the shared build, where it must change nothing)
    second = make_app("html", srcdir=first.srcdir)
    second.build()
    # a second application in one process warns that Sphinx's registries are shared
    assert [w for w in warnings_of(second) if "while setting up extension" not in w] == []
    assert cite_domain(second).format_cache.formatted_count == 0
    assert citation_rows(cite_domain(second)) == citations


def test_an_edited_bib_file_is_formatted_again(make_app, tmp_path) -> None:
    src = copy_root(ROOT, tmp_path)
    make_app("html", srcdir=src).build()

    bib = src / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    assert "Chain-of-Thought Prompting" in text
    bib.write_text(text.replace("Chain-of-Thought Prompting", "Chain of Reasoning"), "utf-8")
    later = time.time() + 5
    os.utime(bib, (later, later))

    app = make_app("html", srcdir=src)
    app.build()
    assert [w for w in warnings_of(app) if "while setting up extension" not in w] == []
    assert cite_domain(app).format_cache.formatted_count > 0
    # the plain style sets titles in sentence case
    page = soup(app, "notes/a.html")
    listed = page.select_one("section.lnb-references").get_text()
    assert "Chain of reasoning" in listed
    assert "Chain-of-Thought" not in listed
    hover = page.select_one("span.bibtex-citation a")["title"]
    assert "Chain of reasoning" in hover
