extensions = ["myst_parser", "labnotebook", "labnotebook.reference"]
nitpicky = True
