#!/usr/bin/env bash
# Installs the Debian packages Manim needs (cairo/pango headers, LaTeX with
# dvisvgm for MathTex, fonts), plus npm and Chromium for the slide deck. Does
# nothing when they are all present, so `make` can call it on every run.
set -euo pipefail
pkgs=(pkg-config libcairo2-dev libpango1.0-dev
      texlive-latex-base texlive-latex-recommended texlive-latex-extra
      texlive-fonts-recommended dvisvgm fonts-dejavu-core fonts-noto-cjk
      sox  # sox: spectrograms of the narration
      chromium)  # chromium: the slide deck's browser test
missing=()
# A fresh Debian has no venv/ensurepip for its python3; pyenv-style Pythons do.
if ! python3 -c "import venv, ensurepip" >/dev/null 2>&1; then
  pkgs+=(python3 python3-venv python3-dev)
fi
# npm fetches the voice styles (kokoro-js) at set-up and reveal.js for `make slides`. Any npm will do: a Node.js that bundles
# its own (NodeSource) conflicts with Debian's npm package, so only add it if absent.
if ! command -v npm >/dev/null 2>&1; then
  pkgs+=(nodejs npm)
fi
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "setup: installing system packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
