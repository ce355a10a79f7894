extensions = [
    "myst_parser",
    "labnotebook",
    "notfound.extension",
]
myst_title_to_header = True
nitpicky = True
project = "Lab notes"
labnotebook_site_url = "https://lab.example.org/book/"
