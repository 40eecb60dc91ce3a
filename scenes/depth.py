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

from engine.artefacts.depth import deep_wide, learned_features
from scenes.common import style
from scenes.common.base import LectureScene
from scenes.common.diagram import NetworkDiagram, Neuron
from scenes.common.i18n import Catalogue
from scenes.common.mobjects import PixelImage, PointCloud
from scenes.common.text import label, num, pct

__all__ = ["DeepVersusWide", "LearnedFeatures", "ArchitectureDrawing", "TEXT"]

TEXT = Catalogue(
    en={
        "title.DeepVersusWide": "Deep versus wide",
        "title.LearnedFeatures": "Learned features",
        "title": "Tall, not fat?",
        "question": "same number of parameters: one wide layer, or several narrow ones?",
        "ask.name": "The question",
        "ask.say": "Is a deep network better than a wide one of the same size? The "
                   "article's slogan is: tall, not fat. Here is a real test on a noisy "
                   "spiral, {n} points, half for training and half for testing.",
        "task": "the task: spiral, noise {noise}, {n} points",
        "arch_params": "{p} parameters",
        "archs.name": "Four shapes",
        "archs.say": "Four networks with about {budget} weights and biases each: one hidden "
                     "layer of {w0}, then two, three and four narrower layers. Each bar's "
                     "length is its layer's number of neurons, to scale.",
        "axis": "test accuracy",
        "chance": "50 % = guessing",
        "legend": "bar: mean of {k} seeds · whisker: min–max · dots: each seed",
        "results.name": "Results",
        "results.say": "Each was trained {k} times, with different seeds, for {epochs} "
                       "epochs with Adam. Bars show the mean test accuracy, whiskers the "
                       "lowest and highest seed: {summary}.",
        "verdict_wide": "Here, at this size, depth did not help:\nthe one-layer net did as "
                        "well or better.",
        "verdict_deep": "Here a deeper net scored best:\n{arch} with {acc} mean test "
                        "accuracy.",
        "published": "The published result that deep beats wide is for large speech-\n"
                     "recognition networks (Seide, Li & Yu, Interspeech 2011), far bigger "
                     "than these.",
        "verdict_wide.name": "Verdict",
        "verdict_wide.say": "Here, at this size, depth did not help: the one-layer network did "
                            "as well or better. The published result that deep beats wide is "
                            "for large speech-recognition networks, by Seide, Li and Yu at "
                            "Interspeech 2011, far bigger than these.",
        "verdict_deep.name": "Verdict",
        "verdict_deep.say": "Here a deeper network scored best. The published result that deep "
                            "beats wide is for large speech-recognition networks, by Seide, Li "
                            "and Yu at Interspeech 2011, far bigger than these.",
        "feat_title": "What the layers of a trained network compute",
        "feat_head": "layer 1: 16 units, each one's 64 weights as an 8 × 8 image",
        "pos": "blue: ink here pushes the unit up",
        "neg": "red: ink here pushes it down",
        "scale": "full colour: |w| ≥ {w} (largest |w| {wmax})",
        "features.name": "What layer 1 looks for",
        "features.say": "Each unit of the first layer of the digits network has 64 weights, "
                        "one per pixel. Drawn as an 8 by 8 image they show what the unit looks "
                        "for: ink on blue pixels pushes it up, ink on red pixels pushes it down.",
        "input": "a test image (label {label})",
        "fire.name": "Which units fire",
        "fire.say": "Feed in one real test image, a {label}. Each unit computes tanh of its "
                    "weighted sum: units whose pattern matches the ink fire. The value under "
                    "each image is its activation; the three strongest are framed.",
        "layer": "layer {k}",
        "output": "output",
        "prob": "{p}",
        "outputs.name": "Layer 2 and the output",
        "outputs.say": "Layer 2 combines those features, and the output layer turns them into "
                       "ten scores, made into probabilities by softmax. The network says "
                       "{pred}, with probability {p}.",
        "arrow": "pixels → features → digits",
        "honest": "In a network this small the first-layer images look like blotchy "
                  "templates,\nnot clean strokes. Test accuracy on {n} unseen images: {acc}.",
        "honest.name": "Pixels, features, digits",
        "honest.say": "Pixels, then features, then digits: that is the idea of layers. In a "
                      "network this small, the first-layer images look like blotchy templates "
                      "rather than clean strokes. Still, it gets {acc} of the unseen test "
                      "images right.",
    },
    zh={
        "title.DeepVersusWide": "深与宽",
        "title.LearnedFeatures": "学到的特征",
        "title": "要高，不要胖？",
        "question": "参数一样多：一个宽的层，还是几个窄的层？",
        "ask.name": "问题",
        "ask.say": "同样大小的网络，深的比宽的好吗？文章的口号是：要高，不要胖。"
                   "这里在一个带噪声的螺旋数据上做个真实的测试：{n} 个点，"
                   "一半训练，一半测试。",
        "task": "任务：螺旋，噪声 {noise}，{n} 个点",
        "arch_params": "{p} 个参数",
        "archs.name": "四种形状",
        "archs.say": "四个网络，每个大约 {budget} 个权重和偏置：一个有 {w0} 个神经元的隐藏层，"
                     "然后是两层、三层和四层更窄的网络。每根横条的长度就是该层的神经元个数，按比例画出。",
        "axis": "测试准确率",
        "chance": "50 % = 瞎猜",
        "legend": "柱：{k} 个种子的平均 · 须线：最小–最大 · 圆点：每个种子",
        "results.name": "结果",
        "results.say": "每个网络用不同的随机种子训练 {k} 次，每次用 Adam 训练 {epochs} 轮。"
                       "柱子是平均测试准确率，须线是最低和最高的种子：{summary}。",
        "verdict_wide": "在这里、这个规模下，深度没有帮上忙：\n单层网络一样好，甚至更好。",
        "verdict_deep": "在这里更深的网络得分最高：\n{arch}，平均测试准确率 {acc}。",
        "published": "深胜于宽这一已发表的结论来自大型语音识别网络\n"
                     "（Seide、Li 与 Yu，Interspeech 2011），比这些网络大得多。",
        "verdict_wide.name": "结论",
        "verdict_wide.say": "在这里、这个规模下，深度没有帮上忙：单层网络一样好，甚至更好。"
                            "深胜于宽这一已发表的结论来自大型语音识别网络，即 Seide、Li 与 Yu "
                            "在 Interspeech 2011 上的工作，那些网络比这里的大得多。",
        "verdict_deep.name": "结论",
        "verdict_deep.say": "在这里更深的网络得分最高。深胜于宽这一已发表的结论来自大型"
                            "语音识别网络，即 Seide、Li 与 Yu 在 Interspeech 2011 上的工作，"
                            "那些网络比这里的大得多。",
        "feat_title": "训练好的网络各层在计算什么",
        "feat_head": "第 1 层：16 个单元，每个单元的 64 个权重画成 8 × 8 图像",
        "pos": "蓝色：这里有墨迹会让单元变大",
        "neg": "红色：这里有墨迹会让单元变小",
        "scale": "颜色最深：|w| ≥ {w}（最大 |w| 为 {wmax}）",
        "features.name": "第 1 层在找什么",
        "features.say": "数字网络第一层的每个单元有 64 个权重，每个像素一个。"
                        "把它们画成 8 × 8 的图像，就能看出这个单元在找什么："
                        "蓝色像素上的墨迹让它变大，红色像素上的墨迹让它变小。",
        "input": "一张测试图片（标签 {label}）",
        "fire.name": "哪些单元被激活",
        "fire.say": "输入一张真实的测试图片，一个 {label}。每个单元计算加权和的 tanh："
                    "图案与墨迹吻合的单元被激活。每张图下方是它的激活值；最强的三个加了框。",
        "layer": "第 {k} 层",
        "output": "输出",
        "prob": "{p}",
        "outputs.name": "第 2 层与输出",
        "outputs.say": "第 2 层把这些特征组合起来，"
                       "输出层再把它们变成十个分数，经 softmax 变成概率。"
                       "网络的答案是 {pred}，概率 {p}。",
        "arrow": "像素 → 特征 → 数字",
        "honest": "在这么小的网络里，第一层的图像像是斑驳的模板，\n而不是干净的笔画。"
                  "在 {n} 张没见过的图片上的测试准确率：{acc}。",
        "honest.name": "像素、特征、数字",
        "honest.say": "先是像素，再是特征，最后是数字：这就是分层的想法。在这么小的网络里，"
                      "第一层的图像更像斑驳的模板，而不是干净的笔画。尽管如此，它在没见过的测试图片上"
                      "仍有 {acc} 正确。",
    },
)


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
        return "-".join(str(v) for v in [*w, int(r["n_outputs"])])

    def question(self) -> None:
        r = self.r
        n = self.shows("n_points", int(r["n"]))
        self.say("ask", n=n)
        self.heading = label(TEXT["title"], style.TITLE_SIZE).to_edge(UP, buff=0.25)
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
        self.play(FadeIn(self.heading), FadeIn(q), run_time=1.0)
        self.play(FadeIn(cloud), FadeIn(task), run_time=1.0)
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
        for a in self.archs:
            self.play(FadeIn(a[0], shift=UP * 0.2), FadeIn(a[1]), run_time=0.8)
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
        summary = ", ".join(f"{self._arch_name(i)} {pct(m)}" for i, m in enumerate(mean))
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
        self.play(Create(axis), Create(base), FadeIn(ticks, name, legend), run_time=0.8)
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
        self.play(LaggedStart(*(GrowFromEdge(b, DOWN) for b in bars), lag_ratio=0.2),
                  run_time=1.6)
        self.play(Create(whiskers), FadeIn(dots), FadeIn(values), run_time=1.0)
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
        whole = VGroup(panel, frame, box).move_to([0, 1.95, 0])
        # The drawings make way; the names stay under the verdict, above their bars.
        self.play(FadeOut(VGroup(*(a[0] for a in self.archs))), run_time=0.5)
        self.play(FadeIn(whole), run_time=1.0)
        self.hold(2.0)


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
        self.play(FadeIn(head), run_time=0.6)
        self.play(LaggedStart(*(FadeIn(t) for t in self.tiles), lag_ratio=0.08), run_time=2.0)
        self.play(FadeIn(legend), run_time=0.6)
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
        self.play(GrowArrow(arrow), run_time=0.6)
        self.play(LaggedStart(*(FadeIn(v) for v in vals), lag_ratio=0.05), run_time=1.5)
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
        self.play(FadeOut(self.legend), run_time=0.4)
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
        self.play(GrowArrow(link), FadeIn(net.layers[0]), FadeIn(names[0]), run_time=0.8)
        self.play(FadeIn(net.edges), FadeIn(net.layers[1]), FadeIn(names[1]), run_time=1.0)
        self.play(FadeIn(net.layers[2]), FadeIn(names[2]), FadeIn(digits), run_time=1.0)
        ring = Circle(0.2, color=style.YELLOW, stroke_width=3).move_to(net.layers[2][pred])
        self.play(Create(ring), run_time=0.6)
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
        note = label(TEXT.format("honest", n=n_test, acc=pct(acc)), style.SMALL_SIZE, style.FG)
        note.to_edge(DOWN, buff=0.2)
        self.summary = VGroup(arrow, note)
        self.play(FadeOut(self.head), run_time=0.3)
        self.play(FadeIn(self.summary), run_time=0.8)
        self.hold(2.0)
