"""Shared pieces of the scenes: style, the lecture base scene, fast mobjects."""
