"""The lecture's opening: machine learning is the search for a function f.

* :class:`FindTheFunction`: a function f should map an image of a handwritten
  digit to the digit. Candidates f1 … f4 — one real network at four moments of
  its training (untrained, after 5, 20 and 150 epochs) — guess the digits of
  ten training images and get their real score over all training images; the
  best is kept, then tested on 48 images it never saw, with the real test
  accuracy beside its training accuracy.

Render: ``manim render -ql scenes/intro.py FindTheFunction``
(``DEEPWARP_LANG=zh`` for Chinese).
"""

from __future__ import annotations

import numpy as np
from manim import *

from engine.artefacts.intro import find_the_function
from scenes.common import style
from scenes.common.base import LectureScene
from scenes.common.i18n import Catalogue
from scenes.common.mobjects import PixelImage
from scenes.common.text import label, pct

__all__ = ["FindTheFunction", "TEXT"]

TEXT = Catalogue(
    en={
        "title.FindTheFunction": "Finding a function",
        "title": "Machine learning = finding a function f",
        "idea_caption": "f takes 64 pixel values and must return the digit",
        "idea.name": "The idea",
        "idea.say": "Machine learning means finding a function f. Here f takes an image of a "
                    "handwritten digit, 64 pixel values, and must return which digit it is.",
        "train_head": "{n} of the {total} training images, with their labels",
        "label_word": "label",
        "untrained": "untrained",
        "after": "after {e} epochs",
        "score_head": "score",
        "score_note": "score = share of all {total} training images guessed right",
        "candidates.name": "Candidates",
        "candidates.say": "Candidate functions f1, f2, f3 and f4 each guess the digit in every "
                          "training image. A tick is a right guess, a cross a wrong one. Each "
                          "candidate's score is the share of all {total} training images it "
                          "gets right: {scores}.",
        "kept": "best score: kept",
        "same_net": "f1 … f4: one 64-16-16-10 network at four moments of its training",
        "keep.name": "Keep the best",
        "keep.say": "The candidate with the best score, f{best}, is kept. The four candidates "
                    "are one network at four moments of its training: training is the search "
                    "for f.",
        "test_head": "f{best} on {n} of the {total} test images it has never seen",
        "wrong": "number under each image: f{best}'s guess; red frame: a wrong guess",
        "train_acc": "training accuracy {acc}",
        "test_acc": "test accuracy {acc}",
        "test.name": "Testing",
        "test.say": "A good score on the training images is not the goal. The kept function "
                    "now meets {total} images it has never seen and gets {test} of them right, "
                    "a little less than its {train} on the training images. Testing tells us "
                    "whether f has learned digits or only memorised its examples.",
    },
    zh={
        "title.FindTheFunction": "寻找一个函数",
        "title": "机器学习 = 寻找一个函数 f",
        "idea_caption": "f 输入 64 个像素值，输出这是哪个数字",
        "idea.name": "思路",
        "idea.say": "机器学习就是寻找一个函数 f。这里 f 的输入是一张手写数字图片，共 64 个像素值，"
                    "它要输出图中是哪个数字。",
        "train_head": "{total} 张训练图片中的 {n} 张及其标签",
        "label_word": "标签",
        "untrained": "未训练",
        "after": "训练 {e} 轮后",
        "score_head": "得分",
        "score_note": "得分 = 全部 {total} 张训练图片中猜对的比例",
        "candidates.name": "候选函数",
        "candidates.say": "候选函数 f1、f2、f3、f4 各自猜每张训练图片中的数字。勾表示猜对，"
                          "叉表示猜错。每个候选的得分是它在全部 {total} 张训练图片上猜对的比例："
                          "{scores}。",
        "kept": "得分最高：保留",
        "same_net": "f1 … f4：同一个 64-16-16-10 网络在训练中的四个时刻",
        "keep.name": "保留最好的",
        "keep.say": "得分最高的候选 f{best} 被保留下来。这四个候选其实是同一个网络在训练中的四个"
                    "时刻：训练就是在寻找 f。",
        "test_head": "f{best} 在 {total} 张从未见过的测试图片中的 {n} 张上",
        "wrong": "图片下方数字：f{best} 的猜测；红框：猜错",
        "train_acc": "训练准确率 {acc}",
        "test_acc": "测试准确率 {acc}",
        "test.name": "测试",
        "test.say": "在训练图片上得分高并不是目的。保留下来的函数现在面对 {total} 张从未见过的"
                    "图片，猜对了 {test}，比它在训练图片上的 {train} 略低。测试告诉我们 f 是真的"
                    "学会了认数字，还是只记住了例子。",
    },
)

CHECK, CROSS = "\u2713", "\u2717"  # ✓ ✗: a shape beside the colour, not colour alone


