"""``Text`` and ``MathTex`` outlines kept on disk: each SVG is parsed once, not every render.

Manim keeps the SVGs that Pango and LaTeX make (``media/texts``, ``media/Tex``),
but parses them again in every render: svgelements reads the file, and one
``VMobject`` is made per glyph — about 4 ms a label plus 1 ms a glyph, over a
second for a text-heavy scene (bench/RESULTS.md). Here the result of that
parse (each glyph's points, fill and stroke, and which SVG groups hold which
glyphs, which ``MathTex`` needs to find its parts) is stored beside the SVGs
as an ``.npz`` keyed by the SVG's bytes and the style Manim applied, and read
back next time. Stores are atomic (temporary file, then rename); a file that cannot
be read is parsed afresh and rewritten, so a crash leaves nothing a later
render trusts. No pickles: plain arrays only.

:func:`generate_mobject` is what ``Text`` and ``MathTex`` generate their glyphs with once
:func:`scenes.common.manim_compat.keep_text_outlines` has patched them in (importing
:mod:`scenes.common.base` does, for every lecture scene).

Examples
--------
>>> from scenes.common import manim_compat
>>> manim_compat.keep_text_outlines()
>>> from manim import Text
>>> Text("loss 0.1234")   # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import zipfile
from pathlib import Path

import manim
import numpy as np
from manim import SVGMobject, VGroup, VMobject

__all__ = ["generate_mobject", "outline_file"]

_STYLE = ("fill", "stroke")


def outline_file(mob: SVGMobject) -> Path:
    """Where the outlines of ``mob``'s SVG, parsed with its style, are kept (beside the SVG)."""
    svg = mob.get_file_path()
    h = hashlib.sha256(svg.read_bytes())
    h.update(repr((type(mob).__name__, mob.svg_default, mob.path_string_config,
                   manim.__version__)).encode())
    # Beside Manim's folder, not in it: Manim deletes every non-SVG file from its
    # LaTeX folder after a compile, and fails on a folder there.
    return svg.parent.with_name(f"{svg.parent.name}-outlines") / f"{h.hexdigest()[:32]}.npz"


def _load(file: Path) -> tuple[list[VMobject], dict[str, VGroup]] | None:
    try:
        with np.load(file, allow_pickle=False) as z:
            points, counts = z["points"], z["counts"]
            fill, stroke, width = z["fill"], z["stroke"], z["stroke_width"]
            names, members, sizes = z["group_names"], z["group_members"], z["group_sizes"]
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return None
    n = len(counts)
    if (counts.sum() != len(points) or points.ndim != 2 or points.shape[1:] != (3,)
            or fill.shape != (n, 4) or stroke.shape != (n, 4) or width.shape != (n,)
            or sizes.sum() != len(members) or len(sizes) != len(names)
            or (len(members) and not 0 <= members.min() <= members.max() < n)):
        return None
    glyphs = []
    for pts, f, s, w in zip(_split(points, counts), fill, stroke, width, strict=True):
        glyph = VMobject()
        glyph.points = pts.copy()
        # As SVGMobject.apply_style_to_mobject sets it, from the same numbers.
        glyph.set_style(fill_color=manim.ManimColor(f[:3]), fill_opacity=float(f[3]),
                        stroke_color=manim.ManimColor(s[:3]), stroke_opacity=float(s[3]),
                        stroke_width=float(w))
        glyphs.append(glyph)
    groups = {str(name): VGroup(*(glyphs[i] for i in idx))
              for name, idx in zip(names, _split(members, sizes), strict=True)}
    return glyphs, groups


def _split(flat: np.ndarray, sizes: np.ndarray) -> list[np.ndarray]:
    return np.split(flat, np.cumsum(sizes)[:-1]) if len(sizes) else []


def _store(file: Path, glyphs: list[VMobject], groups: dict[str, VGroup]) -> None:
    index = {id(g): i for i, g in enumerate(glyphs)}
    members = [[index[id(m)] for m in group.submobjects] for group in groups.values()]
    arrays = {
        "group_names": np.array(list(groups), dtype=str),
        "group_members": np.array([i for m in members for i in m], dtype=np.int64),
        "group_sizes": np.array([len(m) for m in members], dtype=np.int64),
        "points": np.concatenate([g.points for g in glyphs]) if glyphs else np.zeros((0, 3)),
        "counts": np.array([len(g.points) for g in glyphs], dtype=np.int64),
        "fill": np.array([g.fill_rgbas[0] for g in glyphs]).reshape(-1, 4),
        "stroke": np.array([g.stroke_rgbas[0] for g in glyphs]).reshape(-1, 4),
        "stroke_width": np.array([g.get_stroke_width() for g in glyphs], dtype=float),
    }
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=file.parent, suffix=".tmp")
    except OSError:  # a read-only media folder: parse again next time
        return
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)
        os.replace(tmp, file)
    except BaseException as e:
        Path(tmp).unlink(missing_ok=True)
        if not isinstance(e, OSError):  # a full disk only costs the next render a parse
            raise


def generate_mobject(self: SVGMobject) -> SVGMobject:
    """``SVGMobject.generate_mobject``, reading the outlines from :func:`outline_file` when
    they are there, else parsing the SVG and storing them there."""
    file = outline_file(self)
    kept = _load(file) if file.exists() else None
    if kept is None:
        SVGMobject.generate_mobject(self)
        glyphs = list(self.submobjects)
        known = {id(g) for g in glyphs}
        simple = all(len(g.fill_rgbas) == 1 and len(g.stroke_rgbas) == 1 and not g.submobjects
                     for g in glyphs) and all(
            id(m) in known for group in self.id_to_vgroup_dict.values() for m in group)
        if simple:  # one colour per glyph, groups of glyphs: all an .npz can hold
            _store(file, glyphs, self.id_to_vgroup_dict)
        return self
    glyphs, groups = kept
    self.add(*glyphs)
    self.id_to_vgroup_dict = groups
    return self

