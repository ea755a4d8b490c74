"""LaTeX in the docs' Markdown -> MathML, at build time: the site shows typeset math with no
script and no request to any CDN (Chromium, Firefox and Safari render MathML Core natively).

    $p_k = e^{z_k} / \\sum_j e^{z_j}$        inline
    $$ \\frac{\\partial L}{\\partial W} = \\frac{1}{n} X^\\top (P - Y) $$   a display block

Fenced code and `code spans` are left alone, so `$HOME` in a shell block stays text.
Formulas become placeholders before Markdown runs (it would read `_` and `*` inside them as
emphasis) and MathML after (`restore`).
"""

import re

from latex2mathml.converter import convert

FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.S | re.M)
CODE_SPAN = re.compile(r"(`+)(?:.+?)\1", re.S)
DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.S)
INLINE = re.compile(r"(?<![\\$\w])\$(?=\S)([^$\n]+?)(?<=\S)\$(?![\w$])")
TOKEN = "@@MATH{}@@"


def protect(markdown: str) -> tuple[str, list[str]]:
    """Markdown with each formula replaced by a token, and the MathML of each token."""
    formulas: list[str] = []

    def stash(latex: str, display: bool) -> str:
        formulas.append(convert(latex.strip(), display="block" if display else "inline"))
        return TOKEN.format(len(formulas) - 1)

    def in_text(text: str) -> str:
        text = DISPLAY.sub(lambda m: "\n\n" + stash(m.group(1), True) + "\n\n", text)
        return INLINE.sub(lambda m: stash(m.group(1), False), text)

    def outside_code_spans(text: str) -> str:
        pieces, last = [], 0
        for span in CODE_SPAN.finditer(text):
            pieces += [in_text(text[last : span.start()]), span.group(0)]
            last = span.end()
        return "".join([*pieces, in_text(text[last:])])

    pieces, last = [], 0
    for fence in FENCE.finditer(markdown):
        pieces += [outside_code_spans(markdown[last : fence.start()]), fence.group(0)]
        last = fence.end()
    return "".join([*pieces, outside_code_spans(markdown[last:])]), formulas


def restore(html: str, formulas: list[str]) -> str:
    """Each token in the rendered HTML -> its MathML; a token alone in a paragraph is a
    display formula, set in its own centred block."""
    for number, mathml in enumerate(formulas):
        token = TOKEN.format(number)
        html = html.replace(f"<p>{token}</p>", f'<div class="math-display">{mathml}</div>')
        html = html.replace(token, mathml)
    return html
