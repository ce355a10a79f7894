extensions = ["myst_nb", "labnotebook"]
exclude_patterns = ["_build"]
myst_title_to_header = True
nitpicky = True
# every notebook runs unless something keeps it from running
nb_execution_mode = "force"
nb_execution_timeout = 30
