"""Narration: a spoken scene's MP4, its timing, loudness, cache and a lecturer's recordings.

One real render (``manim render -ql``, English, a two-beat scene) serves the file
checks; the timing checks render in-process skipping animations, which is cheap.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

import narration
from tests.narration.render import env as _env
from tests.narration.render import render_cli as _render_cli
from tests.narration.spoken_scene import TEXT, Spoken
from tests.scenes.frames import render_last_frame

ROOT = Path(__file__).resolve().parents[2]
FPS = 15  # -ql


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("spoken")
    r = _render_cli(tmp)
    assert r.returncode == 0, r.stdout + r.stderr
    return tmp, tmp / "media" / "videos" / "spoken_scene" / "480p15" / "Spoken.mp4"


def _decode_audio(path: Path) -> tuple[np.ndarray, int]:
    """The audio track as (samples, channels) floats; Manim's AAC is stereo at 48 kHz."""
    import av

    with av.open(str(path)) as c:
        stream = c.streams.audio[0]
        rate = stream.codec_context.sample_rate
        chunks = [f.to_ndarray() for f in c.decode(stream)]
    return np.concatenate(chunks, axis=1).T, rate


def _cue_starts(srt: Path) -> list[float]:
    import srt as srtlib

    return [c.start.total_seconds() for c in srtlib.parse(srt.read_text())]


# --- the rendered MP4 ---------------------------------------------------------------------

def test_the_scene_mp4_has_one_aac_track_as_long_as_its_video(rendered):
    import av

    _, mp4 = rendered
    with av.open(str(mp4)) as c:
        (audio,) = c.streams.audio
        (video,) = c.streams.video
        assert audio.codec_context.name == "aac"
        a = float(audio.duration * audio.time_base)
        v = video.frames / FPS
    assert v > 2.0
    assert abs(a - v) <= 1 / 30, (a, v)  # within a frame at 15 fps, and at 30 fps


def test_speech_starts_where_the_subtitles_do_and_is_heard_there(rendered):
    _, mp4 = rendered
    samples, rate = _decode_audio(mp4)
    samples = samples.mean(axis=1)
    cues = _cue_starts(mp4.with_suffix(".srt"))
    assert len(cues) == 2 and cues[0] == 0.0
    # Loud 50 ms windows: speech starts within a frame of each cue and the gap before
    # the second cue (the breath) is quiet.
    win = rate // 20
    level = np.array([np.sqrt(np.mean(samples[i:i + win] ** 2))
                      for i in range(0, len(samples) - win, win)])
    loud = level > 10 ** (-40 / 20)
    first_loud = [np.argmax(loud[int(c * 20):]) / 20 + c for c in cues]
    for cue, heard in zip(cues, first_loud, strict=True):
        assert cue <= heard <= cue + 0.3, (cue, heard)  # voices open on a short breath in
    assert not loud[int((cues[1] - 0.2) * 20):int(cues[1] * 20)].any()


def test_loudness_is_normalised_without_clipping(rendered):
    _, mp4 = rendered
    samples, rate = _decode_audio(mp4)  # as a listener hears it: both channels
    assert narration.loudness(samples, rate) == pytest.approx(narration.TARGET_LUFS, abs=1.0)
    # The mix Manim encoded (left beside the MP4) keeps the −1 dBTP ceiling; the AAC
    # decode is checked for clipping only, since lossy coding moves peaks a little.
    with wave.open(str(mp4.with_suffix(".wav"))) as w:
        mix = np.frombuffer(w.readframes(w.getnframes()), "<i2")
    assert narration.true_peak_db(mix) <= narration.CEILING_DBTP
    assert np.abs(samples).max() < 1.0


def test_a_render_from_manims_cache_keeps_the_speech_on_its_frames(rendered):
    import av

    tmp, mp4 = rendered
    cues = mp4.with_suffix(".srt").read_text()
    r = _render_cli(tmp)  # every animation now comes from Manim's partial-movie cache
    assert r.returncode == 0, r.stdout + r.stderr
    assert mp4.with_suffix(".srt").read_text() == cues
    with av.open(str(mp4)) as c:
        a, v = c.streams.audio[0], c.streams.video[0]
        assert abs(float(a.duration * a.time_base) - v.frames / FPS) <= 1 / 30


def test_a_narrated_webm_speaks_opus(tmp_path):
    import av

    r = _render_cli(tmp_path, "--format", "webm", "-t")
    assert r.returncode == 0, r.stdout + r.stderr
    webm = tmp_path / "media" / "videos" / "spoken_scene" / "480p15" / "Spoken.webm"
    with av.open(str(webm)) as c:
        (audio,) = c.streams.audio
        assert audio.codec_context.name == "opus"
        samples = np.concatenate([f.to_ndarray() for f in c.decode(audio)], axis=1).T
    assert narration.loudness(samples, 48000) == pytest.approx(narration.TARGET_LUFS, abs=1.0)


