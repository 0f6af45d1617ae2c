"""Region-scale benchmark of ctt: prints figures and checks the targets as ratios.

Usage: python benchmarks/run.py [--corpus DIR] [--economies 21] [--years 20] [--repeat 3]
                                [--only diff-base|site]

Generates the corpus (benchmarks/generate.py) into a temporary folder unless --corpus names
one, then runs each command as a separate process, as a user would, and reports its wall
time (the best of --repeat runs), CPU time and peak memory (the process's maximum resident
set size, from wait4). Targets are ratios measured in the same run, since machines are
noisy: never absolute seconds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate  # noqa: E402
from import_bench import bench_import  # noqa: E402

PYTHON = sys.executable
CTT = [PYTHON, "-m", "ctt"]


@dataclass
class Figure:
    """One measured command: best wall time, its CPU time, and peak memory."""

    name: str
    seconds: float
    cpu: float
    peak_mb: float
    exit_code: int

    def line(self) -> str:
        """One printed row."""
        return (
            f"  {self.name:<46} {self.seconds:8.3f} s   cpu {self.cpu:7.2f} s"
            f"   peak {self.peak_mb:7.1f} MB   exit {self.exit_code}"
        )


def measure(name: str, argv: list[str], cwd: Path, repeat: int, prepare: object = None) -> Figure:
    """Run a command `repeat` times; keep the fastest run's figures."""
    best: Figure | None = None
    for _ in range(repeat):
        if callable(prepare):
            prepare()
        start = time.perf_counter()
        process = subprocess.Popen(
            argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        figure = Figure(
            name,
            seconds,
            usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss / 1024,
            process.returncode,
        )
        if best is None or figure.seconds < best.seconds:
            best = figure
    assert best is not None
    print(best.line(), flush=True)
    return best


def target(label: str, ok: bool, detail: str) -> bool:
    """Print one target's verdict."""
    print(f"  [{'PASS' if ok else 'FAIL'}] {label}: {detail}")
    return ok


def _index(root: Path) -> tuple[bytes, int]:
    """git's index: its bytes and modification time."""
    index = root / ".git" / "index"
    return index.read_bytes(), index.stat().st_mtime_ns


RENDERED = ("md", "html", "docx")


def _stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """Each output file's inode and time: either changes when the file is written again."""
    return {
        p.name: (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.iterdir()
        if not p.name.startswith(".")
    }


def _move_times(root: Path, seconds: int) -> None:
    """Move every report file's modification time."""
    for path in (root / "economies").rglob("*.yaml"):
        info = path.stat()
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + seconds * 1_000_000_000))


def run_diff_base(corpus: Path, repeat: int) -> list[bool]:
    """`ctt diff --base HEAD` with nothing changed, on a git copy of the corpus, against
    `git status`; and whether git's index stayed byte for byte the same."""
    print("diff --base (the corpus as a git repository, one commit, nothing changed)")
    with tempfile.TemporaryDirectory(prefix="ctt-git-") as tmp:
        root = Path(tmp) / "repo"
        for name in ("schema", "templates", "economies"):
            shutil.copytree(corpus / name, root / name)
        _move_times(root, -20)  # as in a checkout made a while ago: no entry is "racy"
        git = ["git", "-C", str(root), "-c", "user.name=b", "-c", "user.email=b@example.org"]
        for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "corpus"]):
            subprocess.run([*git, *args], check=True)
        before = _index(root)
        base = measure(
            "ctt diff --base HEAD (nothing changed)", [*CTT, "diff", "--base", "HEAD"], root, repeat
        )
        untouched = _index(root) == before
        status = measure("git status", ["git", "status", "--porcelain"], root, repeat)
        start_code = (
            "from pathlib import Path\n"
            "import ctt.cli\n"
            "from ctt.catalogue.catalogue import load_catalogue\n"
            "from ctt.store.repo import Repository\n"
            "load_catalogue(Repository(Path.cwd()))\n"
        )
        start = measure(
            "floor: ctt start-up with the catalogue loaded",
            [PYTHON, "-c", start_code],
            root,
            repeat,
        )
        # Every file touched (a new checkout, a build tool): git's index no longer vouches
        # for any, so ctt hashes all of them; `git status` would rewrite the index here.
        _move_times(root, 10)
        before = _index(root)
        touched = measure(
            "ctt diff --base HEAD (every file touched)",
            [*CTT, "diff", "--base", "HEAD"],
            root,
            repeat,
        )
        untouched = untouched and _index(root) == before
    print(
        f"  diff --base beyond ctt's start-up: {base.seconds - start.seconds:.3f} s"
        f" ({(base.seconds - start.seconds) / status.seconds:.2f}x git status)"
    )
    return [
        target(
            "diff --base with nothing changed <= 2x git status",
            base.seconds <= 2 * status.seconds,
            f"{base.seconds / status.seconds:.2f}x"
            f" ({base.seconds:.3f} s vs {status.seconds:.3f} s;"
            f" every file touched: {touched.seconds:.3f} s)",
        ),
        target(
            "diff --base leaves .git/index byte for byte the same",
            untouched and base.exit_code == touched.exit_code == 0,
            "the same" if untouched else "written",
        ),
    ]


