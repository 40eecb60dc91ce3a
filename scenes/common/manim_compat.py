"""The one door to Manim's internals (this copy: the render launcher's AAC patch only).

:func:`fast_aac` is applied by :mod:`delivery.launch`, the process every render of the
project runs in. Checked against Manim 0.21.0 (``scene_file_writer.convert_audio``).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["SOUND_RATE", "fast_aac"]

SOUND_RATE = 48000  # what Manim's AAC has; the lecture copies packets at this rate


def _aac(input_path, output_path, codec_name: str) -> None:
    """Manim's ``convert_audio`` (its scene WAV to the movie's audio codec), for AAC made to
    fit: FFmpeg's fast coder and the WAV's own channels, not Manim's default two-loop
    search on a stereo copy of a mono voice (50 s of voice: 0.53 s, not 1.02 s), at 48 kHz
    as before. The WAV it came from is deleted: Manim 0.21 deletes the AAC after muxing it
    but leaves the WAV (2.4 MB a scene) beside the movie.
    """
    import av
    from manim.scene import scene_file_writer

    if codec_name != "aac":
        return scene_file_writer._deepwarp_convert_audio(input_path, output_path, codec_name)
    with av.open(str(input_path)) as src, av.open(str(output_path), "w", format="adts") as dst:
        stream = src.streams.audio[0]
        layout = "mono" if stream.codec_context.layout.nb_channels == 1 else "stereo"
        out = dst.add_stream("aac", rate=SOUND_RATE, layout=layout)
        out.bit_rate, out.options = 128_000, {"aac_coder": "fast"}
        resampler = av.AudioResampler(format="fltp", layout=layout, rate=SOUND_RATE)
        for frame in [*src.decode(stream), None]:
            for piece in resampler.resample(frame):
                dst.mux(out.encode(piece))
        dst.mux(out.encode(None))
    source = Path(input_path)
    if source.suffix == ".wav" and source.with_suffix(".aac") == Path(output_path):
        source.unlink(missing_ok=True)  # the movie's own mix, no longer needed


def fast_aac() -> None:
    """Put :func:`_aac` in place of Manim's ``convert_audio`` (twice is once).

    >>> fast_aac(); fast_aac()
    >>> from manim.scene import scene_file_writer
    >>> scene_file_writer.convert_audio is _aac
    True
    """
    from manim.scene import scene_file_writer

    if scene_file_writer.convert_audio is _aac:
        return
    scene_file_writer._deepwarp_convert_audio = scene_file_writer.convert_audio
    scene_file_writer.convert_audio = _aac
