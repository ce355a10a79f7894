extensions = ["myst_parser", "labnotebook"]
myst_title_to_header = True
nitpicky = True
project = "<b>Lab</b> & notes"
author = "Ada Lovelace"
labnotebook_site_url = "https://lab.example.org/book/"
