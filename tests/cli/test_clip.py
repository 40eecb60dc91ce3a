"""make clip: argument errors, and each format on the tiny two-beat scene."""

from __future__ import annotations

import av
import numpy as np
import pytest
from PIL import Image

from delivery.assemble import audio_duration, decode_audio, has_audio, video_duration
from delivery.deliver import FORMATS
from tests.cli.deliver_helpers import SKY, VERMILLION, colour_pixels, deliver, tiny
from tests.cli.sound import loudness, onsets

SCENE_SECONDS = 5.5  # TwoBeats: 1 + 3 + 1 + 0.5


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["clip", "--scene", "NoSuchScene"], "unknown scene NoSuchScene; allowed: "),
        (["clip", "--scene", "UntangleCurves", "--format", "avi"],
         "unknown FORMAT 'avi'; allowed: gif, webm, mov, png"),
        (["clip"], "SCENE is required; allowed: "),
        (["clip", "--scene", "UntangleCurves", "--quality", "x"], "QUALITY='x'; allowed: "),
        (["clip", "--scene", "UntangleCurves", "--gif-mb", "0"], "GIF_MB=0; allowed: "),
        (["storyboard", "--scene", "Nope"], "unknown scene Nope; allowed: "),
        (["slides", "--lang", "fr"], "LECTURE_LANG='fr'; allowed: en, zh"),
        (["clip", "--scene", "UntangleCurves", "--narration", "maybe"],
         "NARRATION='maybe'; allowed: on, off"),
    ],
)
def test_bad_arguments_give_one_line_and_exit_2(args, expected):
    proc = deliver(*args)
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], proc.stderr
    assert "Traceback" not in proc.stderr


def test_unknown_scene_lists_the_lecture_scenes():
    proc = deliver("clip", "--scene", "Nope")
    assert "UntangleCurves" in proc.stderr and "NeuronEquation" in proc.stderr


def test_unwritable_media_folder_is_named(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    proc = deliver("clip", "--scene", "UntangleCurves", media=blocker / "media")
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"clip: error: cannot write to the media folder {blocker}")
    assert len(proc.stderr.strip().splitlines()) == 1


def _gif_frames(path):
    im = Image.open(path)
    frames, total = [], 0
    for i in range(im.n_frames):
        im.seek(i)
        total += im.info["duration"]
        frames.append(np.asarray(im.convert("RGB")))
    return frames, total / 1000


def test_gif_is_under_its_cap_and_keeps_the_timing(tmp_path):
    proc = tiny("clip", tmp_path, "--format", "gif")
    out = tmp_path / "clips" / "TwoBeats.gif"
    assert out.stat().st_size <= 8e6 and "cap 8 MB" in proc.stdout
    assert not has_audio(out)  # a GIF has no sound, though its scene speaks
    frames, seconds = _gif_frames(out)
    assert seconds == pytest.approx(SCENE_SECONDS, abs=0.15)
    assert frames[0].shape == (360, 640, 3)
    assert colour_pixels(frames[-1], SKY) > 100 and colour_pixels(frames[-1], VERMILLION) > 100


def test_gif_shrinks_to_meet_a_small_cap(tmp_path):
    full = tiny("clip", tmp_path / "a", "--format", "gif")
    size = (tmp_path / "a" / "clips" / "TwoBeats.gif").stat().st_size
    cap_mb = size * 0.4 / 1e6
    proc = tiny("clip", tmp_path / "b", "--format", "gif", "--gif-mb", f"{cap_mb:.6f}")
    out = tmp_path / "b" / "clips" / "TwoBeats.gif"
    assert out.stat().st_size <= cap_mb * 1e6
    assert Image.open(out).size[0] < 640, (full.stdout, proc.stdout)
    assert _gif_frames(out)[1] == pytest.approx(SCENE_SECONDS, abs=0.25)


def test_gif_over_any_preset_fails_clearly_and_leaves_nothing(tmp_path):
    proc = deliver("clip", "--file", "tests/cli/tiny_scene.py", "--scene", "TwoBeats",
                   "--gif-mb", "0.0001", media=tmp_path)
    assert proc.returncode == 1
    assert "over the 0.0001 MB cap" in proc.stderr and "Traceback" not in proc.stderr
    assert not list((tmp_path / "clips").glob("*TwoBeats*"))


def _alpha_frames(path, decoder):
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        ctx = av.CodecContext.create(decoder, "r") if decoder else s.codec_context
        # demux ends with an empty packet, which flushes the decoder
        return [f for packet in c.demux(s) for f in ctx.decode(packet)]


@pytest.mark.parametrize(("fmt", "decoder", "pix_fmt", "sound"),
                         [("webm", "libvpx-vp9", "yuva420p", "opus"),
                          ("mov", None, "argb", "pcm_s16le")])
def test_transparent_video_has_an_alpha_channel_and_the_sound(tmp_path, fmt, decoder, pix_fmt,
                                                              sound):
    tiny("clip", tmp_path, "--format", fmt)
    out = tmp_path / "clips" / f"TwoBeats.{fmt}"
    with av.open(str(out)) as c:
        assert [s.codec_context.name for s in c.streams.audio] == [sound]
    assert audio_duration(out) == pytest.approx(video_duration(out), abs=1 / 15)
    samples, rate = decode_audio(out)
    heard = onsets(samples[0], rate, threshold=0.02)
    assert min(heard) == pytest.approx(0, abs=1 / 15)  # beat 1 speaks from its start
    assert min(abs(t - 4.0) for t in heard) <= 1 / 15  # and beat 2 from its
    assert loudness(samples, rate) == pytest.approx(-16, abs=1.0)
    # FFmpeg's native VP9 decoder drops the alpha plane; libvpx keeps it.
    frames = _alpha_frames(out, decoder)
    assert frames[-1].format.name == pix_fmt
    rgba = frames[-1].to_ndarray(format="rgba")
    assert rgba.shape == (480, 854, 4)
    alpha = rgba[..., 3]
    assert (alpha == 0).mean() > 0.9  # the background is see-through
    assert alpha.max() > 200  # the shapes are not
    assert colour_pixels(rgba[alpha > 200][None], VERMILLION) > 100


def test_narration_off_gives_a_silent_clip(tmp_path):
    tiny("clip", tmp_path, "--format", "mov", "--narration", "off")
    out = tmp_path / "clips" / "TwoBeats.mov"
    assert not has_audio(out)
    assert video_duration(out) == pytest.approx(SCENE_SECONDS, abs=0.1)


def test_png_is_the_last_frame_at_full_size(tmp_path):
    tiny("clip", tmp_path, "--format", "png")
    img = np.asarray(Image.open(tmp_path / "clips" / "TwoBeats.png").convert("RGB"))
    assert img.shape == (480, 854, 3)
    assert colour_pixels(img, SKY) > 200 and colour_pixels(img, VERMILLION) > 200


def test_formats_are_the_documented_four():
    assert FORMATS == ("gif", "webm", "mov", "png")
