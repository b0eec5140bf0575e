"""Whole-process timings of jiexiu against the framework's floor, with public tools only.

    python benchmarks/run.py                      # the shipped fact base
    python benchmarks/run.py --data /tmp/facts-100k --build

Each round runs every command once, in turn (A B C ... A B C ...), so a machine that
speeds up or slows down moves all of them alike; ratios are taken round by round and
their median reported. Wall time is a monotonic clock around each process; peak memory
is that child's own ru_maxrss (os.wait4). Bytecode is written (PYTHONDONTWRITEBYTECODE is
unset) and one warm-up round is not counted, so what is timed is a warm start, as a user
sees it from the second run on. The yardsticks: `benchmarks/minimal_app.py` (a Typer app
printing one Rich table) and `python -c pass`, both with the Python of jiexiu's environment.
Prints a Markdown table ready for the README, and the machine.

``--instructions`` also counts each command's instructions once under Valgrind's
cachegrind (where ``valgrind`` is installed): a count does not move with the load of a
shared machine, where wall-time ratios move by about ±0.1 from one call to the next.

The store's scenarios (issue 14), on the fact base of ``--data``, each printed as a table:

    python benchmarks/run.py --data /tmp/facts-100k --cold 3 --edit 5 --whole 5

``--cold N``: N rounds of a first run on an empty cache (the whole store built) beside the
time libyaml takes to compose the same files in one process (its floor: the issue's
yardstick, Python's defaults), and the same with the cyclic garbage collector off (as jiexiu
runs: composing alone then takes about a third less), alternating; the build's ratio to each.
``--edit N``: on a copy of the fact base, with its store and verify's results warm, N
rounds of: one line appended to one fact-base file (a note on its last figure, a new one
each round), then ``show gdp``, then ``verify``, each timed.
``--whole N``: N alternating rounds of every whole-fact-base command (warm), in its
default format and as JSON (the tables of ``compare`` and ``audit`` printed as kept from the
warm-up round); ``--once`` adds a single run of each of those two tables laid out afresh (at
a width not printed before: a minute or more at 100,000 figures), and of ``export --format
table``; ``--only compare --only audit`` (or ``--only compare,audit``) keeps those commands
alone (with ``--cache`` a warm cache is reused: then a table an earlier run laid out afresh is
printed as kept).
The cold and edit rows also give the median CPU time (user + system of the process and of
the processes it waited for, a cold build's workers): on a shared machine, what the run
itself cost, whatever else the cores were doing.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


@dataclass
class Case:
    label: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    walls: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)
    codes: set[int] = field(default_factory=set)
    instructions: int | None = None


def run_once(case: Case, base_env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, peak MiB and exit code of one run of ``case``."""
    wall, peak, code, _ = run_measured(case, base_env)
    return wall, peak, code


