"""No empty general index and no raw Proof Index; the general index once there are entries."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import build_in_process, copy_root

THEOREM = """
```{prf:theorem} Majority vote
:label: thm-majority

The most frequent answer is right more often than any single answer.
```
"""

INDEX_ENTRY = """
```{index} self-consistency
```

Self-consistency samples several answers.
"""


def test_index_pages_follow_the_entries(tmp_path: Path) -> None:
    src = copy_root("web-notfound", tmp_path)
    about = src / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + THEOREM, encoding="utf-8")
    extensions = "myst_parser,sphinx_proof,labnotebook"

    out = Path(build_in_process(src, confoverrides={"extensions": extensions}).outdir)
    # a theorem but no index entry: neither the raw Proof Index nor an empty general index
    assert (out / "about.html").is_file()
    assert not (out / "prf-prf.html").exists()
    assert not (out / "genindex.html").exists()
    assert 'rel="index"' not in (out / "about.html").read_text(encoding="utf-8")

    # the first index entry brings the general index back, in the next (incremental) build
    about.write_text(about.read_text(encoding="utf-8") + INDEX_ENTRY, encoding="utf-8")
    build_in_process(src, confoverrides={"extensions": extensions})
    assert "self-consistency" in (out / "genindex.html").read_text(encoding="utf-8")
    assert 'rel="index"' in (out / "about.html").read_text(encoding="utf-8")
    assert not (out / "prf-prf.html").exists()

    # the entry removed: the general index goes too, not left behind from the last build
    about.write_text(about.read_text(encoding="utf-8").replace(INDEX_ENTRY, ""), encoding="utf-8")
    build_in_process(src, confoverrides={"extensions": extensions})
    assert not (out / "genindex.html").exists()
    assert 'rel="index"' not in (out / "about.html").read_text(encoding="utf-8")


def test_a_raw_index_of_an_earlier_build_is_removed(tmp_path: Path) -> None:
    """A book built before this release has prf-prf.html; the next build removes it."""
    src = copy_root("web-notfound", tmp_path)
    about = src / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + THEOREM, encoding="utf-8")
    extensions = "myst_parser,sphinx_proof,labnotebook"
    earlier = {"extensions": extensions, "html_domain_indices": ["prf-prf"]}
    out = Path(build_in_process(src, confoverrides=earlier).outdir)
    assert (out / "prf-prf.html").is_file()
    build_in_process(src, confoverrides={"extensions": extensions})
    assert not (out / "prf-prf.html").exists()
