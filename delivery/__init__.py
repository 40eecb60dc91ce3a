"""Delivery: the lecture runner, slides, clips, storyboards and their assembly.

Kept apart from ``scenes/`` (scenes and their common pieces only) and from
``engine/`` (never imports manim).
"""
