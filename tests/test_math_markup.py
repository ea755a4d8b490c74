"""The docs' LaTeX becomes MathML that a browser sets as TeX would (tools/math_markup.py);
tests/test_browser.py looks at the result on the page."""

from tools.math_markup import protect, restore


def mathml(latex: str, display: bool = False) -> str:
    markdown, formulas = protect(f"$${latex}$$" if display else f"text ${latex}$ text")
    return restore(markdown, formulas)


def test_arg_max_is_one_operator_name_with_its_limit_under_it_in_a_display():
    html = mathml(r"\hat y = \arg\max_k p_k", display=True)
    assert "\\arg" not in html
    assert '<munder><mo movablelimits="true"' in html and ">arg max</mo><mi>k</mi></munder>" in html


def test_log_is_upright_and_a_thin_space_from_its_argument_and_from_a_symbol_before_it():
    html = mathml(r"Y \log P")
    assert '<mi>Y</mi><mspace width="0.1667em"/><mi>log</mi><mspace width="0.1667em"/>' in html


def test_no_space_between_an_operator_name_and_its_parenthesis():
    html = mathml(r"\operatorname{softmax}(z)")
    assert '<mi>softmax</mi><mo stretchy="false">&#x00028;' in html


def test_a_prime_is_set_on_the_line_not_shrunk_into_a_superscript():
    html = mathml("u' / u")
    assert "<msup>" not in html and '<mi>u</mi><mo lspace="0" rspace="0">&#x02032;</mo>' in html


def test_dollars_in_code_stay_text():
    assert restore(*protect("`echo $HOME $PATH`")) == "`echo $HOME $PATH`"


def test_a_minus_with_nothing_to_subtract_from_is_a_sign_set_tight():
    for latex in (r"L = -\frac{1}{n}", r"(-x)", r"-x", r"a, -b"):
        assert '<mo form="prefix" lspace="0" rspace="0">&#x02212;</mo>' in mathml(latex), latex


def test_a_minus_between_two_terms_stays_a_binary_operator():
    assert "<mi>a</mi><mo>&#x02212;</mo><mi>b</mi>" in mathml("a - b")


def test_infinity_is_a_symbol_with_no_operator_spacing():
    assert "<mi>&#x0221E;</mi>" in mathml(r"0 \cdot (-\infty)")


def test_bold_is_unicode_mathematical_bold_which_browsers_show():
    html = mathml(r"\mathbf{1}\mathbf{1}^\top + \mathbf{W}")
    assert 'mathvariant="bold"' not in html and "\U0001D7CF" in html  # bold 1
    assert "&#x1D416;" in html  # bold W (latex2mathml's own for a letter)


def test_both_norm_bars_keep_their_size():
    html = mathml(r"\lVert W \rVert^2")
    assert html.count('<mo stretchy="false">&#x02016;</mo>') == 2


def test_a_display_sum_is_large_whatever_its_subscript():
    assert '<mo largeop="true" movablelimits="false">&#x02211;</mo>' in mathml(
        r"\sum_{j,k} W_{jk}^2", display=True)


def test_a_formula_over_two_lines_of_markdown_is_typeset_but_not_over_a_paragraph():
    _, formulas = protect("one $x +\ny$ two")
    assert len(formulas) == 1
    _, formulas = protect("costs $5\n\nand $6")
    assert formulas == []
