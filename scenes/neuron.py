"""What one neuron computes, with the numbers of a real trained neuron.

* :class:`NeuronEquation`: inputs, weighted edges, a summing node, the bias
  and σ; the equation ``z = w·a + b``, ``a = σ(z)`` built up, then evaluated
  step by step with the weights, bias and inputs of one neuron of a trained
  2-3-3-1 tanh network fed one real test point, and (z, σ(z)) marked on σ.
* :class:`ActivationFunctions`: tanh, sigmoid, ReLU and softplus compared, and
  what each one does to a line of evenly spaced inputs.

Render: ``manim render -ql scenes/neuron.py NeuronEquation``.
"""

from __future__ import annotations

import numpy as np
from manim import *

from engine.artefacts.neuron import activation_curves, neuron_example
from scenes.common import i18n, style
from scenes.common.base import LectureScene
from scenes.common.diagram import (
    NetworkDiagram,
    Neuron,
    WeightedEdge,
    WeightLegend,
)
from scenes.common.i18n import Catalogue
from scenes.common.text import fmt as _fmt
from scenes.common.text import label, minus

__all__ = ["NeuronEquation", "ActivationFunctions", "fmt", "DECIMALS", "TEXT"]

TEXT = Catalogue.of(__file__)

# Numbers on screen are rounded to this many decimals; the exact values are
# recorded with ``shows`` (the artefact picks a point whose rounding adds up).
DECIMALS = 2
EQ_SIZE = 34
HIGHLIGHT = style.YELLOW

# Display names and formulas of the activations (text, not values).
ACT_TEX = {"tanh": r"\tanh", "sigmoid": r"\mathrm{sigmoid}", "relu": r"\mathrm{ReLU}",
           "softplus": r"\mathrm{softplus}"}


def fmt(v: float, decimals: int = DECIMALS) -> str:
    """``v`` rounded to this scene's :data:`DECIMALS` (:func:`scenes.common.text.fmt`)."""
    return _fmt(v, decimals)


def _sign_color(v: float) -> str:
    return style.POSITIVE if v >= 0 else style.NEGATIVE


