extensions = ["myst_parser", "labnotebook"]
myst_title_to_header = True
nitpicky = True
labnotebook_site_url = "https://lab.example.org/book/"
