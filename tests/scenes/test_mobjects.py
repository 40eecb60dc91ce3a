"""The shared fast mobjects draw exactly what they are given."""

import numpy as np
import pytest

from scenes.common.mobjects import CellShading, PixelImage


def _coverage(points: np.ndarray, x_edges: np.ndarray, y_edges: np.ndarray) -> np.ndarray:
    """How many of the drawn rectangles cover each cell (corners are every 4th point)."""
    count = np.zeros((len(x_edges) - 1, len(y_edges) - 1), int)
    for rect in points.reshape(-1, 16, 3):
        xs, ys = rect[::4, 0], rect[::4, 1]
        i = np.searchsorted(x_edges, [xs.min(), xs.max()])
        j = np.searchsorted(y_edges, [ys.min(), ys.max()])
        # Corners must sit on the grid's edges, not between them.
        np.testing.assert_allclose(x_edges[i], [xs.min(), xs.max()], atol=1e-12)
        np.testing.assert_allclose(y_edges[j], [ys.min(), ys.max()], atol=1e-12)
        count[i[0]:i[1], j[0]:j[1]] += 1
    return count


@pytest.mark.parametrize("seed", range(5))
def test_merged_cells_cover_each_cell_of_their_style_once(seed):
    rng = np.random.default_rng(seed)
    nx, ny, styles = 23, 17, 4
    # Blocky regions (as a classifier's are) plus scattered single cells.
    which = rng.integers(-1, styles, size=(6, 5)).repeat(4, 0).repeat(4, 1)[:nx, :ny]
    speckle = rng.random((nx, ny)) < 0.1
    which = np.where(speckle, rng.integers(-1, styles, size=(nx, ny)), which)
    shade = CellShading((-1.0, -2.0), (3.0, 1.5), (nx, ny), [("#ffffff", 0.5)] * styles)
    shade.set_cells(which)
    xe, ye = np.linspace(-1.0, 3.0, nx + 1), np.linspace(-2.0, 1.5, ny + 1)
    for k, vm in enumerate(shade.submobjects):
        np.testing.assert_array_equal(_coverage(vm.points, xe, ye), (which == k).astype(int))
    # Fewer rectangles than cells: the point of merging.
    assert sum(len(vm.points) // 16 for vm in shade.submobjects) < (which >= 0).sum() / 3


def test_pixel_image_paints_each_pixel_in_its_level():
    levels = np.array([[0, 0, 1], [-1, 1, 1]])  # row 0 is the top
    img = PixelImage(levels, [("#ff0000", 1.0), ("#0000ff", 1.0)], size=2.0)
    xe, ye = np.array([-1.5, -0.5, 0.5, 1.5]), np.array([-1.0, 0.0, 1.0])
    for k in (0, 1):
        cover = _coverage(img.submobjects[k].points, xe, ye)  # [column, row from the bottom]
        np.testing.assert_array_equal(cover, (levels == k).T[:, ::-1].astype(int))


# --- each piece's own frame (control_data/mobjects/) ------------------------------------

def test_point_cloud(request):
    """Dots and crosses in two colours on a 6 × 4 grid: one mobject per colour and shape."""
    from scenes.common import style
    from scenes.common.mobjects import PointCloud
    from tests.scenes.frames import assert_piece_matches, capture

    x, y = np.meshgrid(np.linspace(-5, 5, 6), np.linspace(-2.5, 2.5, 4))
    points = np.stack([x.ravel(), y.ravel()], axis=1)
    k = np.arange(len(points)) % 3
    cloud = PointCloud(points, colors=[style.class_color(int(c > 0)) for c in k],
                       markers=["cross" if c == 2 else "dot" for c in k], radius=0.15)
    assert len(cloud.submobjects) == 3
    assert_piece_matches(capture(cloud), request)


def test_line_bundle(request):
    """Five sine waves as one path, moved once (set_positions) before drawing."""
    from scenes.common import style
    from scenes.common.mobjects import LineBundle
    from tests.scenes.frames import assert_piece_matches, capture

    t = np.linspace(-6, 6, 49)
    lines = np.stack([np.stack([t, 0.8 * np.sin(t + k) + 1.5 * k - 3], axis=1) for k in range(5)])
    bundle = LineBundle(lines * 0.5, color=style.BLUE, stroke_width=3)
    bundle.set_positions(lines)
    assert_piece_matches(capture(bundle), request)


def test_cell_shading(request):
    """Three styles and empty cells: stripes, a block and a checkerboard corner."""
    from scenes.common import style
    from scenes.common.mobjects import CellShading
    from tests.scenes.frames import assert_piece_matches, capture

    i, j = np.meshgrid(np.arange(16), np.arange(9), indexing="ij")
    which = np.where(i < 5, j % 2, np.where(i < 11, 2, np.where((i + j) % 2 == 0, 0, -1)))
    shade = CellShading((-6, -3.4), (6, 3.4), (16, 9),
                        [(style.BLUE, 0.8), (style.ORANGE, 0.6), (style.GREEN, 1.0)])
    shade.set_cells(which)
    assert_piece_matches(capture(shade), request)
