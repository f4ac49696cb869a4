"""`pmsim analyze`: the author's report as text or JSON, the robustness table, and `--watch`,
which reruns the report whenever the file is saved."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from ..analysis.author import AuthorReport, author_report
from ..analysis.robust import ORDER, robust
from ..analysis.verdict import DEFAULT_SEEDS, few_seeds_note
from ..scenario.models import Scenario
from . import EXIT_INVALID, EXIT_OK, SEED_MAX, UsageError, print_json

ROBUST_SEEDS = 20
"""Seeds a change for the robustness check (fewer when --seeds asks for fewer)."""
POLL_SECONDS = 0.2
"""How often --watch looks at the file's size and modification time."""


def analyze_command(args: argparse.Namespace) -> int:
    _refuse_unused_first_seed(args)
    if args.seeds is None:
        args.seeds = ROBUST_SEEDS if args.robust else DEFAULT_SEEDS
    if args.seeds < 1 or args.seeds > 100_000:
        raise UsageError("--seeds must be between 1 and 100000")
    _refuse_seeds_past_the_last(args.first_seed, args.seeds)
    if getattr(args, "watch", False):
        return watch(args)
    scenario = load_checked(_resolve(args.scenario), args.json, args.scenario)
    if scenario is None:
        return EXIT_INVALID
    return run_once(scenario, args)


def _refuse_unused_first_seed(args: argparse.Namespace) -> None:
    """--robust always plays seeds 1 to N (`analysis.robust`), so another --first-seed would be
    ignored without a word: bad usage, like --robust with --no-robust (which argparse refuses)."""
    if args.robust and args.first_seed != 1:
        raise UsageError(f"--first-seed {args.first_seed} cannot be used with --robust: the "
                         "robustness check always plays seeds 1 to --seeds")


def _refuse_seeds_past_the_last(first: int, count: int) -> None:
    """Bad usage when the seeds from `first` run past the largest a seed can be (`SEED_MAX`,
    which `--first-seed` itself is held to): a seed past it, such as one the report names as
    good for class, could not be given back to `--seed`."""
    last = first + count - 1
    if last > SEED_MAX:
        raise UsageError(f"--first-seed {first} with {count} seeds would play seeds up to "
                         f"{last}, past the largest seed, {SEED_MAX}: give a first seed of at "
                         f"most {SEED_MAX - count + 1}, or fewer --seeds")


def _resolve(reference: str) -> Path:
    """The file a user named (an id or a path); bad usage when there is none."""
    from .. import catalog

    try:
        return catalog.resolve(reference)
    except catalog.ScenarioNotFound as exc:
        raise UsageError(str(exc)) from None


def load_checked(path: Path, as_json: bool, reference: str | None = None) -> Scenario | None:
    """The valid scenario in `path`; None when it has errors, after printing them: with
    --json as data on stdout, in the shape `pmsim validate --json` gives each problem (a
    script reading the report gets data either way), else as text on stderr. `reference`:
    what the user typed, to say when a file here was read instead of a bundled scenario."""
    from .. import catalog
    from ..scenario import load_file

    result = load_file(path)
    if result.scenario is not None:
        return result.scenario
    note = None if reference is None else catalog.shadowed(reference, path)
    if as_json:
        problems = [d.as_json() for d in result.diagnostics]
        print_json({"path": str(path), "valid": False, "diagnostics": problems}, indent=2)
    else:
        print(result.render(), file=sys.stderr)
    if note is not None:
        print(f"pmsim analyze: {note}", file=sys.stderr)
    return None


def run_once(scenario: Scenario, args: argparse.Namespace) -> int:
    """One report (or the robustness table, with --robust), printed; its exit code: 1 when
    the scenario does not teach (a FAIL line in the verdict, or in the robustness check when
    it ran: the report's `teaches`), so `pmsim analyze` can fail a CI run as it stands."""
    if args.robust:
        return robust_table(scenario, args)
    held = None if getattr(args, "no_robust", False) else min(args.seeds, ROBUST_SEEDS)
    report = author_report(scenario, seeds=args.seeds, first_seed=args.first_seed,
                           robust_seeds=held)
    if args.json:
        print_json(report_json(report), indent=2)
    else:
        print("\n".join(report_lines(report, scenario, args.first_seed)))
    return EXIT_OK if report.teaches else EXIT_INVALID


def report_json(report: AuthorReport) -> dict[str, object]:
    """The report as JSON: every section, and `notes`, what the text says under the verdict
    besides the checks (one string each; an empty list when there is nothing to add), such as
    that the verdict rests on fewer seeds than the bars are meant for."""
    data = report.as_dict()
    note = few_seeds_note(len(report.balance.seeds))
    data["notes"] = [" ".join(note)] if note else []
    return data


