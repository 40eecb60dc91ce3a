"""Depth: does it help at an equal budget, and what do the layers of a trained net compute?

* :class:`DeepVersusWide`: "tall, not fat". Four architectures with (nearly)
  the same number of parameters, from one wide hidden layer to four narrow
  ones, drawn to scale (bar length = neurons per layer), trained on TF
  Playground's noisy spiral over three seeds (the engine's deep-versus-wide
  experiment). Test accuracies as bars (mean) with min–max whiskers and every
  seed as a dot; the verdict on screen follows whatever the numbers say.
* :class:`LearnedFeatures`: the first-layer weights of the digits network from
  the opening scene, one 8 × 8 image per hidden unit; for one real test image,
  which units fire, then layer 2 and the ten output probabilities.

Every number comes from ``engine.artefacts.depth``.

Render: ``manim render -ql scenes/depth.py DeepVersusWide``.
"""

from __future__ import annotations

import numpy as np
from manim import *

from engine.artefacts.depth import deep_wide, folds, learned_features, shared
from scenes.common import style
from scenes.common.base import LectureScene
from scenes.common.diagram import NetworkDiagram, Neuron
from scenes.common.i18n import Catalogue
from scenes.common.mobjects import PixelImage, PointCloud
from scenes.common.text import arch, at_most, fmt, label, num, pct

__all__ = ["FoldingBuysPieces", "SharedFeaturesFewExamples", "DeepVersusWide",
           "LearnedFeatures", "ArchitectureDrawing", "Plot", "TEXT"]

TEXT = Catalogue.of(__file__)


