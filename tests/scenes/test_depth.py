"""DeepVersusWide and LearnedFeatures: last frames, displayed values, smoke renders.

One played render per scene (tests/scenes/frames.py: render_played) serves all three.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.scenes.frames import assert_frame_matches, render_played


@pytest.fixture(scope="module")
def deep_wide_scene(media):
    from scenes.depth import DeepVersusWide

    return render_played(DeepVersusWide, media)


@pytest.fixture(scope="module")
def features_scene(media):
    from scenes.depth import LearnedFeatures

    return render_played(LearnedFeatures, media)


# --- DeepVersusWide ---------------------------------------------------------------------

def test_deep_versus_wide_last_frame(deep_wide_scene, request):
    assert_frame_matches(deep_wide_scene[1], "DeepVersusWide", request)


def test_displayed_accuracies_are_the_experiments(deep_wide_scene):
    from engine.artefacts.depth import DEEP_WIDE
    from engine.experiments import deep_versus_wide

    shown = deep_wide_scene[0].displayed
    r = deep_versus_wide(DEEP_WIDE)
    acc = r["test_accuracy"]
    np.testing.assert_array_equal(shown["test_accuracy"], acc)
    np.testing.assert_allclose(shown["test_mean"], acc.mean(axis=1), atol=1e-15)
    np.testing.assert_array_equal(shown["test_min"], acc.min(axis=1))
    np.testing.assert_array_equal(shown["test_max"], acc.max(axis=1))
    assert shown["widths"] == r["width"].tolist()
    assert shown["n_params"] == r["n_params"].tolist()
    # The verdict on screen follows the numbers.
    mean = acc.mean(axis=1)
    assert shown["wide_did_as_well_or_better"] == bool(mean[0] >= mean[1:].max())
    assert deep_wide_scene[0].beats_said == ["The question", "Four shapes", "Results",
                                             "Verdict"]


# --- LearnedFeatures --------------------------------------------------------------------

def test_learned_features_last_frame(features_scene, request):
    assert_frame_matches(features_scene[1], "LearnedFeatures", request)


def test_displayed_features_and_activations_are_the_networks(features_scene):
    from engine.artefacts.depth import learned_features

    shown = features_scene[0].displayed
    f = learned_features()
    np.testing.assert_array_equal(shown["features"], f["features"])
    np.testing.assert_array_equal(shown["a1"], f["a1"])
    np.testing.assert_array_equal(shown["a2"], f["a2"])
    np.testing.assert_array_equal(shown["probs"], f["probs"])
    assert shown["prediction"] == int(np.argmax(f["probs"]))
    assert shown["label"] == int(f["label"])
    assert shown["test_accuracy"] == float(f["test_accuracy"])
    assert shown["top_units"] == np.argsort(-f["a1"])[:3].tolist()
    # Each tile's pixel colours: the sign of the weight, strength |w| / clip in 8 steps.
    clip = shown["w_clip"]
    assert clip == pytest.approx(np.quantile(np.abs(f["W0"]), 0.98))
    for levels, w in zip(shown["tile_levels"], f["features"], strict=True):
        k = np.rint(np.clip(np.abs(w) / clip, 0, 1) * 8).astype(int)
        expect = np.where(k == 0, -1, np.where(w >= 0, k - 1, 8 + k - 1))
        np.testing.assert_array_equal(levels, expect)
    assert features_scene[0].beats_said[-1] == "Pixels, features, digits"


def test_learned_features_summary_overlaps_nothing(features_scene):
    """The closing caption and note sit clear of everything else, inside the frame.

    Clear means a gap of at least ``GAP`` (4 pixels at 480p): the caption used to end
    0.01 units short of the layer-1 column, which its outline then overlapped.
    """
    from manim import DL, UR, config

    scene = features_scene[0]
    GAP = 0.07

    def box(m):
        return m.get_corner(DL)[:2], m.get_corner(UR)[:2]

    def apart(a, b):
        (alo, ahi), (blo, bhi) = box(a), box(b)
        return bool(np.any(ahi + GAP < blo) or np.any(bhi + GAP < alo))

    others = {"heading": scene.heading, "tiles": scene.tiles, "values": scene.vals,
              "input": scene.input_group, **{f"net{i}": m for i, m in enumerate(scene.net_group)}}
    half = np.array([config.frame_width, config.frame_height]) / 2
    for part in scene.summary:
        lo, hi = box(part)
        assert np.all(lo > -half) and np.all(hi < half)
        for name, other in others.items():
            assert apart(part, other), name
