"""Rich text in the portfolio: a small plain-text format in, sanitised HTML stored and shown.

Participants type in a plain textarea: a blank line starts a paragraph, lines starting with
"- " make a list ("1. " a numbered one), **bold**, *italic*, [text](https://...) and bare
links. Pasted HTML is accepted too. Whatever comes in is sanitised with nh3 to a handful of
tags on the way in, and again on the way out (``|portfolio_html``), so that stored data from
any source can never carry script, styles, iframes, ``javascript:`` links or remote images.
"""

import html
import re

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}

_TAG_RE = re.compile(r"</?[a-zA-Z!][^>]*>")
_LINK_RE = re.compile(r"\[([^\]\n]+)\]\(((?:https?://|mailto:)[^\s)]+)\)")
_URL_RE = re.compile(r"(?<![\"'=>])\b(https?://[^\s<]+[^\s<.,;:!?)\]'\"])")
_BOLD_RE = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC_RE = re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![*\w])")
_UL_RE = re.compile(r"^\s*[-*•]\s+(.*)$")
_OL_RE = re.compile(r"^\s*\d+[.)]\s+(.*)$")


def sanitize(value):
    """Reduce any HTML to the allowed tags; links get rel="noopener nofollow"."""
    if not value:
        return ""
    return nh3.clean(
        str(value),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener nofollow",
        strip_comments=True,
        clean_content_tags={"script", "style"},
    ).strip()


def _inline(text):
    text = html.escape(text, quote=False)
    links = []

    def keep_link(label, href):
        links.append(f'<a href="{html.escape(html.unescape(href))}">{label}</a>')
        return f"\x00{len(links) - 1}\x00"

    text = _LINK_RE.sub(lambda m: keep_link(m.group(1), m.group(2)), text)
    text = _URL_RE.sub(lambda m: keep_link(m.group(1), m.group(1)), text)
    text = _BOLD_RE.sub(r"<strong>\1</strong>", text)
    text = _ITALIC_RE.sub(r"<em>\1</em>", text)
    return re.sub(r"\x00(\d+)\x00", lambda m: links[int(m.group(1))], text)


def text_to_html(value, *, accept_html=True):
    """Turn the plain-text format (or pasted HTML) into sanitised HTML. With
    ``accept_html=False`` (module discussions) typed HTML is shown as text, tags and all."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if not value:
        return ""
    if accept_html and _TAG_RE.search(value):
        return sanitize(value)
    out = []
    for block in re.split(r"\n\s*\n", value):
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if all(_UL_RE.match(line) for line in lines):
            items = "".join(f"<li>{_inline(_UL_RE.match(line).group(1))}</li>" for line in lines)
            out.append(f"<ul>{items}</ul>")
        elif all(_OL_RE.match(line) for line in lines):
            items = "".join(f"<li>{_inline(_OL_RE.match(line).group(1))}</li>" for line in lines)
            out.append(f"<ol>{items}</ol>")
        else:
            out.append("<p>" + "<br>".join(_inline(line.strip()) for line in lines) + "</p>")
    return sanitize("".join(out))


def html_to_text(value):
    """The stored HTML back in the plain-text format, for editing."""
    value = sanitize(value)
    if not value:
        return ""

    def link(match):
        href, label = html.unescape(match.group(1)), match.group(2)
        return href if label == href else f"[{label}]({href})"

    value = re.sub(r'<a href="([^"]*)"[^>]*>(.*?)</a>', link, value, flags=re.S)
    value = re.sub(r"</?(strong|b)>", "**", value)
    value = re.sub(r"</?(em|i)>", "*", value)
    value = re.sub(r"<br\s*/?>", "\n", value)

    def ordered(match):
        items = re.findall(r"<li>(.*?)</li>", match.group(1), flags=re.S)
        return "\n\n" + "\n".join(f"{n}. {item.strip()}" for n, item in enumerate(items, 1))

    def unordered(match):
        items = re.findall(r"<li>(.*?)</li>", match.group(1), flags=re.S)
        return "\n\n" + "\n".join(f"- {item.strip()}" for item in items)

    value = re.sub(r"<ol>(.*?)</ol>", ordered, value, flags=re.S)
    value = re.sub(r"<ul>(.*?)</ul>", unordered, value, flags=re.S)
    value = re.sub(r"<p>(.*?)</p>", lambda m: "\n\n" + m.group(1).strip(), value, flags=re.S)
    value = _TAG_RE.sub("", value)
    return html.unescape(value).strip()


def html_to_plain(value):
    """Readable plain text of stored HTML (for the privacy check and excerpts)."""
    value = sanitize(value)
    value = re.sub(r"<br\s*/?>|</p>|</li>", "\n", value)
    return html.unescape(_TAG_RE.sub("", value)).strip()
