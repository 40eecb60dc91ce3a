"""FoldingBuysPieces, SharedFeaturesFewExamples, DeepVersusWide and LearnedFeatures:
last frames, displayed values, smoke renders, every scene in Chinese, and every mark of
the narration waited for in time.

One played render per scene (tests/scenes/frames.py: render_played) serves the first
three; one Chinese render per scene, skipping the animations, serves the last two.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.scenes.frames import (
    assert_chinese_render,
    assert_every_mark_waited_on_time,
    assert_frame_matches,
    render_played,
)


def _played(name: str, media):
    import scenes.depth

    return render_played(getattr(scenes.depth, name), media)


@pytest.fixture(scope="module")
def deep_wide_scene(media):
    return _played("DeepVersusWide", media)


@pytest.fixture(scope="module")
def features_scene(media):
    return _played("LearnedFeatures", media)


@pytest.fixture(scope="module")
def folding_scene(media):
    return _played("FoldingBuysPieces", media)


@pytest.fixture(scope="module")
def shared_scene(media):
    return _played("SharedFeaturesFewExamples", media)


# --- every scene: in Chinese, and the picture follows the words -----------------------

SCENES = [("FoldingBuysPieces", "folding_scene"),
          ("SharedFeaturesFewExamples", "shared_scene"),
          ("DeepVersusWide", "deep_wide_scene"),
          ("LearnedFeatures", "features_scene")]


@pytest.mark.parametrize("name, fixture", SCENES)
def test_chinese_render_has_the_same_numbers_and_waits_for_every_mark(name, fixture, media,
                                                                      request, monkeypatch):
    """The Chinese render shows the English one's numbers; each beat's marks are all waited
    for, once, in the beat that says them, and the animations before a mark end before its
    word. Narration off, marks are timed at the English reading pace in both languages, and
    this render skips the animations, so the scene clock is exact (at the played renders'
    1 fps every animation would last whole seconds)."""
    import scenes.depth as sd

    english = request.getfixturevalue(fixture)[0]
    scene = assert_chinese_render(getattr(sd, name), english, media, monkeypatch)
    assert assert_every_mark_waited_on_time(scene), name


# --- FoldingBuysPieces ------------------------------------------------------------------

def test_folding_last_frame(folding_scene, request):
    assert_frame_matches(folding_scene[1], "FoldingBuysPieces", request)


def test_folding_pieces_are_counted_from_the_engines_networks(folding_scene):
    """The piece counts on screen are the counter's, run on the networks the engine built
    from the formula (the scene types no weight), and equal 2^k and the one-layer bound."""
    from engine.artefacts.depth import FOLDS
    from engine.construct import count_pieces, one_layer_network, relu_forward, tent_network

    shown = folding_scene[0].displayed
    fine = np.linspace(0.0, 1.0, FOLDS.grid + 1)
    ks = range(1, FOLDS.k_max + 1)
    assert shown["deep_pieces"] == [2**k for k in ks]
    assert shown["deep_pieces"] == [count_pieces(fine, relu_forward(tent_network(k), fine))
                                    for k in ks]
    assert shown["deep_params"] == [6 * k + 1 for k in ks]
    assert shown["wide_params"] == shown["deep_params"]
    assert shown["wide_units"] == [2 * k for k in ks]
    assert shown["wide_pieces"] == [
        count_pieces(fine, relu_forward(one_layer_network(k, 2 * k), fine)) for k in ks]
    assert all(p <= h + 1 for p, h in zip(shown["wide_pieces"], shown["wide_units"],
                                          strict=True))
    x = np.linspace(0.0, 1.0, FOLDS.n_draw)
    for i, k in enumerate(ks):
        np.testing.assert_allclose(shown["deep_curve"][i], relu_forward(tent_network(k), x),
                                   atol=1e-12)
        np.testing.assert_allclose(shown["wide_curve"][i],
                                   relu_forward(one_layer_network(k, 2 * k), x), atol=1e-12)
    # The rule on screen, T(x) = 2 relu(x) - 4 relu(x - 0.5), is read off the weights.
    (w0, b0), (w1, _) = tent_network(1)
    assert shown["rule_numbers"] == (w1[0, 0], -w1[0, 1], -b0[1]) == (2.0, 4.0, 0.5)


def test_folding_accuracies_are_the_engines_over_seeds(folding_scene):
    from engine.artefacts.depth import FOLDS
    from engine.construct import folding

    shown = folding_scene[0].displayed
    r = folding(FOLDS)
    for name in ("deep", "wide"):
        acc = r[f"trained_{name}_accuracy"]
        assert len(acc) == len(FOLDS.seeds) == 5
        np.testing.assert_array_equal(shown[f"trained_{name}_accuracy"], acc)
        assert shown[f"trained_{name}_mean"] == pytest.approx(np.mean(acc), abs=1e-15)
        assert shown[f"trained_{name}_pieces"] == r[f"trained_{name}_pieces"].tolist()
    assert shown["constructed_accuracy"] == float(r["constructed_accuracy"]) == 1.0
    assert shown["one_layer_accuracy"] == float(r["one_layer_accuracy"])
    # The verdict follows the numbers.
    assert shown["training_found_folds"] == bool(r["trained_deep_accuracy"].max() >= 0.9)
    assert folding_scene[0].beats_said == ["The claim", "Each layer folds", "One wide layer",
                                           "What training finds", "Verdict"]


# --- SharedFeaturesFewExamples ----------------------------------------------------------

def test_shared_last_frame(shared_scene, request):
    assert_frame_matches(shared_scene[1], "SharedFeaturesFewExamples", request)


def test_shared_accuracies_are_the_engines_over_seeds(shared_scene):
    from engine.artefacts.depth import SHARED
    from engine.experiments import shared_features

    shown = shared_scene[0].displayed
    r = shared_features(SHARED)
    acc = r["rare_accuracy"]
    assert acc.shape == (2, 5)
    np.testing.assert_array_equal(shown["rare_accuracy"], acc)
    np.testing.assert_allclose(shown["rare_mean"], acc.mean(axis=1), atol=1e-15)
    assert shown["rare_min"] == acc.min(axis=1).tolist()
    assert shown["rare_max"] == acc.max(axis=1).tolist()
    np.testing.assert_allclose(shown["test_mean"], r["test_accuracy"].mean(axis=1), atol=1e-15)
    assert shown["n_params"][0] == shown["n_params"][1]
    assert shown["n_train_per_class"] == r["n_train_per_class"].tolist()
    if acc[0].min() > acc[1].max():
        expect = "sf_every"
    elif acc[0].mean() > acc[1].mean():
        expect = "sf_mean"
    else:
        expect = "sf_none"
    assert shown["verdict"] == expect


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
