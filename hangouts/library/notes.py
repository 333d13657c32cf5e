"""Notes in Markdown, rendered safely with markdown-it-py.

CommonMark with raw HTML off: a `<script>` someone types is shown as text. markdown-it's
validateLink refuses `javascript:`, `vbscript:`, `file:` and `data:` links (such a link stays
text). Images are off too (the page stays light and loads nothing from elsewhere), and every
link gets `rel="nofollow noopener"`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token


def link_open(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    tokens[idx].attrSet("rel", "nofollow noopener")
    return renderer.renderToken(tokens, idx, options, env)


MARKDOWN = MarkdownIt("commonmark", {"html": False}).disable("image")
MARKDOWN.add_render_rule("link_open", link_open)


def render_notes(text: str) -> SafeString:
    """The notes as HTML, safe to put in a page."""
    return mark_safe(MARKDOWN.render(text or ""))  # noqa: S308 (html off, links validated)