def run_site(corpus: Path, repeat: int) -> list[bool]:
    """`ctt site`: the first build, a second with nothing changed (the manifest: no page made
    again, no file written), and one after a single report changed."""
    print("site (every report's pages, downloads, changes, region pages, search index)")
    out = corpus / "build" / "site-bench"
    shutil.rmtree(out, ignore_errors=True)
    argv = [*CTT, "site", "--out", str(out)]
    first = measure("ctt site, first build", argv, corpus, 1)
    pages = sum(1 for p in out.rglob("*") if p.is_file())
    print(f"  {pages} files written")
    second = measure("ctt site, nothing changed", argv, corpus, repeat)
    changed = sorted(corpus.glob("economies/*/*/a1-protect-cargo.yaml"))[-1]
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("measures_planned:", "measures_planned:  ", 1))
    one = measure(f"ctt site, one report changed ({changed.parts[-3]})", argv, corpus, 1)
    changed.write_text(text, encoding="utf-8")
    return [
        target(
            "second site build with nothing changed <= 0.1x the first",
            second.seconds <= 0.1 * first.seconds and first.exit_code == second.exit_code == 0,
            f"{second.seconds / first.seconds:.3f}x ({second.seconds:.2f} s vs"
            f" {first.seconds:.1f} s; one report changed: {one.seconds:.1f} s)",
        )
    ]


