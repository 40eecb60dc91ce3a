"""A project-local ``frames_comparison``: Manim's own skips on cairo < 1.18.

Render a scene small (320×180), take its last frame, compare it with committed
control data in ``tests/scenes/control_data/NAME.npz`` using Manim's tolerances
(each channel within 1.01, or fewer than 0.001 % of values off).

Three ways to render, from cheapest: :func:`render_last_frame` skips the
animations; :func:`render_all_frames` plays them without drawing a video (the
smoke test); :func:`render_played` plays them at a low frame rate *and* returns
the last frame, so one render serves the smoke test, the displayed values and
the frame comparison (most of the time goes into copying mobjects at the start
of each animation, not into drawing frames). :func:`assert_chinese_render`
renders a scene in Chinese and checks that only its words changed.

The shared pieces of ``scenes/common/`` get one small frame each, drawn by the
lecture's camera without a scene (:func:`capture`) and compared by
:func:`assert_piece_matches` with ``control_data/<module>/<test>.npz``, as Manim
keeps one control frame per construct.

:func:`assert_every_mark_waited_on_time` is the one check of a scene's marks.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

CONTROL = Path(__file__).parent / "control_data"
DIFFS = Path(__file__).resolve().parents[2] / "media" / "test-diffs"
ATOL = 1.01
MISMATCH_RATIO = 1e-5
SMALL = {"pixel_width": 320, "pixel_height": 180, "frame_rate": 6}


def _config(tmp: Path, **extra) -> dict:
    cfg = {
        "output_file": str(tmp / "scene"),  # subtitles are written beside it
        **SMALL,
        "disable_caching": True,
        "media_dir": str(tmp),
        "verbosity": "ERROR",
        "progress_bar": "none",
        "write_to_movie": False,
    }
    cfg.update(extra)
    tmp.mkdir(parents=True, exist_ok=True)
    return cfg


def render_last_frame(scene_cls, tmp: Path):
    """Render ``scene_cls`` skipping animations; return (scene, RGBA last frame)."""
    from manim import tempconfig

    with tempconfig(_config(tmp, save_last_frame=True)):
        scene = scene_cls()
        scene.render()
        return scene, np.array(scene.renderer.get_frame())


def render_all_frames(scene_cls, tmp: Path, frame_rate: int = 3):
    """Play every animation (updaters included) at a tiny size without writing video."""
    from manim import tempconfig

    with tempconfig(_config(tmp, frame_rate=frame_rate, dry_run=True)):
        scene = scene_cls()
        scene.render()
        return scene


def render_played(scene_cls, tmp: Path, frame_rate: int = 1):
    """Play every animation (updaters included) at 320×180, ``frame_rate`` fps,
    without writing video; return (scene, RGBA last frame)."""
    from manim import tempconfig

    with tempconfig(_config(tmp, frame_rate=frame_rate)):
        scene = scene_cls()
        scene.render()
        return scene, np.array(scene.renderer.get_frame())


def spy_on_text(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str | None]]:
    """Record (string, font) of every Text made from now on, on screen at the end or not."""
    from manim import Text

    made = []
    init = Text.__init__

    def spy(self, text, *args, **kwargs):
        made.append((text, kwargs.get("font")))
        init(self, text, *args, **kwargs)

    monkeypatch.setattr(Text, "__init__", spy)
    return made


def assert_chinese_render(scene_cls, english, tmp: Path, monkeypatch: pytest.MonkeyPatch):
    """Render ``scene_cls``'s last frame in Chinese: every displayed value is the English
    render's (``english``, a rendered scene), every Text is in the CJK font and some of it
    is real Chinese, and something is drawn in the foreground colour. Returns the scene."""
    monkeypatch.setenv("DEEPWARP_LANG", "zh")
    made = spy_on_text(monkeypatch)
    scene, frame = render_last_frame(scene_cls, tmp)
    np.testing.assert_equal(scene.displayed, english.displayed)
    assert made and all(font == "Noto Sans CJK SC" for _, font in made), made
    assert any("\u4e00" <= ch <= "\u9fff" for text, _ in made for ch in text)
    assert frame[..., :3].max() > 200
    return scene


def assert_frame_matches(frame: np.ndarray, name: str, request: pytest.FixtureRequest) -> None:
    """Compare ``frame`` with ``control_data/NAME.npz`` (or write it with --set_test)."""
    path = CONTROL / f"{name}.npz"
    if request.config.getoption("--set_test"):
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, frame_data=frame)
        return
    if not path.exists():
        pytest.fail(f"no control data {path.name}; run pytest with --set_test to write it")
    with np.load(path, allow_pickle=False) as data:
        expected = data["frame_data"]
    assert frame.shape == expected.shape, f"{name}: frame {frame.shape} vs control {expected.shape}"
    close = np.isclose(frame.astype(float), expected.astype(float), atol=ATOL, rtol=0)
    ratio = 1.0 - close.mean()
    if ratio >= MISMATCH_RATIO:
        if request.config.getoption("--show_diff"):
            _dump_diff(name, frame, expected)
        pytest.fail(
            f"{name}: {ratio:.4%} of pixel values differ from the control frame "
            "(use --show_diff for PNGs, --set_test to accept)"
        )


def capture(*mobjects, camera_class=None, **camera_kwargs) -> np.ndarray:
    """``mobjects`` drawn once by the lecture's camera (or ``camera_class``) at 320×180 on
    the lecture's background; returns the RGBA frame. No scene, no animation: a few ms."""
    from manim import tempconfig

    from scenes.common.camera import LectureCamera
    from scenes.common.style import BG

    with tempconfig({"pixel_width": SMALL["pixel_width"], "pixel_height": SMALL["pixel_height"]}):
        camera = (camera_class or LectureCamera)(background_color=BG, **camera_kwargs)
        camera.capture_mobjects(list(mobjects))
        return np.array(camera.pixel_array)