def test_a_malformed_recording_is_one_line_and_keeps_the_rendered_video(rendered):
    tmp, mp4 = rendered
    before = mp4.read_bytes()
    bad = narration_path(tmp / "voice", "en", 2, "two")
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_bytes(b"RIFF\x10\x00\x00\x00WAVEnot really")
    try:
        r = _render_cli(tmp)
    finally:
        bad.unlink()
    out = r.stdout + r.stderr
    assert r.returncode == 2, out
    assert "Traceback" not in out
    errors = [line for line in out.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "02-two.wav" in errors[0], out
    assert "allowed: a recording" in errors[0], out
    assert mp4.read_bytes() == before


def narration_path(voice_dir: Path, lang: str, number: int, beat: str) -> Path:
    return voice_dir / lang / "Spoken" / f"{number:02d}-{beat}.wav"


# --- timing --------------------------------------------------------------------------------

@pytest.fixture
def voices(tmp_path, monkeypatch):
    monkeypatch.setenv("DEEPWARP_NARRATION", "on")
    monkeypatch.setenv("DEEPWARP_VOICE_DIR", str(tmp_path / "voice"))
    return tmp_path / "voice"


def _beat_starts(scene) -> list[float]:
    return [start for start, _ in scene.spoken]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_beat_lasts_as_long_as_its_speech_in_its_language(lang, voices, tmp_path,
                                                               monkeypatch):
    monkeypatch.setenv("DEEPWARP_LANG", lang)
    heard = []
    real = narration.speech

    def spy(text, code, **kw):
        heard.append((text, code))
        return real(text, code, **kw)

    monkeypatch.setattr(narration, "speech", spy)
    scene, _ = render_last_frame(Spoken, tmp_path / "media")
    words = TEXT.language(lang)
    assert heard == [(words["one.say"], lang), (words["two.say"], lang)]
    (s1, d1), (s2, d2) = scene.spoken
    assert s1 == 0.0
    # Beat one's animations take 1 s; its speech is longer, so the beat is speech + breath.
    assert d1 > 1.0 and s2 == pytest.approx(d1 + Spoken.BREATH)
    # The last beat is not cut off: the scene ends a breath after its speech.
    assert scene.renderer.time == pytest.approx(s2 + d2 + Spoken.BREATH)


def test_sections_open_where_the_speech_starts(voices, tmp_path, monkeypatch):
    opened = []

    class Watched(Spoken):
        def _open_section(self, name, text):
            opened.append(float(self.renderer.time))
            super()._open_section(name, text)

    scene, _ = render_last_frame(Watched, tmp_path / "media")
    assert opened == _beat_starts(scene) and len(opened) == 2


def test_chinese_gets_its_own_timings(voices, tmp_path, monkeypatch):
    durations = {}
    for lang in ("en", "zh"):
        monkeypatch.setenv("DEEPWARP_LANG", lang)
        scene, _ = render_last_frame(Spoken, tmp_path / lang)
        durations[lang] = [d for _, d in scene.spoken]
    zh = narration.speech(TEXT.language("zh")["one.say"], "zh")
    assert durations["zh"][0] == pytest.approx(zh.duration)
    assert durations["zh"] != durations["en"]


def test_narration_off_keeps_the_reading_speed_and_no_sound(tmp_path, monkeypatch):
    monkeypatch.setenv("DEEPWARP_NARRATION", "off")
    scene, _ = render_last_frame(Spoken, tmp_path)
    assert scene.spoken == []
    # 6 English words at 2.5 words/s = 2.4 s; the last beat is not padded (as before).
    assert scene.renderer.time == pytest.approx(6 / 2.5 + 0.5)


def test_a_bad_narration_switch_names_the_allowed_values(monkeypatch):
    from engine.errors import ConfigError

    monkeypatch.setenv("DEEPWARP_NARRATION", "loud")
    with pytest.raises(ConfigError, match=r"DEEPWARP_NARRATION='loud'; allowed: on, off"):
        narration.enabled()


# --- a lecturer's recordings ---------------------------------------------------------------

def _tone_wav(path: Path, seconds: float, rate: int = 44100, channels: int = 2) -> None:
    """A spoken-like test signal: a 220 Hz tone whose loudness rises and falls."""
    t = np.arange(int(seconds * rate)) / rate
    x = 0.3 * np.sin(2 * np.pi * 220 * t) * np.sin(np.pi * t / seconds) ** 2
    pcm = (np.repeat(x[:, None], channels, axis=1) * 32767).astype("<i2")
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())


