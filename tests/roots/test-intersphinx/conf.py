# A second, unrelated book that cites notes of the first through intersphinx.
# The inventory location is set by the test, which builds the first book.
extensions = ["myst_parser", "sphinx.ext.intersphinx"]
nitpicky = True
intersphinx_mapping: dict[str, tuple[str, str]] = {}
