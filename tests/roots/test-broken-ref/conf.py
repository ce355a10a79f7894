extensions = ["myst_parser", "labnotebook"]
nitpicky = True
myst_title_to_header = True
