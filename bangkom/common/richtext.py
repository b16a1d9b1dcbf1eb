"""Rich text that cannot carry script: Markdown rendered to HTML, then cleaned by nh3.

Everyone's rich text goes through here, facilitators' included (RELIABILITY.md decision 3,
B14): only an allow-list of tags and attributes survives; links keep http(s)/mailto only.
"""

from __future__ import annotations

import markdown as markdown_lib
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "i", "img",
    "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitize_html(html: str) -> str:
    """Return HTML with only allowed tags/attributes; scripts, handlers and js: URLs removed."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render_markdown(text: str) -> str:
    """Render Markdown typed by a user to safe HTML (raw HTML in the input is cleaned too)."""
    html = markdown_lib.markdown(
        text or "", extensions=["extra", "sane_lists"], output_format="html"
    )
    return sanitize_html(html)
