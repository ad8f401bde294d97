"""The summary's chart labels: shortened in the middle, so titles that share a start stay apart."""

from hypothesis import given
from hypothesis import strategies as st

from safecli.render.summary_html import fit_label, label_width

TITLES = [
    "Implementation plan for creating a “Safe Community”",
    "Implementation plan for creating a “Safe Enterprise”",
    "Implementation plan for becoming a “Safety-Integrity Enterprise”",
]


def test_titles_that_share_a_start_keep_their_ends():
    shown = [fit_label(t, 288) for t in TITLES]
    assert len(set(shown)) == 3
    assert shown[0].endswith("“Safe Community”") and shown[1].endswith("“Safe Enterprise”")
    assert shown[2].endswith("“Safety-Integrity Enterprise”")
    assert all(s.startswith("Implement") and "…" in s for s in shown)


def test_a_label_that_fits_is_left_as_it_is():
    assert fit_label("Annual work-safety work plan", 288) == "Annual work-safety work plan"
    assert fit_label("平安企业", 48) == "平安企业"


def test_a_chinese_title_keeps_its_start_and_its_end():
    shown = fit_label("平安企业创建实施方案与考核评分标准（2024年修订版）", 288)
    assert shown.startswith("平安企业") and shown.endswith("（2024年修订版）")


@given(st.text(min_size=1, max_size=80), st.integers(min_value=40, max_value=400))
def test_a_shortened_label_fits_and_is_made_of_the_text(text, px):
    shown = fit_label(text, px)
    if label_width(text) <= px:
        assert shown == text
        return
    assert label_width(shown) <= px
    head, _, tail = shown.partition("…")
    assert text.startswith(head.rstrip()) and text.endswith(tail.lstrip())
