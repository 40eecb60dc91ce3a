"""Cache: atomic writes, corruption detected and recomputed, keys, concurrency."""

import multiprocessing as mp
import os
import signal
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from engine import cache
from engine.config import DataConfig, TrainConfig, config_dict


def _compute(counter):
    def f():
        counter.append(1)
        return {"a": np.arange(1000, dtype=np.float64), "b": np.eye(3)}
    return f


def test_hit_returns_identical_arrays_without_recomputing(tmp_path):
    calls = []
    first = cache.cached("t", {"x": 1}, _compute(calls), directory=tmp_path)
    second = cache.cached("t", {"x": 1}, _compute(calls), directory=tmp_path)
    assert len(calls) == 1
    for k in first:
        np.testing.assert_array_equal(first[k], second[k])
    assert not list(tmp_path.glob("*.tmp"))


def test_key_changes_when_any_config_field_changes():
    base = config_dict(DataConfig(), TrainConfig())
    keys = {cache.cache_key("fit", base)}
    for cfg in (DataConfig(n=501), DataConfig(noise=0.1), DataConfig(seed=1),
                DataConfig(test_fraction=0.4), DataConfig(entanglement=2.0),
                DataConfig(binary=True), DataConfig(name="xor")):
        keys.add(cache.cache_key("fit", config_dict(cfg, TrainConfig())))
    for tcfg in (TrainConfig(epochs=301), TrainConfig(lr=0.031), TrainConfig(optimizer="sgd"),
                 TrainConfig(batch_size=10), TrainConfig(momentum=0.5), TrainConfig(seed=2),
                 TrainConfig(snapshot_epochs=(0,))):
        keys.add(cache.cache_key("fit", config_dict(DataConfig(), tcfg)))
    assert len(keys) == 15
    assert cache.cache_key("fit", base) != cache.cache_key("surface", base)


@pytest.mark.parametrize("damage", ["truncate", "bitflip", "garbage"])
def test_damaged_file_is_detected_and_recomputed(tmp_path, damage):
    calls = []
    cache.cached("t", {"x": 2}, _compute(calls), directory=tmp_path)
    (path,) = tmp_path.glob("t-*.npz")
    blob = bytearray(path.read_bytes())
    if damage == "truncate":
        blob = blob[: len(blob) // 2]
    elif damage == "bitflip":
        blob[len(blob) // 3] ^= 0x10
    else:
        blob = bytearray(b"not a zip file")
    path.write_bytes(bytes(blob))
    assert not cache.entries(tmp_path)[0].ok
    out = cache.cached("t", {"x": 2}, _compute(calls), directory=tmp_path)
    assert len(calls) == 2
    np.testing.assert_array_equal(out["a"], np.arange(1000))
    assert cache.entries(tmp_path)[0].ok


def test_bitflip_inside_array_data_is_caught_by_checksum(tmp_path):
    calls = []
    cache.cached("t", {"x": 3}, lambda: {"a": np.zeros(10)}, directory=tmp_path)
    (path,) = tmp_path.glob("t-*.npz")
    # Rewrite the entry with a changed array but the old checksum: only the checksum can tell.
    with np.load(path) as npz:
        payload = {k: npz[k] for k in npz.files}
    payload["a"] = payload["a"] + 1
    with open(path, "wb") as f:
        np.savez(f, **payload)
    out = cache.cached("t", {"x": 3}, _compute(calls), directory=tmp_path)
    assert len(calls) == 1 and out["a"].shape == (1000,)


def test_failed_write_keeps_old_entry_and_returns_value(tmp_path, monkeypatch):
    cache.cached("t", {"x": 4}, lambda: {"a": np.ones(3)}, directory=tmp_path)
    (path,) = tmp_path.glob("t-*.npz")
    before = path.read_bytes()

    def full_disk(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "savez", full_disk)
    with pytest.warns(UserWarning, match="could not write"):
        out = cache.cached("t", {"x": 5}, lambda: {"a": np.zeros(2)}, directory=tmp_path)
    np.testing.assert_array_equal(out["a"], np.zeros(2))
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.tmp"))


def _worker(directory, q):
    os.environ["DEEPWARP_CACHE"] = directory
    from engine.train import fit
    f = fit(DataConfig(name="xor", n=100), (3,), "tanh", TrainConfig(epochs=30))
    q.put(f.params["W0"].tobytes())


def test_two_processes_computing_the_same_key_agree(tmp_path):
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    procs = [ctx.Process(target=_worker, args=(str(tmp_path), q)) for _ in range(2)]
    for p in procs:
        p.start()
    results = [q.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=120)
        assert p.exitcode == 0
    assert results[0] == results[1]
    entries = cache.entries(tmp_path)
    assert len(entries) == 1 and entries[0].ok


def test_sigkill_mid_write_leaves_no_trusted_entry(tmp_path):
    """A process killed while writing leaves at most a .tmp file, never a damaged .npz."""
    script = textwrap.dedent(f"""
        import os, signal, numpy as np
        from engine import cache
        real = np.savez
        def slow(f, **kw):
            f.write(b"PK partial")
            f.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        np.savez = slow
        from pathlib import Path
        cache.cached("t", {{"x": 6}}, lambda: {{"a": np.ones(5)}},
                     directory=Path({str(tmp_path)!r}))
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert proc.returncode == -signal.SIGKILL
    assert not list(tmp_path.glob("*.npz"))
    calls = []
    out = cache.cached("t", {"x": 6}, _compute(calls), directory=tmp_path)
    assert len(calls) == 1 and out["a"].shape == (1000,)
    cache.clear(tmp_path)
    assert not list(tmp_path.iterdir())


def test_object_arrays_are_refused(tmp_path):
    with pytest.raises(TypeError, match="dtype object"):
        cache.cached("t", {"x": 7}, lambda: {"a": np.array([{}], dtype=object)},
                     directory=tmp_path)


def _run(code: str) -> subprocess.CompletedProcess:
    # Without the pins this test process inherited from importing engine.
    env = {k: v for k, v in os.environ.items() if k not in ("ATEN_CPU_CAPABILITY", "MKL_CBWR")}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=120, env=env)


def test_engine_pins_torch_to_the_same_kernels_on_every_machine():
    r = _run("""
        import engine, torch
        print(torch.backends.cpu.get_cpu_capability())
    """)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "DEFAULT"


def test_torch_imported_first_is_refused_before_computing(tmp_path):
    r = _run(f"""
        import torch
        torch.ones(64).sum()  # torch picks its kernels at its first operation
        import engine, numpy as np
        from engine import cache
        try:
            from pathlib import Path
            cache.cached("t", {{"x": 1}}, lambda: {{"a": np.zeros(1)}},
                         directory=Path({str(tmp_path)!r}))
        except engine.EngineError as e:
            print("refused:", e)
    """)
    assert r.returncode == 0, r.stderr
    assert "refused: torch runs" in r.stdout and "import engine before torch" in r.stdout
    assert not list(tmp_path.glob("t-*.npz"))
