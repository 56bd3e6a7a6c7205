#!/usr/bin/env python3
"""Runs the README's examples so they cannot drift from the code.

Usage: readme_test.py KOSEARCH_BINARY SOURCE_DIR WORK_DIR

A fenced block right after `<!-- readme-test: run NAME -->` holds `$ command` lines, each followed
by lines of expected output: the command is run (`kosearch` is the binary under test, from a
folder where build/demo-index is corpus/ indexed) and every expected line must appear in its
output, in order. A block after `<!-- readme-test: in FILE -->` must have each of its lines in
FILE (a path from the source folder), so a snippet of an example program stays the program's.
Also checks that the README stays a users' page: at most 250 lines.
"""
import os
import re
import shlex
import subprocess
import sys


def blocks(readme):
    lines = readme.split("\n")
    i = 0
    while i < len(lines):
        m = re.match(r"<!-- readme-test: (run|in) (\S+) -->", lines[i])
        i += 1
        if not m:
            continue
        if i >= len(lines) or not lines[i].startswith("```"):
            raise SystemExit(f"README.md:{i}: a readme-test marker must be followed by a fenced block")
        start = i + 1
        end = start
        while end < len(lines) and not lines[end].startswith("```"):
            end += 1
        yield m.group(1), m.group(2), start + 1, lines[start:end]
        i = end + 1


def run_block(kosearch, work, line_no, body):
    failures = []
    commands = []  # (line number, command, expected lines)
    for offset, line in enumerate(body):
        if line.startswith("$ "):
            commands.append((line_no + offset, line[2:], []))
        elif commands:
            if line.strip():
                commands[-1][2].append(line.rstrip())
    for at, command, expected in commands:
        argv = shlex.split(command)
        if argv[0] != "kosearch":
            failures.append(f"README.md:{at}: only kosearch commands can be checked: {command}")
            continue
        out = subprocess.run([kosearch] + argv[1:], cwd=work, capture_output=True, text=True)
        if out.returncode != 0:
            failures.append(f"README.md:{at}: `{command}` exited {out.returncode}: {out.stderr.strip()}")
            continue
        actual = [l.rstrip() for l in out.stdout.split("\n")]
        pos = 0
        for want in expected:
            while pos < len(actual) and actual[pos] != want:
                pos += 1
            if pos == len(actual):
                failures.append(f"README.md:{at}: `{command}` does not print, in this order:\n  {want}\n"
                                f"its output was:\n" + "\n".join("  " + l for l in actual))
                break
            pos += 1
    return failures


def main():
    kosearch, source, work = (os.path.abspath(a) for a in sys.argv[1:4])
    readme = open(os.path.join(source, "README.md"), encoding="utf-8").read()
    failures = []
    count = readme.count("\n")
    if count > 250:
        failures.append(f"README.md has {count} lines; it is the users' page: keep it to 250 and move depth to docs/")
    os.makedirs(os.path.join(work, "build"), exist_ok=True)
    index = os.path.join(work, "build", "demo-index")
    built = subprocess.run([kosearch, "index", "--rebuild", "-q", "--index", index,
                            os.path.join(source, "corpus")], capture_output=True, text=True)
    if built.returncode not in (0, 3):
        raise SystemExit(f"indexing corpus/ failed: {built.stderr}")
    checked = 0
    for kind, arg, line_no, body in blocks(readme):
        checked += 1
        if kind == "run":
            failures += run_block(kosearch, work, line_no, body)
        else:
            text = open(os.path.join(source, arg), encoding="utf-8").read()
            stripped = {l.strip() for l in text.split("\n")}
            for offset, line in enumerate(body):
                if line.strip() and line.strip() not in stripped:
                    failures.append(f"README.md:{line_no + offset}: not in {arg}: {line.strip()}")
    if checked == 0:
        failures.append("README.md has no readme-test blocks")
    for f in failures:
        print(f, file=sys.stderr)
    print(f"readme: {checked} blocks checked, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
