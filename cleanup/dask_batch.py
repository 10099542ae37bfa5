"""Past one machine: the batch as a ``dask.bag``, cleaned on a Dask cluster.

Each input file is one element; a worker cleans it with :func:`cleanup.batch.process`, the
function a single-process run uses, and writes its outputs to the same paths, so the outputs
are byte for byte those of ``cleanup run``. The workers must see the input and output folders
at the same paths (a shared file system, or a cluster on one machine).

Needs the extra: ``pip install 'cleanup[dask]'``.

>>> from cleanup.dask_batch import clean_bag          # doctest: +SKIP
>>> bag = clean_bag(["reports/"], "clean/")           # doctest: +SKIP
>>> failed = bag.filter(lambda d: "error" in d).compute()   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cleanup import batch
from cleanup.pipeline import DEFAULT_MAX_REMOVAL
from cleanup.rules import RuleSet, load_rules

if TYPE_CHECKING:
    import dask.bag

    from cleanup.pdf import PdfOptions

MISSING = ("cleanup's Dask support needs the dask extra: pip install 'cleanup[dask]' "
           "(dask[bag] and distributed)")


def _dask_bag() -> Any:
    try:
        import dask.bag as db
    except ImportError:
        raise ImportError(MISSING) from None
    return db


def outcomes_bag(jobs: Sequence[batch.Job], rules: RuleSet,
                 max_removal: float = DEFAULT_MAX_REMOVAL,
                 options: dict[str, str] | None = None,
                 pdf_options: PdfOptions | None = None,
                 npartitions: int | None = None) -> dask.bag.Bag:
    """A bag of :class:`cleanup.batch.Outcome`, one per job, computed lazily, in job order."""
    db = _dask_bag()
    if not jobs:
        return db.from_sequence([], npartitions=1)
    parts = npartitions or min(len(jobs), 256)
    return db.from_sequence(list(jobs), npartitions=parts).map(
        batch.process, rules, max_removal, options, pdf_options)


def clean_bag(inputs: Sequence[str | Path], out: str | Path, *, rules: RuleSet | None = None,
              rule_dirs: Sequence[str | Path] = (), disable: Sequence[str] = (),
              max_removal: float = DEFAULT_MAX_REMOVAL, footnotes: str = "link",
              npartitions: int | None = None) -> dask.bag.Bag:
    """Clean files and folders into ``out`` on Dask: a bag with one dict per input, as
    ``cleanup run --format json`` lists them (``source``, ``text``, ``report``, and ``summary``
    or ``error``). Inputs that cannot be planned (missing, a symbolic link loop) are elements
    with an ``error`` too; nothing is cleaned until the bag is computed.

    Raises :class:`cleanup.batch.UsageError` when ``out`` cannot be the output folder, and
    :class:`cleanup.rules.RuleError` for a bad rule file, before anything is submitted.
    """
    db = _dask_bag()
    if rules is None:
        rules = load_rules(rule_dirs, disable)
    plan = batch.plan([str(p) for p in inputs], Path(out))
    cleaned = outcomes_bag(plan.jobs, rules, max_removal, {"footnotes": footnotes},
                           None, npartitions).map(batch.Outcome.to_dict)
    if not plan.errors:
        return cleaned
    failed = db.from_sequence([{"source": e.split(": ", 1)[0], "error": e}
                               for e in plan.errors], npartitions=1)
    return db.concat([failed, cleaned])