class NeuronEquation(LectureScene):
    """z = w·a + b and a = σ(z): symbols first, then a real neuron's numbers."""

    title = "What one neuron computes"
    TEXT = TEXT

    # Layout (scene units): the neuron diagram top left, the equations below it,
    # the trained network and later the plot of σ top right.
    IN_X = -5.0
    IN_YS = (2.45, 1.35, 0.25)
    SUM_AT = np.array([-2.5, 1.35, 0.0])
    SIG_AT = np.array([-1.05, 1.35, 0.0])
    OUT_AT = np.array([0.35, 1.35, 0.0])
    RIGHT_AT = np.array([4.25, 1.25, 0.0])
    EQ_TOP = -1.0
    EQ_STEP = 0.6

    def construct(self) -> None:
        self.ex = neuron_example()
        self.n_in = len(self.ex["w"])
        self.draw_neuron()
        self.weighted_sum()
        self.activation()
        self.trained_network()
        self.real_numbers()
        self.evaluate_sum()
        self.squash()

    # --- beats -----------------------------------------------------------------

    def draw_neuron(self) -> None:
        self.say("neuron")
        heading = label(TEXT["one_neuron"], style.CAPTION_SIZE).to_corner(UL, buff=0.35)
        self.inputs = VGroup(*(Neuron(0.3).move_to([self.IN_X, y, 0]) for y in self.IN_YS))
        self.in_labels = VGroup(*(
            MathTex(f"a_{i + 1}", font_size=EQ_SIZE).next_to(n, LEFT, buff=0.2)
            for i, n in enumerate(self.inputs)
        ))
        self.sum_node = Circle(0.42, color=style.FG, stroke_width=2).move_to(self.SUM_AT)
        sum_sym = MathTex(r"\Sigma", font_size=EQ_SIZE).move_to(self.SUM_AT)
        self.sig_node = Square(0.7, color=style.FG, stroke_width=2).move_to(self.SIG_AT)
        sig_sym = MathTex(r"\sigma", font_size=EQ_SIZE + 4).move_to(self.SIG_AT)
        self.sig_node_sym = sig_sym
        self.output = Neuron(0.3).move_to(self.OUT_AT)
        self.out_label = MathTex("a", font_size=EQ_SIZE).next_to(self.output, UP, buff=0.2)
        self.edges = VGroup(*(
            Line(n.get_center(), self.SUM_AT, color=style.MUTED, stroke_width=2)
            for n in self.inputs
        ))
        for e, n in zip(self.edges, self.inputs, strict=True):
            e.put_start_and_end_on(
                n.get_center() + e.get_unit_vector() * 0.3,
                self.SUM_AT - e.get_unit_vector() * 0.42,
            )
        self.z_arrow = Arrow(self.sum_node.get_right(), self.sig_node.get_left(), buff=0.02,
                             color=style.FG, stroke_width=3, max_tip_length_to_length_ratio=0.2)
        self.a_arrow = Arrow(self.sig_node.get_right(), self.output.get_left(), buff=0.02,
                             color=style.FG, stroke_width=3, max_tip_length_to_length_ratio=0.2)
        self.add(heading)
        self.play(FadeIn(self.sum_node, sum_sym), run_time=0.6)  # "a neuron"
        self.wait_until("inputs")
        self.play(LaggedStart(*(AnimationGroup(GrowFromCenter(n), FadeIn(t, shift=RIGHT * 0.2))
                                for n, t in zip(self.inputs, self.in_labels, strict=True)),
                              lag_ratio=0.6), run_time=1.1)  # a1, a2 and a3 as they are read
        self.wait_until("edges")
        self.play(LaggedStart(*(Create(e) for e in self.edges), lag_ratio=0.3), run_time=1.0)
        self.wait_until("output")
        self.play(GrowArrow(self.z_arrow), FadeIn(self.sig_node, sig_sym), run_time=0.9)
        self.play(GrowArrow(self.a_arrow), GrowFromCenter(self.output),
                  FadeIn(self.out_label, shift=DOWN * 0.2), run_time=0.9)
        self.hold(0.3)

    def weighted_sum(self) -> None:
        self.say("weights")
        self.w_labels = VGroup(*(
            MathTex(f"w_{i + 1}", font_size=EQ_SIZE - 4).move_to(self._edge_label_at(i))
            for i in range(self.n_in)
        ))
        bias_start = self.SUM_AT + DOWN * 1.25
        self.bias_arrow = Arrow(bias_start, self.sum_node.get_bottom(), buff=0.02,
                                color=style.MUTED, stroke_width=2,
                                max_tip_length_to_length_ratio=0.15)
        self.b_label = MathTex("b", font_size=EQ_SIZE).next_to(self.bias_arrow, RIGHT, buff=0.15)
        terms = ["z", "="]
        for i in range(self.n_in):
            terms += [f"w_{i + 1}", f"a_{i + 1}", "+"]
        terms += ["b"]
        self.eq_z = MathTex(*terms, font_size=EQ_SIZE)
        self.eq_z.move_to([0, self.EQ_TOP, 0]).to_edge(LEFT, buff=0.8)
        self.play(LaggedStart(*(AnimationGroup(Indicate(e, color=HIGHLIGHT, scale_factor=1.0),
                                               FadeIn(t, shift=DOWN * 0.2, scale=1.5))
                                for e, t in zip(self.edges, self.w_labels, strict=True)),
                              lag_ratio=0.3), run_time=1.2)
        # "multiplies every input by its weight": each product written as its edge lights up.
        self.wait_until("mult")
        self.play(Write(self.eq_z[:2]), run_time=0.4)
        for i in range(self.n_in):
            self.play(
                Write(self.eq_z[2 + 3 * i : 4 + 3 * i]),
                Indicate(self.edges[i], color=HIGHLIGHT, scale_factor=1.0),
                Indicate(self.w_labels[i], color=HIGHLIGHT),
                Indicate(self.in_labels[i], color=HIGHLIGHT),
                run_time=0.6,
            )
        pluses = VGroup(*(self.eq_z[4 + 3 * i] for i in range(self.n_in - 1)))
        self.wait_until("sum")
        self.play(Write(pluses), Indicate(self.sum_node, color=HIGHLIGHT), run_time=0.8)
        self.wait_until("bias")
        self.play(GrowArrow(self.bias_arrow), FadeIn(self.b_label),
                  Write(self.eq_z[-2:]), run_time=0.8)
        self.z_label = MathTex("z", font_size=EQ_SIZE - 4).next_to(self.z_arrow, UP, buff=0.1)
        self.wait_until("z")
        self.play(FadeIn(self.z_label), Indicate(self.eq_z[0], color=HIGHLIGHT), run_time=0.8)
        self.hold(0.3)

    def activation(self) -> None:
        self.say("activation")
        self.eq_a = MathTex("a", "=", r"\sigma(", "z", ")", font_size=EQ_SIZE)
        self.eq_a.next_to(self.eq_z, RIGHT, buff=1.2)
        self.play(Indicate(VGroup(self.sig_node, self.sig_node_sym), color=HIGHLIGHT),
                  run_time=0.9)
        # "turns z into the neuron's output": z goes through sigma and comes out as a.
        self.wait_until("output")
        flow = self.z_label.copy().set_color(HIGHLIGHT)
        self.play(flow.animate.move_to(self.SIG_AT), run_time=0.6)
        self.play(Transform(flow, self.out_label.copy().set_color(HIGHLIGHT)), run_time=0.6)
        self.play(FadeOut(flow), Indicate(self.out_label, color=HIGHLIGHT), run_time=0.5)
        self.wait_until("eq")
        self.play(Write(self.eq_a), run_time=1.0)
        # "Without it": sigma taken out; what is left, w·a + b, is linear.
        sigma = VGroup(self.eq_a[2], self.eq_a[4], self.sig_node_sym)
        self.wait_until("linear")
        self.play(sigma.animate.set_opacity(0.2), self.sig_node.animate.set_stroke(opacity=0.2),
                  self.sig_node_sym.animate.shift(DOWN * 0.3), run_time=0.6)
        self.wait_until("stack")
        self.play(Indicate(self.eq_z, color=HIGHLIGHT, scale_factor=1.1), run_time=1.0)
        self.hold(0.3)
        self.play(sigma.animate.set_opacity(1), self.sig_node.animate.set_stroke(opacity=1),
                  self.sig_node_sym.animate.shift(UP * 0.3), run_time=0.5)

    def trained_network(self) -> None:
        ex = self.ex
        layer, j = int(ex["layer"]), int(ex["neuron"])
        act = str(ex["activation"])
        widths = [int(w) for w in ex["widths"]]
        self.say("trained", j=j + 1, layer=layer + 1, act=act, prev=layer)
        n_lin = len(widths) - 1
        weights = [ex[f"W{l}"] for l in range(n_lin)]
        # Fill the hidden layers only: their tanh activations lie in (-1, 1).
        acts = [None] + [ex[f"act{l}"] for l in range(1, n_lin)] + [None]
        names = ([TEXT["layer_input"]] + [TEXT.format("layer_hidden", l=l) for l in range(1, n_lin)]
                 + [TEXT["layer_output"]])
        net = NetworkDiagram(widths, weights=weights, activations=acts, layer_spacing=1.35,
                             neuron_spacing=0.75, neuron_radius=0.2, max_width=4.0,
                             layer_labels=names, font_size=style.SMALL_SIZE, font=i18n.font())
        net.move_to(self.RIGHT_AT + UP * 0.15)
        arch = "-".join(str(w) for w in self.shows("widths", widths))
        acc = self.shows("test_accuracy", float(ex["test_accuracy"]))
        head = label(TEXT.format("net_head", arch=arch, act=act), style.LABEL_SIZE)
        head.next_to(net, UP, buff=0.3)
        foot = label(TEXT.format("net_foot", acc=acc, epochs=int(ex["epochs"])),
                     style.SMALL_SIZE, style.MUTED).next_to(net.labels, DOWN, buff=0.15)
        ring = Circle(0.3, color=HIGHLIGHT, stroke_width=4).move_to(net.neuron(layer + 1, j))
        box = SurroundingRectangle(net.layers[layer], color=HIGHLIGHT, buff=0.1,
                                   stroke_width=2)
        self.network = VGroup(net, head, foot, ring, box)
        self.net = net
        self.wait_until("net")
        self.play(FadeIn(net, shift=LEFT * 0.6), FadeIn(head), FadeIn(foot), run_time=1.2)
        self.wait_until("ring")
        self.play(GrowFromCenter(ring), run_time=0.8)
        self.wait_until("inputs")
        self.play(Create(box), Indicate(net.layers[layer], color=HIGHLIGHT), run_time=1.0)
        self.hold(0.3)

    def real_numbers(self) -> None:
        ex = self.ex
        w, b, a = ex["w"], float(ex["b"]), ex["a"]
        x = self.shows("x", ex["x"].copy())
        self.say("numbers", x0=fmt(x[0]), x1=fmt(x[1]))
        self.shows("w", w.copy())
        self.shows("b", b)
        self.shows("a", a.copy())
        self.w_max = float(max(np.abs(w).max(), abs(b)))
        x_text = self.shows("x_text", [fmt(v) for v in x])
        point = label(TEXT.format("test_point", x0=minus(x_text[0]), x1=minus(x_text[1])),
                      style.SMALL_SIZE, style.MUTED)
        point.next_to(self.inputs, DOWN, buff=0.2).align_to(self.in_labels, LEFT)
        # The three layer-1 neurons travel to the diagram's inputs, carrying their fill.
        layer = int(ex["layer"])
        arrivals = VGroup(*(Neuron(0.3, activation=float(v)).move_to(n)
                            for n, v in zip(self.inputs, a, strict=True)))
        self.play(Write(point), run_time=1.0)
        self.play(TransformFromCopy(self.net.layers[layer], arrivals), run_time=1.2)
        for n, v in zip(self.inputs, a, strict=True):
            n.set_activation(float(v))
        self.remove(arrivals)
        w_text = self.shows("w_text", [fmt(v) for v in w])
        a_text = self.shows("a_text", [fmt(v) for v in a])
        b_text = self.shows("b_text", fmt(b))
        new_edges = VGroup(*(
            WeightedEdge(e.get_start(), e.get_end(), float(v), self.w_max, max_width=9.0)
            for e, v in zip(self.edges, w, strict=True)
        ))
        w_nums = VGroup(*(
            MathTex(t, font_size=EQ_SIZE - 4, color=_sign_color(v)).move_to(self._edge_label_at(i))
            for i, (t, v) in enumerate(zip(w_text, w, strict=True))
        ))
        a_nums = VGroup(*(
            MathTex(t, font_size=EQ_SIZE - 4).next_to(n, LEFT, buff=0.15)
            for t, n in zip(a_text, self.inputs, strict=True)
        ))
        bias_edge = Arrow(self.bias_arrow.get_start(), self.bias_arrow.get_end(), buff=0,
                          color=_sign_color(b), stroke_width=9.0 * abs(b) / self.w_max,
                          max_tip_length_to_length_ratio=0.15)
        b_num = MathTex(b_text, font_size=EQ_SIZE - 4, color=_sign_color(b))
        b_num.next_to(self.bias_arrow, RIGHT, buff=0.15)
        legend = WeightLegend(
            self.w_max, max_width=9.0, font=i18n.font(),
            labels=(TEXT["legend_positive"], TEXT["legend_negative"],
                    TEXT.format("legend_larger", w_max=self.w_max)),
        ).scale(0.9)
        legend.to_edge(UP, buff=0.25).set_x(-1.6)
        # "The weights, the bias": edges take their weight's colour and width, numbers
        # replace w and b; "and the three inputs": the activations replace a1 … a3.
        self.wait_until("weights")
        self.play(
            *(ReplacementTransform(e, n) for e, n in zip(self.edges, new_edges, strict=True)),
            ReplacementTransform(self.bias_arrow, bias_edge),
            *(FadeTransform(s, n) for s, n in zip(self.w_labels, w_nums, strict=True)),
            FadeTransform(self.b_label, b_num),
            run_time=1.0,
        )
        self.edges, self.bias_arrow = new_edges, bias_edge
        self.wait_until("inputs")
        self.play(*(FadeTransform(s, n) for s, n in zip(self.in_labels, a_nums, strict=True)),
                  run_time=1.0)
        self.w_nums, self.a_nums, self.b_num = w_nums, a_nums, b_num
        self.wait_until("colour")
        self.play(Write(legend[:2]), *(Indicate(n, color=n.get_color()) for n in w_nums),
                  run_time=1.0)
        self.wait_until("thick")
        self.play(Write(legend[2]), *(Indicate(e, color=e.get_color(), scale_factor=1.0)
                                      for e in self.edges), run_time=1.0)
        self.legend = legend
        self.hold(0.3)

    def evaluate_sum(self) -> None:
        ex = self.ex
        w, b, a = ex["w"], float(ex["b"]), ex["a"]
        self.say("evaluate")
        w_text, a_text, b_text = (self.displayed[k] for k in ("w_text", "a_text", "b_text"))
        # Every step from the numbers on screen, so a viewer with a calculator gets the
        # same: 1.67 · (-0.44) is -0.73 here, even if the unrounded product rounds to -0.72.
        p_text = self.shows("products_text", [fmt(float(u) * float(v))
                                              for u, v in zip(w_text, a_text, strict=True)])
        total_text = self.shows("sum_products_text", fmt(sum(float(t) for t in p_text)))
        chain_text = self.shows("z_chain_text", fmt(float(total_text) + float(b_text)))
        z = self.shows("z", float(w @ a + b))
        z_text = self.shows("z_text", fmt(z))
        unrounded = self.shows("z_unrounded_shown", chain_text != z_text)
        # Line 2: the numbers substituted, each weight coloured by its sign.
        parts = ["="]
        for i in range(self.n_in):
            parts += [f"({w_text[i]})", f"({a_text[i]})", "+"]
        parts += [b_text]
        sub = MathTex(*parts, font_size=EQ_SIZE)
        for i in range(self.n_in):
            sub[1 + 3 * i].set_color(_sign_color(w[i]))
        sub[-1].set_color(_sign_color(b))
        prod = MathTex("=", *_signed_terms(p_text + [b_text]), font_size=EQ_SIZE)
        summed = MathTex("=", *_signed_terms([total_text, b_text]), "=", chain_text,
                         font_size=EQ_SIZE)
        lines = [sub, prod, summed]
        for k, line in enumerate(lines, start=1):
            line.move_to([0, self.EQ_TOP - k * self.EQ_STEP, 0])
            line.shift(RIGHT * (self.eq_z[1].get_x() - line[0].get_x()))
            line.align_to(self.eq_z[1], LEFT)
        # Substitute: copies of the diagram's numbers fly into the equation.
        sources = []
        for i in range(self.n_in):
            sources += [self.w_nums[i], self.a_nums[i]]
        targets = []
        for i in range(self.n_in):
            targets += [sub[1 + 3 * i], sub[2 + 3 * i]]
        self.play(Write(sub[0]), *(TransformFromCopy(s, t) for s, t in zip(sources, targets,
                                                                          strict=True)),
                  TransformFromCopy(self.b_num, sub[-1]),
                  FadeIn(VGroup(*(sub[3 + 3 * i] for i in range(self.n_in)))), run_time=1.5)
        # prod: "=", then product 1, sign, product 2, sign, product 3, sign, bias.
        self.wait_until("mult")
        self.play(Write(prod[0]), LaggedStart(*(
            AnimationGroup(Indicate(sub[1 + 3 * i : 3 + 3 * i], color=HIGHLIGHT,
                                    scale_factor=1.08),
                           Write(prod[1 + 2 * i : 3 + 2 * i])) for i in range(self.n_in)),
            lag_ratio=0.5), Write(prod[-1]), run_time=1.6)
        self.wait_until("add")
        self.play(Indicate(prod[1:2 * self.n_in], color=HIGHLIGHT), Write(summed[:2]),
                  run_time=1.0)
        self.wait_until("bias")
        self.play(Write(summed[2:]), Indicate(self.b_num, color=HIGHLIGHT), run_time=1.0)
        z_num = MathTex(z_text, font_size=EQ_SIZE - 4).move_to(self.z_label)
        self.wait_until("z")
        self.play(TransformFromCopy(summed[-1], z_num), FadeOut(self.z_label), run_time=1.0)
        self.z_num = z_num
        note = label(TEXT.format("rounded", decimals=DECIMALS), style.SMALL_SIZE, style.MUTED)
        note.to_corner(DR, buff=0.3)
        if unrounded:
            extra = label(TEXT.format("unrounded", z=minus(z_text)), style.SMALL_SIZE, HIGHLIGHT)
            note = VGroup(extra, note).arrange(DOWN, aligned_edge=RIGHT, buff=0.12)
            note.to_corner(DR, buff=0.3)
        self.play(FadeIn(note), run_time=0.5)
        self.summed = summed
        self.hold(0.3)

    def squash(self) -> None:
        ex = self.ex
        act = str(ex["activation"])
        z = self.displayed["z"]
        sigma_z = self.shows("sigma_z", float(ex["sigma_z"]))
        s_text = self.shows("sigma_z_text", fmt(sigma_z))
        z_text = self.displayed["z_text"]
        self.say("squash", act=act, z=z_text, s=s_text)
        cz, cs = ex["curve_z"], ex["curve_sigma"]
        self.shows("curve_sigma", cs.copy())
        y_lo, y_hi = np.floor(cs.min() * 2) / 2, np.ceil(cs.max() * 2) / 2
        axes = Axes(
            x_range=[float(cz[0]), float(cz[-1]), 1.0],
            y_range=[float(y_lo), float(y_hi), 0.5],
            x_length=5.2, y_length=2.6, tips=False,
            axis_config={"color": style.MUTED, "stroke_width": 2},
        ).move_to(self.RIGHT_AT + DOWN * 0.1 + LEFT * 0.35)
        axes.x_axis.add_numbers([-4, -2, 2, 4], font_size=24, num_decimal_places=0)
        axes.y_axis.add_numbers([y_lo, y_hi], font_size=24, num_decimal_places=0)
        x_lab = MathTex("z", font_size=28).next_to(axes.x_axis, RIGHT, buff=0.1)
        y_lab = MathTex(r"\sigma(z)", font_size=28).next_to(axes.y_axis, UP, buff=0.1)
        name = MathTex(r"\sigma = " + ACT_TEX[act], font_size=EQ_SIZE, color=style.ORANGE)
        name.next_to(axes, UP, buff=0.35).align_to(axes, LEFT).shift(RIGHT * 0.2)
        curve = VMobject(stroke_color=style.ORANGE, stroke_width=4)
        curve.set_points_as_corners([axes.c2p(u, v) for u, v in zip(cz, cs, strict=True)])
        pt = axes.c2p(z, sigma_z)
        dot = Dot(pt, radius=0.07, color=HIGHLIGHT)
        drop = DashedLine(axes.c2p(z, 0), pt, color=HIGHLIGHT, stroke_width=2)
        across = DashedLine(pt, axes.c2p(0, sigma_z), color=HIGHLIGHT, stroke_width=2)
        coords = MathTex(f"({z_text},\\ {s_text})", font_size=28, color=HIGHLIGHT)
        coords.next_to(dot, DR, buff=0.1)
        eq_out = MathTex("a", "=", ACT_TEX[act] + "(", z_text, ")", "=", s_text,
                         font_size=EQ_SIZE)
        eq_out.move_to([0, self.EQ_TOP - 4 * self.EQ_STEP, 0])
        eq_out.shift(RIGHT * (self.eq_z[1].get_x() - eq_out[1].get_x()))
        out_num = MathTex(s_text, font_size=EQ_SIZE - 4).move_to(self.out_label)
        self.play(FadeOut(self.network), Create(axes), FadeIn(x_lab, y_lab, name),
                  run_time=0.8)
        self.play(Create(curve), run_time=0.8)
        self.wait_until("point")  # the dot rises from z on the axis to the curve
        dot.move_to(axes.c2p(z, 0))
        self.play(Create(drop), dot.animate.move_to(pt), run_time=1.0)
        self.wait_until("out")  # and reads off sigma(z) across
        self.play(Create(across), FadeIn(coords, shift=LEFT * 0.2), run_time=0.8)
        self.wait_until("value")  # act(z) written as it is said, then its value
        self.play(Write(eq_out[:5]), run_time=1.0)
        self.wait_until("is")
        self.play(Write(eq_out[5:]), Indicate(coords, color=HIGHLIGHT), run_time=0.8)
        self.wait_until("pass")
        self.play(
            self.output.animate.set_activation(sigma_z),
            FadeTransform(self.out_label, out_num),
            Indicate(self.sig_node, color=HIGHLIGHT),
            run_time=1.2,
        )
        self.hold(0.5)

    # --- geometry ---------------------------------------------------------------

    def _edge_label_at(self, i: int) -> np.ndarray:
        """Where edge i's weight label sits: 40 % along it, just above it."""
        start = np.array([self.IN_X, self.IN_YS[i], 0.0])
        d = self.SUM_AT - start
        normal = np.array([-d[1], d[0], 0.0]) / np.linalg.norm(d)
        return start + 0.4 * d + 0.28 * normal


