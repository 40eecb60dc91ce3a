"""Where a scene's words sit: inside the frame, and not on top of each other.

:func:`watch_sections` hooks Manim's ``Scene``, so that whenever the picture holds still
(each ``wait``: every beat's hold and every mark waited for), at the end of every section
and of the scene, :func:`problems` looks at what is on screen: every text that can be
seen (``Text``, ``MarkupText``, ``MathTex``/``Tex``, a ``DecimalNumber``, a
:class:`~scenes.common.text.LiveText`; each one whole, never its glyphs) must lie inside
the frame, and no two may overlap unless the scene allows it
(:func:`scenes.common.text.may_overlap`). Boxes are compared in frame coordinates: a 3-D
scene's texts are projected by its camera, unless fixed in frame.

What every render of a lecture scene (or of a test's copy of one) finds is kept in
:data:`SEEN` under the scene and the language it spoke, so one render serves both its
own test and the layout test (tests/scenes/test_layout.py).

Examples
--------
::

    with pytest.MonkeyPatch.context() as mp:
        watch_sections(mp)
        render_last_frame(SpaceTransformations, tmp)
    assert SEEN[("scenes.space.SpaceTransformations", "en")] == []
"""

from __future__ import annotations

import re

import numpy as np
import pytest

__all__ = ["MARGIN", "SEEN", "TOUCH", "lecture_class", "problems", "scene_key", "text_boxes",
           "watch_sections"]

#: How far (scene units, 8 across the frame's height) a text may reach past the frame's
#: edge: a glyph's outline is a hair wider than its ink.
MARGIN = 0.02
#: How deep two texts' boxes may run into each other and still count as apart: boxes are
#: rectangles round the ink, and lines set close together touch at the descenders.
TOUCH = 0.03
#: (scene ``module.Class``, language) → what its renders this session found, one line each.
SEEN: dict[tuple[str, str], list[str]] = {}


def _kinds():
    from manim import DecimalNumber, MarkupText, SingleStringMathTex, Text

    from scenes.common.text import LiveText

    return (Text, MarkupText, SingleStringMathTex, DecimalNumber, LiveText)


def _name(mob) -> str:
    for attr in ("original_text", "text", "tex_string"):
        value = getattr(mob, attr, None)
        if isinstance(value, str) and value:
            # MathTex marks its parts for dvisvgm inside the string it sets: not words.
            return " ".join(re.sub(r"\\special\{dvisvgm:raw [^}]*\}", "", value).split())
    if hasattr(mob, "get_value"):
        return str(mob.get_value())
    return type(mob).__name__


def _visible(mob) -> bool:
    from scenes.common.camera import invisible

    return any(len(m.points) and not invisible(m) for m in mob.family_members_with_points())


def text_boxes(scene) -> list[tuple[object, str, np.ndarray]]:
    """Every visible text on ``scene``'s screen: (mobject, its words, box ``[x0, y0, x1, y1]``
    in frame coordinates, the frame's centre at 0). A text shown in pieces (some of its
    glyphs, as ``FadeIn(line[:k])`` does) counts once per group of glyphs shown together."""
    from manim import ThreeDCamera

    kinds = _kinds()
    camera = scene.renderer.camera
    three_d = isinstance(camera, ThreeDCamera)
    fixed = set()
    if three_d:
        for m in camera.fixed_in_frame_mobjects:
            fixed.update(m.get_family())
    found = []

    def add(mob, name: str, parts: list, in_frame: bool) -> None:
        points = np.concatenate([m.points for m in parts])
        if three_d and not in_frame:
            points = camera.project_points(points)
        lo, hi = points[:, :2].min(axis=0), points[:, :2].max(axis=0)
        found.append((mob, name, np.concatenate([lo, hi])))

    def walk(mob, in_frame: bool) -> None:
        in_frame = in_frame or mob in fixed
        if isinstance(mob, kinds):
            if _visible(mob):
                add(mob, _name(mob), mob.family_members_with_points(), in_frame)
            return
        pieces: dict[tuple, list] = {}  # glyphs of one text, found loose in this group
        for sub in mob.submobjects:
            unit = sub.__dict__.get("_text_unit")
            if unit is not None and not isinstance(sub, kinds):
                if _visible(sub):
                    pieces.setdefault(unit, []).extend(sub.family_members_with_points())
            else:
                walk(sub, in_frame)
        for (_, name), parts in pieces.items():
            add(parts[0], name, parts, in_frame)

    for mob in scene.mobjects:
        walk(mob, False)
    return found


