"""Networks as functions: layers, a real digit's forward pass, the loss, backpropagation.

* :class:`FeedForwardNetwork`: the trained 256-16-16-10 digits network drawn
  layer by layer (input, hidden, output), every edge one of its real weights;
  "deep" means many hidden layers, each one more function in the chain.
* :class:`DigitForwardPass`: a real 16×16 test digit flattened into the input
  vector and pushed through the trained network, neuron brightness = recorded
  activation; ten softmax confidences as bars, the largest picked. One test
  digit it gets right and a real one it gets wrong; its test accuracy.
* :class:`LossFunction`: output vector beside the one-hot target, the
  cross-entropy and squared error of real outputs before and after training,
  for several training images; the recorded loss curve.
* :class:`Backpropagation`: a 2-3-2-1 tanh network and one training example:
  forward pass, every ∂L/∂w from autograd flowing back layer by layer, the chain
  rule for one weight with its numbers, and one SGD step lowering L.

Every number comes from ``engine.artefacts.network`` and is recorded with
:meth:`~scenes.common.base.LectureMixin.shows`.

Render: ``manim render -ql scenes/network.py DigitForwardPass``
(``DEEPWARP_LANG=zh`` for Chinese).
"""

from __future__ import annotations

import numpy as np
from manim import *

from engine.artefacts.network import (
    backprop_example,
    digit_forward_pass,
    digit_losses,
    digits_network,
)
from scenes.common import i18n, style
from scenes.common.base import LectureScene
from scenes.common.diagram import NetworkDiagram, Neuron, WeightLegend, activation_fill
from scenes.common.i18n import Catalogue
from scenes.common.mobjects import PointCloud, ScreenMap
from scenes.common.text import arch, at_most, fmt, label, minus, pct

__all__ = [
    "TEXT",
    "FeedForwardNetwork",
    "DigitForwardPass",
    "LossFunction",
    "Backpropagation",
    "fmt",
    "digit_image",
]

TEXT = Catalogue.of(__file__)

HIGHLIGHT = style.YELLOW
EQ_SIZE = 32


def _num(s: str, size: float = 22, color: str = style.FG) -> Text:
    """A number as :class:`Text` (no LaTeX run per number), with a typographic minus."""
    return Text(minus(s), font=style.FONT, font_size=size, color=color)


def digit_image(image: np.ndarray, size: float) -> VGroup:
    """A grid of pixels, each filled by its value with the neurons' fill rule.

    One path per distinct pixel value (not one mobject per pixel), so a 16×16
    image costs a handful of paths. ``result[0]`` is the frame; pixel (r, c)
    is centred at :func:`pixel_center`.
    """
    image = np.asarray(image, dtype=np.float64)
    h, w = image.shape
    cell = size / w
    frame = Rectangle(width=size, height=cell * h, stroke_color=style.MUTED, stroke_width=1.5,
                      fill_color=style.BG, fill_opacity=1.0)
    group = VGroup(frame)
    corner = frame.get_corner(UL)
    for value in np.unique(image[image > 0]):
        ink = VMobject(fill_color=activation_fill(float(value)), fill_opacity=1.0,
                       stroke_width=0)
        for r, c in zip(*np.nonzero(image == value), strict=True):
            tl = corner + np.array([c * cell, -r * cell, 0.0])
            pts = [tl, tl + [cell, 0, 0], tl + [cell, -cell, 0], tl + [0, -cell, 0], tl]
            ink.start_new_path(pts[0])
            ink.add_points_as_corners(pts[1:])
        group.add(ink)
    group.cell = cell
    group.shape = (h, w)
    return group


def pixel_center(img: VGroup, r: int, c: int) -> np.ndarray:
    cell = img[0].width / img.shape[1]
    return img[0].get_corner(UL) + np.array([(c + 0.5) * cell, -(r + 0.5) * cell, 0.0])


class NetworkScene(LectureScene):
    """The network scenes: their catalogue, and a heading in the top-left corner."""

    TEXT = TEXT

    def heading(self, key: str) -> Text:
        self.heading_mob = label(TEXT[key], style.CAPTION_SIZE).to_corner(UL, buff=0.3)
        self.add(self.heading_mob)
        return self.heading_mob


def _layer_names(n_layers: int) -> list[str]:
    names = [TEXT["input_layer"]]
    names += [TEXT.format("hidden_layer", k=k) for k in range(1, n_layers - 1)]
    return names + [TEXT["output_layer"]]


# --- FeedForwardNetwork ----------------------------------------------------------------

