"""Bad bibliography input: each case gives one warning with its exact message and place."""

from __future__ import annotations

import pytest

from tests.conftest import warnings_of

ADVICE_KEY = "fix the key or add the paper's entry [labnotebook.unknown_key]"
ADVICE_LINK = (
    "a paper the bibliography does not have: add its entry to the .bib file and cite it "
    "with {cite:p}`key`, so it appears in the note's reference list [labnotebook.paper_link]"
)


@pytest.mark.sphinx("html", testroot="bib-lint")
def test_each_bad_input_has_its_message(app) -> None:
    app.build()
    src = app.srcdir
    bib, note = f"{src}/refs.bib", f"{src}/notes/bad.md"
    ours = [w for w in warnings_of(app) if "[labnotebook." in w]
    assert ours == [
        f"{bib}:32: WARNING: duplicate BibTeX key 'twice': defined at {bib}:26 and again at "
        f"{bib}:32; pybtex keeps one and drops the entries after it, so give one of them "
        "another key or delete the copy [labnotebook.duplicate_key]",
        # the role is on the second line of its paragraph: the line is the role's own
        f"{note}:10: WARNING: unknown citation key 'wei2022chian' (did you mean "
        "'wei2022chain'?): the bibliography (refs.bib) has no entry with this key; " + ADVICE_KEY,
        f"{note}:6: WARNING: front matter field 'papers': unknown citation key 'nosuchpaper': "
        "the bibliography has no entry with this key; " + ADVICE_KEY,
        f"{note}:13: WARNING: link to arXiv 2401.00001 (https://arxiv.org/abs/2401.00001), "
        + ADVICE_LINK,
        f"{note}:14: WARNING: link to DOI 10.1000/xyz.123 (https://doi.org/10.1000/XYZ.123), "
        + ADVICE_LINK,
        f"{note}:15: WARNING: link to OpenReview abcDEF123 "
        "(https://openreview.net/forum?id=abcDEF123), " + ADVICE_LINK,
        f"{note}:16: WARNING: link to PMLR v202/smith23a "
        "(https://proceedings.mlr.press/v202/smith23a.html), " + ADVICE_LINK,
        f"{note}:17: WARNING: link to JMLR v24/22-0001 "
        "(https://jmlr.org/papers/v24/22-0001.html), " + ADVICE_LINK,
    ]
    # the only other warning is pybtex's own report of the repeated key, via bibtex
    others = [w for w in warnings_of(app) if "[labnotebook." not in w]
    assert len(others) == 1
    assert "[bibtex.bibfile_data_error]" in others[0]
    # an unknown key is shown as text, not reported a second time by sphinxcontrib-bibtex
    assert "wei2022chian" in (app.outdir / "notes" / "bad.html").read_text(encoding="utf-8")
