"""Compiled page templates kept between builds.

Sphinx compiles every Jinja template it renders anew in each process: the theme's
layout and its dozens of components, about a fifth of a second before the first page
of any build is written, a rebuild of one note included. Jinja can keep compiled
templates in a bytecode cache; Sphinx does not set one, so this module gives Sphinx's
template environment a cache in the doctree folder, next to the other build caches.

Jinja checks each cached template against a checksum of its source, so an edited
template is compiled again. The folder is named after the Jinja version, whose
compiled code may differ. Pages may be written by several processes at once, so a
template is written to a temporary file and renamed into place, and a cache file
that cannot be read is treated as missing.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from labnotebook import speedups
from labnotebook.patches.sphinx import template_environment

if TYPE_CHECKING:
    from sphinx.application import Sphinx

FOLDER = f"labnotebook-jinja-{jinja2.__version__}"


class AtomicFileCache(BytecodeCache):
    """A folder of compiled templates that concurrent writers cannot corrupt."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_of(self, bucket: Bucket) -> Path:
        return self.folder / f"{bucket.key}.cache"

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            data = self.path_of(bucket).read_bytes()
        except OSError:
            return
        try:
            bucket.load_bytecode(io.BytesIO(data))
        except Exception:
            # a file cut short or garbled: compile the template again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=self.folder, suffix=".part")
        try:
            with os.fdopen(descriptor, "wb") as stream:
                bucket.write_bytecode(stream)
            Path(temporary).replace(self.path_of(bucket))
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def on_builder_inited(app: Sphinx) -> None:
    environment = template_environment(app.builder)
    if environment is not None and environment.bytecode_cache is None:
        environment.bytecode_cache = AtomicFileCache(Path(app.doctreedir) / FOLDER)


def setup_template_cache(app: Sphinx) -> None:
    if not speedups.enabled("template-cache"):
        return
    app.connect("builder-inited", on_builder_inited)
