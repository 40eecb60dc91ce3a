"""make storyboard: one row per beat of the tiny scene, with labels and the right frames."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from delivery.assemble import has_audio
from delivery.contact import (
    FRAMES_PER_BEAT,
    GAP,
    HEADER_H,
    LABEL_W,
    ROW_H,
    THUMB,
    lecture_sheet,
    read_sections,
)
from tests.cli.deliver_helpers import cool_pixels, tiny, warm_pixels
from tests.cli.tiny_scene import BEATS


@pytest.fixture(scope="module")
def board(tmp_path_factory):
    media = tmp_path_factory.mktemp("storyboard")
    proc = tiny("storyboard", media)
    return media, proc


def _rows(img):
    return [img[HEADER_H + r * ROW_H: HEADER_H + r * ROW_H + THUMB[1]] for r in range(len(BEATS))]


def test_one_row_per_beat_with_frames_of_that_beat(board):
    media, proc = board
    out = media / "storyboards" / "TwoBeats.png"
    assert "(2 beats)" in proc.stdout
    # built from a narrated render: the sound does not disturb the sheet
    assert has_audio(media / "videos" / "tiny_scene" / "180p5" / "TwoBeats.mp4")
    img = np.asarray(Image.open(out).convert("RGB"))
    assert img.shape[0] == HEADER_H + len(BEATS) * ROW_H + GAP
    assert img.shape[1] == LABEL_W + FRAMES_PER_BEAT * (THUMB[0] + GAP) + GAP
    circle_row, square_row = _rows(img)
    frames = lambda row: row[:, LABEL_W:]  # noqa: E731
    # Beat 1 draws the circle only; beat 2 ends with the square around it.
    assert cool_pixels(frames(circle_row)) > 200
    assert warm_pixels(frames(circle_row)) == 0
    last = square_row[:, LABEL_W + (FRAMES_PER_BEAT - 1) * (THUMB[0] + GAP):]
    assert warm_pixels(last) > 100


def test_each_row_is_labelled(board):
    media, _ = board
    img = np.asarray(Image.open(media / "storyboards" / "TwoBeats.png").convert("L"))
    for row in _rows(img):
        label = row[:, :LABEL_W]
        assert (label > 200).sum() > 100  # the beat's name in light text
    header = img[:HEADER_H]
    assert (header > 200).sum() > 200


def test_sidecar_lists_beats_and_sample_times(board):
    media, _ = board
    data = json.loads((media / "storyboards" / "TwoBeats.json").read_text())
    assert [b["name"] for b in data["beats"]] == [name for name, _ in BEATS]
    assert data["title"] == "Two beats"
    first, second = data["beats"]
    assert first["start"] == 0 and first["end"] == pytest.approx(4.0, abs=0.21)
    assert second["start"] == first["end"]
    assert data["duration"] == pytest.approx(5.5, abs=0.21)
    for b in data["beats"]:
        assert len(b["frames"]) == FRAMES_PER_BEAT
        assert all(b["start"] <= t < b["end"] for t in b["frames"])


def test_lecture_sheet_has_one_row_per_scene(board, tmp_path):
    media, _ = board
    sections = media / "videos" / "tiny_scene" / "180p5" / "sections" / "TwoBeats.json"
    boards = [read_sections(sections, "TwoBeats", f"Part {i}") for i in range(3)]
    out = lecture_sheet(boards, tmp_path / "lecture.png")
    img = np.asarray(Image.open(out).convert("RGB"))
    row_h = (img.shape[0] - GAP) // 3
    assert img.shape[0] == GAP + 3 * row_h
    for r in range(3):
        row = img[GAP + r * row_h: GAP + (r + 1) * row_h]
        assert warm_pixels(row) > 20  # each row ends with beat 2's square
