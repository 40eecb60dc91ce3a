"""`deepwarp course`: several lecture files × languages, here and on a local Dask cluster.

The course is small and cheap: lecture ``a`` is the tiny two-beat scene
(tests/cli/tiny_scene.py, its own voice-like sound: narration on without a synthesiser);
lecture ``b`` is a subclass of it in the lecturer's folder, then the same tiny scene again
(shared with ``a``: rendered once, copied). Two languages, 320x180 at 5 fps.
The cluster tests skip when Dask is not installed (the ``cluster`` extra).
"""

import os
import signal
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from delivery import course
from tests.cli.deliver_helpers import TINY

AGAIN = '''\
from tests.cli.tiny_scene import TwoBeats


class Again(TwoBeats):
    title = "Again"
'''

BROKEN = '''\
from scenes.common.base import LectureScene


class Broken(LectureScene):
    def construct(self):
        raise RuntimeError("broken on purpose")
'''


def _lecture(title: str, *chapters: tuple[str, str]) -> str:
    body = "".join(f'[[chapter]]\nfile = "{f}"\nclass = "{c}"\n' for f, c in chapters)
    return f'title = {{ en = "{title}", zh = "{title}（中）" }}\nlanguages = ["en", "zh"]\n{body}'


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("course")
    (root / "again.py").write_text(AGAIN)
    (root / "broken.py").write_text(BROKEN)
    (root / "a.toml").write_text(_lecture("A", (str(TINY), "TwoBeats")))
    (root / "b.toml").write_text(_lecture("B", ("again.py", "Again"), (str(TINY), "TwoBeats")))
    return root


def _args(folder: Path, media: Path, *more: str) -> list[str]:
    return [str(folder / "a.toml"), str(folder / "b.toml"), "--media", str(media), "--draft",
            "--narration", "on", "--jobs", "2", *more]


OUTPUTS = [("a", "a.mp4"), ("a", "a.zh.mp4"), ("b", "b.mp4"), ("b", "b.zh.mp4")]


@pytest.fixture(scope="module")
def local(folder) -> Path:
    """The course rendered here, with threads: the reference the cluster must equal."""
    media = folder / "local"
    assert course.main(_args(folder, media)) == 0
    return media


def _frames(video: Path) -> np.ndarray:
    import av

    with av.open(str(video)) as c:
        return np.stack([f.to_ndarray(format="rgb24") for f in c.decode(video=0)])


def _same_course(media: Path, reference: Path) -> None:
    """Frames, sound length and subtitles of every lecture equal the reference's."""
    from delivery.assemble import audio_duration

    for stem, name in OUTPUTS:
        got, want = (m / "lectures" / stem / name for m in (media, reference))
        a, b = _frames(got), _frames(want)
        assert a.shape == b.shape and np.array_equal(a, b), name
        assert audio_duration(got) == pytest.approx(audio_duration(want), abs=1e-3)
        assert audio_duration(got) > 5  # narration on: it speaks
        srt = got.with_suffix(".srt").read_text(encoding="utf-8")
        assert srt == want.with_suffix(".srt").read_text(encoding="utf-8")


def _nothing_half_written(media: Path) -> None:
    """No private render folder left, and every stamp matches its chapter's outputs (what
    a next run trusts): a second run has nothing to render."""
    assert not list(media.rglob(course.PARTIAL))
    assert not list(media.rglob("*.part"))
    lines = []
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()) as out:
        assert course.main([*_args(media.parent, media), "--dry-run"]) == 0
    lines = out.getvalue().splitlines()
    assert len(lines) == 6 and all(line.endswith("unchanged") for line in lines), lines


# --- here, no Dask ---------------------------------------------------------------------------

