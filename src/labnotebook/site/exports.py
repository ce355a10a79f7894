"""Machine-readable exports written next to the book: ``notes.bib`` and ``notes.json``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from labnotebook.config import get_config
from labnotebook.core.citation import to_bibtex
from labnotebook.notes.domain import note_domain
from labnotebook.notes.reading import authors_registry
from labnotebook.project_settings import project_author, site_name

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def on_build_finished(app: Sphinx, exception: BaseException | None) -> None:
    """Write every note's BibTeX entry and metadata, for HTML builds that succeeded."""
    if exception is not None or app.builder.format != "html":
        return
    notes = note_domain(app.env).notes
    authors = authors_registry(app.env) or {}
    base = get_config(app.env).site_url.rstrip("/")
    entries, records = [], []
    for docname in sorted(notes, key=lambda d: notes[d].label):
        note = notes[docname]
        path = app.builder.get_target_uri(docname)
        url = f"{base}/{path}" if base else path
        entries.append(
            to_bibtex(
                note,
                authors,
                site=site_name(app.config),
                url=url,
                fallback_author=project_author(app.config),
            )
        )
        records.append({**note.to_json(), "docname": docname, "url": url})
    out = Path(app.outdir)
    (out / "notes.bib").write_text("\n".join(entries), encoding="utf-8")
    (out / "notes.json").write_text(
        json.dumps({"notes": records}, ensure_ascii=False, indent=1), encoding="utf-8"
    )


def setup_exports(app: Sphinx) -> None:
    app.connect("build-finished", on_build_finished)
