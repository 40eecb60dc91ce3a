"""Copies of ``Text`` and ``MathTex`` share their parsed SVG paths.

Every ``FadeIn``, ``Transform`` or ``.copy()`` deep-copies whole mobject
families, and each glyph of a ``Text``/``MathTex`` carries the ``svgelements``
path it was parsed from (``VMobjectFromSVGPath.path_obj``). Manim reads that
path once, when it generates the glyph's points, and never again; yet
``copy.deepcopy`` rebuilds it, segment by segment, on every copy. That was the
largest single cost of our 2-D scenes (bench/RESULTS.md): sharing it instead
makes copying a glyph about 8× cheaper and changes no pixel.

Importing :mod:`scenes.common.base` installs this, so every lecture scene has it.

Examples
--------
>>> from manim import MathTex
>>> from scenes.common.fastcopy import share_svg_paths
>>> share_svg_paths()
>>> tex = MathTex("x")          # doctest: +SKIP
>>> tex.copy()[0][0].path_obj is tex[0][0].path_obj   # doctest: +SKIP
True
"""

from __future__ import annotations

from typing import Any

from manim import Mobject
from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath

__all__ = ["share_svg_paths"]


def _deepcopy_sharing_path(self: VMobjectFromSVGPath, memo: dict[int, Any]) -> Any:
    # Seeding the memo makes deepcopy hand back the same path object.
    memo[id(self.path_obj)] = self.path_obj
    return Mobject.__deepcopy__(self, memo)


def share_svg_paths() -> None:
    """Make copies of SVG-based glyphs share their (read-only) ``svgelements`` path."""
    VMobjectFromSVGPath.__deepcopy__ = _deepcopy_sharing_path  # type: ignore[method-assign]
