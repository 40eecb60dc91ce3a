"""Every command the README and docs/ show still works.

The README and the pages under ``docs/`` are read as a newcomer would read them, and each
thing they name is checked against the code:

* each ``make X`` is a Makefile target, and each ``VAR=value`` given to make is a variable
  the Makefile uses; each ``DEEPWARP_*`` variable is read somewhere in the code;
* each ``python -m module`` is importable, each repository path exists (outputs under
  ``media/`` and placeholders excepted), each scene class named with its file is in it,
  each relative link (and its ``#anchor``) leads somewhere;
* each ``--option`` of a command line is in that command's ``--help``, and every
  ``--option`` named anywhere is in the help of some command;
* the quick commands run: ``python -m engine --help``, ``python -m engine cache ls``,
  ``deepwarp warp --help``.
"""

from __future__ import annotations

import ast
import functools
import importlib.util
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
#: The pages every newcomer is sent to from the README.
REQUIRED = ["setup", "lecture", "your-data", "slides", "narration", "engine", "speed",
            "testing", "writing-a-scene"]


def _text(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def _code(page: Path) -> list[str]:
    """Inline code spans and the lines of fenced code blocks."""
    text = _text(page)
    blocks = re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S)
    prose = re.sub(r"```[a-z]*\n.*?```", "", text, flags=re.S)
    lines = [line for b in blocks for line in b.splitlines()]
    return lines + re.findall(r"`([^`\n]+)`", prose)


def _commands(page: Path) -> list[str]:
    """Shell commands shown on a page: code lines, comments removed."""
    out = []
    for chunk in _code(page):
        line = chunk.split("  #")[0].split(" # ")[0].strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def _all_commands() -> list[tuple[str, str]]:
    return [(p.name, c) for p in PAGES for c in _commands(p)]


@functools.cache
def _makefile() -> str:
    return (ROOT / "Makefile").read_text(encoding="utf-8")


def _targets() -> set[str]:
    return set(re.findall(r"^([a-z][\w-]*):", _makefile(), flags=re.M))


def test_the_docs_pages_exist_and_the_readme_is_short():
    for name in REQUIRED:
        assert (ROOT / "docs" / f"{name}.md").is_file(), name
        assert f"docs/{name}.md" in _text(ROOT / "README.md"), name
    assert len(_text(ROOT / "README.md").splitlines()) <= 120


def test_the_readme_keeps_the_two_commands_ci_runs():
    readme = _text(ROOT / "README.md")
    assert "make lecture     # set everything up if missing" in readme
    assert "make test        # set everything up if missing" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_make_target_and_option_exists():
    targets, seen = _targets(), 0
    for page, cmd in _all_commands():
        for m in re.finditer(r"(?:^|[;&(]\s*)make\s+([a-z][\w-]*)((?:\s+[A-Z_]+=\S+)*)", cmd):
            seen += 1
            assert m.group(1) in targets, f"{page}: `{cmd}`: no make target {m.group(1)!r}"
            for var in re.findall(r"([A-Z_]+)=", m.group(2)):
                assert re.search(rf"\$\({var}\)|^{var}\s*\?=", _makefile(), re.M), \
                    f"{page}: `{cmd}`: the Makefile does not use {var}"
    assert seen > 10


def test_every_variable_named_exists():
    # `NAME=value` in the docs: a make option (the Makefile uses it) or an environment
    # variable the code reads (DEEPWARP_LANG, MKL_CBWR, …).
    code = "\n".join(p.read_text(encoding="utf-8") for d in ("engine", "narration", "scenes",
                                                            "delivery", "bench")
                     for p in (ROOT / d).rglob("*.py"))
    seen = 0
    for page in PAGES:
        for var in set(re.findall(r"`(?:[^`]*\s)?([A-Z][A-Z_]{2,})=", _text(page))):
            seen += 1
            in_make = re.search(rf"\$\({var}\)|^{var}\s*\?=", _makefile(), re.M)
            if var.startswith("DEEPWARP_") or not in_make:
                assert var in code, f"{page.name}: {var} is neither a make option nor read"
    assert seen >= 10


def test_every_module_named_exists():
    seen = 0
    for page in PAGES:
        for module in set(re.findall(r"python -m ([\w.]+)", _text(page))):
            seen += 1
            assert importlib.util.find_spec(module) is not None, f"{page.name}: {module}"
    assert seen >= 4


# Paths a render writes, and names that stand for any value.
_OUTPUT = ("media/",)
_PLACEHOLDER = re.compile(r"[<>…*{}]|FILE|NAME|SCENE|\.\.\.")
_PATH = re.compile(r"^(?:\.?[\w.-]+/)+[\w.-]*$|^[\w-]+\.(?:py|md|csv|toml|cfg|sh|json)$")


def test_every_path_named_exists():
    seen = 0
    for page in PAGES:
        for chunk in _code(page):
            for token in re.split(r"[\s,;()`]+", chunk):
                token = token.strip("'\"").rstrip(".:")
                if not _PATH.match(token) or token.startswith(_OUTPUT) or \
                        _PLACEHOLDER.search(token) or token.startswith((".venv/", "/", "-")):
                    continue
                if "/" not in token and not (ROOT / token).exists():
                    continue  # a bare file name (``mywarp.py``): a lecturer's own file
                seen += 1
                # Tables of modules name them inside their package (``artefacts/``).
                bases = (ROOT, ROOT / "engine", ROOT / "scenes" / "common")
                assert any((b / token).exists() for b in bases), f"{page.name}: no {token}"
    assert seen > 40


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    s = re.sub(r"[^\w\- ]", "", heading.strip().lower().replace("`", ""))
    return s.replace(" ", "-")