def report_lines(report: AuthorReport, scenario: Scenario, first_seed: int) -> list[str]:
    """The report as text, section by section."""
    b = report.balance
    lines = [f"{report.title}: {len(b.seeds)} seeds from {first_seed}"]
    lines += _policy_table(report)
    lines += ["", "Does it teach?"]
    if report.all_zero:
        lines.append("  every game of every policy scores 0: no ratio between them means "
                     "anything. See 'Games scoring 0' below")
    lines += [f"  {c.line()}" for c in report.checks]
    lines += [f"  {note}" for note in few_seeds_note(len(b.seeds))]
    if not report.all_zero:
        lines += _headline(report)
    lines += _demand_lines(report, scenario.round_name)
    lines += _request_lines(report)
    lines += _zero_lines(report)
    lines += _seed_lines(report)
    lines += _robust_lines(report)
    lines += ["", "Suggestions:"]
    lines += [f"  - {s.text}" for s in report.suggestions] or ["  none: it teaches"]
    if b.warnings:
        lines += ["", "Warnings:", *(f"  - {w}" for w in b.warnings)]
    return lines


def _policy_table(report: AuthorReport) -> list[str]:
    b = report.balance
    lines = [f"{'policy':<14} {'mean':>7} {'min':>7} {'max':>7}  how it decides"]
    for name, stats in b.policies.items():
        lines.append(f"{name:<14} {stats.mean:>7.1f} {min(stats.scores):>7.1f} "
                     f"{max(stats.scores):>7.1f}  {stats.description}")
    naive = b.best_naive
    lines.append(f"{'best naive':<14} {naive.mean:>7.1f} {min(naive.scores):>7.1f} "
                 f"{max(naive.scores):>7.1f}  {naive.name}: {naive.description} "
                 f"(best of {len(b.naive)} rules that read no evidence)")
    plan = b.best_memorised
    if plan is not None:
        lines.append(f"{'memorised':<14} {plan.mean:>7.1f} {min(plan.scores):>7.1f} "
                     f"{max(plan.scores):>7.1f}  {plan.name}: {plan.description}")
    return lines


def _headline(report: AuthorReport) -> list[str]:
    b = report.balance
    lines = []
    if b.best_naive.mean > 0:
        lines.append(f"  Judgement pays: `evidence` scores {b.evidence_margin:+.0%} against the "
                     "best naive rule (the bar is +15%).")
    if b.mean("optimal") > 0:
        lines.append(f"  Decisions matter: optimal play scores {b.decisions_matter:.0%} more "
                     "than random play, as a share of optimal.")
    gain = b.discovery_gain
    lines.append(f"  Discovery {'pays' if gain > 0 else 'does not pay'}: RICE with discovery "
                 f"scores {gain:+.1f} against RICE without.")
    lines.append(f"  Optimal: {b.optimal_method}.")
    return lines


def _demand_lines(report: AuthorReport, unit: str) -> list[str]:
    lines = ["", "Demand against capacity (estimate points asked, mean over the seeds):",
             f"  {unit:<8} {'capacity':>8} {'asked':>7} {'asked so far':>13} "
             f"{'capacity so far':>16}"]
    for d in report.demand:
        lines.append(f"  {d.round:<8} {d.capacity:>8} {d.asked:>7.1f} {d.asked_so_far:>13.1f} "
                     f"{d.capacity_so_far:>16}")
    last = report.demand[-1]
    if last.capacity_so_far:
        lines.append(f"  in all {last.asked_so_far:.0f} points asked of {last.capacity_so_far}: "
                     f"{last.asked_so_far / last.capacity_so_far:.2f}x (aim for 1.5x or more)")
    return lines


def _request_lines(report: AuthorReport) -> list[str]:
    lines = ["", "Requests: share of seeds each policy builds it; worth = mean final-score points "
             "if shipped in round 1; gem = share of seeds it is worth more than 0; * = the "
             "optimum and the best naive rule part (30 points or more)",
             f"  {'request':<24} {'est':>3} {'optimal':>8} {'evidence':>9} {'rice':>5} "
             f"{'loudest':>8} {'best naive':>11} {'worth':>7} {'gem':>5}"]
    for r in report.requests:
        b = r.built
        mark = " *" if abs(r.separates) >= 0.3 else ""
        lines.append(
            f"  {r.id[:24]:<24} {r.estimate:>3} {b['optimal']:>8.0%} {b['evidence']:>9.0%} "
            f"{b['rice']:>5.0%} {b['loudest']:>8.0%} {b['best naive']:>11.0%} "
            f"{r.worth:>+7.1f} {r.gem:>5.0%}{mark}")
    return lines


