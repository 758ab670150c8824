"""Parse and extract on a Dask cluster (a LocalCluster here) gives the same database."""

from __future__ import annotations

from conftest import SEEDS
from distributed import LocalCluster
from helpers import snapshot

from pipeline.build import build


def test_dask_build_equals_local_build(tmp_path, seeds_db):
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        db = tmp_path / "dask.db"
        summary = build([SEEDS], db, dask_scheduler=cluster.scheduler_address)
    assert summary.new == 5 and summary.failed == 0
    assert snapshot(db) == snapshot(seeds_db)


def test_worker_pool_build_equals_local_build(tmp_path, seeds_db):
    db = tmp_path / "pool.db"
    build([SEEDS], db, workers=2)
    assert snapshot(db) == snapshot(seeds_db)
