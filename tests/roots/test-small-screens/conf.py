extensions = ["myst_parser", "labnotebook.site.offline", "labnotebook"]
myst_enable_extensions = ["dollarmath"]
myst_title_to_header = True
nitpicky = True
html_theme = "sphinx_book_theme"
