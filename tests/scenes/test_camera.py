"""The lecture's cameras paint exactly what Manim's own cameras paint."""

import numpy as np
import pytest
from manim import (
    BLUE,
    DEGREES,
    ORANGE,
    Camera,
    Circle,
    MathTex,
    Square,
    Surface,
    ThreeDCamera,
    VMobject,
    tempconfig,
)

from scenes.common.camera import LectureCamera, LectureThreeDCamera, invisible
from scenes.common.text import label


def _mobjects():
    hidden = Circle(radius=1.2, color=ORANGE).shift([2, 0, 0]).set_opacity(0)
    halo = Square(1.5).set_fill(BLUE, opacity=0).set_stroke(width=0)
    halo.set_stroke(ORANGE, width=6, background=True)  # only a background stroke shows
    wiggle = VMobject(stroke_color=BLUE, stroke_width=3)
    wiggle.set_points_smoothly([[-3, -1, 0], [-2, 1, 0], [-1, -1, 0], [0, 1, 0]])
    return [label("loss 0.1234").shift([0, 2, 0]), MathTex(r"\sigma(z)").shift([-2, -2, 0]),
            hidden, halo, wiggle, Square(1.0, fill_color=BLUE, fill_opacity=0.5)]


def _surface():
    return Surface(lambda u, v: np.array([u, v, 0.3 * np.sin(2 * u) * v]), u_range=(-2, 2),
                   v_range=(-2, 2), resolution=6, fill_opacity=0.8)


def _frames(camera_class, mobjects, **kwargs):
    with tempconfig({"pixel_width": 320, "pixel_height": 180}):
        cam = camera_class(**kwargs)
        frames = []
        for shift in (0.0, 0.0, 0.5):  # the same scene twice, then the curve moved
            mobjects[4].shift([shift, 0, 0])
            cam.reset()
            cam.capture_mobjects(mobjects)
            frames.append(cam.pixel_array.copy())
        return cam, frames


@pytest.mark.parametrize("ours,theirs,kwargs", [
    (LectureCamera, Camera, {}),
    (LectureThreeDCamera, ThreeDCamera, {"phi": 60 * DEGREES, "theta": -45 * DEGREES}),
])
def test_frames_are_pixel_identical(ours, theirs, kwargs):
    extra = [_surface()] if kwargs else []  # shaded, depth-sorted faces for the 3-D cameras
    cam, mine = _frames(ours, _mobjects() + extra, **kwargs)
    _, stock = _frames(theirs, _mobjects() + extra, **kwargs)
    for a, b in zip(mine, stock, strict=True):
        np.testing.assert_array_equal(a, b)
    assert mine[0].any() and not np.array_equal(mine[0], mine[2])  # it drew, and saw the move
    assert cam._paths  # and kept paths to replay


def test_replayed_paths_are_not_rebuilt():
    cam, _ = _frames(LectureCamera, _mobjects())
    kept = len(cam._paths)
    cam.reset()
    cam.capture_mobjects(_mobjects()[:2])  # new mobjects, same points: replayed
    assert len(cam._paths) == kept


def test_only_what_cannot_show_is_skipped():
    m = _mobjects()
    assert invisible(m[2])
    assert not invisible(m[3])  # background stroke only
    assert not invisible(m[0]) and not invisible(m[4]) and not invisible(m[5])


# --- the replay's own frames (control_data/camera/) ----------------------------------------

@pytest.mark.parametrize("three_d", [False, True], ids=["2d", "3d"])
def test_replay(three_d, request):
    """The frame drawn from replayed paths (the second capture of the same mobjects)."""
    from tests.scenes.frames import assert_piece_matches

    view = {"phi": 60 * DEGREES, "theta": -45 * DEGREES} if three_d else {}
    extra = [_surface()] if three_d else []
    camera = LectureThreeDCamera if three_d else LectureCamera
    _, frames = _frames(camera, _mobjects() + extra, **view)
    np.testing.assert_array_equal(frames[0], frames[1])  # replayed as first drawn
    assert_piece_matches(frames[1], request)
