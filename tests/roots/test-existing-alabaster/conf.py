# An existing Sphinx project with Sphinx's default theme, to which labnotebook is added.
project = "Field notes"
author = "Kim Lee"
extensions = ["myst_nb", "labnotebook"]
exclude_patterns = ["_build"]
nb_execution_mode = "off"
