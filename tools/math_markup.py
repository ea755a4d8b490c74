"""LaTeX in the docs' Markdown -> MathML, at build time: the site shows typeset math with no
script and no request to any CDN (Chromium, Firefox and Safari render MathML Core natively).

    $p_k = e^{z_k} / \\sum_j e^{z_j}$        inline
    $$ \\frac{\\partial L}{\\partial W} = \\frac{1}{n} X^\\top (P - Y) $$   a display block

Fenced code and `code spans` are left alone, so `$HOME` in a shell block stays text.
Formulas become placeholders before Markdown runs (it would read `_` and `*` inside them as
emphasis) and MathML after (`restore`).

latex2mathml leaves several things as TeX would not set them, and `as_tex_sets_it` mends
them: operator names (`\\log`, `\\max`, `\\arg\\max`, `\\operatorname`) get TeX's thin
space and upright type, with limits under them in a display; a prime sits on the line, at
full size, as a math font draws U+2032, rather than shrunk into a superscript; a minus
with nothing before it to subtract from (at the start, after a relation, an opening
bracket or a comma) is a sign, set tight against what follows; `\\mathbf` becomes
Unicode's mathematical bold letters and digits (browsers ignore mathvariant="bold");
norm bars keep their size instead of the left one stretching over the formula; and a
sum or product in a display is a large operator; infinity is a symbol, not an operator. The site
serves an OpenType MATH font (STIX Two Math, docs/fonts/) for large operators and stretchy
brackets.
"""

import re

from latex2mathml.converter import convert

FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.S | re.M)
CODE_SPAN = re.compile(r"(`+)(?:.+?)\1", re.S)
DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.S)
# a formula may run over lines of the Markdown, but not over a blank line (a paragraph)
INLINE = re.compile(r"(?<![\\$\w])\$(?=\S)((?:[^$\n]|\n(?!\s*\n))+?)(?<=\S)\$(?![\w$])")
TOKEN = "@@MATH{}@@"

NAME = r"(?:log|exp|max|min|softmax|arg max)"
THIN = "0.1667em"  # TeX's \\, : the space between an operator name and its argument
SCRIPT = r"<mi>[^<]*</mi>|<mrow>.*?</mrow>"
OPERATOR_WITH_LIMITS = re.compile(rf"<msub><m[io]>({NAME})</m[io]>({SCRIPT})</msub>")
OPERATOR = re.compile(rf"<m[io]>({NAME})</m[io]>(?=(<mo stretchy=\"false\">&#x00028;)?)")
AFTER_A_SYMBOL = re.compile(rf"(</(?:mi|mn|msub|msup|mfrac)>)(<mi>{NAME}</mi>)")
PRIME = re.compile(r"<msup>(<mi>[^<]*</mi>)<mi>&#x02032;</mi></msup>")
MINUS = "<mo>&#x02212;</mo>"
# what a minus right after it is the sign of: the formula's or a group's start, a relation,
# an opening bracket, a comma, another operator
BEFORE_A_SIGN = re.compile(r"(<mrow>|<math[^>]*>|<mo[^>]*>(?:&#x0003D;|&#x0003C;|&#x0003E;|"
                           r"&#x02264;|&#x02265;|&#x02248;|&#x02192;|&#x00028;|&#x0005B;|"
                           r"&#x0002C;|&#x000B7;|&#x000D7;)</mo>)" + re.escape(MINUS))
BOLD = re.compile(r'<m([in]) mathvariant="bold">([0-9A-Za-z]+)</m\1>')
NORM_BAR = '<mo>&#x02016;</mo>'
LARGE = re.compile(r"<(munder|munderover)><mo>(&#x02211;|&#x0220F;)</mo>")


def bold(text: str) -> str:
    """ASCII letters and digits -> Unicode's mathematical bold ones (U+1D400 ...)."""
    def one(c: str) -> str:
        if c.isdigit():
            return chr(0x1D7CE + int(c))
        return chr((0x1D400 if c.isupper() else 0x1D41A) + ord(c.lower()) - ord("a"))
    return "".join(one(c) for c in text)


def as_tex_sets_it(mathml: str) -> str:
    """latex2mathml's MathML -> MathML that a browser sets as TeX would (see above)."""
    mathml = mathml.replace("<mi>\\arg</mi><msub><mo>max</mo>", "<msub><mo>arg max</mo>")
    mathml = OPERATOR_WITH_LIMITS.sub(
        rf'<munder><mo movablelimits="true" lspace="0" rspace="{THIN}">\1</mo>\2</munder>',
        mathml)
    mathml = OPERATOR.sub(  # a thin space after the name, none before a parenthesis
        lambda m: f"<mi>{m[1]}</mi>" + ("" if m[2] else f'<mspace width="{THIN}"/>'), mathml)
    mathml = AFTER_A_SYMBOL.sub(rf'\1<mspace width="{THIN}"/>\2', mathml)
    mathml = PRIME.sub(r'\1<mo lspace="0" rspace="0">&#x02032;</mo>', mathml)
    mathml = BEFORE_A_SIGN.sub(r'\1<mo form="prefix" lspace="0" rspace="0">&#x02212;</mo>',
                               mathml)
    mathml = BOLD.sub(lambda m: f"<m{m[1]}>{bold(m[2])}</m{m[1]}>", mathml)
    mathml = mathml.replace(NORM_BAR, '<mo stretchy="false">&#x02016;</mo>')
    mathml = mathml.replace("<mo>&#x0221E;</mo>", "<mi>&#x0221E;</mi>")  # a symbol, not an
    # operator: no space either side
    if 'display="block"' in mathml:
        mathml = LARGE.sub(r'<\1><mo largeop="true" movablelimits="false">\2</mo>', mathml)
    return mathml


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
