"""The deepwarp engine: datasets, real training, activation recording, loss
surfaces and a cache of numpy artefacts. Never imports manim.

Scenes reach it only through :mod:`engine.cache` (via ``scenes.common.data``).
"""

from engine.config import DataConfig, ModelConfig, TrainConfig
from engine.errors import ConfigError, DivergenceError, EngineError

__all__ = [
    "DataConfig",
    "ModelConfig",
    "TrainConfig",
    "ConfigError",
    "DivergenceError",
    "EngineError",
]

# Bumped whenever a change alters any cached number; part of every cache key.
ENGINE_VERSION = "1"
