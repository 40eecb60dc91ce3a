"""LiveText: digits swapped in place look exactly as freshly set text."""

import numpy as np
import pytest

from scenes.common.text import LiveText, label

TEMPLATES = ["loss {:.4f}", "w₁ = {:.2f}   w₂ = {:.2f}", "epoch {:d} of 40",
             "训练准确率 {:.1f} %", "L = {:.3f}"]


def _relative(glyphs) -> np.ndarray:
    """All glyph points, relative to the first glyph's lower-left corner."""
    pts = np.concatenate([g.points for g in glyphs])
    return pts - glyphs[0].get_corner([-1, -1, 0])


def _values(template: str, rng) -> tuple:
    n = template.count("{")
    if ":d" in template:
        return tuple(int(v) for v in rng.integers(10, 99, n))
    return tuple(rng.uniform(1, 9, n))


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("template", TEMPLATES)
def test_swapped_digits_match_a_fresh_setting(monkeypatch, lang, template):
    monkeypatch.setenv("DEEPWARP_LANG", lang)
    rng = np.random.default_rng(0)
    live = LiveText(template.format(*_values(template, rng)))
    start = live.submobjects[0].get_corner([-1, -1, 0])
    for _ in range(6):
        text = template.format(*_values(template, rng))
        live.set_text(text)
        fresh = label(text)
        assert len(live.submobjects) == len(fresh.submobjects)
        # Within a pixel at 1080p (frame width 14.2 units / 1920 px): Pango rounds each
        # glyph's position to its own grid, so a fresh setting may differ by that much.
        np.testing.assert_allclose(_relative(live.submobjects), _relative(fresh.submobjects),
                                   atol=14.2 / 1920)
    # The first glyph never moved: a counter does not jitter.
    np.testing.assert_allclose(live.submobjects[0].get_corner([-1, -1, 0])[:2],
                               start[:2], atol=1e-9)


def test_other_changes_set_the_text_afresh_on_the_same_baseline():
    live = LiveText("epoch 9")
    before = live.submobjects[0].get_corner([-1, -1, 0])
    live.set_text("epoch 10")
    assert live.text == "epoch 10" and len(live.submobjects) == len("epoch10")
    np.testing.assert_allclose(live.submobjects[0].get_corner([-1, -1, 0]), before, atol=1e-9)
    fresh = label("epoch 10").submobjects
    np.testing.assert_allclose(_relative(live.submobjects), _relative(fresh), atol=1e-9)


@pytest.mark.parametrize("before,after", [("epoch 9", "epoch 10"), ("epoch 100", "epoch 99"),
                                          ("w = -0.46", "w = 0.50")])
def test_a_running_play_draws_only_the_new_text(before, after):
    """A play keeps the family members it found when it began (Manim's moving mobjects)."""
    live = LiveText(before)
    frozen = live.family_members_with_points()
    live.set_text(after)
    drawn = {id(m) for m in frozen if len(m.points)} | {
        id(m) for m in live.family_members_with_points()}
    assert drawn == {id(m) for m in live.family_members_with_points()}
    np.testing.assert_allclose(_relative(live.submobjects), _relative(label(after).submobjects),
                               atol=1e-9)


# --- its own frame (control_data/text/) ---------------------------------------------------

def test_live_text(request):
    """Three read-outs after their digits were swapped, one set afresh (9 → 10), and a
    freshly set label beside them."""
    from scenes.common import style
    from tests.scenes.frames import assert_piece_matches, capture

    lines = [LiveText("loss 0.1234"), LiveText("epoch 9 of 40", color=style.SKY),
             LiveText("w₁ = 0.50   w₂ = −1.25", color=style.ORANGE)]
    for line, y in zip(lines, (2.0, 0.5, -1.0), strict=True):
        line.move_to([-2.5, y, 0], aligned_edge=[-1, 0, 0])
    lines[0].set_text("loss 0.0987")
    lines[1].set_text("epoch 10 of 40")
    lines[2].set_text("w₁ = 0.73   w₂ = −1.08")
    assert [line.reset for line in lines] == [False, True, False]
    fresh = label("loss 0.0987").move_to([-2.5, -2.5, 0], aligned_edge=[-1, 0, 0])
    assert_piece_matches(capture(*lines, fresh), request)