def assert_piece_matches(frame: np.ndarray, request: pytest.FixtureRequest) -> None:
    """Compare a shared piece's frame with ``control_data/<module>/<test>.npz`` (module and
    test named without their ``test_``), e.g. ``control_data/mobjects/point_cloud.npz``."""
    module = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    test = request.node.name.removeprefix("test_").replace("[", "-").rstrip("]")
    assert_frame_matches(frame, f"{module}/{test}", request)


def _dump_diff(name: str, frame: np.ndarray, expected: np.ndarray) -> None:
    from PIL import Image

    (DIFFS / name).parent.mkdir(parents=True, exist_ok=True)
    diff = np.abs(frame.astype(int) - expected.astype(int)).astype(np.uint8)
    diff[..., 3] = 255
    strip = np.concatenate([expected, frame, diff], axis=1)
    Image.fromarray(strip, "RGBA").save(DIFFS / f"{name}.png")


def assert_every_mark_waited_on_time(scene, languages: tuple[str, ...] = ()) -> int:
    """Each beat of ``scene`` waits for each of its marks, once, in spoken order, and none
    is late (what plays before a mark ends before its word is spoken). The one way every
    scene test checks its marks: the lecture base records them (``scene.marks_waited``,
    ``scene.late_marks``), so no test needs to spy on ``wait_until``.

    ``languages``: also check that the scene's catalogue says the same marks, in the same
    order, in each of these (a render in one language stands for the others); only for
    scenes whose marks are all in the catalogue, not put into the words by a field. Use it on
    a render that skips animations (:func:`render_last_frame`): its clock runs them
    exactly. Returns how many marks were waited for.
    """
    from narration.marks import names

    assert scene.late_marks == []
    for i, (key, _, text) in enumerate(scene.narrations):
        waited = [m for j, m in scene.marks_waited if j == i]
        assert waited == names(text), key
        for code in languages:
            assert waited == names(scene.TEXT.language(code)[f"{key}.say"]), (key, code)
    return len(scene.marks_waited)
