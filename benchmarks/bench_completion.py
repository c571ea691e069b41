"""Tab-completion benchmark: a TAB press in bash, zsh and fish against `python -c pass`, in one run.

    .venv/bin/python benchmarks/bench_completion.py            # 21 rounds
    .venv/bin/python benchmarks/bench_completion.py --check    # exit 1 if a TAB misses 2x the floor

A TAB press runs one command: the one the shell's completion script (completions/) runs, with
the environment and arguments it passes. Those commands are measured for the lines of the issue
in each shell, next to the floor (`python -c pass`, same interpreter) and, for reference, typer's
own completion path (`_RNK_COMPLETE=complete_bash`), which imports rich to clean help texts.
Then, through each shell itself: the shell starting, loading the script and completing one line
(bash calls the script's completion function as readline would; fish runs `complete -C`; zsh can
only run its completion widget inside the line editor, so it runs the command line the script
runs), minus the same shell starting and loading the script: what the TAB adds in the shell.
Bytecode is written to a scratch folder on the warm-up runs, as an installed package has it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import Case, clean_env, machine_description, measure, rnk_command, table

ROOT = Path(__file__).resolve().parents[1]
COMPLETIONS = ROOT / "completions"
TARGET = 2.0
WORDBREAKS = " \t\n\"'><=;|&(:"
# The lines of the issue: (words before the cursor, the word being completed).
LINES = [
    ([], "sh"),
    (["show"], "kor"),
    (["events", "--tag"], "sanc"),
    (["events", "--format"], "js"),
    (["faq"], ""),
]


def typed(words: list[str], current: str) -> str:
    return " ".join(["rnk", *words, current])


def shell_cases(rnk: list[str]) -> list[tuple[Case, str]]:
    """The command each shell's script runs for each line."""
    out = []
    for words, current in LINES:
        line = typed(words, current)
        bash = {
            "_RNK_COMPLETE": "bash",
            "COMP_LINE": line,
            "COMP_POINT": str(len(line)),
            "COMP_WORDBREAKS": WORDBREAKS,
        }
        out.append((Case(f"bash: {line}<TAB>", rnk, env=bash, ok=(0,)), "tab"))
        for shell in ("zsh", "fish"):
            env = {"_RNK_COMPLETE": shell, "_RNK_CURRENT": current}
            out.append((Case(f"{shell}: {line}<TAB>", [*rnk, *words], env=env, ok=(0,)), "tab"))
    return out


def in_shell_cases() -> list[tuple[Case, Case]]:
    """(shell with the script loaded, same plus one TAB) for each shell that is installed."""
    import shutil

    line = "rnk events --tag sanc"
    bash_call = f"COMP_LINE='{line}'; COMP_POINT={len(line)}; _rnk_completion rnk sanc --tag"
    zsh_call = "_RNK_CURRENT=sanc _RNK_COMPLETE=zsh rnk events --tag >/dev/null"
    scripts = {
        "bash": (["bash", "--norc", "--noprofile", "-c"], f". {COMPLETIONS / 'rnk.bash'}", bash_call),
        "zsh": (
            ["zsh", "-f", "-c"],
            # compinit alone takes hundreds of ms, and varies: a stub compdef lets the script load
            f"compdef() {{ :; }}; . {COMPLETIONS / '_rnk'}",
            zsh_call,
        ),
        "fish": (
            ["fish", "--no-config", "-c"],
            f"source {COMPLETIONS / 'rnk.fish'}",
            f"complete -C '{line}'",
        ),
    }
    out = []
    for shell, (argv, load, call) in scripts.items():
        if shutil.which(shell) is None:
            continue
        base = Case(f"{shell}: start + load script", [*argv, load], ok=(0,))
        tab = Case(f"{shell}: start + load script + TAB ({line})", [*argv, f"{load}; {call}"], ok=(0,))
        out.append((base, tab))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=21, help="timed rounds (default 21)")
    parser.add_argument(
        "--check", action="store_true", help=f"exit 1 when a TAB takes over {TARGET}x the floor"
    )
    args = parser.parse_args()

    rnk = rnk_command()
    floor = Case("python -c pass (floor)", [sys.executable, "-c", "pass"])
    tabs = shell_cases(rnk)
    mini = str(ROOT / "tests" / "fixtures" / "mini.toml")
    user = {"_RNK_COMPLETE": "bash", "COMP_LINE": "rnk show ", "COMP_POINT": "9", "RNK_DATA": mini}
    tabs.append((Case("bash: rnk show <TAB>, RNK_DATA=mini.toml (cached)", rnk, env=user, ok=(0,)), "tab"))
    typer_env = {"_RNK_COMPLETE": "complete_bash", "COMP_WORDS": "rnk events --tag sanc", "COMP_CWORD": "3"}
    typer_case = Case("typer's own path: complete_bash (reference)", rnk, env=typer_env, ok=(0,))
    pairs = in_shell_cases()

    env = clean_env()
    env["PATH"] = f"{Path(rnk[0]).parent}{os.pathsep}{env.get('PATH', '')}"
    with tempfile.TemporaryDirectory(prefix="rnk-bench-") as scratch:
        env["RNK_CACHE_DIR"] = os.path.join(scratch, "cache")
        env["PYTHONPYCACHEPREFIX"] = os.path.join(scratch, "pycache")
        everything = [floor, *(c for c, _ in tabs), typer_case, *(c for pair in pairs for c in pair)]
        measure(everything, args.runs, env, warmup=2)

    base = floor.median_ms
    rows = [[floor.label, f"{base:.1f}", "1.00×", ""]]
    missed = []
    for case, _ in [*tabs, (typer_case, "")]:
        if case.status:
            rows.append([case.label, case.status, "", ""])
            missed.append(case.label)
            continue
        ratio = case.median_ms / base
        verdict = "" if case is typer_case else ("ok" if ratio <= TARGET else "MISSED")
        if verdict == "MISSED":
            missed.append(case.label)
        rows.append([case.label, f"{case.median_ms:.1f}", f"{ratio:.2f}×", verdict])
    print(f"Machine: {machine_description()}")
    print(f"Median of {args.runs} runs; target: a TAB within {TARGET}× the floor\n")
    print(table(["command a TAB runs", "median ms", "× floor", f"≤ {TARGET}×"], rows))
    if pairs:
        shell_rows = []
        for base_case, tab_case in pairs:
            if base_case.status or tab_case.status:
                shell_rows.append([tab_case.label, base_case.status or tab_case.status, "", ""])
                continue
            added = tab_case.median_ms - base_case.median_ms
            shell_rows.append(
                [tab_case.label, f"{tab_case.median_ms:.1f}", f"{base_case.median_ms:.1f}", f"{added:.1f}"]
            )
        print("\nInside the shells (each run starts the shell):\n")
        print(table(["shell run", "median ms", "without the TAB", "added by the TAB"], shell_rows))
    if args.check and missed:
        print(f"\nmissed: {', '.join(missed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