def test_a_recording_replaces_the_voice_and_retimes_its_beat(voices, tmp_path, monkeypatch,
                                                             capsys):
    monkeypatch.setenv("DEEPWARP_LANG", "en")
    _tone_wav(narration_path(voices, "en", 1, "one"), 3.0)
    scene, _ = render_last_frame(Spoken, tmp_path / "media")
    (s1, d1), (s2, d2) = scene.spoken
    assert d1 == pytest.approx(3.0, abs=1e-3)
    assert s2 == pytest.approx(3.0 + Spoken.BREATH)
    # Beat two has no recording while the scene is being recorded: the voice, and a notice.
    notices = [line for line in capsys.readouterr().err.splitlines() if "narration:" in line]
    assert len(notices) == 1 and "02-two.wav" in notices[0], notices
    said = narration.speech("ignored", "en", scene="Spoken", number=1, beat="one")
    assert said.source == "recording"
    assert narration.speech(TEXT.language("en")["two.say"], "en").duration == pytest.approx(d2)


def test_recordings_are_normalised_like_the_voice(voices):
    _tone_wav(narration_path(voices, "en", 1, "one"), 2.0, rate=48000, channels=1)
    said = narration.speech("x", "en", scene="Spoken", number=1, beat="one")
    assert said.rate == 48000
    assert narration.loudness(said.samples / 32768, said.rate) == pytest.approx(-16, abs=0.5)
    assert narration.true_peak_db(said.samples) <= narration.CEILING_DBTP


@pytest.mark.parametrize("content, message", [
    (b"", "cannot be read"),
    (b"ID3\x03\x00 an mp3, not a wav", "cannot be read"),
])
def test_an_unreadable_recording_names_the_file(voices, content, message):
    path = narration_path(voices, "en", 1, "one")
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    with pytest.raises(narration.RecordingError,
                       match=f"01-one.wav {message}.*allowed: a recording"):
        narration.speech("x", "en", scene="Spoken", number=1, beat="one")


def test_a_silent_recording_is_refused(voices):
    path = narration_path(voices, "en", 1, "one")
    path.parent.mkdir(parents=True)
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\x00\x00" * 16000)
    path.write_bytes(buf.getvalue())
    with pytest.raises(narration.RecordingError, match="01-one.wav is empty or silent"):
        narration.speech("x", "en", scene="Spoken", number=1, beat="one")


# --- the audio cache -----------------------------------------------------------------------

def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "voice").glob("voice-*.npz"))


