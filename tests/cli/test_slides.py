"""make slides: slide classes per beat, a deck with local reveal.js, and a real browser.

The browser test serves the deck from 127.0.0.1 and loads it in headless Chromium.
A copy of the page carries a probe script that the test server answers slowly, so
the browser's load event (after which it dumps the DOM or takes the screenshot)
waits until the first slide's video has really played past its drawing, and then
until each following slide has played for a moment: every slide's video must be
playing, unmuted, with its sound decoded (Chromium's ``webkitAudioDecodedByteCount``).
"""

from __future__ import annotations

import base64
import functools
import http.server
import io
import json
import re
import shutil
import subprocess
import threading
import time

import av
import numpy as np
import pytest
from PIL import Image

from delivery import deck
from delivery.lecture import available
from tests.cli.deliver_helpers import SKY, colour_pixels, tiny
from tests.cli.tiny_scene import BEATS

PROBE_JS = b"""(function () {
  var st = window.__st || (window.__st = {tries: 0, slide: 0, seen: []});
  st.tries += 1;
  function later() {  // a script the test server answers slowly keeps the load event waiting
    var s = document.createElement('script');
    s.src = '/__probe__.js?try=' + st.tries;
    document.body.appendChild(s);
  }
  var v = document.querySelector('.slide-background.present video');
  var enough = st.slide === 0 ? 2.0 : 0.5;  // seconds each slide plays before it is read
  if ((!v || (v.currentTime < enough && !v.ended)) && st.tries < 80) { later(); return; }
  if (!v) { document.body.setAttribute('data-probe', 'no video'); return; }
  st.seen.push({slide: st.slide, playing: v.currentTime > 0 && !v.paused, time: v.currentTime,
    ready: v.readyState, src: v.currentSrc, muted: v.muted, volume: v.volume,
    audio: v.webkitAudioDecodedByteCount});
  if (st.slide === 0) {
    var c = document.createElement('canvas');
    c.width = v.videoWidth; c.height = v.videoHeight;
    c.getContext('2d').drawImage(v, 0, 0);
    document.body.setAttribute('data-frame', c.toDataURL('image/png'));
  }
  if (st.slide + 1 < Reveal.getTotalSlides() && st.tries < 80) {
    st.slide += 1;
    Reveal.slide(st.slide);  // as the presenter's key press does
    later();
    return;
  }
  document.body.setAttribute('data-probe', JSON.stringify(st.seen));
})();"""


class _Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        if self.path.startswith("/__probe__.js"):
            time.sleep(0.25)
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript")
            self.send_header("Content-Length", str(len(PROBE_JS)))
            self.end_headers()
            self.wfile.write(PROBE_JS)
            return
        super().do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    media = tmp_path_factory.mktemp("slides")
    proc = tiny("slides", media)
    return media, proc


def test_every_lecture_scene_has_a_slide_class_with_the_right_base():
    from manim import ThreeDScene
    from manim_slides.slide import Slide, ThreeDSlide

    import delivery.slides as slides

    for entry in available():
        cls = getattr(slides, f"{entry.scene}Slide")
        assert cls.__mro__[1] is slides.SlideMixin
        assert issubclass(cls, Slide)
        three_d = issubclass(cls.__mro__[2], ThreeDScene)
        assert issubclass(cls, ThreeDSlide) == three_d
        assert cls._open_section is slides.SlideMixin._open_section


def test_reveal_version_matches_manim_slides():
    from manim_slides.convert import RevealJS

    assert RevealJS.model_fields["reveal_version"].default == deck.REVEAL_VERSION


def test_deck_has_one_slide_per_beat_with_notes_and_only_local_assets(built):
    media, proc = built
    html_path = media / "slides" / "TwoBeats.html"
    assert "(2 slides from 1 scene(s)); open it in a browser" in proc.stdout
    html = html_path.read_text()
    sections = re.findall(r"<section.*?</section>", html, re.S)
    assert len(sections) == len(BEATS)
    for section, (name, narration) in zip(sections, BEATS, strict=True):
        assert f"**{name}**" in section and narration in section
        video = re.search(r'data-background-video="([^"]+)"', section).group(1)
        assert (html_path.parent / video).is_file()
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)
    assets = deck.deck_assets(html)
    assert "dist/reveal.js" in assets
    for rel in assets:
        assert (html_path.parent / f"reveal.js-{deck.REVEAL_VERSION}" / rel).is_file()


