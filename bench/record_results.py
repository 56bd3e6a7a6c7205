#!/usr/bin/env python3
"""Writes a bench script's output into bench/RESULTS.md, replacing that script's section.

Usage: SCRIPT_OUTPUT | bench/record_results.py SECTION "COMMAND"
The section is delimited by <!-- SECTION --> and <!-- /SECTION --> and gets the date, the commit,
the command and the output verbatim, so every figure in RESULTS.md says what produced it.
"""
import datetime
import os
import re
import subprocess
import sys

section, command = sys.argv[1], sys.argv[2]
output = sys.stdin.read()
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
path = os.path.join(root, "bench", "RESULTS.md")
commit = subprocess.run(["git", "-C", root, "describe", "--always", "--dirty"],
                        capture_output=True, text=True).stdout.strip() or "unknown"
stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
body = (f"<!-- {section} -->\n`{command}` at {commit}, {stamp}:\n\n```\n{output.rstrip()}\n```\n"
        f"<!-- /{section} -->")
text = open(path, encoding="utf-8").read() if os.path.exists(path) else "# Benchmark results\n"
pattern = re.compile(rf"<!-- {re.escape(section)} -->.*?<!-- /{re.escape(section)} -->", re.S)
text = pattern.sub(lambda _: body, text) if pattern.search(text) else text.rstrip() + "\n\n" + body + "\n"
open(path, "w", encoding="utf-8").write(text)
print(f"bench: recorded in {path} ({section})", file=sys.stderr)