def run(corpus: Path, repeat: int) -> bool:
    """Measure everything on a corpus; return whether every target holds."""
    files = sorted(str(p) for p in corpus.glob("economies/*/*/*.yaml"))
    sections = [f for f in files if not f.endswith("report.yaml")]
    reports = sorted({(Path(f).parts[-3], Path(f).parts[-2]) for f in files})
    listing = corpus / "files.txt"
    listing.write_text("\n".join(files))
    # The validation cache lives in the user's cache folder: here, a folder of this run's.
    cache = Path(tempfile.mkdtemp(prefix="ctt-bench-cache-"))
    os.environ["CTT_CACHE_DIR"] = str(cache)
    # As in a checkout made a while ago: no file is "racy" (changed within the last moments,
    # when its stat cannot vouch for it), so validate's stat index can vouch for each.
    _move_times(corpus, -20)
    print(f"corpus: {len(reports)} reports, {len(files)} files in {corpus}")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")

    print("validate")
    floor_code = (
        "import sys, yaml\n"
        "for f in open(sys.argv[1]).read().split('\\n'):\n"
        "    yaml.load(open(f, 'rb'), Loader=yaml.CSafeLoader)\n"
    )
    floor = measure(
        "floor: yaml.CSafeLoader alone", [PYTHON, "-c", floor_code, str(listing)], corpus, repeat
    )
    cold = measure(
        "ctt validate, cold (no cache)",
        [*CTT, "validate"],
        corpus,
        repeat,
        prepare=lambda: shutil.rmtree(cache / "repos", ignore_errors=True),
    )
    warm = measure("ctt validate, warm (nothing changed)", [*CTT, "validate"], corpus, repeat)
    single = measure(
        "ctt validate --jobs 1 --no-cache",
        [*CTT, "validate", "--jobs", "1", "--no-cache"],
        corpus,
        1,
    )
    checker = shutil.which("check-jsonschema", path=str(Path(PYTHON).parent))
    other: Figure | None = None
    if checker:
        other = measure(
            "check-jsonschema (section schema, section files)",
            [checker, "--schemafile", str(corpus / "schema" / "section.schema.json"), *sections],
            corpus,
            1,
        )
    else:
        print("  check-jsonschema not installed (pip install -e '.[bench]')")

    print("\nrender (md, html, docx)")
    out = corpus / "build" / "all"
    render_argv = [*CTT, "render", "--all", "--out", str(out)]
    render = measure("ctt render --all (every report, every format)", render_argv, corpus, 1)
    print(f"  {len(list(out.glob('*')))} files written")
    unchanged = measure("ctt render --all, nothing changed", render_argv, corpus, repeat)
    before = _stamps(out)
    changed = sorted(corpus.glob("economies/*/*/a1-protect-cargo.yaml"))[-1]
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("measures_planned:", "measures_planned:  ", 1))
    one_render = measure(
        f"ctt render --all, one file changed ({changed.parts[-3]} {changed.parts[-2]})",
        render_argv,
        corpus,
        1,
    )
    rewritten = sorted(name for name, stamp in _stamps(out).items() if before.get(name) != stamp)
    expected = sorted(f"{changed.parts[-3]}-{changed.parts[-2]}.{ext}" for ext in RENDERED)
    print(f"  rewritten: {', '.join(rewritten)}")
    changed.write_text(text, encoding="utf-8")

    print("\ndiff (every pair of consecutive years)")
    pairs = [
        (economy, year, str(int(year) + 1))
        for economy, year in reports
        if (economy, str(int(year) + 1)) in set(reports)
    ]
    diff_code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from ctt.catalogue.catalogue import load_catalogue\n"
        "from ctt.compare.compare import diff_years\n"
        "from ctt.store.repo import Repository\n"
        "repo = Repository(Path.cwd())\n"
        "catalogue = load_catalogue(repo)\n"
        "for line in open(sys.argv[1]).read().split('\\n'):\n"
        "    economy, old, new = line.split()\n"
        "    diff_years(repo, catalogue, economy, int(old), int(new))\n"
    )
    pair_file = corpus / "pairs.txt"
    pair_file.write_text("\n".join(" ".join(p) for p in pairs))
    diffs = measure(
        f"ctt diff, {len(pairs)} pairs in one process",
        [PYTHON, "-c", diff_code, str(pair_file)],
        corpus,
        1,
    )
    economy, old, new = pairs[-1]
    one = measure(
        "ctt diff ECONOMY OLD NEW (one pair, CLI)",
        [*CTT, "diff", economy, old, new],
        corpus,
        repeat,
    )
    print()
    based = run_diff_base(corpus, repeat)
    print()
    based += run_site(corpus, repeat)

    print("\nimport (a large plain-text export, a large .docx, one at the 256 MiB limit)")
    with tempfile.TemporaryDirectory(prefix="ctt-import-") as tmp:
        bench_import(measure, Path(tmp), text_mib=8, paragraphs=40000, limit=True)

    print("\nstart-up")
    click = measure("python -c 'import click'", [PYTHON, "-c", "import click"], corpus, repeat * 3)
    helped = measure("ctt --help", [*CTT, "--help"], corpus, repeat * 3)

    print("\ntargets")
    ok = [
        target(
            "cold validate <= 1.35x the floor",
            cold.seconds <= 1.35 * floor.seconds,
            f"{cold.seconds / floor.seconds:.2f}x ({cold.seconds:.2f} s vs {floor.seconds:.2f} s;"
            f" cpu {cold.cpu / floor.cpu:.2f}x)",
        ),
        target(
            "warm validate <= 0.2x the floor",
            warm.seconds <= 0.2 * floor.seconds,
            f"{warm.seconds / floor.seconds:.2f}x ({warm.seconds:.3f} s)",
        ),
        target(
            "render --all with nothing changed <= 0.1x the first",
            unchanged.seconds <= 0.1 * render.seconds and unchanged.exit_code == 0,
            f"{unchanged.seconds / render.seconds:.3f}x ({unchanged.seconds:.2f} s vs"
            f" {render.seconds:.1f} s)",
        ),
        target(
            "render --all after one file changed <= 0.1x the first, only its report rewritten",
            one_render.seconds <= 0.1 * render.seconds and rewritten == expected,
            f"{one_render.seconds / render.seconds:.3f}x ({one_render.seconds:.2f} s);"
            f" {len(rewritten)} file(s) rewritten"
            + ("" if rewritten == expected else f", expected {', '.join(expected)}"),
        ),
        target(
            "ctt --help <= 1.2x importing click",
            helped.seconds <= 1.2 * click.seconds,
            f"{helped.seconds / click.seconds:.2f}x",
        ),
        target(
            "whole-region validate peak memory < 100 MB",
            max(cold.peak_mb, warm.peak_mb, single.peak_mb) < 100,
            f"{max(cold.peak_mb, warm.peak_mb, single.peak_mb):.1f} MB",
        ),
        target(
            "render uses both cores (cpu / wall > 1.5)",
            render.cpu / render.seconds > 1.5,
            f"{render.cpu / render.seconds:.2f}",
        ),
    ]
    ok += based
    if other is not None:
        ok.append(
            target(
                "cold validate >= 10x faster than check-jsonschema",
                other.seconds >= 10 * cold.seconds,
                f"{other.seconds / cold.seconds:.1f}x ({other.seconds:.2f} s)",
            )
        )
    print(
        f"\n  single-process cold validate: {single.seconds / floor.seconds:.2f}x the floor;"
        f" diff: {diffs.seconds / max(len(pairs), 1) * 1000:.1f} ms a pair in-process,"
        f" {one.seconds:.2f} s for one pair from the command line"
    )
    return all(ok)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="an existing corpus (default: generate one)")
    parser.add_argument("--economies", type=int, default=21)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=["diff-base", "site"], help="run one section only")
    args = parser.parse_args()

    def section(corpus: Path) -> bool:
        if args.only == "diff-base":
            return all(run_diff_base(corpus, args.repeat))
        if args.only == "site":
            return all(run_site(corpus, args.repeat))
        return run(corpus, args.repeat)

    if args.corpus:
        ok = section(args.corpus.resolve())
    else:
        with tempfile.TemporaryDirectory(prefix="ctt-bench-") as tmp:
            corpus = Path(tmp) / "corpus"
            count = generate(corpus, args.economies, args.years)
            print(f"generated {count} files")
            ok = section(corpus)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