def _zero_lines(report: AuthorReport) -> list[str]:
    lines = ["", "Games scoring 0:"]
    if not report.zeros:
        return [*lines, "  none"]
    for z in report.zeros:
        seeds = ", ".join(map(str, z.seeds[:8])) + (", ..." if len(z.seeds) > 8 else "")
        pillars = ", ".join(f"{p} in {n}" for p, n in z.low_pillars.items()) or "none"
        events = ", ".join(f"'{e}' in {n}" for e, n in list(z.events.items())[:4])
        lines.append(f"  {z.policy}: {len(z.seeds)} of {z.of} (seeds {seeds}); pillars below "
                     f"50: {pillars}" + (f"; events that fired more often in them: {events}"
                                          if events else ""))
    return lines


def _seed_lines(report: AuthorReport) -> list[str]:
    lines = ["", "Good seeds for class (in the debrief, evidence 5% or more above every "
             "template and the best naive rule, RICE above the HiPPO, the optimum above "
             "evidence):"]
    if not report.class_seeds:
        return [*lines, "  none among these seeds: the lesson does not show plainly in any one "
                "game"]
    for c in report.class_seeds:
        scores = ", ".join(f"{k} {v:.1f}" for k, v in c.scores.items())
        lines.append(f"  seed {c.seed} (lead {c.margin:.0%}): {scores}")
    return lines


def _robust_lines(report: AuthorReport) -> list[str]:
    r = report.robust
    if r is None:
        return ["", "Robustness: not checked (--no-robust)"]
    lines = ["", f"Robustness: does {' > '.join(ORDER)} hold with each rule number moved 20% "
             f"and capacity by 1? ({r.seeds} seeds a change)",
             f"  {len(r.variants) - len(r.failures)} of {len(r.variants)} hold"]
    for v in r.failures[:10]:
        means = ", ".join(f"{k} {v.means[k]:.1f}" for k in ORDER)
        lines.append(f"  FAIL  {v.name}: {means}")
    if len(r.failures) > 10:
        lines.append(f"  ... and {len(r.failures) - 10} more (pmsim analyze FILE --robust)")
    return lines


def robust_table(scenario: Scenario, args: argparse.Namespace) -> int:
    """`--robust`: one line per change; exit 1 when any change breaks the ordering."""
    seeds = args.seeds
    report = robust(scenario, seeds=seeds)
    if args.json:
        print_json(report.as_dict(), indent=2)
    else:
        print(f"{scenario.title}: is evidence > rice > loudest robust? {seeds} seeds a change")
        for v in report.variants:
            means = "  ".join(f"{k} {v.means[k]:6.1f}" for k in ORDER)
            print(f"  {'ok  ' if v.holds else 'FAIL'}  {v.name:<42} {means}")
        failures = len(report.failures)
        print(f"{len(report.variants) - failures} of {len(report.variants)} hold.")
    return EXIT_OK if not report.failures else EXIT_INVALID


Stamp = tuple[int, int] | None


def stamp(path: Path) -> Stamp:
    """What --watch compares: the file's modification time (ns) and size; None if absent."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def watch(args: argparse.Namespace, sleep: Callable[[float], None] = time.sleep,
          rounds: int | None = None) -> int:
    """Run the report, then again after every save, until Ctrl+C (exit 0). A save with
    errors prints the diagnostics and keeps watching. `rounds` (tests) stops after that
    many looks at the file."""
    path = _resolve(args.scenario)
    try:
        seen = _rerun(path, args, None)
        looks = 0
        while rounds is None or looks < rounds:
            sleep(POLL_SECONDS)
            looks += 1
            now = stamp(path)
            if now != seen:
                seen = _rerun(path, args, now)
    except KeyboardInterrupt:
        print("\nstopped watching", file=sys.stderr)
    return EXIT_OK


def _rerun(path: Path, args: argparse.Namespace, changed: Stamp) -> Stamp:
    """One run for --watch; the stamp of the file it read."""
    seen = stamp(path)
    if changed is not None:
        print(f"\n--- {path.name} saved at {time.strftime('%H:%M:%S')}: rerunning ---",
              flush=True)
    if seen is None or path.is_dir():  # deleted, or replaced by a folder: it may come back
        what = "no such file" if seen is None else "it is a folder now, not a file"
        print(f"{path}: {what}; waiting for it to be saved again", file=sys.stderr)
        return seen
    scenario = load_checked(path, args.json)
    if scenario is None:
        print(f"--- waiting for the next save of {path.name} ---", file=sys.stderr)
    else:
        run_once(scenario, args)
    sys.stdout.flush()
    return seen
