project = "Numbering in two parts"
extensions = ["myst_parser", "sphinx_proof", "labnotebook"]
nitpicky = True
numfig = True
myst_enable_extensions = ["colon_fence", "dollarmath", "amsmath"]
