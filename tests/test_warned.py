"""A build after a failed one fails again for the same reason, until it is fixed."""

from __future__ import annotations

from pathlib import Path

from labnotebook.build.reread_warned import RECORD
from tests.conftest import build_in_process, copy_root, warnings_of


def build(src: Path, **options: object) -> tuple[list[str], Path]:
    app = build_in_process(src, **options)
    return warnings_of(app), Path(app.doctreedir)


def test_warnings_come_back_until_fixed(tmp_path: Path) -> None:
    src = copy_root("broken-ref", tmp_path)
    first, doctrees = build(src)
    assert any("no-such-section" in line for line in first)
    # nothing changed: plain Sphinx would read nothing and report nothing
    second, _ = build(src)
    assert second == first
    page = src / "index.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        .replace("{ref}`no-such-section`", "the first paragraph")
        .replace("[a missing page](missing.md)", "no link"),
        encoding="utf-8",
    )
    fixed, _ = build(src)
    assert fixed == []
    assert not (doctrees / RECORD).exists()


def test_suppressed_warnings_do_not_count(tmp_path: Path) -> None:
    src = copy_root("broken-ref", tmp_path)
    suppress = {"suppress_warnings": ["ref.ref", "myst.xref_missing"], "nitpicky": False}
    warnings, doctrees = build(src, confoverrides=suppress)
    assert warnings == []
    assert not (doctrees / RECORD).exists()


def test_a_warning_before_the_environment_exists_is_no_crash() -> None:
    """An extension set up after labnotebook may warn (e.g. a node class registered
    twice in one process); the handler must not need the environment then."""
    import logging
    from types import SimpleNamespace

    from labnotebook.build.reread_warned import WarnedDocuments

    app = SimpleNamespace(config=SimpleNamespace(suppress_warnings=[]))  # no env yet
    handler = WarnedDocuments(app)  # type: ignore[arg-type]
    record = logging.LogRecord("sphinx", logging.WARNING, __file__, 1, "warned", None, None)
    record.location = "/book/notes/a.md:3"
    handler.emit(record)
    assert handler.docnames == set()
