extensions = ["myst_parser", "labnotebook"]
myst_title_to_header = True
nitpicky = True
html_theme = "sphinx_book_theme"
# configured under /labbook/; the tests serve the book at the root and under /project/
labnotebook_site_url = "https://example.org/labbook/"
# the theme prints html_title as markup; the home page has the same title
html_title = "Lab &amp; friends"
# a "Last updated" line in the footer, as the example book and `labnotebook init` sites have
html_last_updated_fmt = ""
