project = "Test notebook"
extensions = ["myst_parser", "labnotebook"]
myst_title_to_header = True
nitpicky = True
labnotebook_default_authors = ["ada"]
labnotebook_site_url = "https://example.org/book/"
