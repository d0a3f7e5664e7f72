"""Text from a dossier or a rule file, made safe for where it is shown (issue 21).

Each output has its own dangers: a terminal obeys escape sequences (``\\x1b[2J`` clears the screen, others
rewrite the title or hide text) and bidirectional overrides reorder what is read; Markdown turns
``[texte](javascript:…)`` into a link, ``<script>`` into HTML and a line starting with ``#`` into a
heading. The text is kept — shown, never obeyed:

- `terminal_safe`: control characters (C0 but line feed and tab, DEL, C1) and bidirectional controls
  become visible ``\\x1b`` / ``\\u202e``;
- `markdown_text`: for Python-Markdown (the docs site, mkdocs) — ``&``, ``<``, ``>`` as entities (a
  backslash does not escape ``<`` there), markup characters backslash-escaped, line-start markers
  (``#``, ``>``, ``-``, ``+``, ``1.``, ``=``) neutralised, control characters shown as in a terminal;
  ``inline=True`` also folds line breaks into spaces (a title, a list item);
- `safe_url`: only ``http`` and ``https`` links; anything else (``javascript:``, ``data:``) is not a link.
"""

from __future__ import annotations

import re

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_MARKUP = re.compile(r"([\\`*_\[\]{}()!|~^])")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _neutral_start(line: str) -> str:
    line = re.sub(r"^(\s*)(\d+)\.", r"\1\2\\.", line)  # « 1. » would start a numbered list
    return re.sub(r"^(\s*)([#>+=-])", r"\1\\\2", line)  # a heading, a quote, a bullet, a setext rule


def terminal_safe(text: str) -> str:
    """``text`` with every control character shown (``\\x1b``), never sent to the terminal as such."""
    return _CONTROLS.sub(_visible, text)


def markdown_text(text: str, inline: bool = False) -> str:
    """``text`` as literal text inside Markdown (Python-Markdown, raw HTML never passed through)."""
    text = terminal_safe(str(text)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKUP.sub(r"\\\1", text)
    lines = [_neutral_start(line) for line in text.split("\n")]
    return " ".join(line.strip() for line in lines) if inline else "\n".join(lines)


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) address without spaces or markup, else None (shown as text only)."""
    if not url:
        return None
    return url if re.fullmatch(r"https?://[^\s<>\"'()\[\]`\\]+", url) else None


__all__ = ["markdown_text", "safe_url", "terminal_safe"]
