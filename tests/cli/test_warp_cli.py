"""``deepwarp warp``: one-line errors with exit code 2 and nothing written, the scene file it
writes (the same settings a subclass would hold), and the ``manim render`` calls it forwards."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from delivery import warpcli

SMALL = ["--hidden", "4", "--epochs", "20"]


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DEEPWARP_CACHE", str(tmp_path / "cache"))
    return tmp_path


def _csv(path: Path, text: str, bom: bool = False) -> str:
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode())
    return path.name


@pytest.mark.parametrize("name, text, args, message", [
    ("one.csv", "x1,x2,label\n1,2,a\n2,3,a\n3,4,a\n4,5,a\n", [], "one class only ('a')"),
    ("nine.csv", "x1,x2,label\n" + "".join(f"{i},{i % 4},k{i % 9}\n" for i in range(27)), [],
     "9 classes; allowed for deepwarp warp: 2..8"),
    ("cols.csv", "x1,x2,label\n1,2,a\n2,3,b\n3,4,a\n4,5,b\n", ["--columns", "x1,size,label"],
     "unknown column(s) 'size'"),
    ("empty.csv", "", [], "is empty"),
    ("text.csv", "x1,x2,label\n1,2,a\n2,oops,b\n3,4,a\n4,5,b\n", [],
     "line 3: non-numeric coordinates '2', 'oops'"),
    ("ok.csv", "x1,x2,label\n1,2,a\n2,3,b\n3,4,a\n4,5,b\n", ["--activation", "gelu"],
     "unknown activation 'gelu'"),
    ("ok.csv", "x1,x2,label\n1,2,a\n2,3,b\n3,4,a\n4,5,b\n", ["--hidden", "8,0"],
     "hidden width 0"),
])
def test_bad_input_is_one_line_exit_2_and_nothing_written(here, capsys, name, text, args,
                                                          message):
    data = _csv(here / name, text)
    before = sorted(p.name for p in here.iterdir())
    assert warpcli.main(["warp", data, *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("deepwarp: error:") and message in err[0], err
    assert sorted(p.name for p in here.iterdir() if p.name != "cache") == before
    assert not (here / "media").exists()


def test_unknown_data_and_bad_widths_are_named(here, capsys):
    assert warpcli.main(["warp", "moons"]) == 2
    assert "data 'moons': no such file and no such dataset" in capsys.readouterr().err
    with pytest.raises(SystemExit) as e:
        warpcli.main(["warp", "spirals", "--hidden", "8,x"])
    assert e.value.code == 2
    assert "--hidden '8,x'; allowed: comma-separated integers" in capsys.readouterr().err


def test_dry_run_writes_the_subclasses_a_lecturer_would_write(here, capsys):
    """A BOM, semicolons, measured units: the file's classes hold the command's settings,
    and rendering them reads what the command trained (a cache hit, no training)."""
    rows = "".join(f"{100 + 7 * i};{1000 + 37 * (i % 9)};{'fair' if i % 3 else 'off'}\n"
                   for i in range(30))
    data = _csv(here / "my flats.csv", "area;price;verdict\n" + rows, bom=True)
    assert warpcli.main(["warp", data, *SMALL, "--activation", "relu", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "trained on standardised coordinates (30 rows)" in out
    scene_file = here / "media" / "warp" / "MyFlats_warp.py"
    assert f"scene file: {scene_file.relative_to(here)}" in out
    source = scene_file.read_text()
    assert "class MyFlatsUntangle(UntangleCurves)" in source
    assert "class MyFlatsDuringTraining(WarpDuringTraining)" in source
    namespace: dict = {}
    exec(compile(source, str(scene_file), "exec"), namespace)
    untangle_cls = namespace["MyFlatsUntangle"]
    # Absolute: the scene file renders from any folder (a lecture file's chapter too).
    assert untangle_cls.dataset == f"csv:{here.resolve() / 'my flats.csv'}"
    assert untangle_cls.hidden == (4,) and untangle_cls.activation == "relu"
    assert untangle_cls.epochs == 20 and untangle_cls.lr == warpcli.DEFAULTS["lr"]
    assert untangle_cls().data_config().standardize is True

    import engine.train
    from engine.artefacts.warp import training_warp, untangle

    def no_training(*_a, **_k):
        raise AssertionError("the subclass trained again")

    original = engine.train.train
    engine.train.train = no_training
    try:
        for cls in (untangle_cls, namespace["MyFlatsDuringTraining"]):
            s = cls()
            if cls is untangle_cls:
                untangle(s.data_config(), s.hidden, s.activation, s.train_config())
            else:
                training_warp(s.data_config(), s.hidden, s.activation, s.train_config(),
                              n_snapshots=s.n_snapshots)
    finally:
        engine.train.train = original


def test_it_forwards_to_manim_render_and_prints_the_videos(here, capsys, monkeypatch):
    calls = []

    def fake_run(cmd, env=None, **_k):
        calls.append((cmd, env))
        quality = cmd[cmd.index("render") + 1][2:]
        # The language in the name, as the render's naming hook writes it.
        video = (Path(cmd[cmd.index("--media_dir") + 1]) / "videos" / Path(cmd[5]).stem
                 / warpcli.QUALITY_DIRS[quality] / f"{cmd[6]}.{env['DEEPWARP_LANG']}.mp4")
        video.parent.mkdir(parents=True, exist_ok=True)
        video.write_bytes(b"")
        return subprocess.CompletedProcess(cmd, 0)

    monkeypatch.setattr(warpcli.subprocess, "run", fake_run)
    args = ["warp", "spirals", "--classes", "3", "--n", "30", *SMALL, "-qh", "--lang", "zh"]
    assert warpcli.main(args) == 0
    out = capsys.readouterr().out
    assert [c[0][6] for c in calls] == ["SpiralsUntangle", "SpiralsDuringTraining"]
    for cmd, env in calls:
        assert cmd[1:5] == ["-m", "delivery.launch", "render", "-qh"]  # the one launcher
        assert cmd[5] == str(Path("media") / "warp" / "Spirals_warp.py")
        assert env["DEEPWARP_LANG"] == "zh"
    for name in ("SpiralsUntangle", "SpiralsDuringTraining"):
        assert f"media/videos/Spirals_warp/1080p60/{name}.zh.mp4" in out
    assert "[render 2/2] SpiralsDuringTraining" in out


def test_a_failed_render_is_reported(here, capsys, monkeypatch):
    monkeypatch.setattr(warpcli.subprocess, "run",
                        lambda cmd, **_k: subprocess.CompletedProcess(cmd, 1))
    assert warpcli.main(["warp", "spirals", "--n", "30", *SMALL, "--only", "untangle"]) == 1
    assert "manim render failed for SpiralsUntangle" in capsys.readouterr().err


def test_class_stem_makes_a_class_name():
    assert warpcli.class_stem("data/my-points v2.csv") == "MyPointsV2"
    assert warpcli.class_stem("2024.csv") == "Data2024"


def test_the_deepwarp_command_is_installed():
    exe = Path(sys.executable).parent / "deepwarp"
    if not exe.exists():
        pytest.skip("the project is not installed in this environment (make setup does it)")
    r = subprocess.run([str(exe), "warp", "--help"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and "--hidden" in r.stdout
    r = subprocess.run([str(exe), "lecture", "--help"], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0 and "--dry-run" in r.stdout


def test_poor_fit_advice_is_what_helped_on_this_data(monkeypatch):
    """Each remedy is trained on the data; the one that reached most is named first, and none
    is suggested when none helped."""
    from types import SimpleNamespace

    import numpy as np

    import engine.train

    reached = {"lr": 0.03, "hidden": (4, 4, 4), "epochs": 3000}

    def fake_fit(data_cfg, hidden, activation, train_cfg, **_k):
        acc = (1.0 if train_cfg.lr == reached["lr"] else 0.95 if hidden == reached["hidden"]
               else 0.88)
        return SimpleNamespace(history=SimpleNamespace(train_accuracy=np.array([0.5, acc])))

    monkeypatch.setattr(engine.train, "fit", fake_fit)
    attrs = {"dataset": "xor", "hidden": (2, 2, 2), "activation": "tanh", "epochs": 1000,
             "lr": 0.01, "optimizer": "adam", "seed": 0}
    line = warpcli.poor_fit_advice(attrs, 0.88, 400)
    assert line.startswith("poor fit (88.0%); tried on this data: --lr 0.03: 100.0%, "
                           "--hidden 4,4,4: 95.0%")
    assert line.endswith("Best: --lr 0.03")
    reached["lr"], reached["hidden"] = -1, ()
    assert "none helped" in warpcli.poor_fit_advice(attrs, 0.88, 400)
    assert "not tried" in warpcli.poor_fit_advice(attrs, 0.88, 10**6)


def test_the_input_axes_carry_the_csvs_column_names(tmp_path):
    from scenes.warp import input_space

    (tmp_path / "m.csv").write_text("\ufeffwidth;height;moon\n1;2;a\n")
    assert input_space(f"csv:{tmp_path / 'm.csv'}") == "input space (width, height)"
    (tmp_path / "x.csv").write_text("x1,x2,label\n1,2,a\n")
    assert input_space(f"csv:{tmp_path / 'x.csv'}") == "input space (x₁, x₂)"
    assert input_space("csv:any.csv", ("area", "price", "verdict")) == "input space (area, price)"
