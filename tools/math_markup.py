"""LaTeX in the docs' Markdown -> MathML, at build time: the site shows typeset math with no
script and no request to any CDN (Chromium, Firefox and Safari render MathML Core natively).

    $p_k = e^{z_k} / \\sum_j e^{z_j}$        inline
    $$ \\frac{\\partial L}{\\partial W} = \\frac{1}{n} X^\\top (P - Y) $$   a display block

Fenced code and `code spans` are left alone, so `$HOME` in a shell block stays text.
Formulas become placeholders before Markdown runs (it would read `_` and `*` inside them as
emphasis) and MathML after (`restore`).

latex2mathml leaves three things as TeX would not set them, and `as_tex_sets_it` mends them:
operator names (`\\log`, `\\max`, `\\arg\\max`, `\\operatorname`) get TeX's thin space
and upright type, with limits under them in a display; and a prime sits on the line, at
full size, as a math font draws U+2032, rather than shrunk into a superscript. The site
serves an OpenType MATH font (STIX Two Math, docs/fonts/) for large operators and stretchy
brackets.
"""

import re

from latex2mathml.converter import convert

FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.S | re.M)
CODE_SPAN = re.compile(r"(`+)(?:.+?)\1", re.S)
DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.S)
INLINE = re.compile(r"(?<![\\$\w])\$(?=\S)([^$\n]+?)(?<=\S)\$(?![\w$])")
TOKEN = "@@MATH{}@@"

NAME = r"(?:log|exp|max|min|softmax|arg max)"
THIN = "0.1667em"  # TeX's \\, : the space between an operator name and its argument
SCRIPT = r"<mi>[^<]*</mi>|<mrow>.*?</mrow>"
OPERATOR_WITH_LIMITS = re.compile(rf"<msub><m[io]>({NAME})</m[io]>({SCRIPT})</msub>")
OPERATOR = re.compile(rf"<m[io]>({NAME})</m[io]>(?=(<mo stretchy=\"false\">&#x00028;)?)")
AFTER_A_SYMBOL = re.compile(rf"(</(?:mi|mn|msub|msup|mfrac)>)(<mi>{NAME}</mi>)")
PRIME = re.compile(r"<msup>(<mi>[^<]*</mi>)<mi>&#x02032;</mi></msup>")


def as_tex_sets_it(mathml: str) -> str:
    """latex2mathml's MathML -> MathML that a browser sets as TeX would (see above)."""
    mathml = mathml.replace("<mi>\\arg</mi><msub><mo>max</mo>", "<msub><mo>arg max</mo>")
    mathml = OPERATOR_WITH_LIMITS.sub(
        rf'<munder><mo movablelimits="true" lspace="0" rspace="{THIN}">\1</mo>\2</munder>',
        mathml)
    mathml = OPERATOR.sub(  # a thin space after the name, none before a parenthesis
        lambda m: f"<mi>{m[1]}</mi>" + ("" if m[2] else f'<mspace width="{THIN}"/>'), mathml)
    mathml = AFTER_A_SYMBOL.sub(rf'\1<mspace width="{THIN}"/>\2', mathml)
    return PRIME.sub(r'\1<mo lspace="0" rspace="0">&#x02032;</mo>', mathml)


def protect(markdown: str) -> tuple[str, list[str]]:
    """Markdown with each formula replaced by a token, and the MathML of each token."""
    formulas: list[str] = []

    def stash(latex: str, display: bool) -> str:
        mathml = convert(latex.strip(), display="block" if display else "inline")
        formulas.append(as_tex_sets_it(mathml))
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
