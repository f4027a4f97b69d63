"""What higher apps show under a portfolio's work: the portfolio page, an entry's page.

This app never imports the apps above it. One of them (peer feedback) registers a function
``(request, portfolio, entry=None)`` with the Wagtail hook ``portfolio_page_sections`` that
returns HTML for that page and that user ("" for nothing); the templates show what the hook
returns with ``{% portfolio_sections portfolio entry %}`` (``portfolio_tags``). Without one,
the pages show what they always showed.
"""

from django.utils.html import format_html_join
from wagtail import hooks

PAGE_SECTIONS_HOOK = "portfolio_page_sections"


def page_sections(request, portfolio, entry=None):
    parts = [fn(request, portfolio, entry) for fn in hooks.get_hooks(PAGE_SECTIONS_HOOK)]
    # Each part is rendered, escaped template output of the registering app.
    return format_html_join("", "{}", ((part,) for part in parts if part))