def run_measured(case: Case, base_env: dict[str, str]) -> tuple[float, float, int, float]:
    """:func:`run_once`, and the CPU seconds (user + system) of the process and of the
    processes it waited for (a cold build's workers): on a shared machine, what the run
    itself cost, whatever else the cores were doing."""
    env = {**base_env, **case.env}
    start = time.perf_counter()
    proc = subprocess.Popen(
        case.argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss / 1024 if sys.platform != "darwin" else usage.ru_maxrss / 1024 / 1024
    return wall, peak, proc.returncode, usage.ru_utime + usage.ru_stime


def alternate(cases: list[Case], runs: int, base_env: dict[str, str]) -> None:
    for case in cases:  # warm-up: bytecode written, caches built, files in the page cache
        run_once(case, base_env)
    for _ in range(runs):
        for case in cases:
            wall, peak, code = run_once(case, base_env)
            case.walls.append(wall)
            case.peaks.append(peak)
            case.codes.add(code)


def count_instructions(case: Case, base_env: dict[str, str], valgrind: str) -> int:
    """Instructions executed by one (warm) run of ``case``, as cachegrind counts them."""
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "valgrind.log"
        argv = [valgrind, "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
        subprocess.run(
            [*argv, f"--log-file={log}", *case.argv],
            env={**base_env, **case.env},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
            if "I" in line and "refs:" in line:
                return int(line.split("refs:")[1].strip().replace(",", ""))
    raise SystemExit(f"run.py: no instruction count from valgrind for {case.label}")


def paired(a: Case, b: Case) -> float:
    return statistics.median(x / y for x, y in zip(a.walls, b.walls, strict=True))


def first_run(case: Case, base_env: dict[str, str]) -> tuple[float, float, int]:
    """One run on an empty cache: the time to build the compiled fact base."""
    wall, peak, code, _ = first_measured(case, base_env)
    return wall, peak, code


def first_measured(case: Case, base_env: dict[str, str]) -> tuple[float, float, int, float]:
    """:func:`first_run`, with its CPU seconds (:func:`run_measured`)."""
    with tempfile.TemporaryDirectory() as cold:
        return run_measured(case, {**base_env, "XDG_CACHE_HOME": cold})


def python_of(jiexiu: str) -> str:
    """The Python of jiexiu's environment (its script's neighbour, or its shebang)."""
    beside = Path(jiexiu).parent / "python"
    if beside.exists():
        return str(beside)
    first = Path(jiexiu).read_bytes().split(b"\n", 1)[0]
    return first[2:].decode().strip() if first.startswith(b"#!") else sys.executable


def version_of(python: str, module: str) -> str:
    code = f"import importlib.metadata as m; print(m.version({module!r}))"
    out = subprocess.run([python, "-c", code], capture_output=True, text=True)
    return out.stdout.strip() or "?"


def machine(python: str) -> str:
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    pyver = subprocess.run([python, "-c", "import sys; print(sys.version.split()[0])"], capture_output=True, text=True)
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Python {pyver.stdout.strip()}, "
        f"typer {version_of(python, 'typer')}, rich {version_of(python, 'rich')}, load average {load}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", "-n", type=int, default=9, help="counted rounds (default 9)")
    parser.add_argument("--jiexiu", default=shutil.which("jiexiu"), help="the jiexiu script (default: on PATH)")
    parser.add_argument("--data", type=Path, default=os.environ.get("JIEXIU_BENCH_DATA"), help="a synthetic fact base")
    parser.add_argument("--build", action="store_true", help="also time one first run (cache build) per fact base")
    parser.add_argument("--cache", help="XDG_CACHE_HOME to use and keep (default: a new one, removed after)")
    parser.add_argument("--skip-shipped", action="store_true", help="with --data: only the synthetic fact base")
    parser.add_argument(
        "--instructions", action="store_true", help="also count instructions once per command (needs valgrind)"
    )
    parser.add_argument("--cold", type=int, default=0, metavar="N", help="N rounds: cold build against libyaml")
    parser.add_argument("--edit", type=int, default=0, metavar="N", help="N rounds of the one-file edit loop")
    parser.add_argument("--whole", type=int, default=0, metavar="N", help="N rounds of the whole-base commands")
    parser.add_argument("--once", action="store_true", help="with --whole: also the slow tables, once")
    parser.add_argument(
        "--only",
        action="append",
        metavar="COMMAND",
        help="with --whole: only this command (repeatable, or several joined by commas)",
    )
    args = parser.parse_args(argv)
    if args.only:  # `--only compare,audit` reads as `--only compare --only audit`
        args.only = [name for joined in args.only for name in joined.split(",") if name]
        unknown = sorted(set(args.only) - WHOLE_COMMANDS)
        if unknown:
            parser.error(
                f"--only: not a whole-base command: {', '.join(unknown)} (one of {', '.join(sorted(WHOLE_COMMANDS))})"
            )
    if not args.jiexiu:
        parser.error("no jiexiu on PATH: give --jiexiu")
    valgrind = shutil.which("valgrind")
    if args.instructions and not valgrind:
        parser.error("--instructions needs valgrind on PATH")
    jiexiu = str(Path(args.jiexiu).resolve()) if Path(args.jiexiu).exists() else args.jiexiu
    python = python_of(jiexiu)

    base_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "JIEXIU_DATA")}
    base_env.update({"COLUMNS": "100", "NO_COLOR": "1"})
    cache = args.cache or tempfile.mkdtemp(prefix="jiexiu-bench-")
    base_env["XDG_CACHE_HOME"] = cache

    if args.cold or args.edit or args.whole:
        if not args.data:
            parser.error("--cold, --edit and --whole need --data")
        print(f"Machine: {machine(python)}; medians.\n")
        try:
            scenarios(args, jiexiu, python, base_env)
        finally:
            if not args.cache:
                shutil.rmtree(cache, ignore_errors=True)
        return 0

    floor = Case("python -c pass", [python, "-c", "pass"])
    minimal = Case("minimal Typer+Rich app", [python, str(HERE / "minimal_app.py"), "show"])
    commands = [
        ("show gdp", ["show", "gdp"]),
        ("show gdp --format json", ["show", "gdp", "--format", "json"]),
        ("search 焦化", ["search", "焦化"]),
        ("show gpd (mistyped)", ["show", "gpd"]),
        ("compare", ["compare"]),
    ]
    shipped = [Case(label, [jiexiu, *a]) for label, a in commands]
    synthetic: list[Case] = []
    if args.data:
        env = {"JIEXIU_DATA": str(args.data.resolve())}
        synthetic = [Case(label, [jiexiu, *a], env) for label, a in commands if label != "compare"]
    builds = []
    if args.build:
        builds.append(("shipped", first_run(shipped[0], base_env)))
        if synthetic:
            builds.append((str(args.data), first_run(synthetic[0], base_env)))

    cases = [minimal, floor, *([] if args.skip_shipped and synthetic else shipped), *synthetic]
    try:
        alternate(cases, args.runs, base_env)
        if args.instructions and valgrind:
            for case in cases:
                case.instructions = count_instructions(case, base_env, valgrind)
    finally:
        if not args.cache:
            shutil.rmtree(cache, ignore_errors=True)

    print(f"Machine: {machine(python)}; {args.runs} alternating rounds after one warm-up; medians.\n")
    head = "| command | fact base | median s | × minimal app | × `python -c pass` |"
    sep = "|---|---|---:|---:|---:|"
    if synthetic:
        head += " × same on shipped |"
        sep += "---:|"
    if args.instructions:
        head += " instructions (M) | × minimal app, instructions |"
        sep += "---:|---:|"
    print(head + " peak MiB | exit |")
    print(sep + "---:|---|")
    by_label = {c.label: c for c in shipped}
    for c in cases:
        where = "synthetic" if c in synthetic else ("shipped" if c in shipped else "—")
        row = (
            f"| `{c.label}` | {where} | {statistics.median(c.walls):.3f} | {paired(c, minimal):.2f} "
            f"| {paired(c, floor):.1f} |"
        )
        if synthetic:
            same = by_label.get(c.label)
            row += f" {paired(c, same):.2f} |" if c in synthetic and same and same.walls else " |"
        if c.instructions is not None and minimal.instructions:
            row += f" {c.instructions / 1e6:.1f} | {c.instructions / minimal.instructions:.3f} |"
        print(row + f" {statistics.median(c.peaks):.1f} | {','.join(map(str, sorted(c.codes)))} |")
    for where, (wall, peak, code) in builds:
        print(
            f"\nFirst run (building the compiled fact base) on {where}: {wall:.2f} s, peak {peak:.0f} MiB, exit {code}"
        )
    return 0