def _signed_terms(texts: list[str]) -> list[str]:
    """``["-0.72", "1.05"]`` -> ``["-0.72", "+", "1.05"]``; a negative term brings its minus."""
    out = [texts[0]]
    for t in texts[1:]:
        out += ["-", t[1:]] if t.startswith("-") else ["+", t]
    return out


class ActivationFunctions(LectureScene):
    """tanh, sigmoid, ReLU and softplus: their curves, and what each does to a line."""

    title = "Activation functions"
    TEXT = TEXT

    COLORS = {"tanh": style.ORANGE, "sigmoid": style.SKY, "relu": style.GREEN,
              "softplus": style.PURPLE}
    FORMULAS = {
        "tanh": r"\tanh(z)",
        "sigmoid": r"\frac{1}{1 + e^{-z}}",
        "relu": r"\max(0,\, z)",
        "softplus": r"\ln(1 + e^{z})",
    }
    def construct(self) -> None:
        self.c = activation_curves()
        self.names = ("tanh", "sigmoid", "relu", "softplus")
        self.compare_curves()
        self.map_a_line()
        self.compare_outputs()

    def compare_curves(self) -> None:
        self.say("four")
        c = self.c
        z = c["z"]
        heading = label(TEXT["title.ActivationFunctions"], style.CAPTION_SIZE)
        heading.to_corner(UL, buff=0.35)
        axes = Axes(
            x_range=[float(z[0]), float(z[-1]), 1.0], y_range=[-1.5, 4.5, 1.0],
            x_length=7.5, y_length=5.6, tips=False,
            axis_config={"color": style.MUTED, "stroke_width": 2},
        ).to_edge(LEFT, buff=0.8).shift(DOWN * 0.3)
        axes.x_axis.add_numbers(font_size=24, num_decimal_places=0)
        axes.y_axis.add_numbers(font_size=24, num_decimal_places=0)
        x_lab = MathTex("z", font_size=30).next_to(axes.x_axis, RIGHT, buff=0.1)
        y_lab = MathTex(r"\sigma(z)", font_size=30).next_to(axes.y_axis, UP, buff=0.1)
        self.add(heading)
        self.play(Create(axes), FadeIn(x_lab, y_lab), run_time=1.0)
        rows = VGroup()
        curves = VGroup()
        for name in self.names:
            col = self.COLORS[name]
            y = self.shows(f"curve_{name}", c[name].copy())
            curve = VMobject(stroke_color=col, stroke_width=4)
            curve.set_points_as_corners([axes.c2p(u, v) for u, v in zip(z, y, strict=True)])
            swatch = Line(LEFT * 0.3, RIGHT * 0.3, stroke_color=col, stroke_width=6)
            name_mob = label(TEXT[f"name_{name}"], style.LABEL_SIZE, col)
            formula = MathTex(self.FORMULAS[name], font_size=30)
            rows.add(VGroup(swatch, name_mob, formula))
            curves.add(curve)
        for row in rows:
            row[1].next_to(row[0], RIGHT, buff=0.2)
            row[2].next_to(row[0], RIGHT, buff=1.6)
        rows.arrange(DOWN, aligned_edge=LEFT, buff=0.45).next_to(axes, RIGHT, buff=0.6)
        # Each curve drawn as its name is said: tanh with sigmoid, then ReLU, then softplus.
        for mark, ks in (("tanh", (0, 1)), ("relu", (2,)), ("softplus", (3,))):
            self.wait_until(mark)
            # ReLU drawn from the left as it is read: zero for negative z, then z itself.
            self.play(LaggedStart(*(AnimationGroup(Create(curves[k]),
                                                   FadeIn(rows[k], shift=LEFT * 0.2))
                                    for k in ks), lag_ratio=0.5),
                      run_time=2.6 if mark == "relu" else 1.0 * len(ks))
        self.hold(0.3)
        self.plot = VGroup(axes, x_lab, y_lab, curves, rows)

    def map_a_line(self) -> None:
        self.say("line")
        c = self.c
        xs = self.shows("line_x", c["line_x"].copy())
        lo, hi = float(xs[0]), float(xs[-1])
        self.panels = VGroup()
        starts, ends = [], []
        for k, name in enumerate(self.names):
            col = self.COLORS[name]
            ys = self.shows(f"line_{name}", c[f"line_{name}"].copy())
            # Input and output on the same scale, so squeezing shows as squeezing.
            top, bot = (
                NumberLine(x_range=[lo, hi, 1], length=5.4, color=style.MUTED,
                           include_numbers=True, font_size=24, stroke_width=2)
                for _ in range(2)
            )
            bot.next_to(top, DOWN, buff=1.1)
            tag_top = MathTex("x", font_size=30).next_to(top, LEFT, buff=0.2)
            tag_bot = MathTex(r"\sigma(x)", font_size=30).next_to(bot, LEFT, buff=0.2)
            name_mob = label(TEXT[f"name_{name}"], style.LABEL_SIZE, col)
            name_mob.next_to(top, UP, buff=0.15)
            panel = VGroup(top, bot, tag_top, tag_bot, name_mob)
            panel.move_to([-3.4 if k % 2 == 0 else 3.6, 0, 0])
            panel.align_to([0, 3.05 if k < 2 else -0.5, 0], UP)
            self.panels.add(panel)
            starts.append(np.array([top.n2p(v) for v in xs]))
            ends.append(np.array([bot.n2p(v) for v in ys]))
        starts_a, ends_a = np.array(starts), np.array(ends)
        # Everything static goes in first; then one updater moves all dots and
        # stretches all trails from one tracker.
        self.play(FadeOut(self.plot), FadeIn(self.panels), run_time=0.7)
        dots = VGroup(*(
            VGroup(*(Dot(p, radius=0.06, color=style.FG) for p in starts_a[k]))
            for k in range(len(self.names))
        ))
        self.wait_until("points")
        self.play(LaggedStart(*(FadeIn(d, scale=1.5) for d in dots[0]), lag_ratio=0.1),
                  *(FadeIn(dots[k]) for k in range(1, len(self.names))), run_time=1.0)
        trails = VGroup(*(
            VMobject(stroke_color=self.COLORS[n], stroke_width=2, stroke_opacity=0.8)
            for n in self.names
        ))
        t = ValueTracker(0.0)

        def move(group: VGroup) -> None:
            s = t.get_value()
            now = starts_a + s * (ends_a - starts_a)
            for k, row in enumerate(group[0]):
                for dot, p in zip(row, now[k], strict=True):
                    dot.move_to(p)
                trail = group[1][k]
                segs = [np.stack([p, p + (q - p) / 3, p + 2 * (q - p) / 3, q])
                        for p, q in zip(starts_a[k], now[k], strict=True)
                        if np.linalg.norm(q - p) > 1e-6]
                if segs:
                    trail.set_points(np.concatenate(segs))
                else:
                    trail.clear_points()

        mover = VGroup(dots, trails)
        self.add(trails)
        mover.add_updater(move)
        self.add(mover)
        self.wait_until("move")
        self.play(t.animate.set_value(1.0), run_time=2.3, rate_func=smooth)
        mover.remove_updater(move)
        for k, name in enumerate(self.names):
            for dot in dots[k]:
                dot.set_color(self.COLORS[name])
        self.wait_until("differ")  # the four panels one after another
        self.play(LaggedStart(*(Indicate(VGroup(dots[k], self.panels[k][4]),
                                         color=self.COLORS[n], scale_factor=1.2)
                                for k, n in enumerate(self.names)), lag_ratio=0.4),
                  run_time=2.0)
        self.hold(0.3)

    def compare_outputs(self) -> None:
        self.say("cut")
        xs = self.displayed["line_x"]
        span_in = self.shows("line_span", float(xs.max() - xs.min()))
        notes = VGroup()
        for k, name in enumerate(self.names):
            ys = self.displayed[f"line_{name}"]
            span = self.shows(f"span_{name}", float(ys.max() - ys.min()))
            bot = self.panels[k][1]
            brace = BraceBetweenPoints(bot.n2p(float(ys.min())), bot.n2p(float(ys.max())),
                                       DOWN, buff=0.5, color=self.COLORS[name])
            text = TEXT.format("span", before=fmt(span_in), after=fmt(span))
            if name == "relu":
                zeros = self.shows("relu_zeros", int(np.sum(ys == 0.0)))
                text += TEXT.format("span_zeros", zeros=zeros, n=len(xs))
            note = label(text, style.SMALL_SIZE, style.FG).next_to(brace, DOWN, buff=0.08)
            # Keep the note inside its panel's width even when the brace is short.
            note.set_x(float(np.clip(note.get_x(), bot.get_left()[0] + note.width / 2,
                                     bot.get_right()[0] - note.width / 2)))
            notes.add(VGroup(brace, note))
        # tanh and sigmoid, then ReLU, then softplus, each as it is named.
        def brace(n: VGroup) -> AnimationGroup:  # the output's span, then its width
            return AnimationGroup(GrowFromCenter(n[0]), Write(n[1]), lag_ratio=0.3)

        self.play(LaggedStart(*(brace(n) for n in notes[:2]), lag_ratio=0.5), run_time=2.4)
        for k, mark in ((2, "relu"), (3, "softplus")):
            self.wait_until(mark)
            self.play(brace(notes[k]),
                      Indicate(self.panels[k][4], color=self.COLORS[self.names[k]]),
                      run_time=1.2)
        self.hold(0.5)
