"""Neuron and network diagrams whose colours and widths stand for real values.

One rule maps a weight to an edge's look everywhere in the lecture
(:func:`weight_style`: colour by sign, width by size, as 3Blue1Brown drew
them), and one rule maps an activation to a neuron's fill
(:func:`activation_fill`), so a legend (:class:`WeightLegend`) explains every
diagram at once.

Examples
--------
.. manim:: DiagramExample
    :save_last_frame:

    import numpy as np
    from scenes.common.diagram import NetworkDiagram, WeightLegend

    class DiagramExample(Scene):
        def construct(self):
            rng = np.random.default_rng(0)
            weights = [rng.normal(size=(5, 3)), rng.normal(size=(2, 5))]
            net = NetworkDiagram((3, 5, 2), weights=weights)
            legend = WeightLegend().next_to(net, RIGHT, buff=0.8)
            self.add(net, legend)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    Circle,
    Dot,
    Line,
    ManimColor,
    Text,
    VGroup,
    VMobject,
    interpolate_color,
)

from scenes.common import style

__all__ = [
    "EdgeStyle",
    "weight_style",
    "activation_fill",
    "Neuron",
    "WeightedEdge",
    "WeightLegend",
    "NetworkDiagram",
]


@dataclass(frozen=True)
class EdgeStyle:
    """How an edge looks: its colour and stroke width."""

    color: str
    width: float


def weight_style(
    w: float, w_max: float, *, min_width: float = 1.0, max_width: float = 8.0
) -> EdgeStyle:
    """The one map from a weight to an edge's look.

    Colour: :data:`style.POSITIVE` for ``w >= 0``, :data:`style.NEGATIVE` below.
    Width: linear in ``|w|``, ``min_width`` at 0 up to ``max_width`` at
    ``|w| >= w_max`` (pass the largest ``|w|`` on screen, so widths compare).

    Examples
    --------
    >>> weight_style(-1.0, 2.0, min_width=1.0, max_width=5.0)
    EdgeStyle(color='#D55E00', width=3.0)
    """
    if not (np.isfinite(w_max) and w_max > 0):
        raise ValueError(f"w_max={w_max!r}; allowed: a finite number > 0")
    if not np.isfinite(w):
        raise ValueError(f"weight w={w!r}; allowed: a finite number")
    if not 0 <= min_width <= max_width:
        raise ValueError(
            f"min_width={min_width!r}, max_width={max_width!r}; allowed: 0 <= min <= max"
        )
    frac = min(abs(float(w)) / float(w_max), 1.0)
    color = style.POSITIVE if w >= 0 else style.NEGATIVE
    return EdgeStyle(color, min_width + (max_width - min_width) * frac)


def activation_fill(a: float) -> str:
    """A neuron's fill for activation ``a``: the sign's colour, as strong as ``|a|``.

    Blended onto the background (opaque), so edges behind a neuron stay hidden:
    0 is the background, ``|a| >= 1`` the full :data:`style.POSITIVE` or
    :data:`style.NEGATIVE` (the same sign colours as the weights).
    """
    if not np.isfinite(a):
        raise ValueError(f"activation a={a!r}; allowed: a finite number")
    color = style.POSITIVE if a >= 0 else style.NEGATIVE
    return interpolate_color(
        ManimColor(style.BG), ManimColor(color), min(abs(float(a)), 1.0)
    ).to_hex()


class Neuron(Circle):
    """A neuron: a circle filled by its activation (see :func:`activation_fill`).

    Parameters
    ----------
    radius
        Circle radius in scene units.
    activation
        The value that fills it; ``None`` leaves it empty (background fill).
    stroke_color, stroke_width
        The outline.

    Examples
    --------
    .. manim:: NeuronExample
        :save_last_frame:

        from scenes.common.diagram import Neuron

        class NeuronExample(Scene):
            def construct(self):
                self.add(VGroup(*(Neuron(activation=a) for a in (-1, -0.4, 0, 0.4, 1)))
                         .arrange(RIGHT))
    """

    def __init__(
        self,
        radius: float = 0.3,
        activation: float | None = None,
        *,
        stroke_color: str = style.FG,
        stroke_width: float = 2.0,
        **kwargs,
    ) -> None:
        super().__init__(
            radius=radius,
            stroke_color=stroke_color,
            stroke_width=stroke_width,
            fill_color=style.BG,
            fill_opacity=1.0,
            **kwargs,
        )
        self.activation = activation
        if activation is not None:
            self.set_activation(activation)

    def set_activation(self, a: float | None) -> Neuron:
        """Fill by ``a`` (``None``: empty); returns self."""
        self.activation = a
        self.set_fill(style.BG if a is None else activation_fill(a), opacity=1.0)
        return self


class WeightedEdge(Line):
    """A line whose colour and width show a weight (see :func:`weight_style`).

    Parameters
    ----------
    start, end
        End points (e.g. the boundaries of two :class:`Neuron`).
    weight
        The weight it stands for.
    w_max
        The ``|w|`` drawn at ``max_width``.

    Examples
    --------
    .. manim:: WeightedEdgeExample
        :save_last_frame:

        from scenes.common.diagram import WeightedEdge

        class WeightedEdgeExample(Scene):
            def construct(self):
                for i, w in enumerate((-2.0, -0.5, 0.5, 2.0)):
                    self.add(WeightedEdge(LEFT * 2 + UP * i, RIGHT * 2 + UP * i, w, 2.0))
    """

    def __init__(
        self,
        start: np.ndarray,
        end: np.ndarray,
        weight: float,
        w_max: float,
        *,
        min_width: float = 1.0,
        max_width: float = 8.0,
        **kwargs,
    ) -> None:
        super().__init__(start, end, **kwargs)
        self.min_width, self.max_width = min_width, max_width
        self.set_weight(weight, w_max)

    def set_weight(self, weight: float, w_max: float) -> WeightedEdge:
        """Restyle for ``weight``; returns self."""
        self.weight = float(weight)
        s = weight_style(weight, w_max, min_width=self.min_width, max_width=self.max_width)
        self.set_stroke(color=s.color, width=s.width)
        return self


class WeightLegend(VGroup):
    """Explains :func:`weight_style`: blue positive, red negative, thicker = larger ``|w|``.

    Parameters
    ----------
    w_max
        If given, the thickest swatch is labelled with this ``|w|``.
    font_size
        Text size of the labels.
    swatch
        Length of the sample lines.
    labels
        Optional (positive, negative, larger) texts replacing the English
        defaults, e.g. for a translated lecture or for gradients ∂L/∂w.
    font
        Font of the labels (``i18n.font()`` for the lecture's language).
    """

    def __init__(
        self,
        w_max: float | None = None,
        *,
        font_size: float = style.SMALL_SIZE,
        swatch: float = 0.6,
        min_width: float = 1.0,
        max_width: float = 8.0,
        labels: Sequence[str] | None = None,
        font: str = style.FONT,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        if labels is not None and len(labels) != 3:
            raise ValueError(
                f"labels={labels!r}; allowed: three strings (positive, negative, larger)"
            )

        def sample(color: str, width: float) -> Line:
            return Line(LEFT * swatch / 2, RIGHT * swatch / 2, stroke_color=color,
                        stroke_width=width)

        def label(text: str) -> Text:
            return Text(text, font=font, font_size=font_size, color=style.FG)

        mid = (min_width + max_width) / 2
        texts = list(labels) if labels is not None else [
            "positive weight", "negative weight",
            "larger |w|" if w_max is None else f"larger |w| (up to {w_max:.2f})",
        ]
        pos = VGroup(sample(style.POSITIVE, mid), label(texts[0])).arrange(RIGHT)
        neg = VGroup(sample(style.NEGATIVE, mid), label(texts[1])).arrange(RIGHT)
        thin = sample(style.MUTED, min_width)
        thick = sample(style.MUTED, max_width)
        big = texts[2]
        size = VGroup(VGroup(thin, thick).arrange(RIGHT, buff=0.1), label(big)).arrange(RIGHT)
        self.add(pos, neg, size)
        self.arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        # Swatches in one column, whatever the width of the "thin, thick" pair.
        for row in (pos, neg):
            row[0].align_to(size[0], LEFT)


class NetworkDiagram(VGroup):
    """A layered network: neurons in columns, weighted edges between them.

    At most ``max_drawn`` neurons are drawn per layer (the first and last
    halves, with a vertical ellipsis for the rest), as 3Blue1Brown drew his
    784-16-16-10 network. Edges are grouped into one path per colour and width
    step (``width_steps`` of them), so hundreds of edges stay cheap to render.

    Parameters
    ----------
    widths
        Neurons per layer, input first, e.g. ``(2, 3, 3, 1)``.
    weights
        Optional ``W[l]`` of shape ``(widths[l+1], widths[l])`` (out × in, as the
        engine stores them); without them edges are drawn thin and grey.
    activations
        Optional per-layer activation vectors, filling the neurons.
    max_drawn
        Most neurons drawn per layer.
    layer_spacing, neuron_spacing, neuron_radius
        Geometry in scene units.
    w_max
        The ``|w|`` drawn thickest; default the largest drawn ``|w|``.
    layer_labels
        Optional text under each layer (e.g. its width).
    font
        Font of the layer labels (``i18n.font()`` for the lecture's language).
    drawn
        Optional, per layer, which neuron indices to draw instead of the first
        and last halves (``None`` keeps the default for that layer); an
        ellipsis stands in every gap, before, between or after them.

    Attributes
    ----------
    layers
        One :class:`~manim.VGroup` of :class:`Neuron` per layer (drawn ones only).
    drawn
        Per layer, the neuron indices that are drawn.
    edges
        A :class:`~manim.VGroup` of paths, one per layer, colour and width step.
    layer_edges
        The same paths grouped per layer: ``layer_edges[l]`` joins layer l to
        layer l + 1 (so a scene can animate one layer's edges).

    Examples
    --------
    .. manim:: NetworkDiagramExample
        :save_last_frame:

        from scenes.common.diagram import NetworkDiagram

        class NetworkDiagramExample(Scene):
            def construct(self):
                self.add(NetworkDiagram((784, 16, 16, 10), neuron_spacing=0.4,
                                        neuron_radius=0.12, layer_labels=True))
    """

    def __init__(
        self,
        widths: Sequence[int],
        weights: Sequence[np.ndarray] | None = None,
        activations: Sequence[np.ndarray] | None = None,
        *,
        max_drawn: int = 16,
        layer_spacing: float = 2.0,
        neuron_spacing: float = 0.6,
        neuron_radius: float = 0.2,
        w_max: float | None = None,
        min_width: float = 0.5,
        max_width: float = 5.0,
        width_steps: int = 8,
        layer_labels: Sequence[str] | bool | None = None,
        font_size: float = style.SMALL_SIZE,
        font: str = style.FONT,
        drawn: Sequence[Sequence[int] | None] | None = None,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        widths = tuple(int(w) for w in widths)
        if len(widths) < 2 or min(widths) < 1:
            raise ValueError(f"widths={widths!r}; allowed: two or more layers of >= 1 neuron")
        if max_drawn < 2:
            raise ValueError(f"max_drawn={max_drawn!r}; allowed: an integer >= 2")
        if width_steps < 2:
            raise ValueError(f"width_steps={width_steps!r}; allowed: an integer >= 2")
        if weights is not None:
            weights = [np.asarray(W, dtype=np.float64) for W in weights]
            expected = [(widths[l + 1], widths[l]) for l in range(len(widths) - 1)]
            got = [W.shape for W in weights]
            if got != expected:
                raise ValueError(f"weight shapes {got}; allowed for widths {widths}: {expected}")
        if drawn is not None and len(drawn) != len(widths):
            raise ValueError(
                f"drawn has {len(drawn)} entries; allowed: one per layer ({len(widths)}), "
                "None for the default"
            )
        self.widths = widths
        self.neuron_radius = neuron_radius
        self.drawn: list[np.ndarray] = []
        self.layers: list[VGroup] = []
        self.ellipses = VGroup()
        below: list[VGroup] = []  # per layer: its neurons and ellipses, for the label
        x0 = -layer_spacing * (len(widths) - 1) / 2
        for l, n in enumerate(widths):
            chosen = None if drawn is None else drawn[l]
            if chosen is None:
                idx, slots = _drawn_slots(n, max_drawn)
                gaps = [float(max_drawn // 2)] if len(idx) < n else []
            else:
                idx, slots, gaps = _chosen_slots(n, chosen, l)
            top = max([slots.max(), *gaps]) / 2
            ys = (top - slots) * neuron_spacing
            layer = VGroup(*(Neuron(neuron_radius).move_to([x0 + l * layer_spacing, y, 0])
                             for y in ys))
            self.drawn.append(idx)
            self.layers.append(layer)
            below.append(VGroup(*layer))
            for gap in gaps:  # one ellipsis per skipped run of neurons
                dots = VGroup(*(Dot(radius=0.03, color=style.FG) for _ in range(3)))
                dots.arrange(DOWN, buff=neuron_spacing * 0.12)
                self.ellipses.add(
                    dots.move_to([x0 + l * layer_spacing, (top - gap) * neuron_spacing, 0])
                )
                below[-1].add(*dots)
        self.layer_edges: list[VGroup] = []
        self.edges = self._build_edges(weights, w_max, min_width, max_width, width_steps)
        self.add(self.edges, *self.layers, self.ellipses)
        if activations is not None:
            self.set_activations(activations)
        self.labels = VGroup()
        if layer_labels:
            texts = [str(w) for w in widths] if layer_labels is True else list(layer_labels)
            for column, t in zip(below, texts, strict=True):
                self.labels.add(
                    Text(t, font=font, font_size=font_size, color=style.MUTED)
                    .next_to(column, DOWN, buff=0.2)
                )
            self.add(self.labels)

    def _edge_ends(self, l: int, i: int, j: int) -> tuple[np.ndarray, np.ndarray]:
        """Ends of the edge from drawn neuron i of layer l to drawn neuron j of layer l+1."""
        p, q = self.layers[l][i].get_center(), self.layers[l + 1][j].get_center()
        d = (q - p) / np.linalg.norm(q - p)
        return p + d * self.neuron_radius, q - d * self.neuron_radius

    def _build_edges(self, weights, w_max, min_width, max_width, steps) -> VGroup:
        drawn_w = [W[np.ix_(self.drawn[l + 1], self.drawn[l])]
                   for l, W in enumerate(weights)] if weights is not None else None
        if drawn_w is not None and w_max is None:
            w_max = max(float(np.abs(W).max()) for W in drawn_w) or 1.0
        group = VGroup()
        for l in range(len(self.widths) - 1):
            paths: dict[tuple[str, int], list[np.ndarray]] = {}
            for jj in range(len(self.drawn[l + 1])):
                for ii in range(len(self.drawn[l])):
                    p, q = self._edge_ends(l, ii, jj)
                    if drawn_w is None:
                        key = (style.GRID, 0)
                    else:
                        w = drawn_w[l][jj, ii]
                        k = int(round(min(abs(w) / w_max, 1.0) * (steps - 1)))
                        key = (style.POSITIVE if w >= 0 else style.NEGATIVE, k)
                    # A straight cubic Bézier: anchors p, q and handles at thirds.
                    paths.setdefault(key, []).append(
                        np.stack([p, p + (q - p) / 3, p + 2 * (q - p) / 3, q])
                    )
            # Thin first, so thick (large |w|) edges are drawn on top.
            layer = VGroup()
            for (color, k), segs in sorted(paths.items(), key=lambda kv: (kv[0][1], kv[0][0])):
                width = min_width + (max_width - min_width) * k / (steps - 1)
                vm = VMobject(stroke_color=color, stroke_width=width)
                vm.set_points(np.concatenate(segs))
                layer.add(vm)
                group.add(vm)
            self.layer_edges.append(layer)
        return group

    def neuron(self, layer: int, index: int) -> Neuron:
        """The drawn :class:`Neuron` for neuron ``index`` of ``layer``."""
        hits = np.flatnonzero(self.drawn[layer] == index)
        if len(hits) == 0:
            raise IndexError(
                f"neuron {index} of layer {layer} is not drawn; drawn: {self.drawn[layer].tolist()}"
            )
        return self.layers[layer][int(hits[0])]

    def set_activations(self, activations: Sequence[np.ndarray | None]) -> NetworkDiagram:
        """Fill each layer's drawn neurons from its activation vector (``None`` skips)."""
        if len(activations) != len(self.widths):
            raise ValueError(
                f"{len(activations)} activation vectors; allowed: one per layer "
                f"({len(self.widths)}), None to skip one"
            )
        for l, acts in enumerate(activations):
            if acts is None:
                continue
            acts = np.asarray(acts, dtype=np.float64).reshape(-1)
            if len(acts) != self.widths[l]:
                raise ValueError(f"layer {l}: {len(acts)} activations; allowed: {self.widths[l]}")
            for neuron, i in zip(self.layers[l], self.drawn[l], strict=True):
                neuron.set_activation(float(acts[i]))
        return self


def _chosen_slots(
    n: int, chosen: Sequence[int], layer: int
) -> tuple[np.ndarray, np.ndarray, list[float]]:
    """Slots for chosen neuron indices: one extra slot (an ellipsis) per skipped run."""
    idx = np.unique(np.asarray(chosen, dtype=np.int64))
    if len(idx) == 0 or idx[0] < 0 or idx[-1] >= n:
        raise ValueError(
            f"drawn[{layer}]={list(chosen)!r}; allowed: one or more indices in 0..{n - 1}"
        )
    slots, gaps = [], []
    slot, prev = 0.0, -1
    for i in idx:
        if i > prev + 1:
            gaps.append(slot)
            slot += 1
        slots.append(slot)
        slot += 1
        prev = int(i)
    if prev < n - 1:
        gaps.append(slot)
    return idx, np.array(slots), gaps


def _drawn_slots(n: int, max_drawn: int) -> tuple[np.ndarray, np.ndarray]:
    """Which neurons of an n-wide layer are drawn, and their vertical slots.

    With ``n > max_drawn`` the first and last halves are drawn and one slot is
    left between them for the ellipsis.
    """
    if n <= max_drawn:
        return np.arange(n), np.arange(n, dtype=np.float64)
    top = max_drawn // 2
    bottom = max_drawn - top
    idx = np.concatenate([np.arange(top), np.arange(n - bottom, n)])
    slots = np.concatenate([np.arange(top), np.arange(top + 1, top + 1 + bottom)])
    return idx, slots.astype(np.float64)

