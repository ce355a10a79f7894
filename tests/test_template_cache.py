"""Compiled templates are kept between builds, and a damaged cache file is a miss."""

from __future__ import annotations

from pathlib import Path
from unittest.mock import patch

import jinja2
import pytest

from labnotebook.build.template_cache import FOLDER, AtomicFileCache
from tests.conftest import build_in_process, copy_root


def test_compiled_templates_are_reused_and_damage_is_a_miss(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    environment = jinja2.Environment(
        loader=jinja2.DictLoader({"page.html": "<p>{{ title }}</p>"}),
        bytecode_cache=AtomicFileCache(folder),
    )
    assert environment.get_template("page.html").render(title="a") == "<p>a</p>"
    (cached,) = folder.glob("*.cache")
    assert not list(folder.glob("*.part"))

    reloaded = jinja2.Environment(loader=environment.loader, bytecode_cache=AtomicFileCache(folder))
    with patch.object(reloaded, "_compile", wraps=reloaded._compile) as compile_:
        assert reloaded.get_template("page.html").render(title="b") == "<p>b</p>"
    assert not compile_.called  # read from the cache, not compiled

    cached.write_bytes(cached.read_bytes()[:12])  # a file cut short by a killed build
    damaged = jinja2.Environment(loader=environment.loader, bytecode_cache=AtomicFileCache(folder))
    assert damaged.get_template("page.html").render(title="c") == "<p>c</p>"


@pytest.mark.parametrize("root", ["basic"])
def test_sphinx_templates_land_in_the_doctree_folder(root: str, tmp_path: Path) -> None:
    app = build_in_process(copy_root(root, tmp_path))
    assert list((Path(app.doctreedir) / FOLDER).glob("*.cache"))
