extensions = ["myst_parser", "labnotebook"]
html_theme = "sphinx_book_theme"
myst_title_to_header = True
labnotebook_default_authors = ["eve"]