# ---------------------------------------------------------------- the store's scenarios

#: what libyaml alone takes: compose every fact-base file of the folder, in one process
#: (with Python's defaults; ``gc.disable()`` first with a second argument, as jiexiu runs:
#: its entry point turns the cyclic collector off, which composing alone feels too)
COMPOSE = """
import gc, sys, yaml
from pathlib import Path
from jiexiu_cli.factbase.data_path import fact_files
if len(sys.argv) > 2:
    gc.disable()
for f in fact_files(Path(sys.argv[1])):
    yaml.compose(f.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
"""


def scenarios(args: argparse.Namespace, jiexiu: str, python: str, base_env: dict[str, str]) -> None:
    data = str(args.data.resolve())
    rows: list[Any] = []
    if args.cold:
        rows += cold(data, jiexiu, python, base_env, args.cold)
    if args.whole:
        rows += whole(data, jiexiu, base_env, args.whole, args.once, args.only)
    if args.edit:
        rows += edit(data, jiexiu, base_env, args.edit)
    print("| scenario | median s | median CPU s | runs | peak MiB (max) | note |")
    print("|---|---:|---:|---:|---:|---|")
    for label, walls, peaks, note, *cpus in rows:
        cpu = f"{statistics.median(cpus[0]):.2f}" if cpus and cpus[0] else "—"
        print(f"| {label} | {statistics.median(walls):.2f} | {cpu} | {len(walls)} | {max(peaks):.0f} | {note} |")


