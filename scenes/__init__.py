"""Manim scenes of the lecture, one topic per file. Data comes only from the engine's cache."""
