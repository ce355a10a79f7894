extensions = ["myst_parser", "labnotebook"]
exclude_patterns = ["_build"]
myst_title_to_header = True
html_theme = "sphinx_book_theme"
language = "en"
copyright = "2026, a test"