def cold(data: str, jiexiu: str, python: str, base_env: dict[str, str], rounds: int) -> list[Any]:
    floor = Case("libyaml composes every file (floor)", [python, "-c", COMPOSE, data])
    bare = Case("the same, the cyclic collector off (as jiexiu runs)", [python, "-c", COMPOSE, data, "nogc"])
    build = Case("first run, store built: show gdp", [jiexiu, "--data", data, "show", "gdp"])
    for _ in range(rounds):
        for case in (floor, bare, build):
            wall, peak, code, cpu = first_measured(case, base_env)
            case.walls.append(wall)
            case.peaks.append(peak)
            case.codes.add(code)
            case.cpus.append(cpu)

    def ratios(f: Case) -> str:
        ratio = statistics.median(b / x for b, x in zip(build.walls, f.walls, strict=True))
        by_cpu = statistics.median(b / x for b, x in zip(build.cpus, f.cpus, strict=True))
        return f"{ratio:.2f} × (by CPU time {by_cpu:.2f} ×)"

    return [
        (floor.label, floor.walls, floor.peaks, "one process, as the issue measured it", floor.cpus),
        (bare.label, bare.walls, bare.peaks, "one process", bare.cpus),
        (
            build.label,
            build.walls,
            build.peaks,
            f"{ratios(floor)} the floor, {ratios(bare)} the floor without the collector (paired rounds)",
            build.cpus,
        ),
    ]


#: the commands --whole times (--only names some of them)
WHOLE_COMMANDS = frozenset({"list", "sources", "export", "compare", "verify", "audit"})


def whole(
    data: str, jiexiu: str, base_env: dict[str, str], rounds: int, once: bool, only: list[str] | None = None
) -> list[Any]:
    commands = [
        ["list"],
        ["list", "--format", "json"],
        ["sources"],
        ["export"],
        ["compare"],
        ["compare", "--format", "json"],
        ["verify"],
        ["audit"],
        ["audit", "--format", "json"],
    ]
    tables = (["compare"], ["audit"], ["export", "--format", "table"])
    if only:
        commands = [c for c in commands if c[0] in only]
        tables = tuple(c for c in tables if c[0] in only)
    cases = [Case(" ".join(c), [jiexiu, "--data", data, *c]) for c in commands]
    alternate(cases, rounds, base_env)  # one warm-up round first: the store and results built
    slow: list[Case] = []
    if once:
        # a width no output was printed at: the table laid out afresh, not printed as kept
        # (as after an edit); with --cache reused, one kept by an earlier run would be read
        fresh = {"COLUMNS": str(int(base_env.get("COLUMNS", "100")) + 1)}
        slow = [
            Case(f"{' '.join(c)} (laid out afresh, COLUMNS={fresh['COLUMNS']})", [jiexiu, "--data", data, *c], fresh)
            if c[0] in ("compare", "audit")
            else Case(" ".join(c), [jiexiu, "--data", data, *c])
            for c in tables
        ]
        for case in slow:
            wall, peak, code = run_once(case, base_env)
            case.walls.append(wall)
            case.peaks.append(peak)
            case.codes.add(code)
    return [(f"`{c.label}`", c.walls, c.peaks, f"exit {','.join(map(str, sorted(c.codes)))}") for c in cases + slow]


def edit(data: str, jiexiu: str, base_env: dict[str, str], rounds: int) -> list[Any]:
    """On a copy of the fact base: append one line to one file, then show, then verify;
    for a file of median size and for the biggest."""
    out = []
    with tempfile.TemporaryDirectory(prefix="jiexiu-edit-") as tmp:
        copy = Path(tmp) / "facts"
        shutil.copytree(data, copy)
        files = sorted(copy.rglob("*.yaml"), key=lambda p: p.stat().st_size)
        show = [jiexiu, "--data", str(copy), "show", "gdp"]
        verify = [jiexiu, "--data", str(copy), "verify"]
        run_once(Case("build", show), base_env)  # the store built
        run_once(Case("verify", verify), base_env)  # verify's results kept
        for which, target in (("median", files[len(files) // 2]), ("biggest", files[-1])):
            original = target.read_text(encoding="utf-8")
            if not original.endswith("\n"):
                raise SystemExit(f"run.py: {target} does not end with a newline")
            cases = [
                Case(f"one line appended to one file ({which}) -> next `show gdp`", show),
                Case("the same -> next `verify`", verify),
            ]
            for n in range(rounds):
                target.write_text(original + f'    note: "edited, round {n}"\n', encoding="utf-8")
                for case in cases:
                    wall, peak, code, cpu = run_measured(case, base_env)
                    case.walls.append(wall)
                    case.peaks.append(peak)
                    case.codes.add(code)
                    case.cpus.append(cpu)
            target.write_text(original, encoding="utf-8")
            note = f"{target.name}, {target.stat().st_size // 1024} KiB, a note on its last figure"
            out += [
                (c.label, c.walls, c.peaks, f"{note}, exit {','.join(map(str, sorted(c.codes)))}", c.cpus)
                for c in cases
            ]
    return out


if __name__ == "__main__":
    sys.exit(main())