def test_a_second_render_synthesises_nothing(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("DEEPWARP_CACHE", str(cache))
    first = narration.speech("The cache keeps this.", "en")
    count = narration.SYNTHESISED["clips"]
    again = narration.speech("The cache keeps this.", "en")
    assert narration.SYNTHESISED["clips"] == count
    np.testing.assert_array_equal(first.samples, again.samples)
    assert len(_entries(cache)) == 1


def test_a_truncated_clip_is_made_again(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("DEEPWARP_CACHE", str(cache))
    first = narration.speech("Cut me short.", "en")
    (entry,) = _entries(cache)
    entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
    count = narration.SYNTHESISED["clips"]
    again = narration.speech("Cut me short.", "en")
    assert narration.SYNTHESISED["clips"] == count + 1
    assert len(again.samples) == len(first.samples)  # Piper's timbre varies, never its timing


KILLED_MID_WRITE = '''
import time
import engine.cache as cache
def half_written(f, **arrays):
    f.write(b"PK\\x03\\x04 half an entry")
    f.flush()
    print("writing", flush=True)
    time.sleep(60)
cache.np.savez = half_written
import narration
narration.speech("Killed while writing.", "en")
'''


def test_the_cache_survives_kill_9_mid_write(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("DEEPWARP_CACHE", str(cache))
    child = subprocess.Popen([sys.executable, "-c", KILLED_MID_WRITE], cwd=ROOT,
                             env=_env(tmp_path), stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "writing"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert _entries(cache) == []  # only a temp file: nothing under an entry's name
    count = narration.SYNTHESISED["clips"]
    said = narration.speech("Killed while writing.", "en")
    assert narration.SYNTHESISED["clips"] == count + 1 and said.duration > 0.5
    assert len(_entries(cache)) == 1


# --- the recording script ------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_script_numbers_every_beat_with_its_recording_path(lang, voices, tmp_path):
    from delivery.script import write_script

    out = tmp_path / f"script-{lang}.md"
    assert write_script([("Spoken", Spoken)], lang, out) == 2
    text = out.read_text(encoding="utf-8")
    words = TEXT.language(lang)
    for n, key in ((1, "one"), (2, "two")):
        wav = narration_path(voices, lang, n, key)
        block = f"### {n:02d} · {words[key + '.name']}\n\n`{wav}`\n\n> {words[key + '.say']}\n"
        assert block in text, text
    # The path the script names is the one a render looks for.
    _tone_wav(narration_path(voices, lang, 2, "two"), 1.0)
    assert narration.speech("x", lang, scene="Spoken", number=2, beat="two").source == "recording"


def test_the_script_refuses_an_unknown_scene(capsys):
    from delivery.script import main

    with pytest.raises(SystemExit) as stop:
        main(["--scene", "NoSuchScene"])
    assert stop.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unknown scene NoSuchScene; allowed: FindTheFunction" in err[0]


def test_the_fingerprint_changes_with_the_switch_and_the_recordings(voices, monkeypatch):
    on = narration.fingerprint("en", "Spoken")
    assert narration.fingerprint("en", "Spoken") == on
    assert narration.fingerprint("zh", "Spoken") != on
    _tone_wav(narration_path(voices, "en", 1, "one"), 1.0)
    recorded = narration.fingerprint("en", "Spoken")
    _tone_wav(narration_path(voices, "en", 1, "one"), 1.5)
    assert len({on, recorded, narration.fingerprint("en", "Spoken")}) == 3
    monkeypatch.setenv("DEEPWARP_NARRATION", "off")
    assert narration.fingerprint("en", "Spoken") not in (on, recorded)


# --- speech plug-ins, picked by the language table -----------------------------------------

def _row(tmp_path: Path, code: str, engine: str, spaces: str = "true") -> Path:
    """A ``$DEEPWARP_WORDS`` folder holding one language row whose voice uses ``engine``."""
    root = tmp_path / "words"
    (root / code).mkdir(parents=True)
    (root / "languages.toml").write_text(
        f'[{code}]\nname = "T"\nfont = "DejaVu Sans"\n'
        f'voice = {{ engine = "{engine}", style = "af_heart", speed = 1.0 }}\n'
        f'line = 42\nreading = "en"\nspaces = {spaces}\nfallback = "en"\n', encoding="utf-8")
    return root


class _Tone:
    """A stand-in engine: one 0.5 s tone per phrase, its start where the phrase's is."""

    name = "tone"

    def version(self) -> str:
        return "tone 1"

    def synthesise(self, text, pieces, language, beat):
        from narration.voices import finished_take

        def compute():
            rate = 16000
            one = 0.3 * np.sin(2 * np.pi * 220 * np.arange(rate // 2) / rate)
            starts = np.arange(len(pieces)) * 0.5
            return np.tile(one, len(pieces)), rate, {"starts": starts, "ends": starts + 0.5}

        return finished_take({"tone": text, "version": self.version()}, compute, "tone")


def test_the_language_rows_engine_speaks_its_beats(tmp_path, monkeypatch):
    from narration import voices

    monkeypatch.setitem(voices.ENGINES, "tone", _Tone())
    monkeypatch.setenv("DEEPWARP_WORDS", str(_row(tmp_path, "qt", "tone")))
    said = narration.speech("One. <bookmark mark='b'/>Two.", "qt")
    assert said.source == "tone" and said.duration == pytest.approx(1.0, abs=0.01)
    assert said.marks == {"b": pytest.approx(0.5)}
    assert [p[0] for p in said.phrases] == ["One.", "Two."]
    assert narration.voice("qt").engine == "tone" and narration.VOICES["qt"].name == "af_heart"
    # The shipped languages keep the voices chosen by ear, read from the table.
    assert (narration.VOICES["en"], narration.VOICES["zh"]) == (
        narration.Voice("en", "af_heart"), narration.Voice("zh", "zm_yunjian"))


def test_an_unknown_engine_is_one_line_naming_the_allowed(tmp_path, monkeypatch):
    from engine.errors import ConfigError

    monkeypatch.setenv("DEEPWARP_WORDS", str(_row(tmp_path, "qu", "espeak")))
    with pytest.raises(ConfigError, match=r"^voice engine 'espeak'; allowed: kokoro, "
                                          r"recordings$"):
        narration.speech("One.", "qu")


def test_a_recordings_only_language_speaks_recordings_and_names_a_missing_one(
        voices, tmp_path, monkeypatch):
    monkeypatch.setenv("DEEPWARP_WORDS", str(_row(tmp_path, "qr", "recordings", "false")))
    _tone_wav(narration_path(voices, "qr", 1, "one"), 2.0)
    said = narration.speech("一二。<bookmark mark='b'/>三四五六。", "qr", scene="Spoken",
                            number=1, beat="one")
    # Placed by characters (3 of 8 before the mark), the row writing no spaces; by words
    # it would be half-way.
    assert said.source == "recording" and said.marks["b"] == pytest.approx(2.0 * 3 / 8, abs=0.05)
    with pytest.raises(narration.RecordingError, match=r"no recording .*02-two\.wav; the qr "
                                                       r"voice is recordings only"):
        narration.speech("x", "qr", scene="Spoken", number=2, beat="two")