class FeedForwardNetwork(NetworkScene):
    """The trained digits network drawn layer by layer; deep = many hidden layers."""

    title = "A feed-forward network"

    PANEL_X = 1.35  # left edge of the right-hand column

    def construct(self) -> None:
        self.net_data = digits_network()
        self.widths = self.shows("widths", [int(w) for w in self.net_data["widths"]])
        self.heading("ff_title")
        self.function()
        self.layers()
        self.weights()
        self.deep()

    def function(self) -> None:
        w = self.widths
        self.say("ff.function", n=w[0], k=w[-1])
        f = MathTex(r"f:\ \mathbb{R}^{" + str(w[0]) + r"} \to \mathbb{R}^{" + str(w[-1]) + "}",
                    font_size=44)
        f.move_to(UP * 0.4)
        # Each side's words stay on their side in every language (a longer one is set smaller).
        ins = at_most(label(TEXT.format("ff_in", n=w[0]), style.LABEL_SIZE, style.MUTED), 2.6)
        ins.next_to(f, DOWN, buff=0.35)
        ins.shift(LEFT * 1.4)
        outs = at_most(label(TEXT.format("ff_out", k=w[-1]), style.LABEL_SIZE, style.MUTED), 2.6)
        outs.next_to(f, DOWN, buff=0.35)
        outs.shift(RIGHT * 1.4)
        self.wait_until("f")
        self.play(Write(f), run_time=1.2)
        self.wait_until("in")
        self.play(FadeIn(ins, shift=UP * 0.1), run_time=0.7)
        self.wait_until("out")
        self.play(FadeIn(outs, shift=UP * 0.1), run_time=0.7)
        self.hold()
        self.f_label, self.f_io = f, VGroup(ins, outs)

    def layers(self) -> None:
        d = self.net_data
        n_lin = len(self.widths) - 1
        self.say("ff.layers")
        weights = [d[f"W{l}"] for l in range(n_lin)]
        names = _layer_names(len(self.widths))
        labels = [f"{name}\n{w}" for name, w in zip(names, self.widths, strict=True)]
        net = NetworkDiagram(self.widths, weights=weights, layer_spacing=2.05,
                             neuron_spacing=0.28, neuron_radius=0.11, min_width=0.3,
                             max_width=2.6, layer_labels=labels, font=i18n.font(),
                             font_size=style.SMALL_SIZE)
        net.edges.set_stroke(opacity=0.55)
        net.move_to([-3.0, -0.15, 0])
        self.net = net
        self.w_max = self.shows(
            "w_max",
            max(float(np.abs(W[np.ix_(net.drawn[l + 1], net.drawn[l])]).max())
                for l, W in enumerate(weights)),
        )
        self.shows("drawn_inputs", net.drawn[0].tolist())
        drawn = label(TEXT.format("ff_drawn", n=self.widths[0], m=len(net.drawn[0])),
                      style.SMALL_SIZE, style.MUTED)
        drawn.to_edge(DOWN, buff=0.2)
        # f makes room in the corner while the first sentence is said.
        self.play(FadeOut(self.f_io),
                  self.f_label.animate.scale(0.7).to_corner(UR, buff=0.35), run_time=0.8)
        self.wait_until("input")
        self.play(LaggedStart(*(GrowFromCenter(n) for n in net.layers[0]), lag_ratio=0.05),
                  FadeIn(net.ellipses), FadeIn(net.labels[0]), FadeIn(drawn), run_time=1.0)

        def next_layer(l: int, edges_s: float, neurons_s: float) -> None:
            self.play(Create(net.layer_edges[l]), run_time=edges_s)
            self.play(LaggedStart(*(GrowFromCenter(n) for n in net.layers[l + 1]),
                                  lag_ratio=0.05),
                      FadeIn(net.labels[l + 1]), run_time=neurons_s)

        self.wait_until("hidden")
        for l in range(n_lin - 1):  # each hidden layer from the layer before
            next_layer(l, 0.8, 0.6)
        self.wait_until("output")
        next_layer(n_lin - 1, 0.8, 0.6)
        self.hold()

    def weights(self) -> None:
        n_params = self.shows("n_params", int(self.net_data["n_params"]))
        counted = sum(self.net_data[f"{p}{l}"].size for l in range(len(self.widths) - 1)
                      for p in ("W", "b"))
        assert counted == n_params, "parameter count disagrees with the arrays"
        self.say("ff.weights", n=f"{n_params:,}")
        legend = WeightLegend(
            labels=[TEXT["legend_pos"], TEXT["legend_neg"],
                    TEXT.format("legend_big", w=fmt(self.w_max))],
            font=i18n.font(), min_width=0.3, max_width=2.6, font_size=16,
        )
        legend.move_to([0, 2.35, 0]).align_to([self.PANEL_X, 0, 0], LEFT)
        count = label(TEXT.format("ff_params", n=f"{n_params:,}"), style.LABEL_SIZE)
        count.next_to(legend, DOWN, buff=0.4).align_to(legend, LEFT)
        self.play(FadeIn(legend), Indicate(self.net.edges, color=HIGHLIGHT, scale_factor=1.0),
                  run_time=0.8)
        self.wait_until("bias")
        # The biases belong to every neuron past the input layer.
        self.play(*(Indicate(n, color=HIGHLIGHT, scale_factor=1.3)
                    for layer in self.net.layers[1:] for n in layer), run_time=1.0)
        self.wait_until("count")
        self.play(FadeIn(count, shift=UP * 0.1), run_time=0.7)
        # Training chooses all of them: every edge and every neuron's bias.
        self.wait_until("train")
        self.play(Circumscribe(count, color=HIGHLIGHT, buff=0.08),
                  Indicate(self.net.edges, color=HIGHLIGHT, scale_factor=1.0),
                  *(Indicate(n, color=HIGHLIGHT, scale_factor=1.3)
                    for layer in self.net.layers[1:] for n in layer), run_time=1.0)
        self.side = VGroup(legend, count)
        self.hold()

    def deep(self) -> None:
        n_hidden = self.shows("n_hidden", len(self.widths) - 2)
        act = str(self.net_data["activation"])
        self.say("ff.deep", k=n_hidden)
        hidden = VGroup(*self.net.layers[1:-1])
        brace = Brace(hidden, UP, buff=0.15, color=HIGHLIGHT)
        tag = label(TEXT.format("ff_hidden", k=n_hidden), style.SMALL_SIZE, HIGHLIGHT)
        tag.next_to(brace, UP, buff=0.08)
        n_lin = len(self.widths) - 1
        chain = MathTex("f = " + r" \circ ".join(f"f_{k}" for k in range(n_lin, 0, -1)),
                        font_size=40)
        chain.next_to(self.side, DOWN, buff=0.5).align_to(self.side, LEFT)
        ks = ", ".join(str(k) for k in range(1, n_lin))
        layer_fn = VGroup(
            MathTex(rf"f_k(a) = \sigma(W_k\, a + b_k),\quad k = {ks}", font_size=30),
            MathTex(rf"f_{{{n_lin}}}(a) = W_{{{n_lin}}}\, a + b_{{{n_lin}}}", font_size=30),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        layer_fn.next_to(chain, DOWN, buff=0.3).align_to(chain, LEFT)
        deep = label(TEXT["ff_deep"], style.LABEL_SIZE, HIGHLIGHT)
        deep.next_to(layer_fn, DOWN, buff=0.35).align_to(chain, LEFT)
        trained = label(
            TEXT.format("ff_trained", arch=arch(self.widths), act=act), style.SMALL_SIZE,
            style.MUTED,
        ).next_to(deep, DOWN, buff=0.3).align_to(chain, LEFT)
        self.play(FadeIn(layer_fn), run_time=0.8)
        self.wait_until("chain")
        self.play(Write(chain), run_time=1.0)
        self.wait_until("deep")
        self.play(FadeIn(deep, shift=UP * 0.1), run_time=0.6)
        self.wait_until("count")
        self.play(GrowFromCenter(brace), FadeIn(tag), run_time=0.8)
        self.play(FadeIn(trained), run_time=0.6)
        self.hold()


# --- DigitForwardPass -------------------------------------------------------------------

class DigitForwardPass(NetworkScene):
    """A real test digit through the trained network; one right, one wrong."""

    title = "A digit through the network"

    IMG_AT = np.array([-5.45, 0.55, 0.0])
    IMG_SIZE = 2.3
    CAPTION_W = 3.2  # the image's caption at most this wide: inside the frame's left edge
    NET_AT = np.array([-0.8, 0.1, 0.0])
    BAR_X = 2.75
    BAR_LEN = 2.4

    def construct(self) -> None:
        self.ex = digit_forward_pass()
        self.widths = self.shows("widths", [int(w) for w in self.ex["widths"]])
        self.heading("dp_title")
        self.show_digit("right")
        self.flatten("right")
        self.flow("right")
        self.confidences("right")
        self.mistake()
        self.accuracy()

    # --- beats ---------------------------------------------------------------------

    def show_digit(self, part: str) -> None:
        ex = self.ex
        i = self.shows(f"{part}_index", int(ex[f"{part}_index"]))
        y = self.shows(f"{part}_label", int(ex[f"{part}_label"]))
        self.shows(f"{part}_image", ex[f"{part}_image"].copy())
        h, w = ex[f"{part}_image"].shape
        self.say("dp.digit", h=h, w=w)
        self.img = digit_image(ex[f"{part}_image"], self.IMG_SIZE).move_to(self.IMG_AT)
        # The caption keeps under its image and inside the frame in every language.
        self.caption = at_most(label(TEXT.format("dp_caption", i=i, y=y), style.SMALL_SIZE),
                               self.CAPTION_W)
        self.caption.next_to(self.img, DOWN, buff=0.2)
        size = label(TEXT.format("dp_pixels", h=h, w=w, n=h * w), style.SMALL_SIZE, style.MUTED)
        size.next_to(self.img, UP, buff=0.2)
        self.play(FadeIn(self.img), run_time=0.8)
        self.wait_until("test")
        self.play(FadeIn(self.caption), run_time=0.6)
        self.wait_until("size")
        self.play(FadeIn(size, shift=DOWN * 0.15), run_time=0.5)
        self.wait_until("ink")
        # Each ink path on its own: the image's frame (filled with the background) stays.
        self.play(*(Indicate(ink, color=HIGHLIGHT, scale_factor=1.0) for ink in self.img[1:]),
                  run_time=1.0)
        self.hold()

    def _build_network(self) -> None:
        ex = self.ex
        n_lin = len(self.widths) - 1
        weights = [ex[f"W{l}"] for l in range(n_lin)]
        self.drawn_inputs = self.shows("drawn_inputs", ex["drawn_inputs"].tolist())
        names = _layer_names(len(self.widths))
        labels = [f"{name}\n{w}" for name, w in zip(names, self.widths, strict=True)]
        net = NetworkDiagram(self.widths, weights=weights, layer_spacing=1.85,
                             neuron_spacing=0.28, neuron_radius=0.11, min_width=0.3,
                             max_width=2.2, layer_labels=labels, font=i18n.font(),
                             font_size=16, drawn=[self.drawn_inputs, None, None, None])
        net.edges.set_stroke(opacity=0.4)
        net.move_to(self.NET_AT)
        self.net = net

    def flatten(self, part: str) -> None:
        ex = self.ex
        row = self.shows("drawn_row", int(ex["drawn_row"]))
        self._build_network()
        n, m = self.widths[0], len(self.drawn_inputs)
        self.say("dp.flatten", r=row + 1, n=n, m=m)
        net = self.net
        box = SurroundingRectangle(
            VGroup(Dot(pixel_center(self.img, row, 0), radius=0.01),
                   Dot(pixel_center(self.img, row, self.img.shape[1] - 1), radius=0.01)),
            buff=self.img.cell / 2, color=HIGHLIGHT, stroke_width=3,
        )
        # A funnel from the highlighted row to the input neurons it becomes.
        first, last = net.neuron(0, self.drawn_inputs[0]), net.neuron(0, self.drawn_inputs[-1])
        row_tag = VGroup(
            Line(box.get_corner(UR), first.get_left(), color=HIGHLIGHT, stroke_width=1.5),
            Line(box.get_corner(DR), last.get_left(), color=HIGHLIGHT, stroke_width=1.5),
        )
        drawn_note = label(TEXT.format("dp_drawn", r=row + 1, n=n, m=m), 16, style.MUTED)
        drawn_note.to_edge(DOWN, buff=0.15)
        # Row after row: a box runs down the image while the input layer appears.
        sweep = box.copy().set_stroke(width=2, opacity=0.7)
        sweep.shift(UP * (pixel_center(self.img, 0, 0)[1] - pixel_center(self.img, row, 0)[1]))
        bottom = pixel_center(self.img, self.img.shape[0] - 1, 0)[1]
        self.play(FadeIn(net.layers[0]), FadeIn(net.ellipses), FadeIn(net.labels[0]),
                  FadeIn(sweep), run_time=0.8)
        self.play(sweep.animate.shift(DOWN * (sweep.get_center()[1] - bottom)), run_time=1.5,
                  rate_func=linear)
        self.play(FadeOut(sweep), run_time=0.3)
        self.wait_until("drawn")
        self.play(Create(box), Create(row_tag), FadeIn(drawn_note), run_time=0.6)
        self._fly_row(part, run_time=1.2)
        # Those neurons are that row's pixels.
        self.wait_until("row")
        self.play(Indicate(box, color=HIGHLIGHT, scale_factor=1.05),
                  *(Indicate(net.neuron(0, i), color=HIGHLIGHT, scale_factor=1.4)
                    for i in self.drawn_inputs), run_time=0.7)
        # The dots stand for the rest of the image's pixels.
        self.wait_until("dots")
        self.play(*(Indicate(dots, color=HIGHLIGHT, scale_factor=1.5) for dots in net.ellipses),
                  *(Indicate(ink, color=HIGHLIGHT, scale_factor=1.0) for ink in self.img[1:]),
                  run_time=0.8)
        self.row_box = VGroup(box, row_tag)
        self.hold()

    def _fly_row(self, part: str, run_time: float = 1.8) -> None:
        """The drawn row's pixels fly into the input neurons, keeping their fill."""
        ex, net = self.ex, self.net
        acts0 = self.shows(f"{part}_act0", ex[f"{part}_act0"].copy())
        side = self.img.shape[1]
        cells = VGroup()
        for idx in self.drawn_inputs:
            r, c = divmod(int(idx), side)
            sq = Square(self.img.cell * 0.9, stroke_width=0, fill_opacity=1.0,
                        fill_color=activation_fill(float(acts0[idx])))
            cells.add(sq.move_to(pixel_center(self.img, r, c)))
        targets = VGroup(*(Neuron(net.neuron_radius, activation=float(acts0[i]))
                           .move_to(net.neuron(0, i)) for i in self.drawn_inputs))
        self.play(LaggedStart(*(Transform(s, t) for s, t in zip(cells, targets, strict=True)),
                              lag_ratio=0.06), run_time=run_time)
        for i in self.drawn_inputs:
            net.neuron(0, i).set_activation(float(acts0[i]))
        self.remove(cells)

    def flow(self, part: str, fast: bool = False) -> None:
        ex, net = self.ex, self.net
        n_lin = len(self.widths) - 1
        if not fast:
            self.say("dp.layers")
            # The rest of the network, still empty: its edges are the trained weights.
            self.play(FadeIn(net.edges), *(FadeIn(net.layers[l]) for l in range(1, n_lin + 1)),
                      FadeIn(net.labels[1:]), run_time=0.8)
        for l in range(1, n_lin + 1):
            if l < n_lin:
                acts = self.shows(f"{part}_act{l}", ex[f"{part}_act{l}"].copy())
            else:
                # Output neurons show the softmax confidence of the recorded logits.
                self.shows(f"{part}_act{l}", ex[f"{part}_act{l}"].copy())
                acts = self.shows(f"{part}_probs", ex[f"{part}_probs"].copy())
            flash = net.layer_edges[l - 1].copy().set_stroke(color=HIGHLIGHT, width=1.5,
                                                              opacity=0.9)
            self.play(
                ShowPassingFlash(flash, time_width=0.6),
                *(net.neuron(l, int(i)).animate.set_activation(float(acts[int(i)]))
                  for i in net.drawn[l]),
                run_time=0.5 if fast else 1.1,
            )
        if not fast:
            swatches = VGroup(*(Neuron(0.11, activation=v) for v in (0.0, 0.5, 1.0)))
            swatches.arrange(RIGHT, buff=0.35)
            nums = VGroup(*(Text(t, font=style.FONT, font_size=14, color=style.MUTED)
                            .next_to(s, DOWN, buff=0.08)
                            for t, s in zip(("0", "0.5", "1"), swatches, strict=True)))
            title = label(TEXT["fill_legend"], 16, style.MUTED)
            legend = VGroup(title, VGroup(swatches, nums)).arrange(DOWN, buff=0.12)
            legend.next_to(self.caption, DOWN, buff=0.35)
            out_note = label(TEXT["out_fill"], 14, style.MUTED)
            out_note.next_to(net.labels[-1], DOWN, buff=0.08)
            self.wait_until("scale")
            self.play(FadeIn(legend), FadeIn(out_note), run_time=0.8)
            self.hold()

    def _bars(self, probs: np.ndarray) -> VGroup:
        bars = VGroup()
        for d in range(len(probs)):
            y = self.net.neuron(len(self.widths) - 1, d).get_y()
            bar = Rectangle(width=max(float(probs[d]) * self.BAR_LEN, 1e-3), height=0.2,
                            stroke_width=0, fill_color=style.SKY, fill_opacity=1.0)
            bar.move_to([self.BAR_X, y, 0], aligned_edge=LEFT)
            bars.add(bar)
        return bars

    def confidences(self, part: str) -> None:
        ex = self.ex
        probs = self.displayed[f"{part}_probs"]
        pred = self.shows(f"{part}_pred", int(ex[f"{part}_pred"]))
        assert pred == int(np.argmax(probs)), "prediction is not the largest confidence"
        conf = self.shows(f"{part}_conf_text", pct(probs[pred]))
        self.say("dp.softmax", pred=pred, conf=conf)
        out = len(self.widths) - 1
        digits = VGroup(*(
            Text(str(d), font=style.FONT, font_size=16, color=style.FG)
            .move_to([self.BAR_X - 0.2, self.net.neuron(out, d).get_y(), 0])
            for d in range(len(probs))
        ))
        axis = Line([self.BAR_X, digits.get_top()[1] + 0.1, 0],
                    [self.BAR_X, digits.get_bottom()[1] - 0.1, 0],
                    color=style.MUTED, stroke_width=1.5)
        head = label(TEXT["confidence"] + " (softmax)", 16, style.MUTED)
        head.next_to(axis, UP, buff=0.15).align_to(axis, LEFT).shift(LEFT * 0.3)
        self.bar_axes = VGroup(digits, axis, head)
        self.bars = self._bars(probs)
        start = VGroup(*(b.copy().stretch_to_fit_width(1e-3, about_edge=LEFT)
                         for b in self.bars))
        self.play(FadeIn(self.bar_axes), run_time=0.6)
        self.play(Transform(start, self.bars), run_time=1.2)
        self.remove(start)
        self.add(self.bars)
        box, value, result = self._pick(part, pred)
        self.wait_until("pick")
        self.play(Create(box), run_time=0.6)
        self.wait_until("conf")
        self.play(FadeIn(value), run_time=0.5)
        self.wait_until("right")
        self.play(FadeIn(result, shift=UP * 0.1), run_time=0.6)
        self.hold()

    def _pick(self, part: str, pred: int) -> VGroup:
        """A ring round the largest confidence, its value, and right or wrong against the
        label (``self.pick``: box, value, verdict), to be played by the caller."""
        y = self.displayed[f"{part}_label"]
        ok = pred == y
        color = style.GREEN if ok else style.VERMILLION
        digit = self.bar_axes[0][pred]
        box = SurroundingRectangle(VGroup(digit, self.bars[pred]), color=HIGHLIGHT,
                                   buff=0.06, stroke_width=2.5)
        value = Text(self.displayed[f"{part}_conf_text"], font=style.FONT, font_size=16,
                     color=HIGHLIGHT).next_to(self.bars[pred], RIGHT, buff=0.1)
        if value.get_right()[0] > 7.0:
            value.next_to(box, DOWN, buff=0.06).align_to(box, RIGHT)
        verdict = label(TEXT.format("dp_says", pred=pred, y=y), style.LABEL_SIZE)
        mark = label(TEXT["right" if ok else "wrong"], style.LABEL_SIZE, color)
        result = VGroup(verdict, mark).arrange(RIGHT, buff=0.3)
        result.move_to([0, -2.45, 0]).align_to([self.BAR_X - 0.35, 0, 0], LEFT)
        self.pick = VGroup(box, value, result)
        return self.pick

    def mistake(self) -> None:
        ex = self.ex
        part = "wrong"
        i = self.shows("wrong_index", int(ex["wrong_index"]))
        y = self.shows("wrong_label", int(ex["wrong_label"]))
        pred = self.shows("wrong_pred", int(ex["wrong_pred"]))
        probs = self.shows("wrong_probs", ex["wrong_probs"].copy())
        self.shows("wrong_image", ex["wrong_image"].copy())
        conf = self.shows("wrong_conf_text", pct(probs[pred]))
        p_true = self.shows("wrong_true_text", pct(probs[y]))
        self.say("dp.mistake", y=y, pred=pred, conf=conf, p_true=p_true)
        new_img = digit_image(ex["wrong_image"], self.IMG_SIZE).move_to(self.IMG_AT)
        new_cap = at_most(label(TEXT.format("dp_caption", i=i, y=y), style.SMALL_SIZE),
                          self.CAPTION_W)
        new_cap.move_to(self.caption)
        out = len(self.widths) - 1
        self.play(
            FadeOut(self.pick), FadeOut(self.bars),
            *(n.animate.set_activation(None) for l in range(len(self.widths))
              for n in self.net.layers[l]),
            FadeTransform(self.img, new_img), FadeTransform(self.caption, new_cap),
            run_time=1.0,
        )
        self.img, self.caption = new_img, new_cap
        self.bring_to_front(self.row_box)
        self.wait_until("image")
        self._fly_row(part, run_time=1.0)
        self.flow(part, fast=True)
        self.bars = self._bars(probs)
        start = VGroup(*(b.copy().stretch_to_fit_width(1e-3, about_edge=LEFT)
                         for b in self.bars))
        self.wait_until("says")
        self.play(Transform(start, self.bars), run_time=0.45)
        self.remove(start)
        self.add(self.bars)
        box, value, result = self._pick(part, pred)
        self.wait_until("conf")
        self.play(Create(box), FadeIn(value), FadeIn(result, shift=UP * 0.1), run_time=0.7)
        self.wait_until("true")
        true_note = label(TEXT.format("dp_true", y=y, p=p_true), 16, style.VERMILLION)
        true_note.next_to(self.pick[2], DOWN, buff=0.15).align_to(self.pick[2], LEFT)
        ring = SurroundingRectangle(VGroup(self.bar_axes[0][y], self.net.neuron(out, y)),
                                    color=style.VERMILLION, buff=0.05, stroke_width=2)
        self.play(Create(ring), FadeIn(true_note, shift=UP * 0.1),
                  Indicate(self.bar_axes[0][y], color=style.VERMILLION, scale_factor=1.6),
                  Indicate(self.net.neuron(out, y), color=style.VERMILLION, scale_factor=1.6),
                  run_time=0.8)
        self.hold()

    def accuracy(self) -> None:
        ex = self.ex
        acc = self.shows("test_accuracy", float(ex["test_accuracy"]))
        n = self.shows("n_test", int(ex["n_test"]))
        n_wrong = self.shows("n_wrong", int(ex["n_wrong"]))
        n_right = n - n_wrong
        assert abs(n_right / n - acc) < 1e-12, "accuracy disagrees with the counts"
        acc_text = self.shows("test_accuracy_text", pct(acc))
        self.say("dp.accuracy", n=n, acc=acc_text, n_right=n_right, n_wrong=n_wrong)
        act = str(ex["activation"])
        line1 = label(TEXT.format("dp_acc", arch=arch(self.widths), act=act, acc=acc_text),
                      style.LABEL_SIZE, HIGHLIGHT)
        line2 = label(TEXT.format("dp_acc2", arch=arch(self.widths), act=act, n=n,
                                  n_right=n_right, n_wrong=n_wrong), 16)
        block = VGroup(line1, line2).arrange(DOWN, buff=0.12, aligned_edge=RIGHT)
        block.to_corner(UR, buff=0.3)
        self.wait_until("acc")
        self.play(FadeIn(line1, shift=DOWN * 0.1), run_time=0.7)
        self.wait_until("counts")
        self.play(FadeIn(line2, shift=DOWN * 0.1), run_time=0.7)
        self.wait_until("this")
        self.play(Indicate(self.caption, color=HIGHLIGHT), Indicate(self.pick[2]),
                  run_time=0.9)
        self.hold()


# --- LossFunction -----------------------------------------------------------------------

class LossFunction(NetworkScene):
    """Output versus one-hot target, the loss of real outputs, and the loss curve."""

    title = "The loss function"

    DEC = 3

    def construct(self) -> None:
        self.ls = digit_losses()
        self.stages = self.shows("stages", [int(e) for e in self.ls["stages"]])
        self.heading("lf_title")
        self.output_and_target()
        self.cross_entropy()
        self.after_training()
        self.several_images()
        self.loss_curve()

    def _column(self, values, x: float, color=style.FG, decimals: int = 2) -> VGroup:
        col = VGroup(*(_num(fmt(v, decimals), 20, color)
                       for v in values))
        for k, m in enumerate(col):
            m.move_to([x, self.ROW_TOP - k * self.ROW_STEP, 0])
        return col

    ROW_TOP = 1.95
    ROW_STEP = 0.44
    X_DIGIT, X_P, X_T = -2.6, -1.3, 0.0

    def output_and_target(self) -> None:
        ls = self.ls
        self.say("lf.target")
        k = 0  # the first training image
        idx = self.shows("image_index", int(ls["index"][k]))
        y = self.shows("label", int(ls["labels"][k]))
        p0 = self.shows("probs_before", ls["probs"][0, k].copy())
        t = self.shows("target", ls["target"][k].copy())
        img = digit_image(ls["images"][k], 2.4).move_to([-5.3, 0.0, 0])
        cap = at_most(label(TEXT.format("lf_caption", i=idx, y=y), style.SMALL_SIZE), 3.4)
        cap.next_to(img, DOWN, buff=0.2)
        digits = VGroup(*(_num(str(d), 20, style.MUTED)
                          .move_to([self.X_DIGIT, self.ROW_TOP - d * self.ROW_STEP, 0])
                          for d in range(len(t))))
        p_col = self._column(p0, self.X_P)
        t_col = self._column(t, self.X_T, decimals=0)
        heads = VGroup(
            label(TEXT["digit"], 16, style.MUTED).move_to([self.X_DIGIT, 2.5, 0]),
            label(TEXT["output_p"], 16, style.MUTED).move_to([self.X_P, 2.5, 0]),
            label(TEXT["target_t"], 16, style.MUTED).move_to([self.X_T, 2.5, 0]),
        )
        row = SurroundingRectangle(VGroup(digits[y], t_col[y]), color=HIGHLIGHT, buff=0.08,
                                   stroke_width=2)
        self.stage_tag = label(TEXT["before"], style.SMALL_SIZE, style.ORANGE)
        self.stage_tag.next_to(heads[1], UP, buff=0.12)
        self.play(FadeIn(img), FadeIn(cap), FadeIn(heads[0]), FadeIn(digits), run_time=0.6)
        self.wait_until("output")
        self.play(FadeIn(heads[1]),
                  LaggedStart(*(FadeIn(m) for m in p_col), lag_ratio=0.1), run_time=0.9)
        self.wait_until("target")
        self.play(FadeIn(heads[2]),
                  LaggedStart(*(FadeIn(m) for m in t_col), lag_ratio=0.1), run_time=0.5)
        self.wait_until("true")
        self.play(Create(row), run_time=0.6)
        # That output is the untrained network's, for this training image.
        self.wait_until("image")
        self.play(FadeIn(self.stage_tag, shift=DOWN * 0.2), Circumscribe(VGroup(img, cap),
                  color=HIGHLIGHT, buff=0.1), run_time=1.0)
        self.p_col, self.t_col, self.row, self.y = p_col, t_col, row, y
        self.left = VGroup(img, cap, digits, heads, t_col, row)
        self.hold()

    def _loss_lines(self, stage: int) -> VGroup:
        ls, y, d = self.ls, self.y, self.DEC
        p = ls["probs"][stage, 0]
        ce = self.shows(f"ce_{stage}", float(ls["ce"][stage, 0]))
        se = self.shows(f"se_{stage}", float(ls["se"][stage, 0]))
        p_y = self.shows(f"p_label_{stage}", float(p[y]))
        ce_t, se_t = fmt(ce, d), fmt(se, d)
        # p_y with as many decimals as -ln needs to give the shown loss on a calculator.
        py_t = next((fmt(p_y, k) for k in range(d, 9) if fmt(-np.log(float(fmt(p_y, k))), d)
                     == ce_t), repr(p_y))
        self.shows(f"p_label_{stage}_text", py_t)
        self.shows(f"ce_{stage}_text", ce_t)
        self.shows(f"se_{stage}_text", se_t)
        # The squared error of the column as shown (2 decimals) rarely rounds to the
        # exact one: then the screen says which numbers it was summed from.
        t = np.eye(len(p))[y]
        col = sum((float(fmt(v, 2)) - t_i) ** 2 for v, t_i in zip(p, t, strict=True))
        se_note = self.shows(f"se_{stage}_unrounded_note", fmt(col, d) != se_t)
        ce_name = label(TEXT["ce"], style.SMALL_SIZE, style.ORANGE)
        ce_eq = MathTex(r"L_{\mathrm{CE}} = -\ln p_{" + str(y) + "}", "=", r"-\ln " + py_t,
                        "=", ce_t, font_size=EQ_SIZE)
        se_name = label(TEXT["se"], style.SMALL_SIZE, style.SKY)
        se_eq = MathTex(r"L_{\mathrm{SE}} = \sum_{i=0}^{9} (p_i - t_i)^2", "=", se_t,
                        font_size=EQ_SIZE)
        block = VGroup(ce_name, ce_eq, se_name, se_eq).arrange(DOWN, aligned_edge=LEFT,
                                                               buff=0.2)
        block[2].shift(DOWN * 0.25)
        block[3].shift(DOWN * 0.25)
        if se_note:
            block.add(label(TEXT["se_unrounded"], 14, style.MUTED)
                      .next_to(se_eq, DOWN, buff=0.15).align_to(se_eq, LEFT))
        block.move_to([4.15, 0.2, 0])
        return block

    def cross_entropy(self) -> None:
        ls, y, d = self.ls, self.y, self.DEC
        self.say("lf.loss", ce=fmt(ls["ce"][0, 0], d), se=fmt(ls["se"][0, 0], d))
        block = self._loss_lines(0)
        ce_eq, se_eq = block[1], block[3]
        self.play(FadeIn(block[0]), Write(ce_eq[0]), run_time=1.0)
        self.wait_until("p")
        self.play(Indicate(self.p_col[y], color=HIGHLIGHT, scale_factor=1.5), run_time=0.8)
        self.wait_until("ce")
        self.play(Write(ce_eq[1:]), run_time=0.8)
        self.wait_until("se")
        self.play(FadeIn(block[2]), Write(se_eq[0]), run_time=1.0)
        self.wait_until("se_value")
        self.play(Write(se_eq[1:]), *(FadeIn(m) for m in block[4:]), run_time=0.8)
        self.block = block
        self.hold()

    def after_training(self) -> None:
        ls = self.ls
        last = len(self.stages) - 1
        e = self.stages[last]
        self.say("lf.trained", e=e)
        p1 = self.shows("probs_after", ls["probs"][last, 0].copy())
        new_col = self._column(p1, self.X_P)
        new_tag = label(TEXT.format("after", e=e), style.SMALL_SIZE, style.GREEN)
        new_tag.move_to(self.stage_tag)
        block = self._loss_lines(last)
        self.play(FadeTransform(self.stage_tag, new_tag), run_time=0.5)
        self.wait_until("same")
        self.play(FadeTransform(self.p_col, new_col), run_time=0.5)
        self.wait_until("true")
        self.play(Indicate(new_col[self.y], color=HIGHLIGHT, scale_factor=1.5), run_time=0.8)
        self.wait_until("losses")
        self.play(FadeTransform(self.block, block), run_time=1.0)
        self.p_col, self.stage_tag, self.block = new_col, new_tag, block
        self.hold()

    def several_images(self) -> None:
        ls, d = self.ls, self.DEC
        last = len(self.stages) - 1
        self.say("lf.table")
        n = len(ls["index"])
        self.shows("table_index", ls["index"].tolist())
        self.shows("table_labels", ls["labels"].tolist())
        ce = self.shows("table_ce", ls["ce"][[0, last]].copy())
        se = self.shows("table_se", ls["se"][[0, last]].copy())
        e = self.stages[last]
        xs = (-4.9, -3.6, -1.7, 0.2, 2.3, 4.4)
        row_y = [1.55 - 1.25 * k for k in range(n)]
        heads = VGroup(
            label(TEXT["image"], 16, style.MUTED).move_to([xs[0], 2.55, 0]),
            label(TEXT["label"], 16, style.MUTED).move_to([xs[1], 2.55, 0]),
        )
        groups = ((TEXT["ce_short"], style.ORANGE, xs[2], xs[3]),
                  (TEXT["se_short"], style.SKY, xs[4], xs[5]))
        for name, col, xa, xb in groups:
            heads.add(label(name, 16, col).move_to([(xa + xb) / 2, 2.85, 0]))
            heads.add(label(TEXT["before"], 14, style.MUTED).move_to([xa, 2.45, 0]))
            heads.add(label(TEXT.format("after", e=e), 14, style.MUTED).move_to([xb, 2.45, 0]))
        rows = VGroup()
        for k in range(n):
            thumb = digit_image(ls["images"][k], 1.0).move_to([xs[0], row_y[k], 0])
            cells = [thumb, _num(str(int(ls["labels"][k])), 22)]
            for arr in (ce, se):
                cells += [_num(fmt(arr[0, k], d), 22), _num(fmt(arr[1, k], d), 22)]
            for m, x in zip(cells[1:], xs[1:], strict=True):
                m.move_to([x, row_y[k], 0])
            rows.add(VGroup(*cells))
        hard = int(ls["hardest"])
        k_hard = ls["index"].tolist().index(hard)
        tag = label(TEXT["hardest"], 16, HIGHLIGHT).next_to(rows[k_hard][0], DOWN, buff=0.1)
        self.shows("hardest", hard)
        self.play(FadeOut(self.left), FadeOut(self.p_col), FadeOut(self.stage_tag),
                  FadeOut(self.block), run_time=0.6)
        self.play(FadeIn(heads), run_time=0.5)
        self.play(LaggedStart(*(FadeIn(r, shift=UP * 0.1) for r in rows), lag_ratio=0.25),
                  run_time=1.8)
        self.wait_until("last")
        self.play(FadeIn(tag), Circumscribe(rows[k_hard][0], color=HIGHLIGHT, buff=0.05),
                  run_time=0.6)
        # Its cross-entropy after training (cells: thumb, label, CE before/after, SE ...).
        self.wait_until("largest")
        self.play(Indicate(rows[k_hard][3], color=HIGHLIGHT, scale_factor=1.5), run_time=0.8)
        self.table = VGroup(heads, rows, tag)
        self.hold()

    def loss_curve(self) -> None:
        ls = self.ls
        loss = self.shows("loss", ls["loss"].copy())
        test = self.shows("test_loss", ls["test_loss"].copy())
        n = self.shows("n_train", int(ls["n_train"]))
        l0, l1 = self.shows("loss_text", [fmt(loss[0], self.DEC), fmt(loss[-1], self.DEC)])
        self.say("lf.curve", n=n, l0=l0, l1=l1)
        epochs = len(loss) - 1
        top = float(np.ceil(max(loss.max(), test.max()) * 2) / 2)
        axes = Axes(x_range=[0, epochs, 5], y_range=[0, top, 0.5], x_length=8.0, y_length=4.4,
                    tips=False, axis_config={"color": style.MUTED, "stroke_width": 2})
        axes.move_to([-2.1, -0.35, 0])
        axes.x_axis.add_numbers(font_size=22, num_decimal_places=0)
        axes.y_axis.add_numbers(np.arange(0.5, top + 0.01, 0.5), font_size=22,
                                num_decimal_places=1)
        x_lab = label(TEXT["epoch"], 16, style.MUTED).next_to(axes.x_axis, DOWN, buff=0.4)
        y_lab = MathTex("L", font_size=30, color=style.MUTED).next_to(axes.y_axis, UP, buff=0.1)
        x_lab = VGroup(x_lab, y_lab)
        ep = np.arange(epochs + 1)
        train_curve = VMobject(stroke_color=style.ORANGE, stroke_width=4)
        train_curve.set_points_as_corners([axes.c2p(e, v) for e, v in zip(ep, loss, strict=True)])
        test_curve = DashedVMobject(
            VMobject().set_points_as_corners([axes.c2p(e, v) for e, v in zip(ep, test,
                                                                              strict=True)]),
            num_dashes=90,
        ).set_stroke(style.SKY, width=3)
        legend = VGroup(
            VGroup(Line(LEFT * 0.3, RIGHT * 0.3, stroke_color=style.ORANGE, stroke_width=4),
                   label(TEXT["train_loss"], 16, style.ORANGE)).arrange(RIGHT, buff=0.15),
            VGroup(DashedLine(LEFT * 0.3, RIGHT * 0.3, stroke_color=style.SKY, stroke_width=3,
                              dash_length=0.08),
                   label(TEXT["test_loss"], 16, style.SKY)).arrange(RIGHT, buff=0.15),
            at_most(label(TEXT.format("lf_mean", n=n), 16, style.FG), 4.6),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        legend.next_to(axes, RIGHT, buff=0.3).align_to(axes, UP)
        d0 = Dot(axes.c2p(0, loss[0]), color=style.ORANGE, radius=0.07)
        d1 = Dot(axes.c2p(epochs, loss[-1]), color=style.ORANGE, radius=0.07)
        t0 = _num(l0, 20, style.ORANGE).next_to(d0, RIGHT, buff=0.15)
        t1 = _num(l1, 20, style.ORANGE).next_to(d1, RIGHT, buff=0.15)
        # The table's "before" and "after" means are these very points.
        self.shows("mean_ce", ls["mean_ce"].copy())
        self.play(FadeOut(self.table), run_time=0.6)
        self.play(Create(axes), FadeIn(x_lab), run_time=1.0)
        self.wait_until("mean")
        self.play(Write(legend[2]), run_time=0.8)
        # One point per epoch: the first point and its loss.
        self.wait_until("epochs")
        self.play(FadeIn(legend[0]), FadeIn(d0, scale=3), FadeIn(t0), run_time=0.8)
        self.wait_until("falls")
        self.play(Create(train_curve), run_time=1.5, rate_func=linear)
        self.wait_until("end")
        self.play(FadeIn(d1), FadeIn(t1), run_time=0.35)
        self.wait_until("test")
        self.play(FadeIn(legend[1]), Create(test_curve), run_time=1.5)
        self.hold()


# --- Backpropagation --------------------------------------------------------------------

class Backpropagation(NetworkScene):
    """A 2-3-2-1 tanh network, one example: forward, gradients backwards, one step."""

    title = "Backpropagation"

    NET_AT = np.array([-3.55, -0.35, 0.0])
    PANEL_X = 0.45  # left edge of the right-hand panel
    GRAD_MAX_WIDTH = 9.0
    DEC = 3  # decimals in the equations; neuron labels use 2

    def construct(self) -> None:
        self.ex = backprop_example()
        self.widths = self.shows("widths", [int(w) for w in self.ex["widths"]])
        self.n_lin = len(self.widths) - 1
        self.heading("title.Backpropagation")
        self.example()
        self.forward()
        self.backward()
        self.chain_rule()
        self.step()

    # --- helpers -------------------------------------------------------------------

    def _diagram(self, weights, w_max, max_width=6.0) -> NetworkDiagram:
        net = NetworkDiagram(self.widths, weights=weights, layer_spacing=1.85,
                             neuron_spacing=1.45, neuron_radius=0.3, w_max=w_max,
                             min_width=0.6, max_width=max_width, width_steps=12)
        return net.move_to(self.NET_AT)

    def _panel(self, mob: Mobject, y: float) -> Mobject:
        return mob.move_to([0, y, 0]).align_to([self.PANEL_X, 0, 0], LEFT)

    def _labels(self, per_layer, color: str, above: bool) -> VGroup:
        """One number beside every neuron (``None`` for a layer without numbers)."""
        out = VGroup()
        for l, vals in enumerate(per_layer):
            col = VGroup()
            if vals is not None:
                for k, n in enumerate(self.net.layers[l]):
                    col.add(_num(fmt(vals[k], 2), 18, color)
                            .next_to(n, UP if above else DOWN, buff=0.08))
            out.add(col)
        return out

    def _output_lines(self, y_hat: float, loss: float, logit: float, key: str) -> VGroup:
        y, d = self.displayed["label"], self.DEC
        yh = fmt(y_hat, d)
        # (logit, ŷ, L) as shown: tests redo sigmoid and -ln from these strings.
        self.shows(f"output_lines_{key}", (fmt(logit, d), yh, fmt(loss, d)))
        ce = r"-\ln \hat y" if y == 1 else r"-\ln(1 - \hat y)"
        ce_num = rf"-\ln {yh}" if y == 1 else rf"-\ln(1 - {yh})"
        lines = VGroup(
            MathTex(rf"\hat y = \mathrm{{sigmoid}}({fmt(logit, d)}) = {yh}", font_size=EQ_SIZE),
            MathTex(rf"L = {ce}", font_size=EQ_SIZE),
            MathTex(rf"= {ce_num} = {fmt(loss, d)}", font_size=EQ_SIZE),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
        lines[2].shift(RIGHT * 0.45)
        return self._panel(lines, 2.2)

    # --- beats ---------------------------------------------------------------------

    def example(self) -> None:
        ex = self.ex
        y = self.shows("label", int(ex["label"]))
        x = self.shows("x", ex["x"].copy())
        act = str(ex["activation"])
        self.say("bp.example", y=y, arch=arch(self.widths), act=act)
        weights = [ex[f"W{l}"] for l in range(self.n_lin)]
        self.shows("weights", [w.copy() for w in weights])
        self.w_max = self.shows("w_max", max(float(np.abs(W).max()) for W in weights))
        net = self._diagram(weights, self.w_max)
        self.net = net
        acc = self.shows("snapshot_accuracy", float(ex["snapshot_accuracy"]))
        e, n = self.shows("epoch", int(ex["epoch"])), int(ex["epochs"])
        info = label(TEXT.format("bp_net", arch=arch(self.widths), act=act, e=e, n=n,
                                 acc=pct(acc, 0)), style.SMALL_SIZE, style.MUTED)
        info.next_to(self.heading_mob, DOWN, buff=0.15).align_to(self.heading_mob, LEFT)
        # How neurons and edges are coloured, under the network.
        swatches = VGroup(*(Neuron(0.12, activation=v) for v in (-1.0, 0.0, 1.0)))
        swatches.arrange(RIGHT, buff=0.45)
        nums = VGroup(*(_num(t, 14, style.MUTED).next_to(sw, DOWN, buff=0.06)
                        for t, sw in zip(("-1", "0", "1"), swatches, strict=True)))
        fill_key = VGroup(label(TEXT["bp_fill"], 16, style.MUTED), VGroup(swatches, nums))
        fill_key.arrange(RIGHT, buff=0.3).next_to(net, DOWN, buff=0.45)
        # The training data, small, with the example ringed.
        xt, yt = ex["x_train"], ex["y_train"]
        centre = np.array([4.1, 0.0, 0.0])
        sm = ScreenMap.fit(xt.min(axis=0), xt.max(axis=0), center=centre[:2], size=(3.4, 3.4))
        box = Rectangle(width=3.7, height=3.7, stroke_color=style.GRID, stroke_width=1.5)
        box.move_to(centre)
        cloud = PointCloud(sm(xt), colors=[style.class_color(int(v)) for v in yt], radius=0.05,
                           markers=["cross" if v == 1 else "dot" for v in yt])
        ring = Circle(0.17, color=HIGHLIGHT, stroke_width=4).move_to(sm(x[None])[0])

        def key_row(cls: int, marker: str, text: str) -> VGroup:
            mark = PointCloud(np.zeros((1, 2)), colors=style.class_color(cls), radius=0.06,
                              markers=marker)
            return VGroup(mark, label(text, 16, style.class_color(cls))).arrange(RIGHT,
                                                                                 buff=0.15)

        key = VGroup(key_row(1, "cross", TEXT["inside"]), key_row(0, "dot", TEXT["outside"]))
        key.arrange(RIGHT, buff=0.5).next_to(box, DOWN, buff=0.2)
        xs = self.shows("x_text", [fmt(v, 2) for v in x])
        point = MathTex(rf"x = ({xs[0]},\ {xs[1]}),\ y = {y}", font_size=30, color=HIGHLIGHT)
        point.next_to(box, UP, buff=0.15)
        self.data_panel = VGroup(box, cloud, ring, key, point)
        self.play(FadeIn(net), run_time=0.8)
        self.wait_until("arch")
        self.play(FadeIn(info, shift=DOWN * 0.1), FadeIn(fill_key), run_time=0.6)
        self.wait_until("data")
        self.play(FadeIn(box), FadeIn(cloud), FadeIn(key), run_time=0.8)
        self.wait_until("point")
        self.play(Create(ring), FadeIn(point), run_time=0.8)
        self.hold()

    def forward(self) -> None:
        ex, net = self.ex, self.net
        y_hat = self.shows("y_hat", float(ex["y_hat"]))
        loss = self.shows("loss", float(ex["loss"]))
        d = self.DEC
        self.say("bp.forward", yhat=fmt(y_hat, d), y=self.displayed["label"],
                 loss=fmt(loss, d))
        acts = [self.shows(f"act{l}", ex[f"act{l}"].copy()) for l in range(len(self.widths))]
        labels = self._labels(acts, style.FG, above=True)
        lines = self._output_lines(y_hat, loss, float(acts[-1][0]), "before")
        self.shows("y_hat_text", fmt(y_hat, d))
        self.shows("loss_text", fmt(loss, d))
        out = net.layers[-1][0]
        arrow = Arrow(out.get_right(), lines[0].get_left(), buff=0.1, color=style.MUTED,
                      stroke_width=2, max_tip_length_to_length_ratio=0.12)

        def layer(l: int, run_time: float) -> None:
            flash = net.layer_edges[l - 1].copy().set_stroke(color=HIGHLIGHT, width=3)
            # Hidden neurons fill with their tanh activation; the output is a logit.
            fills = [] if l == len(self.widths) - 1 else [
                n.animate.set_activation(float(acts[l][k])) for k, n in enumerate(net.layers[l])
            ]
            self.play(ShowPassingFlash(flash, time_width=0.6), *fills, FadeIn(labels[l]),
                      run_time=run_time)

        self.play(FadeOut(self.data_panel), FadeIn(labels[0]), run_time=0.6)
        for l in range(1, len(self.widths) - 1):  # each hidden layer's activations
            layer(l, 0.7)
        self.wait_until("output")
        layer(len(self.widths) - 1, 0.7)
        self.play(GrowArrow(arrow), Write(lines[0]), run_time=0.9)
        self.wait_until("label")
        self.play(Write(lines[1]), run_time=0.8)
        self.wait_until("loss")
        self.play(Write(lines[2]), run_time=0.8)
        self.act_labels, self.loss_lines, self.out_arrow = labels, lines, arrow
        self.hold()

    def backward(self) -> None:
        ex, net = self.ex, self.net
        self.say("bp.backward")
        grads = [self.shows(f"gW{l}", ex[f"gW{l}"].copy()) for l in range(self.n_lin)]
        g_max = self.shows("g_max", max(float(np.abs(g).max()) for g in grads))
        self.gnet = self._diagram(grads, g_max, max_width=self.GRAD_MAX_WIDTH)
        legend = WeightLegend(
            labels=[TEXT["grad_pos"], TEXT["grad_neg"],
                    TEXT.format("grad_big", g=fmt(g_max, 2))],
            font=i18n.font(), min_width=0.6, max_width=self.GRAD_MAX_WIDTH, font_size=18,
        )
        self._panel(legend, 0.35)
        note = label(TEXT["grad_note"], 18, style.ORANGE).next_to(legend, DOWN, buff=0.3)
        note.align_to(legend, LEFT)
        dl = [None] + [self.shows(f"dL_da{l}", ex[f"dL_da{l}"].copy())
                       for l in range(1, len(self.widths))]
        dl_labels = self._labels(dl, style.ORANGE, above=False)
        # From the output back: each layer's ∂L/∂a, then its incoming edges' ∂L/∂w.
        self.play(FadeIn(note), FadeIn(dl_labels[self.n_lin], shift=LEFT * 0.1), run_time=0.6)
        self.wait_until("layers")
        for l in range(self.n_lin, 0, -1):
            if l < self.n_lin:
                self.play(FadeIn(dl_labels[l], shift=LEFT * 0.1), run_time=0.35)
            self.play(ReplacementTransform(net.layer_edges[l - 1],
                                           self.gnet.layer_edges[l - 1]), run_time=0.6)
        self.wait_until("edges")
        self.play(FadeIn(legend),
                  *(Indicate(vm, color=HIGHLIGHT, scale_factor=1.0) for vm in self.gnet.edges),
                  run_time=1.0)
        self.grad_legend = VGroup(legend, note)
        self.dl_labels = dl_labels
        self.hold()

    def chain_rule(self) -> None:
        ex, d = self.ex, self.DEC
        layer, j, i = (int(ex[k]) for k in ("chain_layer", "chain_j", "chain_i"))
        self.shows("chain_index", (layer, j, i))
        factors = self.shows("chain_factors", [float(ex["chain_dL_da"]),
                                               float(ex["chain_da_dz"]),
                                               float(ex["chain_dz_dw"])])
        grad = self.shows("chain_grad", float(ex["chain_grad"]))
        texts = self.shows("chain_texts", [fmt(v, d) for v in factors] + [fmt(grad, d)])
        a_text = self.shows("chain_a_text", fmt(float(ex[f"act{layer + 1}"][j]), d))
        self.say("bp.chain")
        a_from = self.net.neuron(layer, i)
        a_to = self.net.neuron(layer + 1, j)
        edge = Line(a_from.get_center(), a_to.get_center(), color=HIGHLIGHT, stroke_width=5)
        r = self.net.neuron_radius
        edge.put_start_and_end_on(a_from.get_center() + edge.get_unit_vector() * r,
                                  a_to.get_center() - edge.get_unit_vector() * r)
        normal = np.array([-edge.get_unit_vector()[1], edge.get_unit_vector()[0], 0.0])
        w_tag = MathTex("w", font_size=32, color=HIGHLIGHT)
        w_tag.move_to(edge.point_from_proportion(0.5) + normal * 0.3)
        ai = MathTex("a_i", font_size=30, color=HIGHLIGHT).next_to(a_from, LEFT, buff=0.1)
        aj = MathTex("a", font_size=30, color=HIGHLIGHT).next_to(a_to, RIGHT, buff=0.1)
        rings = VGroup(*(Circle(r + 0.06, color=HIGHLIGHT, stroke_width=3).move_to(n)
                         for n in (a_from, a_to)))
        sym = MathTex(r"\frac{\partial L}{\partial w}", "=", r"\frac{\partial L}{\partial a}",
                      r"\cdot", r"\frac{\partial a}{\partial z}", r"\cdot",
                      r"\frac{\partial z}{\partial w}", font_size=EQ_SIZE + 2)
        rows = VGroup(
            MathTex(r"\frac{\partial L}{\partial a}", "=", texts[0], font_size=EQ_SIZE),
            MathTex(r"\frac{\partial a}{\partial z}", "=",
                    f"1 - ({a_text})^2" if a_text.startswith("-") else f"1 - {a_text}^2",
                    "=", texts[1], font_size=EQ_SIZE),
            MathTex(r"\frac{\partial z}{\partial w}", "=", "a_i", "=", texts[2],
                    font_size=EQ_SIZE),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.22)
        notes = VGroup(*(label(TEXT[k], 16, style.MUTED)
                         for k in ("chain_note1", "chain_note2", "chain_note3")))
        factor_texts = [f"({t})" if t.startswith("-") else t for t in texts[:3]]
        total = MathTex(r"\frac{\partial L}{\partial w}", "=",
                        r" \cdot ".join(factor_texts), "=", texts[3], font_size=EQ_SIZE)
        block = VGroup(sym, rows, total).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        self._panel(block, 0.3)
        for row, note in zip(rows, notes, strict=True):
            note.next_to(row, RIGHT, buff=0.35)
        notes.align_to(VGroup(*notes), LEFT)
        total_box = SurroundingRectangle(total, color=HIGHLIGHT, buff=0.1, stroke_width=2)
        rounded = label(TEXT["rounded"], 14, style.MUTED).to_corner(DR, buff=0.2)
        # The output lines make room; they come back for the step.
        self.play(FadeOut(self.grad_legend), FadeOut(self.loss_lines), FadeOut(self.out_arrow),
                  Create(edge), FadeIn(w_tag), Create(rings), FadeIn(ai), FadeIn(aj),
                  run_time=0.9)
        self.wait_until("rule")
        self.play(Write(sym), run_time=1.2)
        # Each factor as it is named: its term lit, its row, where its number comes from.
        sources = (self.dl_labels[layer + 1][j], a_to, a_from)
        for k, (row, note, src) in enumerate(zip(rows, notes, sources, strict=True)):
            self.wait_until(f"f{k + 1}")
            self.play(FadeIn(row), FadeIn(note), Indicate(src, color=HIGHLIGHT),
                      Indicate(sym[2 + 2 * k], color=HIGHLIGHT), run_time=0.9)
        self.play(Write(total), FadeIn(rounded), run_time=1.0)
        self.play(Create(total_box), run_time=0.5)
        self.chain = VGroup(block, notes, total_box)
        self.marks = VGroup(edge, w_tag, rings, ai, aj)
        self.hold()

    def step(self) -> None:
        ex, d = self.ex, self.DEC
        lr = self.shows("lr", float(ex["lr"]))
        w = self.shows("chain_w", float(ex["chain_w"]))
        w_after = self.shows("chain_w_after", float(ex["chain_w_after"]))
        l0 = self.displayed["loss"]
        l1 = self.shows("loss_after", float(ex["loss_after"]))
        y_hat1 = self.shows("y_hat_after", float(ex["y_hat_after"]))
        texts = self.shows("step_texts", [fmt(w, d), fmt(w_after, d), fmt(l0, d), fmt(l1, d)])
        g_text = self.displayed["chain_texts"][3]
        lr_text = self.shows("lr_text", f"{lr:g}")
        self.say("bp.step", lr=lr_text, l0=texts[2], l1=texts[3])
        g_shown = f"({g_text})" if g_text.startswith("-") else g_text
        block = VGroup(
            MathTex(r"w \leftarrow w - \eta\, \frac{\partial L}{\partial w}",
                    font_size=EQ_SIZE + 2),
            MathTex(rf"= {texts[0]} - {lr_text} \cdot {g_shown} = {texts[1]}",
                    font_size=EQ_SIZE),
            label(TEXT["bp_every"], 18, style.MUTED),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.3)
        self._panel(block, 0.0)
        weights_after = [self.shows(f"W{l}_after", ex[f"W{l}_after"].copy())
                         for l in range(self.n_lin)]
        after = self._diagram(weights_after, self.w_max)
        acts_after = [self.shows(f"act{l}_after", ex[f"act{l}_after"].copy())
                      for l in range(len(self.widths))]
        new_labels = self._labels(acts_after, style.FG, above=True)
        new_lines = self._output_lines(y_hat1, l1, float(acts_after[-1][0]), "after")
        loss_rows = VGroup(
            VGroup(label(TEXT["loss_before"], 18, style.MUTED),
                   _num(texts[2], 24, style.ORANGE)),
            VGroup(label(TEXT["loss_after"], 18, style.MUTED),
                   _num(texts[3], 24, style.GREEN)),
        )
        for row in loss_rows:
            row.arrange(RIGHT, buff=0.25)
        loss_rows.arrange(DOWN, aligned_edge=RIGHT, buff=0.2)
        self._panel(loss_rows, -2.3)
        self.play(FadeOut(self.chain), FadeOut(self.dl_labels), FadeIn(self.loss_lines),
                  FadeIn(self.out_arrow), run_time=0.5)
        self.play(Write(block[0]), run_time=0.9)
        # Every edge takes its step: back to weights, now the new ones.
        self.play(FadeOut(self.marks),
                  *(ReplacementTransform(g, a) for g, a in
                    zip(self.gnet.layer_edges, after.layer_edges, strict=True)),
                  FadeIn(block[2]), run_time=1.1)
        self.wait_until("eta")
        self.play(Write(block[1]), run_time=1.0)
        # A new forward pass on the same example, with the stepped parameters.
        self.wait_until("again")
        self.play(*(FadeTransform(o, n) for o, n in
                    zip(self.act_labels, new_labels, strict=True)),
                  *(n.animate.set_activation(float(acts_after[l][k]))
                    for l in range(1, len(self.widths) - 1)
                    for k, n in enumerate(self.net.layers[l])),
                  FadeTransform(self.loss_lines, new_lines), run_time=1.2)
        self.wait_until("before")
        self.play(FadeIn(loss_rows[0], shift=UP * 0.1), run_time=0.5)
        self.wait_until("after")
        self.play(FadeIn(loss_rows[1], shift=UP * 0.1), run_time=0.6)
        self.hold()
