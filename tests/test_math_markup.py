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