def _tag_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Mark every part of each text made from now on with the text it belongs to, so that
    its glyphs are known as words when a scene shows some of them without the text."""
    import itertools

    from manim import MarkupText, SingleStringMathTex, Text

    numbers = itertools.count()
    for kind in (Text, MarkupText, SingleStringMathTex):
        def init(self, *args, _init=kind.__init__, **kwargs):
            _init(self, *args, **kwargs)
            unit = (next(numbers), _name(self))
            for part in self.get_family()[1:]:
                part.__dict__.setdefault("_text_unit", unit)

        monkeypatch.setattr(kind, "__init__", init)


def _allowed(a, b) -> bool:
    groups_a = getattr(a, "overlap_groups", ())
    return any(g in groups_a for g in getattr(b, "overlap_groups", ()))


def problems(scene, where: str = "") -> list[str]:
    """What is wrong with the words on ``scene``'s screen now, one line each."""
    from manim import config

    half = np.array([config.frame_width, config.frame_height]) / 2
    boxes = text_boxes(scene)
    found = []
    for _, name, box in boxes:
        out = np.maximum(np.maximum(-half - box[:2], box[2:] - half), 0)
        if out.max() > MARGIN:
            found.append(f"{where}: {name!r} leaves the frame by {out.max():.2f}")
    for i, (a, name_a, box_a) in enumerate(boxes):
        for b, name_b, box_b in boxes[i + 1:]:
            depth = np.minimum(box_a[2:], box_b[2:]) - np.maximum(box_a[:2], box_b[:2])
            if depth.min() > TOUCH and not _allowed(a, b):
                found.append(f"{where}: {name_a!r} overlaps {name_b!r} "
                             f"({depth[0]:.2f} × {depth[1]:.2f})")
    return found


def scene_key(cls: type) -> str:
    """A scene class's name in :data:`SEEN`: ``module.Class``."""
    return f"{cls.__module__}.{cls.__qualname__}"


def lecture_class(cls: type) -> type | None:
    """The lecture scene a render of ``cls`` shows: ``cls`` if it is a class of ``scenes/``;
    the ``scenes/`` class it derives from if it only adds methods (a test noting the marks
    it waits for); ``None`` for a variant with settings or a ``construct`` of its own."""
    for k in cls.__mro__:
        if k.__module__.startswith("scenes."):
            return k
        own = {n: v for n, v in vars(k).items() if not n.startswith("__")}
        if "construct" in own or not all(callable(v) for v in own.values()):
            return None
    return None


def watch_sections(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, check the words of every scene rendered whenever the picture holds
    still, at each section's end and at the scene's end. Each render's problems (each
    once, naming scene, section and texts) are set on the scene as ``layout_problems``
    and, for a lecture scene (see :func:`lecture_class`), added to :data:`SEEN`. A check
    that fails is reported as a problem, never raised, so that it cannot break the test
    whose render it watches."""
    from manim import Scene

    _tag_texts(monkeypatch)
    opened, waited, rendered = Scene.next_section, Scene.wait, Scene.render

    def check(scene) -> None:
        found = scene.__dict__.setdefault("layout_problems", [])
        sections = scene.renderer.file_writer.sections
        where = f"{type(scene).__name__} [{sections[-1].name if sections else '-'}]"
        try:
            lines = problems(scene, where)
        except Exception as e:  # noqa: BLE001 - reported by the layout test instead
            lines = [f"{where}: the layout check failed: {type(e).__name__}: {e}"]
        found.extend(line for line in lines if line not in found)

    def next_section(self, *args, **kwargs):
        check(self)
        return opened(self, *args, **kwargs)

    def wait(self, *args, **kwargs):
        result = waited(self, *args, **kwargs)
        check(self)
        return result

    def render(self, *args, **kwargs):
        result = rendered(self, *args, **kwargs)
        check(self)
        cls = lecture_class(type(self))
        if cls is not None:
            from scenes.common.i18n import lang

            seen = SEEN.setdefault((scene_key(cls), lang()), [])
            seen.extend(line for line in self.layout_problems if line not in seen)
        return result

    monkeypatch.setattr(Scene, "next_section", next_section)
    monkeypatch.setattr(Scene, "wait", wait)
    monkeypatch.setattr(Scene, "render", render)
