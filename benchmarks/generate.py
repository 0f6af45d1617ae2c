"""Write a realistic region-scale corpus: 21 economies x 20 years, varied from Chile 2020.

Usage: python benchmarks/generate.py TARGET [--economies 21] [--years 20]

TARGET becomes a complete ctt repository (schema/, templates/, economies/). Every report
is Chile's real 2020 report with its economy and year changed and its items varied
deterministically (some reworded, some dropped, some added, planned measures moved on), so
that reports differ from year to year as real ones do. Nothing is written into this
repository.
"""

from __future__ import annotations

import argparse
import copy
import random
import shutil
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ctt.authoring.writer import report_text  # noqa: E402
from ctt.catalogue.catalogue import load_catalogue  # noqa: E402
from ctt.store import yamlfile  # noqa: E402
from ctt.store.repo import Repository  # noqa: E402

WORDS = ["national", "regional", "customs", "training", "security", "port", "cargo", "risk"]


def _vary(items: list[Any], rng: random.Random, year: int) -> list[Any]:
    varied = []
    for item in items:
        roll = rng.random()
        if roll < 0.05:
            continue  # dropped this year
        if isinstance(item, str):
            if roll < 0.20:
                item = f"{item} Updated in {year} with {rng.choice(WORDS)} partners."
            varied.append(item)
            continue
        item = dict(item)
        if "text" in item and roll < 0.20:
            item["text"] = f"{item['text']} Reviewed in {year}."
        if "items" in item:
            item["items"] = _vary(item["items"], rng, year) or item["items"]
        varied.append(item)
    if rng.random() < 0.3:
        varied.append(f"A new {rng.choice(WORDS)} measure adopted in {year}.")
    return varied


def generate(target: Path, economies: int = 21, years: int = 20, seed: int = 2020) -> int:
    """Write the corpus; return the number of report files written."""
    if target.exists() and any(target.iterdir()):
        raise SystemExit(f"{target} is not empty")
    for name in ("schema", "templates"):
        shutil.copytree(ROOT / name, target / name)
    catalogue = load_catalogue(Repository(ROOT))
    source = ROOT / "economies" / "chile" / "2020"
    base = {path.name: yamlfile.load(path).data for path in sorted(source.glob("*.yaml"))}
    rng = random.Random(seed)
    written = 0
    repo = Repository(target)
    for economy in list(catalogue.economies)[:economies]:
        for year in range(2021 - years, 2021):
            folder = target / "economies" / economy / str(year)
            folder.mkdir(parents=True)
            for name, data in base.items():
                data = copy.deepcopy(data)
                data["economy"], data["year"] = economy, year
                for key in catalogue.answer_keys:
                    if isinstance(data.get(key), list):
                        data[key] = _vary(data[key], rng, year)
                (folder / name).write_text(report_text(repo, name, data), encoding="utf-8")
                written += 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--economies", type=int, default=21)
    parser.add_argument("--years", type=int, default=20)
    args = parser.parse_args()
    count = generate(args.target, args.economies, args.years)
    print(f"wrote {count} report files into {args.target}")


if __name__ == "__main__":
    main()
