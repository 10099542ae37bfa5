"""First-page metadata truth for the real-document corpus (issue #24).

    python benchmarks/real/label_metadata.py          # writes metadata_labels_typeset.json

The typeset half's truth comes from the source that typeset it: each document's content is
drawn again from its recipe's seeded generator (``build_typeset.make_content`` and
``front_matter``, the same draws in the same order as the build), and the fields its first
page prints are written out: a policy paper's series and number, title, authors, publisher and
date; a journal article's title and authors (its affiliations, abstract and journal line are
not metadata fields cleanup reads); a court opinion names no title or author and has none.
A document with a JSTOR cover prints the same title and authors there, and its publisher and
date ("Published by: ...", "Source: ... (May 2012)").

The Debian half (real PDFs made by others) is labelled by hand from the printed first page:
``metadata_labels_debian.json``, each entry saying how it was read. cleanup never labels.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import build_typeset as bt  # noqa: E402

OUT = HERE / "metadata_labels_typeset.json"


def fields(recipe: bt.Recipe) -> dict[str, Any]:
    """The metadata fields the recipe's first page prints, as the writer set them."""
    rng = random.Random(f"{bt.BASE_SEED}:{recipe.id}")
    c = bt.make_content(rng, recipe.shape, recipe.words, recipe.notes)
    bt.front_matter(recipe, c, rng)
    if recipe.shape == "court":
        return {}
    out: dict[str, Any] = {"title": c.title, "authors": list(c.authors)}
    if recipe.shape == "policy":
        series, _, number = c.series.rpartition(" No. ")
        out |= {"series": series, "number": number, "publisher": c.org, "date": c.date}
    if recipe.cover:  # JSTOR's cover: "Source: ... (May 2012)", "Published by: ..."
        out |= {"publisher": c.extra["publisher"], "date": c.date}
    return out


def main() -> int:
    labels = {}
    for recipe in bt.RECIPES:
        found = fields(recipe)
        labels[recipe.id] = {**found, "source": "the typesetting source (build_typeset.py)"}
    OUT.write_text(json.dumps(labels, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
                   encoding="utf-8")
    print(f"{len(labels)} documents, {sum(len(v) - 1 for v in labels.values())} fields -> "
          f"{OUT.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