def test_each_slide_video_speaks_its_own_beat(built):
    """manim-slides' slide videos carry no sound; ours carry their stretch of the scene's:
    as long as the picture, the beat's voice from the slide's first frame, nothing muted."""
    from delivery.assemble import audio_duration, decode_audio, video_duration
    from tests.cli.sound import onsets
    from tests.cli.tiny_scene import VOICE_SECONDS

    media, _ = built
    html_path = media / "slides" / "TwoBeats.html"
    html = html_path.read_text()
    assert "muted" not in html
    videos = re.findall(r'data-background-video="([^"]+)"', html)
    assert len(videos) == len(BEATS)
    for video, voice in zip(videos, VOICE_SECONDS, strict=True):
        path = html_path.parent / video
        with av.open(str(path)) as c:
            assert [a.codec_context.name for a in c.streams.audio] == ["aac"]
        assert audio_duration(path) == pytest.approx(video_duration(path), abs=1 / 15)
        samples, rate = decode_audio(path)
        heard = onsets(samples[0], rate, threshold=0.02)
        assert heard and heard[0] <= 1 / 15, heard  # the beat's voice opens its slide
        # and falls silent when the voice ends: this slide holds no other beat's sound
        tail = samples[0, int((voice + 0.05) * rate):]
        assert tail.size == 0 or np.abs(tail).max() < 0.01


AUTOPLAY = "--autoplay-policy=no-user-gesture-required"  # as after the presenter's first key


def _chromium(url: str, profile, *args: str, autoplay: bool = True
              ) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         *([AUTOPLAY] if autoplay else []), "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
         f"--user-data-dir={profile}", "--window-size=854,480", "--hide-scrollbars", *args, url],
        capture_output=True, text=True, timeout=90,
    )


def _serve_probed(folder, runs):
    """Serve ``folder`` with probe.html (the deck plus the probe); ``runs(url)`` loads it."""
    html = (folder / "TwoBeats.html").read_text()
    (folder / "probe.html").write_text(
        html.replace("</body>", '<script src="/__probe__.js" async></script></body>'))
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        return html, runs(f"http://127.0.0.1:{server.server_address[1]}/probe.html")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _seen(dom: subprocess.CompletedProcess) -> list[dict]:
    probe = re.search(r'data-probe="([^"]*)"', dom.stdout)
    assert probe, dom.stderr[-2000:]
    assert probe.group(1) != "no video", "reveal.js showed no background video"
    return json.loads(probe.group(1).replace("&quot;", '"'))


def _last_frame(video) -> np.ndarray:
    with av.open(str(video)) as c:
        frames = list(c.decode(video=0))
    return frames[-1].to_ndarray(format="rgb24")


@pytest.mark.skipif(shutil.which("chromium") is None,
                    reason="chromium missing: `make test` installs it (scripts/setup-system.sh)")
def test_browser_plays_the_first_slide(built, tmp_path):
    media, _ = built
    folder = media / "slides"
    shot = tmp_path / "deck.png"
    html, dom = _serve_probed(folder, lambda url: (
        _chromium(url, tmp_path / "profile-dom", "--dump-dom"),
        _chromium(url, tmp_path / "profile-shot", f"--screenshot={shot}"))[0])
    seen = _seen(dom)
    videos = re.findall(r'data-background-video="([^"]+)"', html)
    assert [s["slide"] for s in seen] == list(range(len(BEATS))) == list(range(len(videos)))
    state = seen[0]
    assert state["playing"] and state["time"] >= 2.0, state
    for state, video in zip(seen, videos, strict=True):
        assert state["src"].endswith(video), state
        assert state["playing"] and state["ready"] >= 2, state
        # the slide speaks: not muted, full volume, its sound track really decoded
        assert not state["muted"] and state["volume"] == 1, state
        assert state["audio"] > 0, state
    first_video = videos[0]

    # The browser decoded the real picture: by 2 s the circle is drawn, as in the
    # slide's own last frame.
    data = re.search(r'data-frame="data:image/png;base64,([^"]+)"', dom.stdout).group(1)
    seen = np.asarray(Image.open(io.BytesIO(base64.b64decode(data))).convert("RGB"))
    expected = _last_frame(folder / first_video)
    assert seen.shape == expected.shape == (480, 854, 3)
    assert np.abs(seen.astype(int) - expected.astype(int)).mean() < 3
    assert colour_pixels(seen, SKY) > 500

    img = np.asarray(Image.open(shot).convert("RGB"))
    assert img.shape == (480, 854, 3)
    assert colour_pixels(img, SKY) > 500  # the slide's circle is on screen


@pytest.mark.skipif(shutil.which("chromium") is None,
                    reason="chromium missing: `make test` installs it (scripts/setup-system.sh)")
def test_before_any_key_press_the_deck_still_plays_and_offers_sound(built, tmp_path):
    """A browser that refuses sound until a key press (its default): reveal.js plays the
    slide muted rather than not at all, and shows its button to turn the sound on."""
    media, _ = built
    _, dom = _serve_probed(media / "slides", lambda url: _chromium(
        url, tmp_path / "profile", "--dump-dom", autoplay=False))
    first = _seen(dom)[0]
    assert first["playing"] and first["muted"] and first["audio"] > 0, first
    assert "r-media-play-button" in dom.stdout
