"""Words and numbers as the lecture's scenes set them on screen.

* :func:`label`: a ``Text`` in the lecture language's font (a CJK font for
  Chinese), in the palette's colours and sizes;
* :func:`fmt`: a number rounded for the screen, never ``-0.00``;
* :func:`minus`: a typographic minus for numbers set in ``Text`` (``MathTex``
  sets its own); :func:`num` is both, for numbers in ``Text``;
* :func:`pct`: an accuracy or probability as a percentage;
* :class:`LiveText`: a label whose numbers change every few frames (counters,
  read-outs during training), updated without setting new text.

Examples
--------
>>> fmt(-0.001), fmt(1.23456, 3), num(-1.5, 1), pct(0.9062)
('0.00', '1.235', '−1.5', '90.6 %')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache

import numpy as np
from manim import Text, VGroup, VMobject

from scenes.common import i18n, style

__all__ = ["label", "fmt", "minus", "num", "pct", "arch", "LiveText", "live_lines", "set_texts",
           "at_most", "may_overlap"]


def label(s: str, size: float = style.LABEL_SIZE, color: str = style.FG, **kw) -> Text:
    """Text in the lecture language's font."""
    return Text(s, font=i18n.font(), font_size=size, color=color, **kw)


def fmt(v: float, decimals: int = 2) -> str:
    """``v`` rounded to ``decimals`` for the screen; never ``-0.00``."""
    s = f"{float(v):.{decimals}f}"
    return s[1:] if s.startswith("-") and float(s) == 0 else s


def minus(s: str) -> str:
    """A typographic minus for numbers set in :class:`Text` (MathTex does its own)."""
    return s.replace("-", "\u2212")


def num(v: float, decimals: int = 2) -> str:
    """A number for :class:`Text`: rounded (never ``-0.00``), with a typographic minus."""
    return minus(fmt(v, decimals))


def pct(v: float, decimals: int = 1) -> str:
    """A share as the screen shows it, the one formatter every scene uses.

    >>> pct(0.9510)
    '95.1 %'
    >>> pct(0.9510, 0)
    '95 %'
    """
    return f"{100 * float(v):.{decimals}f} %"


def arch(widths) -> str:
    """A network's layer widths as the screen names it.

    >>> arch([2, 8, 8, 1])
    '2-8-8-1'
    """
    return "-".join(str(int(w)) for w in widths)


DIGITS = "0123456789"


@cache
def _digit_metrics(font: str, size: float) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """Each digit's outline (ink's left edge and baseline mark at 0), advance and lift.

    Pango sets ``|0|1|…|9|`` once; the bars are identical, so the distance from
    one bar to the next is the bar's advance plus the digit's, and a digit's ink
    sits at a fixed offset from the bar before it. (Kerning between bars and
    digits would spoil this; the lecture's fonts have none, and
    tests/scenes/test_text.py checks every digit against a fresh setting.)
    """
    ref = Text("|" + "|".join(DIGITS) + "|", font=font, font_size=size)
    bars = [g.get_left() for g in ref.submobjects[0::2]]
    pair = Text("||", font=font, font_size=size)
    bar_adv = pair.submobjects[1].get_left()[0] - pair.submobjects[0].get_left()[0]
    shapes, advance, lift = [], np.zeros(10), np.zeros(10)
    for d in range(10):
        glyph = ref.submobjects[2 * d + 1]
        advance[d] = bars[d + 1][0] - bars[d][0] - bar_adv
        pen = bars[d][0] + bar_adv  # where the digit's advance starts
        lift[d] = glyph.get_center()[1] - ref.submobjects[2 * d].get_center()[1]
        shapes.append(glyph.points - np.array([pen, glyph.get_center()[1], 0.0]))
    return shapes, advance, lift


