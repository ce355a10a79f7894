"""Extensions' scripts left off pages with nothing for them (labnotebook.site.unused_scripts)."""

from __future__ import annotations

from labnotebook.site.unused_scripts import unused

CODE = '<div class="highlight-python notranslate"><div class="highlight"><pre>x</pre></div></div>'


def test_copy_button_scripts_only_with_highlighted_code() -> None:
    assert unused("copybutton.js", "<p>text</p>")
    # MathJax's spans are "nohighlight", and prose may say "highlight": no code there
    assert unused("copybutton.js", '<span class="math notranslate nohighlight">x</span>')
    assert unused("copybutton.js", "<p>the highlights of the year</p>")
    assert unused("clipboard.min.js", "<p>text</p>")
    assert not unused("copybutton.js", CODE)
    assert not unused("clipboard.min.js", CODE)


def test_toggles_and_tabs_only_with_their_markup() -> None:
    assert unused("togglebutton.js", CODE)
    assert not unused("togglebutton.js", '<details class="toggle-details"></details>')
    assert not unused("togglebutton.js", '<div class="admonition dropdown"></div>')
    assert unused("design-tabs.js", CODE)
    assert not unused("design-tabs.js", '<div class="sd-tab-set docutils"></div>')


def test_other_scripts_are_kept_whatever_the_page() -> None:
    assert not unused("labnotebook-nav.js", "")
    assert not unused("_static/mathjax/startup.js", "")
    assert not unused("scripts/bootstrap.js", "")