def test_a_chapter_two_lectures_share_renders_once(folder, tmp_path):
    c = course.plan_course([folder / "a.toml", folder / "b.toml", folder / "a.toml"], None,
                           "l", "on", tmp_path, draft=True)
    names = [(j.build.parents[2].name, j.name) for j in c.jobs]
    assert len(c.lectures) == 2 and len(names) == 6  # a.toml twice is one lecture
    rendered = {(j.build.parents[2].name, j.name) for j in c.renders}
    assert rendered == {("a", "01-TwoBeats"), ("a", "01-TwoBeats.zh"), ("b", "01-Again"),
                        ("b", "01-Again.zh")}
    copied = {(j.name, c.renders[i].name) for j, i in c.copies}
    assert copied == {("02-TwoBeats", "01-TwoBeats"), ("02-TwoBeats.zh", "01-TwoBeats.zh")}


def test_a_network_two_lectures_show_trains_once(folder, tmp_path):
    """One training per distinct warp network; a warp chapter with another title (drawn in
    its video) is another render of the same network."""
    rows = "x1,x2,label\n" + "".join(f"{i % 7},{i % 5},{i % 2}\n" for i in range(40))
    (tmp_path / "points.csv").write_text(rows)
    warp = 'languages = ["en"]\n[[chapter]]\nwarp = "points.csv"\nhidden = [4]\n'
    (tmp_path / "w1.toml").write_text(warp)
    (tmp_path / "w2.toml").write_text(warp)
    (tmp_path / "w3.toml").write_text(warp + 'title = "Mine"\n')
    (tmp_path / "w4.toml").write_text(warp.replace("[4]", "[4, 4]"))
    c = course.plan_course([tmp_path / f"w{i}.toml" for i in (1, 2, 3, 4)], None, "l", "on",
                           tmp_path / "media", draft=True)
    assert [o["hidden"] for o in c.trainings] == [(4,), (4, 4)]
    assert [j.build.parents[2].name for j in c.renders] == ["w1", "w3", "w4"]
    assert [(j.build.parents[2].name, i) for j, i in c.copies] == [("w2", 0)]


def test_the_local_course_makes_every_lecture_and_keeps_it(local, folder, capsys):
    capsys.readouterr()
    for stem, name in OUTPUTS:
        made = local / "lectures" / stem
        assert (made / name).is_file() and (made / name).with_suffix(".srt").is_file()
        deck = made / "slides" / name.replace(".mp4", ".html")
        assert deck.read_text().count("<section") == (2 if stem == "a" else 4)
    # b's copy of the shared chapter points at b's own slide files, not a's
    data = local / "lectures/b/build/180p5/en/slides/data/Ch02TwoBeatsSlide.json"
    assert "/lectures/a/" not in data.read_text() and "/lectures/b/" in data.read_text()
    _nothing_half_written(local)


def test_a_failing_chapter_is_named_with_its_log_and_the_rest_finish(folder, tmp_path,
                                                                      capsys):
    (folder / "c.toml").write_text(_lecture("C", ("again.py", "Again"), ("broken.py", "Broken")))
    args = [str(folder / "c.toml"), "--media", str(tmp_path), "--draft", "--lang", "en",
            "--jobs", "2"]
    assert course.main(args) == 1
    err = capsys.readouterr().err
    assert "course: c: chapter 2 (Broken, en) failed" in err and "02-Broken.log" in err
    log = tmp_path / "lectures/c/build/180p5/en/logs/02-Broken.log"
    assert "broken on purpose" in log.read_text()
    assert (tmp_path / "lectures/c/c.mp4").is_file()  # chapter 1 joined
    assert not list(tmp_path.rglob(course.PARTIAL))


def _task(i: int) -> int:
    if i == 1:
        raise RuntimeError("broken on purpose")
    if i == 3:
        raise OSError(28, "No space left on device")
    return 10 * i


def _failed(item: tuple[int], error: Exception) -> str:
    return f"task {item[0]}: {error}"


def _run_both_ways(client=None):
    got = course.run_tasks(_task, [(0,), (1,), (2,)], jobs=2, cluster=client, failed=_failed)
    assert got == [0, "task 1: broken on purpose", 20]  # named; the others finish
    with pytest.raises(OSError):  # a full disk ends the run
        course.run_tasks(_task, [(0,), (3,)], jobs=2, cluster=client, failed=_failed)


def test_a_task_that_raises_is_named_and_the_rest_finish():
    _run_both_ways()


