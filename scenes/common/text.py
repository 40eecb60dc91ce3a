"""Words and numbers as the lecture's scenes set them on screen.

* :func:`label`: a ``Text`` in the lecture language's font (a CJK font for
  Chinese), in the palette's colours and sizes;
* :func:`fmt`: a number rounded for the screen, never ``-0.00``;
* :func:`minus`: a typographic minus for numbers set in ``Text`` (``MathTex``
  sets its own); :func:`num` is both, for numbers in ``Text``;
* :func:`pct`: an accuracy or probability as a percentage.

Examples
--------
>>> fmt(-0.001), fmt(1.23456, 3), num(-1.5, 1), pct(0.9062)
('0.00', '1.235', '−1.5', '90.6 %')
"""

from __future__ import annotations

from manim import Text

from scenes.common import i18n, style

__all__ = ["label", "fmt", "minus", "num", "pct"]


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


def pct(v: float) -> str:
    """A share as the screen shows it: ``0.9510`` → ``"95.1 %"``."""
    return f"{100 * float(v):.1f} %"
