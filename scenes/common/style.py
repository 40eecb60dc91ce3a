"""Palette, fonts and sizes in one place.

Colours come from the Okabe-Ito palette, which stays distinguishable for the
common forms of colour blindness; class colours are always paired with a label
or a marker shape on screen, never colour alone.
"""

from __future__ import annotations

__all__ = [
    "BG", "FG", "MUTED", "GRID", "ORANGE", "SKY", "GREEN", "YELLOW", "BLUE",
    "VERMILLION", "PURPLE", "CLASS_COLORS", "POSITIVE", "NEGATIVE", "HEIGHT_COLORS",
    "FONT", "TITLE_SIZE", "CAPTION_SIZE", "LABEL_SIZE", "SMALL_SIZE",
    "class_color", "CLASS_COLORS_8", "class_color_8",
]

BG = "#0f1117"
FG = "#f2f2f2"
MUTED = "#9aa0a6"
GRID = "#4a5060"

# Okabe-Ito
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"

# Class 0, 1, 2, …: sky blue and vermillion first (the "blue" and "red" curves).
CLASS_COLORS = (SKY, VERMILLION, GREEN, YELLOW, PURPLE, ORANGE, BLUE, FG, MUTED, GRID)
# Up to eight classes (the warp scenes): Okabe-Ito's eight colours, its black
# (invisible on this background) replaced by white; the two-class colours come
# first, yellow late since it also marks readouts; orange away from vermillion, with
# the other marker shape (classes alternate dots and crosses).
CLASS_COLORS_8 = (SKY, VERMILLION, GREEN, PURPLE, ORANGE, YELLOW, BLUE, FG)
# Signed values (weights, gradients): positive = sky blue, negative = vermillion,
# as 3Blue1Brown drew them (blue/red by sign).
POSITIVE = SKY
NEGATIVE = VERMILLION
# Heights (loss maps, surfaces), low → high: viridis stops, perceptually
# ordered and colour-blind safe; always shown with a colour bar or contours.
HEIGHT_COLORS = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")

FONT = "DejaVu Sans"  # English; scenes call i18n.font() to follow the language
TITLE_SIZE = 40
CAPTION_SIZE = 26
LABEL_SIZE = 22
SMALL_SIZE = 18


def class_color(label: int) -> str:
    return CLASS_COLORS[int(label) % len(CLASS_COLORS)]


def class_color_8(label: int) -> str:
    """Colour of class ``label`` among up to eight (:data:`CLASS_COLORS_8`)."""
    return CLASS_COLORS_8[int(label) % len(CLASS_COLORS_8)]