@pytest.mark.parametrize("argv, message", [
    (["{a}", "--quality", "z"], "course: error: QUALITY='z'; allowed: l, m, h, p, k"),
    (["{a}", "--lang", "xx"], "course: error: --lang 'xx'; allowed: en, zh"),
    (["{a}", "{other}"], "course: error: two lecture files named a.toml"),
    (["{a}", "--cluster", "udp://x:1"], "course: error: --cluster udp://x:1: "),  # no such
])
def test_bad_input_is_one_line(folder, tmp_path, argv, message, capsys):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "a.toml").write_text(_lecture("A", (str(TINY), "TwoBeats")))
    argv = [a.format(a=folder / "a.toml", other=tmp_path / "x" / "a.toml") for a in argv]
    assert course.main([*argv, "--media", str(tmp_path / "m")]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and err.startswith(message), err


# --- on a local Dask cluster -------------------------------------------------------------------

@pytest.fixture(scope="module")
def client(tmp_path_factory):
    distributed = pytest.importorskip("distributed")
    # Worker processes import this checkout (PYTHONPATH is inherited), as a remote worker
    # runs from a checkout of the same commit. Their scratch space is the test's.
    scratch = tmp_path_factory.mktemp("dask")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None,
                                  local_directory=str(scratch)) as cluster:
        with distributed.Client(cluster) as c:
            yield c


def _environment_seen(env: dict[str, str]) -> tuple[str | None, str | None]:
    course._use(env)
    return os.environ.get("DEEPWARP_PROBE"), os.environ.get("DEEPWARP_STALE")


def test_every_task_brings_the_commands_environment(client, monkeypatch):
    """A worker was started before (and, on another machine, apart from) the command: each
    task runs with the command's DEEPWARP_* settings, and none left by an earlier run."""
    client.run(os.environ.__setitem__, "DEEPWARP_STALE", "an earlier run's")
    monkeypatch.setenv("DEEPWARP_PROBE", "this run's")
    seen = client.submit(_environment_seen, course.settings(), pure=False).result()
    assert seen == ("this run's", None)


def test_a_task_that_raises_on_a_worker_is_named_and_the_rest_finish(client):
    _run_both_ways(client)


def test_the_course_on_a_cluster_equals_the_local_one(local, folder, client):
    media = folder / "cluster"
    assert course.main(_args(folder, media), client=client) == 0
    _same_course(media, local)
    _nothing_half_written(media)


def test_a_worker_killed_mid_render_runs_its_task_again(local, folder, client):
    """A worker process killed (with its manim render) while it renders: Dask runs the
    task again on another worker; the course completes, equal to the local one."""
    import psutil

    media = folder / "killed"
    box: dict[str, int] = {}
    run = threading.Thread(target=lambda: box.update(rc=course.main(_args(folder, media),
                                                                    client=client)))
    run.start()
    victim = None
    deadline = time.monotonic() + 120
    while victim is None and time.monotonic() < deadline and run.is_alive():
        for pid_file in media.rglob(f"{course.PARTIAL}/*/worker.pid"):
            logs = list(pid_file.parent.rglob("*.log"))  # manim has started
            if logs:
                victim = int(pid_file.read_text())
                job_log = logs[0]
                break
        time.sleep(0.05)
    assert victim is not None, "no render started"
    worker = psutil.Process(victim)
    for child in worker.children(recursive=True):  # as a lost machine takes its renders
        child.kill()
    os.kill(victim, signal.SIGKILL)
    run.join(timeout=240)
    assert not run.is_alive() and box["rc"] == 0
    assert not psutil.pid_exists(victim) or psutil.Process(victim).status() == "zombie"
    attempts = [line.split() for line in (job_log.parents[3] / "logs" / job_log.name)
                .with_suffix(".attempts").read_text().splitlines()]
    assert [a[3] for a in attempts[:1]] == [str(victim)] and len(attempts) == 2, attempts
    assert attempts[1][3] != str(victim)  # ran again, on another worker
    _same_course(media, local)
    _nothing_half_written(media)
