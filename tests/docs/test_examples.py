"""The examples the docs teach with are rendered and checked, so the guide cannot rot.

``docs/examples/xor.py`` (``docs/writing-a-scene.md``): its scene renders, every value it
shows equals what the engine computed — recomputed here independently, with numpy, from
the recorded weights — its last frame matches the control frame
(``tests/docs/control_data/XorBoundary.npz``; ``--set_test`` rewrites it), its Chinese
render changes only the words, and each beat has the same marks in both languages.
Rendered small (320×180, 1 fps) and with narration off, as the scene tests are.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.scenes import frames

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples"
CONTROL = Path(__file__).parent / "control_data"


def _example(name: str):
    """Import ``docs/examples/<name>.py`` as a module (docs/ is not a package)."""
    spec = importlib.util.spec_from_file_location(f"docs_example_{name}", EXAMPLES / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def xor(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        # The session's shared scene cache; English and silent, like the control frame.
        mp.setenv("DEEPWARP_CACHE", str(tmp_path_factory.getbasetemp() / "scene-cache"))
        mp.setenv("DEEPWARP_LANG", "en")
        mp.setenv("DEEPWARP_NARRATION", "off")
        module = _example("xor")
        scene, frame = frames.render_played(module.XorBoundary, tmp_path_factory.mktemp("xor"))
        yield module, scene, frame


def test_xor_scene_plays_its_beats(xor):
    _, scene, _ = xor
    assert scene.beats_said == ["The data", "Training", "Trained"]
    assert scene.late_marks == []  # the tint and the training wait for their words


def test_xor_scene_shows_what_the_engine_computed(xor):
    from engine.datasets import load

    module, scene, _ = xor
    shown = scene.displayed
    art = module.xor_boundary()
    # The points are the dataset's training half, loaded afresh.
    data = load(module.DATA)
    np.testing.assert_array_equal(shown["points"][0], data.x_train)
    np.testing.assert_array_equal(shown["points"][1], data.y_train)
    # Every snapshot's tint and accuracy, recomputed with numpy from its weights
    # (the engine computed them with its torch model).
    edges = np.linspace(*module.BOX, module.GRID + 1)
    mid = (edges[:-1] + edges[1:]) / 2
    grid = np.stack(np.meshgrid(mid, mid, indexing="ij"), axis=-1)
    assert shown["epochs"] == list(range(0, 401, 10))
    for i in range(len(shown["epochs"])):
        weights = [art[k][i] for k in ("W0", "b0", "W1", "b1")]
        np.testing.assert_array_equal(shown["cells"][i], module.predict(grid, *weights))
        right = module.predict(data.x_train, *weights) == data.y_train
        assert shown["accuracy"][i] == f"{100 * right.mean():.1f} %"
    final = [art[k][-1] for k in ("W0", "b0", "W1", "b1")]
    assert shown["right"] == (int((module.predict(data.x_train, *final) == data.y_train).sum()),
                              len(data.y_train))
    # And the trained boundary really is XOR's: the four quadrant centres.
    corners = np.array([[3.0, 3.0], [-3.0, -3.0], [3.0, -3.0], [-3.0, 3.0]])
    assert module.predict(corners, *final).tolist() == [1, 1, 0, 0]


def test_xor_scene_last_frame(xor, request, monkeypatch):
    _, _, frame = xor
    monkeypatch.setattr(frames, "CONTROL", CONTROL)
    frames.assert_frame_matches(frame, "XorBoundary", request)


def test_xor_scene_in_chinese_changes_only_its_words(xor, tmp_path, monkeypatch):
    module, english, _ = xor
    monkeypatch.setenv("DEEPWARP_NARRATION", "off")
    frames.assert_chinese_render(module.XorBoundary, english, tmp_path, monkeypatch)


def test_xor_marks_are_the_same_in_both_languages():
    from narration import marks

    text = _example("xor").TEXT
    for key in sorted(k for k in text.keys() if k.endswith(".say")):
        assert marks.names(text.language("en")[key]) == marks.names(text.language("zh")[key])


def test_nothing_below_imports_the_examples():
    # Arrows point down: docs/examples use engine/ and scenes/, never the other way.
    for path in [*ROOT.glob("engine/**/*.py"), *ROOT.glob("scenes/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(n.startswith(("docs", "examples")) for n in names), path
