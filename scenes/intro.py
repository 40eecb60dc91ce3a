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

TEXT = Catalogue.of(__file__)

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
        self.heading = label(TEXT["heading"], style.CAPTION_SIZE).to_edge(UP, buff=0.3)
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
        self.play(Create(box), Write(f), run_time=0.8)  # "finding a function f"
        self.wait_until("image")
        self.play(FadeIn(img, shift=RIGHT * 0.3), GrowArrow(a1), run_time=0.9)
        self.wait_until("pixels")
        self.play(Circumscribe(img, color=style.ORANGE, buff=0.05), FadeIn(caption),
                  run_time=1.0)
        self.wait_until("digit")
        self.play(GrowArrow(a2), FadeIn(out, shift=RIGHT * 0.3), run_time=0.9)
        self.hold(0.3)
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
        imgs = a["train_images"]
        self.say("candidates", total=n_train, n=len(imgs),
                 **{f"s{k + 1}": f"f{k + 1} {pct(s)}" for k, s in enumerate(scores)})
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
        self.play(FadeIn(lab_word), LaggedStart(*(FadeIn(x, shift=DOWN * 0.1) for x in labs),
                                                lag_ratio=0.1), Create(rule), run_time=1.0)
        note = label(TEXT.format("score_note", total=n_train), style.SMALL_SIZE, style.MUTED)
        note.to_edge(DOWN, buff=0.3)
        self.rows = []
        guesses = a["train_guesses"]
        right, wrong = VGroup(), VGroup()  # the guess cells, ticks and crosses
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
                (right if ok else wrong).add(cell)
            score = label(pct(scores[k]), style.LABEL_SIZE).move_to([self.SCORE_X, y, 0])
            self.rows.append(VGroup(name, cells, score))
        # The candidates as they are named, their guesses, then the ticks and the crosses.
        self.wait_until("names")
        self.play(LaggedStart(*(FadeIn(r[0], shift=RIGHT * 0.2) for r in self.rows),
                              lag_ratio=0.35), run_time=1.6)
        # Each candidate in turn (a frame on its row) guesses every image.
        self.wait_until("guess")
        left, right_x = -6.85, self._col_x(len(imgs) - 1) + self.COL_STEP / 2
        turn = Rectangle(width=right_x - left, height=self.ROW_STEP * 0.9, color=style.YELLOW,
                         stroke_width=2.5).move_to([(left + right_x) / 2, self._row_y(0), 0])
        self.play(Create(turn), run_time=0.3)
        for k, row in enumerate(self.rows):
            if k:
                self.play(turn.animate.set_y(self._row_y(k)), run_time=0.2)
            self.play(LaggedStart(*(FadeIn(c, shift=DOWN * 0.1) for c in row[1]),
                                  lag_ratio=0.1), run_time=0.4)
        # Ticks, then crosses, tinted as they are explained.
        def tint(cells: VGroup, colour: str) -> VGroup:
            return VGroup(*(Rectangle(width=self.COL_STEP * 0.92, height=self.ROW_STEP * 0.8,
                                      stroke_width=0, fill_color=colour, fill_opacity=0.32)
                            .move_to(c) for c in cells))
        ticks, crosses = tint(right, style.GREEN), tint(wrong, style.VERMILLION)
        self.wait_until("tick")
        self.play(FadeOut(turn), FadeIn(ticks, lag_ratio=0.02), run_time=1.0)
        self.wait_until("cross")
        self.play(FadeIn(crosses, lag_ratio=0.02), run_time=1.0)
        # The score's column, what it means, then each score written as it is said.
        self.wait_until("score")
        self.play(FadeIn(score_head, shift=DOWN * 0.2), FadeOut(ticks), FadeOut(crosses),
                  run_time=0.8)
        self.wait_until("share")
        self.play(Write(note), run_time=2.0)
        for k, row in enumerate(self.rows):
            self.wait_until(f"s{k + 1}")
            self.play(FadeIn(row[2], scale=1.3), Indicate(row[0][0], color=style.YELLOW),
                      run_time=0.7)
        self.train_part = VGroup(head, pics, lab_word, labs, score_head, rule, note)
        self.hold(0.3)

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
        scores = VGroup(*(r[2] for r in self.rows))
        self.play(Indicate(scores, color=style.YELLOW), run_time=1.0)  # "the best score"
        self.wait_until("kept")
        self.play(Create(box), FadeIn(kept), others.animate.set_opacity(0.35), run_time=1.0)
        self.wait_until("same")
        self.play(FadeTransform(self.train_part[-1], same), run_time=0.8)
        self.train_part.remove(self.train_part[-1])
        self.train_part.add(same)
        self.wait_until("moments")
        self.play(Circumscribe(VGroup(*(r[0] for r in self.rows)), color=style.YELLOW,
                               buff=0.1),
                  LaggedStart(*(Indicate(r[0][1], color=style.YELLOW, scale_factor=1.0)
                                for r in self.rows), lag_ratio=0.3), run_time=1.5)
        self.wait_until("search")
        self.play(Indicate(self.heading, color=style.YELLOW, scale_factor=1.05), run_time=1.0)
        self.kept = VGroup(box, kept)
        self.hold(0.3)

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
        # "A good score on the training images": the kept one's training accuracy.
        self.play(FadeIn(accs[0], shift=UP * 0.2), run_time=0.8)
        self.wait_until("unseen")
        self.play(FadeIn(head), LaggedStart(*(FadeIn(c) for c in cells), lag_ratio=0.03),
                  run_time=3.0)
        self.wait_until("right")
        self.play(FadeIn(accs[1], scale=1.2), FadeIn(legend), run_time=1.0)
        self.wait_until("train")  # a little less: the red frames are what it missed
        self.play(Indicate(accs[0], color=style.FG), run_time=1.0)
        self.play(*(Circumscribe(cells[i][0], color=style.VERMILLION, buff=0.04)
                    for i in wrong), run_time=1.2)
        self.wait_until("learned")  # learned digits: it does well on images it never saw
        self.play(Circumscribe(accs[1], color=style.YELLOW, buff=0.1), run_time=1.2)
        self.wait_until("memorised")  # or only memorised the images it was trained on
        self.play(Circumscribe(accs[0], color=style.FG, buff=0.1), run_time=1.2)
        self.hold(0.5)
