# Extensions that add to options at builder-inited, after Sphinx compared the pickled
# configuration with the new one: the themes, sphinx-design, the copy and toggle buttons,
# MyST's MathJax settings and the offline MathJax.
project = "Unchanged configuration"
extensions = [
    "myst_nb",
    "sphinx_design",
    "sphinx_copybutton",
    "sphinx_togglebutton",
    "labnotebook.site.offline",
    "labnotebook",
]
exclude_patterns = ["_build"]
nb_execution_mode = "off"
myst_enable_extensions = ["dollarmath"]
myst_title_to_header = True
nitpicky = True
labnotebook_default_authors = ["ada"]
html_theme = "sphinx_book_theme"
html_theme_options = {"show_toc_level": 2}
html_context = {"default_mode": "auto"}
html_static_path = ["_static"]