def test_every_link_and_picture_leads_somewhere():
    for page in PAGES:
        for target in re.findall(r"\]\(([^)\s]+)\)", _text(page)):
            if target.startswith(("http://", "https://")):
                continue
            path, _, anchor = target.partition("#")
            dest = (page.parent / path).resolve() if path else page
            assert dest.exists(), f"{page.name}: link to {target}"
            if anchor:
                heads = re.findall(r"^#+\s+(.*)$", dest.read_text(encoding="utf-8"), re.M)
                assert anchor in {_slug(h) for h in heads}, f"{page.name}: no #{anchor} in {path}"


def _classes(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)}


def test_every_scene_named_exists():
    seen = 0
    for page in PAGES:
        text = _text(page)
        pairs = re.findall(r"((?:scenes|docs/examples)/\w+\.py)\s+([A-Z]\w+)", text)
        pairs += [(f"scenes/{f}.py", c) for f, c in re.findall(r"`(\w+)\.py` `([A-Z]\w+)`", text)]
        for path, cls in pairs:
            if _PLACEHOLDER.search(path):
                continue
            seen += 1
            assert cls in _classes(ROOT / path), f"{page.name}: no class {cls} in {path}"
    assert seen >= 20


# The command lines a page may show, how to run each here, and how to ask for its help.
_PY = [sys.executable]
CLIS = {
    "deepwarp warp": [*_PY, "-m", "delivery.warpcli", "warp"],
    "deepwarp lecture": [*_PY, "-m", "delivery.warpcli", "lecture"],
    "deepwarp course": [*_PY, "-m", "delivery.warpcli", "course"],
    "dask worker": [*_PY, "-m", "dask", "worker"],
    "dask scheduler": [*_PY, "-m", "dask", "scheduler"],
    "python -m engine fit": [*_PY, "-m", "engine", "fit"],
    "python -m engine cache": [*_PY, "-m", "engine", "cache"],
    "python -m delivery.script": [*_PY, "-m", "delivery.script"],
    "python -m delivery.lecture": [*_PY, "-m", "delivery.lecture"],
    "python -m delivery.deliver slides": [*_PY, "-m", "delivery.deliver", "slides"],
    "python -m delivery.deliver clip": [*_PY, "-m", "delivery.deliver", "clip"],
    "python -m delivery.deliver storyboard": [*_PY, "-m", "delivery.deliver", "storyboard"],
    "manim render": [*_PY, "-m", "manim", "render"],
    "pytest": [*_PY, "-m", "pytest"],
    "python bench/ear.py": [*_PY, "bench/ear.py"],
    "python bench/voices.py": [*_PY, "bench/voices.py"],
    "python bench/course.py": [*_PY, "bench/course.py"],
}


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}


@functools.cache
def _help(cli: str) -> str:
    r = subprocess.run([*CLIS[cli], "--help"], cwd=ROOT, env=_env(), capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, (cli, r.stderr)
    return r.stdout


def _which(cmd: str) -> str | None:
    """The CLI a command line runs, with ``.venv/bin/`` and env assignments dropped."""
    words = [w for w in shlex.split(cmd, comments=True) if "=" not in w.split("/")[0]]
    plain = " ".join(w.removeprefix(".venv/bin/") for w in words)
    return next((c for c in sorted(CLIS, key=len, reverse=True) if plain.startswith(c)), None)


def test_every_option_of_a_command_line_is_in_its_help():
    seen = 0
    for page, cmd in _all_commands():
        cli = _which(cmd)
        if cli is None:
            continue
        for option in re.findall(r"(?<![\w-])(--[a-z][\w-]*|-q[lmhpk])\b", cmd):
            seen += 1
            # Manim's -qh is its -q (--quality) option with the value h.
            known = option in _help(cli) or (option.startswith("-q") and "-q, --quality"
                                              in _help(cli))
            assert known, f"{page}: `{cmd}`: {cli} has no {option}"
    assert seen >= 10


def test_every_option_named_is_in_some_help():
    helps = "\n".join(_help(c) for c in CLIS)
    for page in PAGES:
        for chunk in _code(page):
            for option in re.findall(r"(?<![\w-])(--[a-z][\w-]*)", chunk):
                if option in ("--no-install-recommends", "--no-index"):  # apt's, git's
                    continue
                if option in ("--set_test", "--show_diff"):  # this suite's own options
                    continue
                assert option in helps, f"{page.name}: {option} is no command's option"


def test_pytest_options_named_exist():
    conftest = (ROOT / "tests" / "conftest.py").read_text(encoding="utf-8")
    for page in PAGES:
        for option in set(re.findall(r"--(set_test|show_diff)", _text(page))):
            assert f'"--{option}"' in conftest


@pytest.mark.parametrize("argv", [
    ["-m", "engine", "--help"],
    ["-m", "engine", "cache", "ls"],
    ["-m", "delivery.warpcli", "warp", "--help"],
])
def test_the_quick_commands_run(argv, tmp_path):
    env = {**_env(), "DEEPWARP_CACHE": str(tmp_path / "cache")}
    r = subprocess.run([sys.executable, *argv], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "Traceback" not in r.stdout + r.stderr
