"""Run the same work on every core, in chunks, with one progress bar.

Rendering thousands of drawings is independent work per drawing, so it is split
into chunks of rows and the chunks are handed to worker processes. Each chunk
knows its own index, so seeded randomness follows the chunk, not the worker,
and every chunk runs with one BLAS thread, in a worker process or in this one:
a matrix product split across threads may add its terms in another order (the
last bit of a float32 differs), so one thread everywhere is what makes the result
the same, bit for bit, on 1 core or 8 and whatever OPENBLAS_NUM_THREADS says.
"""

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits
from tqdm.auto import tqdm

CHUNK = 250  # rows per task


def map_chunks(work: Callable[..., list], rows: Any, *args: Any, progress: bool = False,
               workers: int | None = None) -> list:
    """[*work(rows[i:i + CHUNK], i // CHUNK, *args) for each chunk], concatenated.

    `work` must be a module-level function (worker processes import it by name).
    workers: processes to use, default every core; 1 runs in this process.
    Each chunk runs with one BLAS thread (see the module's docstring).
    """
    tasks = [(rows[i : i + CHUNK], i // CHUNK, *args) for i in range(0, len(rows), CHUNK)]
    workers = min(workers or os.cpu_count() or 1, max(len(tasks), 1))
    results = []
    with tqdm(total=len(rows), disable=not progress, unit="digit") as bar:
        if workers == 1:
            with threadpool_limits(1):
                for task in tasks:
                    results.extend(work(*task))
                    bar.update(len(task[0]))
            return results
        # one BLAS thread per worker, as above; the workers already fill the cores, and
        # BLAS threads competing with them for the same cores would slow everything down
        with ProcessPoolExecutor(workers, initializer=threadpool_limits, initargs=(1,)) as pool:
            for task, chunk in zip(tasks, pool.map(_star, [(work, *t) for t in tasks]),
                                   strict=True):
                results.extend(chunk)
                bar.update(len(task[0]))
    return results


def map_seeded(make: Callable[[Any, np.random.Generator], Any], items: Any, seed: int = 0,
               progress: bool = False, workers: int | None = None) -> list:
    """[make(item, rng) for item in items], on every core: each chunk's items made in
    order with one generator seeded by (seed, chunk index), so the results are the same
    whatever the number of workers. `make` must be picklable: a module-level function, or
    a functools.partial of one."""
    return map_chunks(each_in_chunk, items, make, seed, progress=progress, workers=workers)


def each_in_chunk(items: Any, k: int, make: Callable[[Any, np.random.Generator], Any],
                  seed: int) -> list:
    """Chunk k of `map_seeded`: its items made by `make`, with one generator for the chunk:
    the one worker that makes training and measuring rows."""
    rng = np.random.default_rng([seed, k])
    return [make(item, rng) for item in items]


def _star(task: tuple) -> list:
    work, *args = task
    return work(*args)
