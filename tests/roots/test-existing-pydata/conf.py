# An existing Sphinx project with pydata-sphinx-theme, to which labnotebook is added.
project = "Field notes"
author = "Kim Lee"
extensions = ["myst_nb", "labnotebook"]
exclude_patterns = ["_build"]
nb_execution_mode = "off"
html_theme = "pydata_sphinx_theme"
