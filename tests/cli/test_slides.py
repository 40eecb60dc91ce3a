"""make slides: slide classes per beat, a deck with local reveal.js, and a real browser.

The browser test serves the deck from 127.0.0.1 and loads it in headless Chromium.
A copy of the page carries a probe script that the test server answers slowly, so
the browser's load event (after which it dumps the DOM or takes the screenshot)
waits until the first slide's video has really played past its drawing.
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
  var v = document.querySelector('.slide-background.present video');
  window.__tries = (window.__tries || 0) + 1;
  if ((!v || v.currentTime < 2.0) && window.__tries < 40) {
    var s = document.createElement('script');  // keeps the load event waiting
    s.src = '/__probe__.js?try=' + window.__tries;
    document.body.appendChild(s);
    return;
  }
  document.body.setAttribute('data-probe', v ? JSON.stringify({
    playing: v.currentTime > 0 && !v.paused, time: v.currentTime, ready: v.readyState,
    src: v.currentSrc}) : 'no video');
  if (v) {
    var c = document.createElement('canvas');
    c.width = v.videoWidth; c.height = v.videoHeight;
    c.getContext('2d').drawImage(v, 0, 0);
    document.body.setAttribute('data-frame', c.toDataURL('image/png'));
  }
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


def _chromium(url: str, profile, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--autoplay-policy=no-user-gesture-required", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--mute-audio",
         f"--user-data-dir={profile}", "--window-size=854,480", "--hide-scrollbars", *args, url],
        capture_output=True, text=True, timeout=90,
    )


def _last_frame(video) -> np.ndarray:
    with av.open(str(video)) as c:
        frames = list(c.decode(video=0))
    return frames[-1].to_ndarray(format="rgb24")


@pytest.mark.skipif(shutil.which("chromium") is None,
                    reason="chromium missing: `make test` installs it (scripts/setup-system.sh)")
def test_browser_plays_the_first_slide(built, tmp_path):
    media, _ = built
    folder = media / "slides"
    html = (folder / "TwoBeats.html").read_text()
    (folder / "probe.html").write_text(
        html.replace("</body>", '<script src="/__probe__.js" async></script></body>'))
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/probe.html"
        dom = _chromium(url, tmp_path / "profile-dom", "--dump-dom")
        shot = tmp_path / "deck.png"
        _chromium(url, tmp_path / "profile-shot", f"--screenshot={shot}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    probe = re.search(r'data-probe="([^"]*)"', dom.stdout)
    assert probe, dom.stderr[-2000:]
    assert probe.group(1) != "no video", "reveal.js showed no background video"
    state = json.loads(probe.group(1).replace("&quot;", '"'))
    assert state["playing"] and state["time"] >= 2.0, state
    assert state["ready"] >= 2
    first_video = re.search(r'data-background-video="([^"]+)"', html).group(1)
    assert state["src"].endswith(first_video)

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
