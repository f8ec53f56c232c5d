#!/usr/bin/env python3
"""Prints every failed test of the TRX files given, with its message and the top of its stack trace.

CI shows only the tail of its output; this puts the failures there."""
import sys
import xml.etree.ElementTree as ET

ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
failed = 0
for path in sys.argv[1:]:
    for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", ns):
        if result.get("outcome") != "Failed":
            continue
        failed += 1
        print(f"FAILED {result.get('testName')} [{result.get('duration')}]")
        message = result.findtext(".//t:ErrorInfo/t:Message", default="", namespaces=ns).strip()
        stack = result.findtext(".//t:ErrorInfo/t:StackTrace", default="", namespaces=ns).strip()
        print("  " + message[:3000].replace("\n", "\n  "))
        print("  " + "\n  ".join(stack.splitlines()[:12]))
        output = result.findtext(".//t:Output/t:StdOut", default="", namespaces=ns).strip()
        if output:
            print("  output (last 40 lines):")
            print("    " + "\n    ".join(output.splitlines()[-40:]))
print(f"{failed} failed test(s)")
