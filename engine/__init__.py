"""The deepwarp engine: datasets, real training, activation recording, loss
surfaces and a cache of numpy artefacts. Never imports manim.

Scenes reach it only through :mod:`engine.artefacts`, whose functions compute each
artefact once and keep it in :mod:`engine.cache`.

>>> from engine import *
>>> DataConfig.__name__, ModelConfig.__name__, TrainConfig.__name__
('DataConfig', 'ModelConfig', 'TrainConfig')
"""

import os

# Same seed, same numbers on every x86 machine. A long SGD run amplifies the
# last-bit differences between CPU code paths: PyTorch's CPU wheel picks AVX2 or
# AVX-512 kernels by processor, and MKL picks vendor-specific ones (measured: the
# digits network reached 93.9 % test on AVX-512, 93.8 % with AVX2 kernels, and a
# different misclassified digit on an AMD machine). Both libraries read these at
# their first use, so they are set before anything imports torch; pinned is no
# slower for networks this small (9.4 s either way for the digits network).
os.environ["ATEN_CPU_CAPABILITY"] = "default"
os.environ["MKL_CBWR"] = "COMPATIBLE"

from engine.config import DataConfig, ModelConfig, TrainConfig  # noqa: E402
from engine.errors import ConfigError, DivergenceError, EngineError  # noqa: E402

__all__ = [
    "DataConfig",
    "ModelConfig",
    "TrainConfig",
    "ConfigError",
    "DivergenceError",
    "EngineError",
    "check_reproducible",
]


def check_reproducible() -> None:
    """Raise :class:`EngineError` if torch runs on CPU-specific kernels.

    That happens only when torch computed something before :mod:`engine` was
    imported (it picks its kernels at its first operation), too early for the
    settings above; the numbers would then differ from other machines'.
    """
    import sys

    torch = sys.modules.get("torch")
    if torch is None:
        return
    capability = torch.backends.cpu.get_cpu_capability()
    if capability != "DEFAULT":
        raise EngineError(
            f"torch runs {capability} kernels, so results would differ between machines; "
            "import engine before torch (or set ATEN_CPU_CAPABILITY=default MKL_CBWR=COMPATIBLE)")

# Bumped whenever a change alters any cached number; part of every cache key.
ENGINE_VERSION = "2"
