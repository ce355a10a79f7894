extensions = ["myst_nb", "labnotebook"]
exclude_patterns = ["_build"]
myst_title_to_header = True
nitpicky = True
nb_execution_mode = "cache"
nb_execution_timeout = 60