class LiveText(VGroup):
    """A label whose numbers change every few frames, at no cost of setting new text.

    Setting a ``Text`` costs about 1 ms a glyph (Pango, then SVG parsing): a
    read-out re-set at every training step was the largest cost of the scenes
    that train live (bench/RESULTS.md). :meth:`set_text` swaps only the digits
    that changed, copying each new digit's outline from one reference setting of
    the ten digits in the same font and size and moving the glyphs after it by
    the difference in advance, which is what Pango would do. A change of
    anything but digits (``9`` → ``10``, a new word) sets the text afresh, left
    edge and baseline kept.

    Examples
    --------
    ::

        class Counter(LectureScene):
            def construct(self):
                loss = LiveText("loss 1.0000").to_edge(DOWN)
                t = ValueTracker(1.0)
                loss.add_updater(lambda m: m.set_text(f"loss {t.get_value():.4f}"))
                self.add(loss)
                self.play(t.animate.set_value(0.01), run_time=3)
    """

    def __init__(self, text: str, size: float = style.LABEL_SIZE, color: str = style.FG,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.size, self.color_name = size, color
        self.font = i18n.font()
        self.text = text
        self.reset = False  # whether the last set_text set the text afresh
        self.add(*label(text, size, color).submobjects)

    def _glyph_chars(self, text: str) -> str:
        return "".join(c for c in text if not c.isspace())

    def set_text(self, text: str) -> LiveText:
        """Show ``text``; returns self."""
        if text == self.text:
            return self
        old, new = self._glyph_chars(self.text), self._glyph_chars(text)
        same_shape = (
            len(old) == len(new) == len(self.submobjects)
            and [c.isspace() for c in self.text] == [c.isspace() for c in text]
            and all(a == b or (a in DIGITS and b in DIGITS) for a, b in zip(old, new, strict=True))
        )
        if same_shape:
            self._swap_digits(old, new)
        else:
            self._set_afresh(text)
        self.reset = not same_shape
        self.text = text
        return self

    def _swap_digits(self, old: str, new: str) -> None:
        shapes, advance, lift = _digit_metrics(self.font, self.size)
        shift = 0.0
        for glyph, a, b in zip(self.submobjects, old, new, strict=True):
            if shift:
                glyph.shift([shift, 0.0, 0.0])
            if a == b:
                continue
            da, db = int(a), int(b)
            pen = glyph.get_left()[0] - shapes[da][:, 0].min()
            baseline_mark = glyph.get_center()[1] - lift[da]
            glyph.points = shapes[db] + np.array([pen, baseline_mark + lift[db], 0.0])
            shift += advance[db] - advance[da]

    def _set_afresh(self, text: str) -> None:
        fresh = label(text, self.size, self.color_name)
        if len(self.submobjects) and len(fresh.submobjects):
            anchor: VMobject = self.submobjects[0]
            first: VMobject = fresh.submobjects[0]
            if self._glyph_chars(text)[:1] == self._glyph_chars(self.text)[:1]:
                fresh.shift(anchor.get_corner([-1, -1, 0]) - first.get_corner([-1, -1, 0]))
            else:
                fresh.move_to(self, aligned_edge=[-1, -1, 0])
        opacity = self.submobjects[0].get_fill_opacity() if len(self.submobjects) else 1.0
        fresh.set_fill(opacity=opacity)
        # A running play keeps drawing the glyphs it found when it began: reuse them
        # for the new outlines, and empty the ones left over, so none stays behind.
        old, new = list(self.submobjects), list(fresh.submobjects)
        for glyph, outline in zip(old, new, strict=False):
            glyph.points = outline.points
        for glyph in old[len(new):]:
            glyph.points = np.zeros((0, 3))
        self.submobjects = old[: len(new)] + new[len(old):]


def live_lines(texts: Sequence[str], size: float, colors: Sequence[str]) -> VGroup:
    """One :class:`LiveText` per text, in its colour, not yet arranged."""
    return VGroup(*(LiveText(t, size, c) for t, c in zip(texts, colors, strict=True)))


def set_texts(lines: Sequence[LiveText], texts: Sequence[str],
              relayout: Callable[[], object] | None = None) -> None:
    """Show ``texts[i]`` on ``lines[i]``; call ``relayout`` if any line was set afresh.

    Digit swaps keep every glyph where it was, so a row of counters does not
    jitter; a line that grew (``9`` → ``10``) may need its neighbours moved.
    """
    for line, text in zip(lines, texts, strict=True):
        line.set_text(text)
    if relayout is not None and any(line.reset for line in lines):
        relayout()


def at_most(mob: VMobject, width: float) -> VMobject:
    """``mob`` shrunk, never grown, to ``width``: a label that must stay in its slot in
    every language (a longer translation is set smaller, not off the slot). Returns it.

    >>> bool(at_most(label("a long heading"), 1.0).width <= 1.0 + 1e-9)
    True
    """
    if mob.width > width:
        mob.scale_to_fit_width(width)
    return mob


def may_overlap(*mobjects: VMobject) -> None:
    """Let these texts overlap one another on screen (by design: a value set on its bar,
    a tag over its own point), which the layout test would otherwise report
    (tests/scenes/layout.py). Marks each one and everything inside it."""
    group = object()
    for mob in mobjects:
        for sub in mob.get_family():
            sub.overlap_groups = (*getattr(sub, "overlap_groups", ()), group)
