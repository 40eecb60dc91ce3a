"""Errors the engine raises on purpose: each names the bad value and what is allowed."""

__all__ = ["EngineError", "ConfigError", "DivergenceError"]


class EngineError(Exception):
    """Base class; the CLI turns these into a one-line message and exit code 2."""


class ConfigError(EngineError, ValueError):
    """A config field or an input file holds a value the engine cannot use."""


class DivergenceError(EngineError, ArithmeticError):
    """Training produced a NaN or infinite loss."""
