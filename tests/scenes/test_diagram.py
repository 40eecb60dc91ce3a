"""NetworkDiagram: its own frame (control_data/diagram/).

The diagram's numbers are checked where the scenes use it (tests/scenes/test_neuron.py,
test_network.py); this frame shows a broken diagram here, not in some scene's last frame.
"""

from __future__ import annotations

import numpy as np


def test_network_diagram(request):
    """Signed weights as colour and width, activations as fill, a layer cut down to its
    first and last neurons with an ellipsis, and layer labels."""
    from scenes.common.diagram import NetworkDiagram
    from tests.scenes.frames import assert_piece_matches, capture

    widths = (2, 20, 4, 1)
    rng = np.random.default_rng(0)
    weights = [rng.normal(size=(b, a)) for a, b in zip(widths[:-1], widths[1:], strict=True)]
    acts = [np.tanh(rng.normal(size=w)) for w in widths]
    net = NetworkDiagram(widths, weights, acts, max_drawn=6, layer_spacing=3.0,
                         neuron_spacing=0.7, neuron_radius=0.2, layer_labels=True)
    assert [len(layer) for layer in net.layers] == [2, 6, 4, 1]
    assert_piece_matches(capture(net), request)
