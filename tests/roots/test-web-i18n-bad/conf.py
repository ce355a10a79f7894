extensions = ["myst_parser", "labnotebook"]
myst_title_to_header = True
nitpicky = True
