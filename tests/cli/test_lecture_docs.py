"""docs/lecture.md's "your lecture" runs as written: its lecture file is
docs/examples/lecture.toml, and that file makes a lecture (at draft size, narration off,
English only, to stay quick)."""

import re

from delivery import lecture
from delivery.lecturefile import ROOT, load

PAGE = ROOT / "docs" / "lecture.md"
EXAMPLE = ROOT / "docs" / "examples" / "lecture.toml"


def test_the_page_shows_the_example_file_and_the_one_command():
    text = PAGE.read_text(encoding="utf-8")
    first = re.search(r"```toml\n(.*?)```", text, re.S).group(1)
    assert first == EXAMPLE.read_text(encoding="utf-8")
    assert "\n.venv/bin/deepwarp lecture docs/examples/lecture.toml\n" in text
    kinds = [c.kind for c in load(EXAMPLE).chapters]
    assert kinds.count("scene") == 2 and kinds.count("file") == 1 and kinds.count("warp") == 1


def test_the_example_lecture_renders(tmp_path, capsys):
    media = tmp_path / "media"
    code = lecture.main([str(EXAMPLE), "--draft", "--narration", "off", "--lang", "en",
                         "--jobs", "2", "--media", str(media)])
    out, err = capsys.readouterr()
    assert code == 0, out + err
    made = media / "lectures" / "lecture"
    for name in ("lecture.mp4", "lecture.srt", "slides/lecture.html", "script.md",
                 "storyboard.png"):
        assert (made / name).is_file(), name
    import av

    with av.open(str(made / "lecture.mp4")) as c:
        titles = [ch["metadata"]["title"] for ch in c.chapters()]
    assert titles == [load(EXAMPLE).chapters[i].title("en") for i in range(4)]
    assert titles[3] == "Flats: worth the price?"
    srt = (made / "lecture.srt").read_text(encoding="utf-8")
    assert "ReLU cuts every negative input to zero" in srt  # the reworded line
    assert "Two ways with a line" in (made / "script.md").read_text(encoding="utf-8")