class ArchitectureDrawing(VGroup):
    """An MLP drawn to scale: each layer a horizontal bar as long as it has neurons.

    Input at the bottom, output at the top, so a deep net is tall and a wide one
    fat; the bands between bars stand for the full connections.
    """

    def __init__(self, widths, unit: float = 0.07, bar: float = 0.16, gap: float = 0.22,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.widths = tuple(int(w) for w in widths)
        self.bars = VGroup()
        self.bands = VGroup()
        for i, w in enumerate(self.widths):
            color = style.MUTED if i in (0, len(self.widths) - 1) else style.SKY
            r = Rectangle(width=w * unit, height=bar, stroke_width=0, fill_color=color,
                          fill_opacity=1.0).move_to([0, i * (bar + gap), 0])
            self.bars.add(r)
        for lo, hi in zip(self.bars[:-1], self.bars[1:], strict=True):
            band = Polygon(lo.get_corner(UL), lo.get_corner(UR), hi.get_corner(DR),
                           hi.get_corner(DL), stroke_width=0, fill_color=style.GRID,
                           fill_opacity=0.55)
            self.bands.add(band)
        self.add(self.bands, self.bars)


class Plot(VGroup):
    """A framed box mapping [0, 1] × [ylo, yhi] onto a rectangle of the frame."""

    def __init__(self, corner, width: float, height: float, ylim=(-0.25, 1.25)) -> None:
        super().__init__()
        self.corner, self.w, self.h, self.ylim = np.asarray(corner, float), width, height, ylim
        lo, hi = ylim
        self.add(Line(self.to_scene(0, lo), self.to_scene(1, lo), color=style.MUTED,
                      stroke_width=2),
                 Line(self.to_scene(0, lo), self.to_scene(0, hi), color=style.MUTED,
                      stroke_width=2))
        for v in (0.0, 1.0):
            self.add(DashedLine(self.to_scene(0, v), self.to_scene(1, v), color=style.GRID,
                                stroke_width=1))
            self.add(label(fmt(v, 0), style.SMALL_SIZE, style.MUTED).next_to(
                self.to_scene(0, v), LEFT, buff=0.08))
        for v in (0.0, 1.0):
            self.add(label(fmt(v, 0), style.SMALL_SIZE, style.MUTED).next_to(
                self.to_scene(v, lo), DOWN, buff=0.08))

    def to_scene(self, x, y) -> np.ndarray:
        lo, hi = self.ylim
        return self.corner + np.array([x * self.w, (y - lo) / (hi - lo) * self.h, 0.0])

    def curve(self, x: np.ndarray, y: np.ndarray, color: str) -> VMobject:
        lo, hi = self.ylim
        pts = np.stack([self.corner[0] + x * self.w,
                        self.corner[1] + (np.clip(y, lo, hi) - lo) / (hi - lo) * self.h,
                        np.zeros_like(x)], axis=1)
        return VMobject(stroke_color=color, stroke_width=3).set_points_as_corners(pts)


class FoldingBuysPieces(LectureScene):
    """A ReLU network built from the tent map folds [0, 1] once per layer: 2^k pieces,
    counted from its outputs, beside one wide layer of the same size; then both trained."""

    title = "Depth buys pieces"
    TEXT = TEXT
    # The widest a line may be, in every language: a plot's column, the whole frame.
    COLUMN = 6.5
    LINE = 13.6

    def construct(self) -> None:
        self.r = folds()
        self.claim()
        self.fold()
        self.wide()
        self.train()

    def claim(self) -> None:
        self.say("claim")
        self.heading = label(TEXT["fold_title"], style.TITLE_SIZE).to_edge(UP, buff=0.25)
        # One line per clause, each shown as it is said.
        claim = VGroup(*(at_most(label(line, style.CAPTION_SIZE, style.YELLOW), self.LINE)
                         for line in TEXT["claim"].split("\n"))).arrange(DOWN, buff=0.2)
        self.play(FadeIn(self.heading), run_time=0.8)
        for line, mark in zip(claim, ("size", "compose", "shared"), strict=True):
            self.wait_until(mark)
            self.play(FadeIn(line, shift=UP * 0.15), run_time=0.8)
        self.wait_until("first")
        self.play(FadeOut(claim, shift=UP * 0.3), run_time=0.8)
        # The case: the left plot, empty, waits for its network.
        self.left = Plot([-6.3, -1.55, 0], 5.2, 3.0)
        self.right = Plot([1.0, -1.55, 0], 5.2, 3.0)
        self.play(Create(self.left), run_time=1.6)
        self.hold()

    def _deep_texts(self, i: int) -> tuple[Text, Text]:
        r = self.r
        k = int(r["k"][i])
        head = label(TEXT.format("deep_head", k=k), style.SMALL_SIZE, style.FG)
        count = label(TEXT.format("deep_count", arch=arch([1, *[2] * k, 1]),
                                  p=int(r["deep_params"][i]), n=int(r["deep_pieces"][i])),
                      style.SMALL_SIZE, style.ORANGE)
        at_most(head, self.COLUMN).move_to(self.left.to_scene(0.5, 1.25) + UP * 0.85)
        at_most(count, self.COLUMN).next_to(self.left, DOWN, buff=0.15)
        return head, count

    def _wide_texts(self, i: int) -> tuple[Text, Text]:
        r = self.r
        h = int(r["wide_units"][i])
        rule = label(TEXT.format("wide_rule", h=h, h1=h + 1), style.SMALL_SIZE, style.MUTED)
        count = label(TEXT.format("wide_count", arch=arch([1, h, 1]),
                                  p=int(r["wide_params"][i]), n=int(r["wide_pieces"][i])),
                      style.SMALL_SIZE, style.SKY)
        at_most(rule, self.COLUMN).move_to(self.right.to_scene(0.5, 1.25) + UP * 0.45)
        at_most(count, self.COLUMN).next_to(self.right, DOWN, buff=0.15)
        return rule, count

    def fold(self) -> None:
        r = self.r
        deep = self.shows("deep_pieces", r["deep_pieces"].tolist())
        self.shows("deep_params", r["deep_params"].tolist())
        # The curves are what the engine's constructed networks compute; the rule's
        # numbers are read off the 1-layer network's own weights.
        self.shows("deep_curve", r["deep_curve"].copy())
        w_out, b_in = r["deep1_W1"][0], r["deep1_b0"]
        rule_numbers = self.shows("rule_numbers", (float(w_out[0]), float(-w_out[1]),
                                                   float(-b_in[1])))
        self.say("fold", deep=", ".join(str(n) for n in deep))
        rule = label(TEXT.format("rule", a=f"{rule_numbers[0]:g}", b=f"{rule_numbers[1]:g}",
                                 t=f"{rule_numbers[2]:g}"), style.SMALL_SIZE, style.MUTED)
        at_most(rule, self.COLUMN)
        rule.move_to(self.left.to_scene(0.5, 1.25) + UP * 0.45)
        x = r["x_draw"]
        head, count = self._deep_texts(0)
        curve = self.left.curve(x, r["deep_curve"][0], style.ORANGE)
        # The summary's two lines: the deep counts are written as they are said here, the
        # wide ones in the next beat.
        wide = self.r["wide_pieces"].tolist()
        lines = TEXT.format("summary", k=len(deep), deep=", ".join(str(n) for n in deep),
                            wide=", ".join(str(n) for n in wide)).split("\n")
        self.summary = VGroup(*(label(line, style.LABEL_SIZE, style.YELLOW) for line in lines))
        self.summary.arrange(DOWN, buff=0.12).to_edge(DOWN, buff=0.3)
        # "Built from a formula": the formula, written.
        self.play(FadeIn(head, shift=DOWN * 0.2), Write(rule), run_time=1.6)
        self.wait_until("fold")
        self.play(Create(curve), FadeIn(count, shift=UP * 0.2), run_time=1.2)
        self.wait_until("double")
        for i in range(1, len(deep)):
            h2, c2 = self._deep_texts(i)
            c = self.left.curve(x, r["deep_curve"][i], style.ORANGE)
            self.play(Transform(curve, c), Transform(head, h2), Transform(count, c2),
                      run_time=0.8)
            self.wait(0.15)
        self.wait_until("pieces")
        self.play(Write(self.summary[0]), run_time=2.0)
        self.deep_group = VGroup(self.left, head, rule, curve, count)
        self.hold()

    def wide(self) -> None:
        r = self.r
        wide = self.shows("wide_pieces", r["wide_pieces"].tolist())
        self.shows("wide_curve", r["wide_curve"].copy())
        self.shows("wide_params", r["wide_params"].tolist())
        self.shows("wide_units", r["wide_units"].tolist())
        self.say("wide", wide=", ".join(str(n) for n in wide))
        x = r["x_draw"]
        last = len(wide) - 1
        head = at_most(label(TEXT["wide_head"], style.SMALL_SIZE, style.FG), self.COLUMN)
        head.move_to(self.right.to_scene(0.5, 1.25) + UP * 0.85)
        target = self.right.curve(x, r["deep_curve"][last], style.GRID)
        rule, count = self._wide_texts(last)
        curve = self.right.curve(x, r["wide_curve"][last], style.SKY)
        self.play(Create(self.right), FadeIn(head, shift=DOWN * 0.2), run_time=1.2)
        self.play(Create(target), run_time=1.4)  # the deep network's teeth, for reference
        self.wait_until("bend")
        self.play(Create(curve, rate_func=linear), run_time=1.6)
        self.wait_until("most")
        self.play(Write(rule), run_time=1.2)
        self.wait_until("pieces")
        self.play(Write(self.summary[1]), FadeIn(count), run_time=1.6)
        self.wait_until("multiplies")
        self.play(Indicate(self.summary[0], color=style.ORANGE, scale_factor=1.08), run_time=0.8)
        self.wait_until("adds")
        self.play(Indicate(self.summary[1], color=style.SKY, scale_factor=1.08), run_time=0.8)
        self.wide_group = VGroup(self.right, head, target, rule, curve, count, self.summary)
        self.hold()

    def train(self) -> None:
        r = self.r
        k = self.shows("k_train", int(r["k_train"]))
        c = self.shows("constructed_accuracy", float(r["constructed_accuracy"]))
        o = self.shows("one_layer_accuracy", float(r["one_layer_accuracy"]))
        rows = [(TEXT["row_constructed"], [c], [int(r["deep_pieces"][k - 1])], style.ORANGE),
                (TEXT["row_one_layer"], [o], [int(r["wide_pieces"][k - 1])], style.SKY)]
        for name, colour in (("deep", style.ORANGE), ("wide", style.SKY)):
            acc = self.shows(f"trained_{name}_accuracy", r[f"trained_{name}_accuracy"].copy())
            pieces = self.shows(f"trained_{name}_pieces", r[f"trained_{name}_pieces"].tolist())
            self.shows(f"trained_{name}_mean", float(r[f"trained_{name}_mean"]))
            arch_text = arch([1, *[2] * k, 1] if name == "deep" else
                              [1, int(r["wide_units"][k - 1]), 1])
            rows.append((TEXT.format(f"row_{name}", arch=arch_text), list(acc), pieces, colour))
        seeds = len(r["seeds"])
        self.say("train", s=seeds, k=k, c=pct(c), o=pct(o),
                 d=pct(self.displayed["trained_deep_mean"]),
                 w=pct(self.displayed["trained_wide_mean"]))
        self.play(FadeOut(self.deep_group, self.wide_group), run_time=0.6)
        head = at_most(label(TEXT.format("train_head", k=k), style.LABEL_SIZE, style.FG),
                       self.LINE)
        head.next_to(self.heading, DOWN, buff=0.3)
        x0, x1, lo = -2.2, 2.8, 0.4

        def at(v: float) -> float:
            return x0 + (v - lo) / (1.0 - lo) * (x1 - x0)

        ys = [1.55, 0.75, -0.05, -0.85]
        axis = VGroup(Line([x0, -1.35, 0], [x1, -1.35, 0], color=style.MUTED, stroke_width=2))
        for v in (0.5, 0.75, 1.0):
            axis.add(Line([at(v), -1.35, 0], [at(v), -1.45, 0], color=style.MUTED))
            axis.add(label(f"{round(100 * v)} %", style.SMALL_SIZE, style.MUTED)
                     .next_to([at(v), -1.45, 0], DOWN, buff=0.06))
        axis.add(DashedLine([at(0.5), -1.35, 0], [at(0.5), 2.0, 0], color=style.GRID,
                            stroke_width=1.5))
        axis.add(label(TEXT.format("acc_axis", n=len(r["y_test"])), style.SMALL_SIZE,
                       style.MUTED).next_to([(x0 + x1) / 2, -1.75, 0], DOWN, buff=0.08))
        self.rows = VGroup()  # one group per row, shown as the voice names it
        for (name, acc, pieces, colour), y in zip(rows, ys, strict=True):
            row = VGroup(label(name, style.SMALL_SIZE, colour).move_to([0, y, 0])
                         .align_to([-6.9, 0, 0], LEFT))
            if len(acc) > 1:
                row.add(Line([at(min(acc)), y, 0], [at(max(acc)), y, 0], color=style.FG,
                             stroke_width=3))
            for v in acc:
                row.add(Dot([at(v), y, 0], radius=0.07, color=colour))
            text = TEXT.format("row_numbers", acc=pct(np.mean(acc)),
                               p=", ".join(str(p) for p in pieces))
            row.add(label(text, style.SMALL_SIZE, style.FG).move_to([0, y, 0])
                    .align_to([x1 + 0.35, 0, 0], LEFT))
            self.rows.add(row)
        numbers_head = label(TEXT["numbers_head"], style.SMALL_SIZE, style.MUTED) \
            .move_to([0, 2.05, 0]).align_to([x1 + 0.35, 0, 0], LEFT)
        legend = label(TEXT.format("train_legend", s=seeds, e=int(r["epochs"])),
                       style.SMALL_SIZE, style.MUTED).next_to(axis, DOWN, buff=0.1)
        self.play(Write(head), run_time=1.2)
        self.wait_until("seeds")
        self.play(Create(axis), Write(numbers_head), Write(legend), run_time=1.2)
        self.wait_until("half")
        self.play(Circumscribe(head, color=style.YELLOW, buff=0.08), run_time=1.2)
        for row, mark in zip(self.rows, ("constructed", "least", "deep", "wide"), strict=True):
            self.wait_until(mark)  # name, seeds one by one, then the numbers
            self.play(LaggedStart(Write(row[0]), *(GrowFromCenter(m) for m in row[1:-1]),
                                  Write(row[-1]), lag_ratio=0.3), run_time=1.8)
        self.hold()
        found = bool(np.max(self.displayed["trained_deep_accuracy"]) >= 0.9)
        self.shows("training_found_folds", found)
        key = "train_found" if found else "train_fail"
        self.say(key)
        best = pct(np.max(self.displayed["trained_deep_accuracy"]))
        verdict = at_most(label(TEXT.format(key, acc=best), style.LABEL_SIZE, style.YELLOW),
                          self.LINE)
        verdict.to_edge(DOWN, buff=0.25)
        self.play(FadeIn(verdict), run_time=0.8)
        if not found:
            # The construction exists (its row), gradient descent did not reach it (the
            # trained deep row).
            self.wait_until("exists")
            self.play(Indicate(self.rows[0][0], color=style.ORANGE), run_time=0.8)
            self.wait_until("descent")
            self.play(Indicate(self.rows[2][0], color=style.ORANGE), run_time=0.8)
        self.hold(1.0)


class SharedFeaturesFewExamples(LectureScene):
    """Four classes from two attributes, one rare: shared lower layers against one
    separate network per class, equal budgets, test accuracy on the rare class."""

    title = "Shared features, few examples"
    TEXT = TEXT

    def construct(self) -> None:
        self.r = shared()
        self.setup_grid()
        self.nets()
        self.results()
        self.verdict()

    def setup_grid(self) -> None:
        r = self.r
        counts = self.shows("n_train_per_class", r["n_train_per_class"].tolist())
        self.say("setup", n=counts[0], r=counts[3])
        self.heading = label(TEXT["title.SharedFeaturesFewExamples"], style.TITLE_SIZE)
        self.heading.to_edge(UP, buff=0.25)
        cells = VGroup()
        for c, n in enumerate(counts):
            a, b = divmod(c, 2)
            colour = style.YELLOW if c == 3 else style.FG
            box = Rectangle(width=2.8, height=1.1, stroke_color=colour if c == 3 else
                            style.MUTED, stroke_width=3 if c == 3 else 1.5)
            box.move_to([-5.45 + 2.9 * b, 1.0 - 1.2 * a, 0])
            text = VGroup(label(TEXT[f"cell{c}"], style.SMALL_SIZE, colour),
                          label(TEXT.format("cell_n", n=n), style.SMALL_SIZE, colour)
                          ).arrange(DOWN, buff=0.1)
            at_most(text, box.width - 0.2).move_to(box)  # inside its box in every language
            cells.add(VGroup(box, text))
        attrs = VGroup(label(TEXT["attr_a"], style.SMALL_SIZE, style.FG),
                       label(TEXT["attr_b"], style.SMALL_SIZE, style.FG)).arrange(
            DOWN, aligned_edge=LEFT, buff=0.1).next_to(cells, DOWN, buff=0.3)
        self.cells, self.attrs = cells, attrs
        self.play(FadeIn(self.heading), run_time=0.6)
        self.wait_until("classes")
        # Boxes and class names first; each class's count when the voice says it.
        self.play(LaggedStart(*(FadeIn(VGroup(c[0], c[1][0])) for c in cells),
                              lag_ratio=0.2), run_time=0.7)
        self.wait_until("attrs")
        self.play(FadeIn(attrs), run_time=0.6)
        self.wait_until("bend")
        self.play(LaggedStart(*(Indicate(a, color=style.YELLOW, scale_factor=1.1)
                                for a in attrs), lag_ratio=0.5), run_time=1.2)
        self.wait_until("three")
        self.play(LaggedStart(*(FadeIn(c[1][1]) for c in cells[:3]), lag_ratio=0.3),
                  run_time=1.0)
        self.wait_until("rare")
        self.play(FadeIn(cells[3][1][1]), Indicate(cells[3][0], color=style.YELLOW),
                  run_time=0.8)
        self.hold()

    def nets(self) -> None:
        r = self.r
        p = self.shows("n_params", r["n_params"].tolist())
        self.say("nets", p=p[0])
        ws = self.shows("shared_widths", r["shared_widths"].tolist())
        wp = self.shows("separate_widths", r["separate_widths"].tolist())
        shared_net = ArchitectureDrawing(ws, unit=0.12).move_to([0.9, 0.9, 0])
        separate = VGroup(*(ArchitectureDrawing(wp, unit=0.12) for _ in range(4)))
        separate.arrange(RIGHT, buff=0.15).move_to([5.1, 0.9, 0]).align_to(shared_net, DOWN)
        # Each caption stays under its own drawing, clear of the other and of the frame's edge.
        cap_s = at_most(label(TEXT.format("net_shared", arch=arch(ws), p=p[0]),
                              style.SMALL_SIZE, style.ORANGE), 3.8).next_to(shared_net, DOWN,
                                                                              buff=0.2)
        cap_p = at_most(label(TEXT.format("net_separate", arch=arch(wp), p=p[1]),
                              style.SMALL_SIZE, style.SKY), 3.8).next_to(separate, DOWN, buff=0.2)
        self.net_group = VGroup(shared_net, separate, cap_s, cap_p)
        # "Two networks": both drawings; each caption when its network is described.
        self.play(FadeIn(shared_net, shift=UP * 0.2), FadeIn(separate, shift=UP * 0.2),
                  run_time=0.8)
        self.wait_until("shared")
        self.play(FadeIn(cap_s), Indicate(shared_net.bars[1:-1], color=style.ORANGE),
                  run_time=1.0)
        self.wait_until("every")  # every example: all four classes' cells
        self.play(LaggedStart(*(Indicate(c[0], color=style.ORANGE, scale_factor=1.05)
                                for c in self.cells), lag_ratio=0.2), run_time=1.2)
        self.wait_until("separate")
        self.play(FadeIn(cap_p), LaggedStart(*(Indicate(n, color=style.SKY, scale_factor=1.08)
                                                for n in separate),
                                              lag_ratio=0.25), run_time=1.4)
        self.hold()

    def results(self) -> None:
        r = self.r
        acc = self.shows("rare_accuracy", r["rare_accuracy"].copy())
        mean = self.shows("rare_mean", r["rare_mean"].tolist())
        mn = self.shows("rare_min", r["rare_min"].tolist())
        mx = self.shows("rare_max", r["rare_max"].tolist())
        allc = self.shows("test_mean", r["test_mean"].tolist())
        k = acc.shape[1]
        self.say("results_sf", k=k, s=pct(mean[0]), p=pct(mean[1]))
        self.play(FadeOut(self.net_group), run_time=0.5)
        lo, hi = -2.3, 1.9  # y of 0 % and 100 %

        def y(v: float) -> float:
            return lo + v * (hi - lo)

        x0, x1, cols = -0.3, 6.6, (1.6, 4.6)
        chart = VGroup(Line([x0, lo, 0], [x0, hi, 0], color=style.MUTED, stroke_width=2),
                       Line([x0, lo, 0], [x1, lo, 0], color=style.MUTED, stroke_width=2))
        for v in (0.0, 0.25, 0.5, 0.75, 1.0):
            chart.add(label(f"{round(100 * v)} %", style.SMALL_SIZE, style.MUTED)
                      .next_to([x0, y(v), 0], LEFT, buff=0.08))
            if v > 0:
                chart.add(DashedLine([x0, y(v), 0], [x1, y(v), 0], color=style.GRID,
                                     stroke_width=1))
        chart.add(label(TEXT.format("rare_axis", n=int(r["n_test_per_class"])), style.SMALL_SIZE,
                        style.MUTED).next_to([(x0 + x1) / 2, hi, 0], UP, buff=0.12))
        bars = VGroup(VGroup(), VGroup())  # one group per network
        names = (arch(self.displayed["shared_widths"]),
                 "4 × " + arch(self.displayed["separate_widths"]))
        for i, (x, colour, name) in enumerate(zip(cols, (style.ORANGE, style.SKY), names,
                                                  strict=True)):
            bars[i].add(Rectangle(width=1.1, height=max(y(mean[i]) - lo, 0.01), stroke_width=0,
                               fill_color=colour, fill_opacity=0.7)
                     .move_to([x, (lo + y(mean[i])) / 2, 0]))
            bars[i].add(Line([x, y(mn[i]), 0], [x, y(mx[i]), 0], color=style.FG, stroke_width=3))
            offs = np.linspace(-0.35, 0.35, k) if k > 1 else np.zeros(1)
            for j in range(k):
                bars[i].add(Dot([x + offs[j], y(acc[i, j]), 0], radius=0.05, color=style.FG))
            bars[i].add(label(pct(mean[i]), style.SMALL_SIZE).next_to([x + 0.55, y(mean[i]), 0],
                                                                   RIGHT, buff=0.08))
            under = VGroup(label(name, style.SMALL_SIZE, colour),
                           label(TEXT.format("all_acc", acc=pct(allc[i])), style.SMALL_SIZE,
                                 style.MUTED)).arrange(DOWN, buff=0.05)
            # Clear of the other bar's words (the columns are 3 apart).
            bars[i].add(at_most(under, 2.8).next_to([x, lo, 0], DOWN, buff=0.12))
        legend = label(TEXT.format("rare_legend", k=k), style.SMALL_SIZE, style.MUTED)
        # Centred under the chart, inside the frame's right edge.
        at_most(legend, 2 * (config.frame_width / 2 - 0.15 - (x0 + x1) / 2))
        legend.to_edge(DOWN, buff=0.2).set_x((x0 + x1) / 2)
        self.play(FadeIn(chart), FadeIn(legend), run_time=0.8)
        self.wait_until("rare")
        self.play(Indicate(self.cells[3][0], color=style.YELLOW), run_time=0.8)
        for group, mark in zip(bars, ("shared", "separate"), strict=True):
            self.wait_until(mark)
            self.play(GrowFromEdge(group[0], DOWN), FadeIn(group[1:]), run_time=1.0)
        self.chart = VGroup(chart, bars, legend)
        self.bars = bars
        self.hold()

    def verdict(self) -> None:
        acc = np.asarray(self.displayed["rare_accuracy"])
        if acc[0].min() > acc[1].max():
            key = "sf_every"
        elif acc[0].mean() > acc[1].mean():
            key = "sf_mean"
        else:
            key = "sf_none"
        self.shows("verdict", key)
        self.say(key)
        text = label(TEXT[key], style.LABEL_SIZE, style.YELLOW)
        panel = BackgroundRectangle(text, color=style.BG, fill_opacity=0.92, buff=0.2)
        frame = SurroundingRectangle(text, color=style.YELLOW, buff=0.2, stroke_width=2)
        whole = VGroup(panel, frame, text).move_to([-4.0, -2.75, 0])
        self.play(FadeIn(whole), run_time=0.8)
        k = acc.shape[1]
        dots = [VGroup(*self.bars[i][2:2 + k]) for i in range(2)]
        if key == "sf_every":
            self.wait_until("seeds")  # the shared network's seeds, all above the others'
            self.play(Indicate(dots[0], color=style.ORANGE), run_time=0.8)
            self.wait_until("lower")  # learned from all classes ...
            self.play(LaggedStart(*(Indicate(c[0], color=style.ORANGE, scale_factor=1.05)
                                    for c in self.cells[:3]), lag_ratio=0.2), run_time=1.0)
            self.wait_until("reused")  # ... and the rare class reused them
            self.play(Indicate(self.cells[3][0], color=style.YELLOW), run_time=0.8)
        elif key == "sf_mean":
            self.wait_until("overlap")
            self.play(Indicate(dots[0], color=style.ORANGE), Indicate(dots[1], color=style.SKY),
                      run_time=0.8)
        self.hold(1.0)


class DeepVersusWide(LectureScene):
    """Equal parameter budgets, one to four hidden layers: test accuracies over seeds."""

    title = "Deep versus wide"
    TEXT = TEXT

    COL_X = (-4.2, -1.3, 1.6, 4.5)
    ARCH_BASE = 0.75  # y of the input bars; the labels go below them
    CHART = (-3.35, -0.95)  # y of 50 % and 100 %

    def construct(self) -> None:
        self.r = deep_wide()
        self.question()
        self.architectures()
        self.results()
        self.verdict()

    def _arch_name(self, i: int) -> str:
        r = self.r
        w = [int(r["input_dim"])] + [int(r["width"][i])] * int(r["depth"][i])
        return arch([*w, int(r["n_outputs"])])

    def question(self) -> None:
        r = self.r
        n = self.shows("n_points", int(r["n"]))
        self.say("ask", n=n)
        self.heading = label(TEXT["heading"], style.TITLE_SIZE).to_edge(UP, buff=0.25)
        q = label(TEXT["question"], style.LABEL_SIZE, style.MUTED)
        q.next_to(self.heading, DOWN, buff=0.15)
        x, y = r["x"], r["y"]
        lo, hi = x.min(axis=0), x.max(axis=0)
        scale = 3.6 / float((hi - lo).max())
        pts = (x - (lo + hi) / 2) * scale + np.array([0, -0.6])
        cloud = PointCloud(pts, colors=[style.class_color(k) for k in y],
                           markers=[("dot", "cross")[k] for k in y], radius=0.035)
        task = label(TEXT.format("task", noise=float(r["noise"]), n=n), style.SMALL_SIZE,
                     style.MUTED).next_to(cloud, DOWN, buff=0.2)
        self.wait_until("question")
        self.play(Write(q), run_time=2.5)
        self.wait_until("slogan")
        self.play(FadeIn(self.heading, shift=DOWN * 0.2), run_time=0.8)
        self.wait_until("spiral")
        self.play(FadeIn(cloud, scale=0.85), run_time=1.2)
        self.wait_until("points")
        self.play(Write(task), run_time=2.0)
        self.hold()
        self.play(FadeOut(cloud, task, q), run_time=0.6)

    def architectures(self) -> None:
        r = self.r
        widths = self.shows("widths", r["width"].tolist())
        params = self.shows("n_params", r["n_params"].tolist())
        self.say("archs", budget=int(r["budget"]), w0=widths[0])
        self.archs = VGroup()
        for i, x in enumerate(self.COL_X):
            shape = [int(r["input_dim"])] + [widths[i]] * int(r["depth"][i]) + [
                int(r["n_outputs"])]
            drawing = ArchitectureDrawing(shape)
            drawing.move_to([x, 0, 0]).align_to([0, self.ARCH_BASE, 0], DOWN)
            name = label(self._arch_name(i), style.LABEL_SIZE)
            p = label(TEXT.format("arch_params", p=params[i]), style.SMALL_SIZE, style.MUTED)
            below = VGroup(name, p).arrange(DOWN, buff=0.06)
            below.move_to([x, self.ARCH_BASE - 0.45, 0])
            self.archs.add(VGroup(drawing, below))
        # The budget first (every network's parameter count), then each drawing as named.
        self.play(LaggedStart(*(Write(a[1]) for a in self.archs), lag_ratio=0.2),
                  run_time=1.5)
        self.wait_until("one")
        self.play(FadeIn(self.archs[0][0], shift=UP * 0.2), run_time=0.8)
        self.wait_until("then")
        self.play(LaggedStart(*(FadeIn(a[0], shift=UP * 0.2) for a in self.archs[1:]),
                              lag_ratio=0.4), run_time=1.8)
        self.wait_until("bar")
        self.play(LaggedStart(*(Indicate(a[0].bars[1:-1], color=style.YELLOW, scale_factor=1.1)
                                for a in self.archs), lag_ratio=0.3), run_time=1.6)
        self.hold()

    def _y(self, acc: float) -> float:
        lo, hi = self.CHART
        return lo + (acc - 0.5) / 0.5 * (hi - lo)

    def results(self) -> None:
        r = self.r
        mean = self.shows("test_mean", r["test_mean"].tolist())
        mn = self.shows("test_min", r["test_min"].tolist())
        mx = self.shows("test_max", r["test_max"].tolist())
        acc = self.shows("test_accuracy", r["test_accuracy"].copy())
        k = acc.shape[1]
        # Each network's result is a mark of its own: its value is written as it is said.
        summary = ", ".join(f"<bookmark mark='arch{i}'/>{self._arch_name(i)} {pct(m)}"
                            for i, m in enumerate(mean))
        self.say("results", k=k, epochs=int(r["epochs"]), summary=summary)
        lo, hi = self.CHART
        x0, x1 = self.COL_X[0] - 1.2, self.COL_X[-1] + 1.3
        axis = Line([x0, lo, 0], [x0, hi, 0], color=style.MUTED, stroke_width=2)
        base = Line([x0, lo, 0], [x1, lo, 0], color=style.MUTED, stroke_width=2)
        ticks = VGroup()
        for v in (0.5, 0.75, 1.0):
            ticks.add(Line([x0 - 0.08, self._y(v), 0], [x0, self._y(v), 0], color=style.MUTED))
            ticks.add(label(f"{round(100 * v)} %", style.SMALL_SIZE, style.MUTED).next_to(
                [x0 - 0.08, self._y(v), 0], LEFT, buff=0.08))
            if v > 0.5:
                ticks.add(DashedLine([x0, self._y(v), 0], [x1, self._y(v), 0],
                                     color=style.GRID, stroke_width=1))
        name = label(TEXT["axis"], style.SMALL_SIZE, style.MUTED).rotate(PI / 2)
        name.next_to(ticks, LEFT, buff=0.1)
        legend = label(TEXT.format("legend", k=k), style.SMALL_SIZE, style.MUTED)
        legend.move_to([(x0 + x1) / 2, lo - 0.3, 0])
        self.play(Create(axis), Create(base), FadeIn(ticks, name), run_time=0.8)
        self.wait_until("seeds")
        self.play(Write(legend), run_time=1.5)
        bars, whiskers, dots, values = VGroup(), VGroup(), VGroup(), VGroup()
        for i, x in enumerate(self.COL_X):
            bars.add(Rectangle(width=0.9, height=self._y(mean[i]) - lo, stroke_width=0,
                               fill_color=style.SKY, fill_opacity=0.75)
                     .move_to([x, (lo + self._y(mean[i])) / 2, 0]))
            whiskers.add(VGroup(
                Line([x, self._y(mn[i]), 0], [x, self._y(mx[i]), 0], color=style.FG,
                     stroke_width=3),
                Line([x - 0.15, self._y(mn[i]), 0], [x + 0.15, self._y(mn[i]), 0],
                     color=style.FG, stroke_width=3),
                Line([x - 0.15, self._y(mx[i]), 0], [x + 0.15, self._y(mx[i]), 0],
                     color=style.FG, stroke_width=3)))
            offs = np.linspace(-0.28, 0.28, k) if k > 1 else np.zeros(1)
            for j in range(k):
                dots.add(Dot([x + offs[j], self._y(acc[i, j]), 0], radius=0.05,
                             color=style.ORANGE))
            values.add(label(pct(mean[i]), style.SMALL_SIZE).next_to(
                [x + 0.45, self._y(mean[i]), 0], RIGHT, buff=0.08))
        self.wait_until("bars")
        self.play(LaggedStart(*(GrowFromEdge(b, DOWN) for b in bars), lag_ratio=0.2),
                  run_time=1.6)
        self.wait_until("whiskers")
        self.play(Create(whiskers), FadeIn(dots), run_time=1.0)
        for i, v in enumerate(values):
            self.wait_until(f"arch{i}")
            # Short enough for the next name to come; the last may take its time.
            self.play(FadeIn(v, scale=1.5), Indicate(self.archs[i][1][0], color=style.YELLOW),
                      run_time=1.1 if i < len(values) - 1 else 2.0)
        self.values = values
        self.hold()

    def verdict(self) -> None:
        mean = np.asarray(self.displayed["test_mean"])
        wide_best = bool(mean[0] >= mean[1:].max())
        self.shows("wide_did_as_well_or_better", wide_best)
        self.say("verdict_wide" if wide_best else "verdict_deep")
        if wide_best:
            text = TEXT["verdict_wide"]
        else:
            i = int(np.argmax(mean))
            text = TEXT.format("verdict_deep", arch=self._arch_name(i), acc=pct(mean[i]))
        verdict = label(text, style.LABEL_SIZE, style.YELLOW)
        pub = label(TEXT["published"], style.SMALL_SIZE, style.FG)
        box = VGroup(verdict, pub).arrange(DOWN, buff=0.3)
        panel = BackgroundRectangle(box, color=style.BG, fill_opacity=0.92, buff=0.25)
        frame = SurroundingRectangle(box, color=style.YELLOW, buff=0.25, stroke_width=2)
        VGroup(panel, frame, box).move_to([0, 1.95, 0])
        # The drawings make way; the names stay under the verdict, above their bars.
        self.play(FadeOut(VGroup(*(a[0] for a in self.archs))), run_time=0.5)
        self.play(FadeIn(VGroup(panel, frame, verdict)), run_time=0.8)
        if wide_best:
            self.wait_until("one")
            self.play(Indicate(self.archs[0][1][0], color=style.YELLOW),
                      Indicate(self.values[0], color=style.YELLOW), run_time=0.8)
        self.wait_until("published")  # written as it is read
        self.play(Write(pub), run_time=6.0)
        self.wait_until("bigger")  # than these four
        self.play(LaggedStart(*(Indicate(a[1][0], color=style.YELLOW) for a in self.archs),
                              lag_ratio=0.25), run_time=1.2)
        self.hold(1.0)


class LearnedFeatures(LectureScene):
    """Layer-1 weight images, which of them fire for one real digit, and the output."""

    title = "Learned features"
    TEXT = TEXT

    TILE, STEP_X, STEP_Y = 0.78, 1.02, 1.2
    GRID_AT = np.array([-1.3, -0.25, 0.0])
    CLIP_QUANTILE = 0.98  # |w| at or above this quantile of |W0| is drawn at full colour

    def construct(self) -> None:
        self.f = learned_features()
        self.features()
        self.fire()
        self.output()
        self.honest()

    def _tile_at(self, j: int) -> np.ndarray:
        r, c = divmod(j, 4)
        return self.GRID_AT + np.array([(c - 1.5) * self.STEP_X, (1.5 - r) * self.STEP_Y, 0])

    def features(self) -> None:
        self.say("features")
        f = self.f
        feats = self.shows("features", f["features"].copy())
        w_max = float(np.abs(feats).max())
        w_clip = self.shows("w_clip", float(np.quantile(np.abs(feats), self.CLIP_QUANTILE)))
        self.heading = label(TEXT["feat_title"], style.CAPTION_SIZE).to_edge(UP, buff=0.25)
        head = label(TEXT["feat_head"], style.SMALL_SIZE, style.MUTED)
        head.next_to(self.heading, DOWN, buff=0.12)
        self.tiles = VGroup(*(PixelImage.signed(feats[j], w_clip, self.TILE).move_to(
            self._tile_at(j)) for j in range(len(feats))))
        self.shows("tile_levels", [t.levels.copy() for t in self.tiles])
        legend = VGroup(
            label(TEXT["pos"], style.SMALL_SIZE, style.POSITIVE),
            label(TEXT["neg"], style.SMALL_SIZE, style.NEGATIVE),
            label(TEXT.format("scale", w=f"{w_clip:.2f}", wmax=f"{w_max:.2f}"),
                  style.SMALL_SIZE, style.MUTED),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.12).to_corner(DR, buff=0.3)
        self.legend = legend
        self.add(self.heading)
        self.play(Write(head), run_time=1.5)
        self.wait_until("weights")  # one unit's 64 weights ...
        self.play(FadeIn(self.tiles[0], scale=1.4), run_time=0.8)
        self.wait_until("image")  # ... and every unit's
        self.play(LaggedStart(*(FadeIn(t) for t in self.tiles[1:]), lag_ratio=0.08),
                  run_time=2.0)
        self.wait_until("blue")
        self.play(Write(legend[0]), run_time=1.0)
        self.wait_until("red")
        self.play(Write(legend[1]), Write(legend[2]), run_time=1.2)
        self.head = head
        self.hold()

    def fire(self) -> None:
        f = self.f
        lab = self.shows("label", int(f["label"]))
        self.say("fire", label=lab)
        image = PixelImage.grey(f["image"], 2.0).move_to([-5.4, 0.3, 0])
        cap = label(TEXT.format("input", label=lab), style.SMALL_SIZE, style.MUTED)
        cap.next_to(image, DOWN, buff=0.15)
        a1 = self.shows("a1", f["a1"].copy())
        self.shows("z1", f["z1"].copy())
        vals = VGroup()
        for j, t in enumerate(self.tiles):
            n = Neuron(0.09, activation=float(a1[j]), stroke_width=1)
            v = label(num(a1[j]), 15, style.POSITIVE if a1[j] >= 0 else style.NEGATIVE)
            vals.add(VGroup(n, v).arrange(RIGHT, buff=0.06).next_to(t, DOWN, buff=0.05))
        top = self.shows("top_units", [int(j) for j in np.argsort(-a1)[:3]])
        frames = VGroup(*(SurroundingRectangle(self.tiles[j], color=style.YELLOW, buff=0.04,
                                               stroke_width=3) for j in top))
        arrow = Arrow(image.get_right(), self.tiles.get_left(), buff=0.2, color=style.FG,
                      stroke_width=3)
        self.play(FadeIn(image), FadeIn(cap), run_time=0.8)
        self.wait_until("tanh")
        self.play(GrowArrow(arrow), run_time=0.6)
        self.wait_until("fire")  # each unit's activation as a neuron's brightness ...
        self.play(LaggedStart(*(GrowFromCenter(v[0]) for v in vals), lag_ratio=0.05),
                  run_time=1.2)
        self.wait_until("value")  # ... and as a number
        self.play(LaggedStart(*(Write(v[1]) for v in vals), lag_ratio=0.05), run_time=1.5)
        self.wait_until("three")
        self.play(Create(frames), run_time=0.8)
        self.input_group = VGroup(image, cap, arrow)
        self.vals, self.frames = vals, frames
        self.hold()

    def output(self) -> None:
        f = self.f
        a2 = self.shows("a2", f["a2"].copy())
        probs = self.shows("probs", f["probs"].copy())
        pred = self.shows("prediction", int(f["prediction"]))
        self.say("outputs", pred=pred, p=pct(probs[pred]))
        net = NetworkDiagram((16, 16, 10), weights=[f["W1"], f["W2"]],
                             activations=[f["a1"], a2, probs], layer_spacing=1.5,
                             neuron_spacing=0.33, neuron_radius=0.12, min_width=0.3,
                             max_width=2.5)
        net.move_to([3.55, -0.35, 0])
        # 416 real weights: lighter, so the neurons stay readable.
        net.edges.set_stroke(opacity=0.5)
        names = VGroup(*(label(s, style.SMALL_SIZE, style.MUTED).next_to(layer, UP, buff=0.15)
                         for s, layer in zip(
                             [TEXT.format("layer", k=1), TEXT.format("layer", k=2),
                              TEXT["output"]], net.layers, strict=True)))
        digits = VGroup()
        for d, n in enumerate(net.layers[2]):
            colour = style.YELLOW if d == pred else style.FG
            digits.add(VGroup(label(str(d), style.SMALL_SIZE, colour),
                              label(pct(probs[d]), 14, colour)).arrange(RIGHT, buff=0.12)
                       .next_to(n, RIGHT, buff=0.18))  # clear of the ring
        link = Arrow(self.tiles.get_right(), net.layers[0].get_left(), buff=0.15,
                     color=style.FG, stroke_width=3)
        self.play(FadeOut(self.legend), GrowArrow(link), FadeIn(net.layers[0]),
                  FadeIn(names[0]), run_time=0.7)
        self.play(FadeIn(net.edges), FadeIn(net.layers[1]), FadeIn(names[1]), run_time=0.8)
        self.wait_until("output")
        self.play(FadeIn(net.layers[2]), FadeIn(names[2]), run_time=0.8)
        self.wait_until("softmax")
        self.play(LaggedStart(*(Write(d) for d in digits), lag_ratio=0.1), run_time=1.2)
        ring = Circle(0.2, color=style.YELLOW, stroke_width=3).move_to(net.layers[2][pred])
        self.wait_until("says")
        self.play(Create(ring), Indicate(net.layers[2][pred], color=style.YELLOW,
                                         scale_factor=1.6), run_time=0.8)
        self.wait_until("prob")
        self.play(Indicate(digits[pred], color=style.YELLOW, scale_factor=1.6), run_time=1.2)
        self.net_group = VGroup(net, names, digits, link, ring)
        self.hold()

    def honest(self) -> None:
        f = self.f
        acc = self.shows("test_accuracy", float(f["test_accuracy"]))
        n_test = self.shows("n_test", int(f["n_test"]))
        self.say("honest", acc=pct(acc))
        # The summary takes the place of the layer-1 heading, above the whole flow: at
        # the bottom it ran into the layer-1 column.
        arrow = label(TEXT["arrow"], style.LABEL_SIZE, style.YELLOW).move_to(self.head)
        # The note's first line is the small network's caveat, its second the accuracy.
        note = VGroup(*(label(line, style.SMALL_SIZE, style.FG) for line in
                        TEXT.format("honest", n=n_test, acc=pct(acc)).split("\n")))
        note.arrange(DOWN, buff=0.1).to_edge(DOWN, buff=0.2)
        self.summary = VGroup(arrow, note)
        # Pixels (the input), then features (the tiles), then digits (the outputs).
        self.play(FadeOut(self.head), FadeIn(arrow),
                  ScaleInPlace(self.input_group[0], 1.15, rate_func=there_and_back), run_time=0.4)
        self.wait_until("features")
        self.play(Circumscribe(self.tiles, color=style.YELLOW), run_time=0.7)
        self.wait_until("digits")
        self.play(Indicate(self.net_group[2], color=style.YELLOW), run_time=0.8)
        self.wait_until("small")
        self.play(FadeIn(note[0]), run_time=0.6)
        self.wait_until("blotchy")  # the three that fired most, up close
        top = self.displayed["top_units"]
        self.play(LaggedStart(*(ScaleInPlace(self.tiles[j], 1.35, rate_func=there_and_back)
                                for j in top), lag_ratio=0.3), run_time=1.5)
        self.wait_until("still")
        self.play(Write(note[1]), run_time=2.5)
        self.hold(1.0)