class FindTheFunction(LectureScene):
    """Candidates f1 … f4 guess digits, the best is kept, then tested on unseen images."""

    title = "Finding a function"
    TEXT = TEXT

    IMG = 0.72  # training image size (scene units)
    COL0, COL_STEP = -3.25, 0.9  # x of the first image column, spacing
    IMG_Y = 1.75
    ROW_Y0, ROW_STEP = 0.3, 0.78  # candidate rows
    SCORE_X = 6.1

    def construct(self) -> None:
        self.a = find_the_function()
        self.idea()
        self.candidates()
        self.keep_best()
        self.test()

    def idea(self) -> None:
        self.say("idea")
        a = self.a
        self.heading = label(TEXT["title"], style.CAPTION_SIZE).to_edge(UP, buff=0.3)
        img = PixelImage.grey(a["train_images"][0], 2.0).move_to(LEFT * 3.6 + DOWN * 0.2)
        box = RoundedRectangle(corner_radius=0.15, width=1.6, height=1.2, color=style.ORANGE)
        box.move_to(DOWN * 0.2)
        f = MathTex("f", font_size=64, color=style.ORANGE).move_to(box)
        out = label(str(int(self.shows("idea_label", int(a["train_labels"][0])))), 64)
        out.move_to(RIGHT * 3.4 + DOWN * 0.2)
        a1 = Arrow(img.get_right(), box.get_left(), buff=0.25, color=style.FG)
        a2 = Arrow(box.get_right(), out.get_left(), buff=0.35, color=style.FG)
        caption = label(TEXT["idea_caption"], style.LABEL_SIZE, style.MUTED)
        caption.next_to(box, DOWN, buff=1.4)
        self.play(FadeIn(self.heading), run_time=0.8)
        self.play(FadeIn(img), run_time=0.8)
        self.play(GrowArrow(a1), Create(box), Write(f), run_time=1.0)
        self.play(GrowArrow(a2), FadeIn(out), run_time=0.8)
        self.play(FadeIn(caption), run_time=0.6)
        self.hold()
        self.play(FadeOut(VGroup(img, box, f, out, a1, a2, caption)), run_time=0.6)

    def _col_x(self, i: int) -> float:
        return self.COL0 + i * self.COL_STEP

    def _row_y(self, k: int) -> float:
        return self.ROW_Y0 - k * self.ROW_STEP

    def _candidate_name(self, k: int) -> str:
        e = int(self.a["epochs"][k])
        return TEXT["untrained"] if e == 0 else TEXT.format("after", e=e)

    def candidates(self) -> None:
        a = self.a
        n_train = self.shows("n_train", int(a["n_train"]))
        scores = [self.shows(f"score_f{k + 1}", float(v))
                  for k, v in enumerate(a["train_accuracy"])]
        self.say("candidates", total=n_train,
                 scores=", ".join(f"f{k + 1} {pct(s)}" for k, s in enumerate(scores)))
        imgs = a["train_images"]
        labels = self.shows("train_labels", a["train_labels"].tolist())
        head = label(TEXT.format("train_head", n=len(imgs), total=n_train), style.SMALL_SIZE,
                     style.MUTED)
        head.move_to([self._col_x(len(imgs) - 1) / 2 + self.COL0 / 2, 2.6, 0])
        pics = VGroup(*(PixelImage.grey(im, self.IMG).move_to([self._col_x(i), self.IMG_Y, 0])
                        for i, im in enumerate(imgs)))
        lab_word = label(TEXT["label_word"], style.SMALL_SIZE, style.MUTED)
        lab_word.move_to([-5.25, self.IMG_Y - 0.62, 0])
        labs = VGroup(*(label(str(v), style.LABEL_SIZE).move_to(
            [self._col_x(i), self.IMG_Y - 0.62, 0]) for i, v in enumerate(labels)))
        score_head = label(TEXT["score_head"], style.SMALL_SIZE, style.MUTED)
        score_head.move_to([self.SCORE_X, self.IMG_Y - 0.62, 0])
        rule = Line([-6.9, self.IMG_Y - 0.95, 0], [6.9, self.IMG_Y - 0.95, 0],
                    color=style.GRID, stroke_width=1.5)
        self.play(FadeIn(head), FadeIn(pics, lag_ratio=0.1), run_time=1.2)
        self.play(FadeIn(lab_word, labs, score_head), Create(rule), run_time=0.8)
        note = label(TEXT.format("score_note", total=n_train), style.SMALL_SIZE, style.MUTED)
        note.to_edge(DOWN, buff=0.3)
        self.rows = []
        guesses = a["train_guesses"]
        for k in range(len(a["epochs"])):
            g = self.shows(f"guesses_f{k + 1}", guesses[k].tolist())
            y = self._row_y(k)
            name = VGroup(MathTex(f"f_{k + 1}", font_size=34),
                          label(self._candidate_name(k), style.SMALL_SIZE, style.MUTED))
            name.arrange(RIGHT, buff=0.2).move_to([-5.25, y, 0])
            cells = VGroup()
            for i, (gi, li) in enumerate(zip(g, labels, strict=True)):
                ok = gi == li
                col = style.GREEN if ok else style.VERMILLION
                cell = VGroup(label(str(gi), style.LABEL_SIZE, col),
                              label(CHECK if ok else CROSS, style.SMALL_SIZE, col))
                cells.add(cell.arrange(RIGHT, buff=0.06).move_to([self._col_x(i), y, 0]))
            score = label(pct(scores[k]), style.LABEL_SIZE).move_to([self.SCORE_X, y, 0])
            row = VGroup(name, cells, score)
            self.rows.append(row)
            self.play(FadeIn(name), run_time=0.4)
            self.play(LaggedStart(*(FadeIn(c, shift=DOWN * 0.1) for c in cells),
                                  lag_ratio=0.12), run_time=1.2)
            self.play(FadeIn(score, scale=1.3), run_time=0.5)
            if k == 0:
                self.play(FadeIn(note), run_time=0.5)
        self.train_part = VGroup(head, pics, lab_word, labs, score_head, rule, note)
        self.hold()

    def keep_best(self) -> None:
        a = self.a
        best = self.shows("best", int(a["best"]))
        self.say("keep", best=best + 1)
        row = self.rows[best]
        box = SurroundingRectangle(row, color=style.YELLOW, buff=0.08, stroke_width=3)
        kept = label(TEXT["kept"], style.SMALL_SIZE, style.YELLOW)
        kept.next_to(box, DOWN, buff=0.08).align_to(box, RIGHT)
        same = label(TEXT["same_net"], style.SMALL_SIZE, style.FG)
        same.move_to(self.train_part[-1])
        others = VGroup(*(r for k, r in enumerate(self.rows) if k != best))
        self.play(Create(box), FadeIn(kept), run_time=0.8)
        self.play(others.animate.set_opacity(0.35), run_time=0.8)
        self.play(FadeTransform(self.train_part[-1], same), run_time=0.8)
        self.train_part.remove(self.train_part[-1])
        self.train_part.add(same)
        self.kept = VGroup(box, kept)
        self.hold()

    def test(self) -> None:
        a = self.a
        best = int(a["best"])
        n_test = self.shows("n_test", int(a["n_test"]))
        train_acc = self.shows("train_accuracy", float(a["train_accuracy"][best]))
        test_acc = self.shows("test_accuracy", float(a["test_accuracy"][best]))
        self.say("test", total=n_test, test=pct(test_acc), train=pct(train_acc))
        imgs, labels = a["test_images"], a["test_labels"]
        guesses = self.shows("test_guesses", a["test_guesses"][best].tolist())
        self.shows("test_labels", labels.tolist())
        self.play(FadeOut(self.train_part), FadeOut(VGroup(*self.rows)), FadeOut(self.kept),
                  run_time=0.8)
        head = label(TEXT.format("test_head", best=best + 1, n=len(imgs), total=n_test),
                     style.LABEL_SIZE)
        head.next_to(self.heading, DOWN, buff=0.3)
        per_row, size, step_x, step_y = 12, 0.62, 0.98, 1.08
        cells = VGroup()
        wrong = []
        for i, (im, gi, li) in enumerate(zip(imgs, guesses, labels, strict=True)):
            r, c = divmod(i, per_row)
            at = np.array([(c - (per_row - 1) / 2) * step_x, 1.55 - r * step_y, 0])
            pic = PixelImage.grey(im, size).move_to(at)
            ok = gi == li
            col = style.FG if ok else style.VERMILLION
            guess = label(str(gi) + ("" if ok else " " + CROSS), style.SMALL_SIZE, col)
            guess.next_to(pic, DOWN, buff=0.05)
            cell = VGroup(pic, guess)
            if not ok:
                pic.frame.set_stroke(style.VERMILLION, width=4)
                wrong.append(i)
            cells.add(cell)
        self.shows("test_wrong_shown", wrong)
        legend = label(TEXT.format("wrong", best=best + 1), style.SMALL_SIZE, style.MUTED)
        legend.next_to(cells, DOWN, buff=0.25).align_to(cells, RIGHT)
        accs = VGroup(
            label(TEXT.format("train_acc", acc=pct(train_acc)), style.CAPTION_SIZE, style.MUTED),
            label(TEXT.format("test_acc", acc=pct(test_acc)), style.CAPTION_SIZE, style.YELLOW),
        ).arrange(RIGHT, buff=1.0).to_edge(DOWN, buff=0.35)
        self.play(FadeIn(head), run_time=0.6)
        self.play(LaggedStart(*(FadeIn(c) for c in cells), lag_ratio=0.03), run_time=2.0)
        self.play(FadeIn(legend), run_time=0.5)
        self.play(FadeIn(accs[0]), run_time=0.6)
        self.play(FadeIn(accs[1], scale=1.2), run_time=0.8)
        self.hold(2.0)
