"""{embed}: a glued output of another note, without its code, linking back; kept fresh."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from tests.conftest import build_in_process, copy_root, warnings_of


def embeds(out: Path) -> list[BeautifulSoup]:
    page = BeautifulSoup((out / "notes" / "reuse.html").read_text(encoding="utf-8"), "html.parser")
    return page.select(".note-embed")


def test_embed_shows_output_without_code_and_links_back(tmp_path: Path) -> None:
    app = build_in_process(copy_root("embed", tmp_path))
    assert warnings_of(app) == []
    out = Path(app.outdir)
    number, figure = embeds(out)
    assert number.select_one("pre").get_text().strip() == "42"
    html = (out / "notes" / "reuse.html").read_text(encoding="utf-8")
    assert "SECRET_CODE_MARKER" not in html and "glue(" not in html
    links = [a["href"] for a in number.select(".note-embed-caption a")]
    assert links == ["source.html", "source.html#note-provenance"]
    source = BeautifulSoup((out / "notes" / "source.html").read_text(), "html.parser")
    assert source.find(id="note-provenance") is not None  # the stamp the caption points to
    image = figure.select_one("img")
    assert image is not None and (out / "notes" / image["src"]).is_file()
    assert (out / "notes" / image["src"]).read_bytes().startswith(b"\x89PNG")


def test_changed_output_rewrites_the_embedding_page(tmp_path: Path) -> None:
    src = copy_root("embed", tmp_path)
    out = Path(build_in_process(src).outdir)
    assert embeds(out)[0].select_one("pre").get_text().strip() == "42"
    source = src / "notes" / "source.md"
    source.write_text(source.read_text().replace("41 + 1", "41 + 2"))
    app = build_in_process(src)  # a fresh application: an incremental build
    assert warnings_of(app) == []
    assert embeds(out)[0].select_one("pre").get_text().strip() == "43"


def test_unknown_key_is_a_located_warning(tmp_path: Path) -> None:
    src = copy_root("embed", tmp_path)
    reuse = src / "notes" / "reuse.md"
    reuse.write_text(reuse.read_text().replace("{embed} answer", "{embed} anwser"))
    warnings = warnings_of(build_in_process(src))
    assert any(
        "reuse.md:10" in w and "{embed} 'anwser'" in w and "[labnotebook.embed]" in w
        for w in warnings
    ), warnings
