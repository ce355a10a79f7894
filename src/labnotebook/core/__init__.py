"""The Sphinx-free core: notes, front matter, authors, data files and citation formats.

Nothing in this package imports Sphinx or docutils, so ``labnotebook check`` and the
importers can use it without starting a build; ``tests/test_layers.py`` enforces that.
"""
