"""Cached artefacts per lecture topic: what each scene file reads.

One module per topic (``warp``, ``neuron``, ``descent``, …). Each function takes
plain parameters (dataset, widths, seed, …), asks :func:`engine.cache.cached`
and returns numpy arrays, so scenes never train at render time once cached.
"""
