#!/usr/bin/env python3
"""Adds or updates UI strings in the three resource files at once, keeping them sorted and in step.

    scripts/strings.py add KEY "简体中文" "繁體中文" "English"
    scripts/strings.py import FILE.tsv      # lines: KEY<TAB>zh-CN<TAB>zh-TW<TAB>en
    scripts/strings.py check                # exit 1 if the files disagree on keys
"""
import os
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "Tiaodu.Web", "Resources")
FILES = {"zh-CN": "SharedResource.resx", "zh-TW": "SharedResource.zh-TW.resx", "en": "SharedResource.en.resx"}
HEADER = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
"""


def load(name):
    path = os.path.join(ROOT, name)
    if not os.path.exists(path):
        return {}
    return {d.get("name"): (d.findtext("value") or "") for d in ET.parse(path).getroot().findall("data")}


def save(name, strings):
    def esc(s):
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    os.makedirs(ROOT, exist_ok=True)
    with open(os.path.join(ROOT, name), "w", encoding="utf-8", newline="\n") as f:
        f.write(HEADER)
        for key in sorted(strings):
            f.write(f'  <data name="{esc(key)}" xml:space="preserve"><value>{esc(strings[key])}</value></data>\n')
        f.write("</root>\n")


def put(rows):
    tables = {c: load(n) for c, n in FILES.items()}
    for key, *values in rows:
        for culture, value in zip(FILES, values):
            tables[culture][key] = value
    for culture, name in FILES.items():
        save(name, tables[culture])


def main(argv):
    if len(argv) >= 2 and argv[1] == "add" and len(argv) == 6:
        put([argv[2:6]])
    elif len(argv) == 3 and argv[1] == "import":
        with open(argv[2], encoding="utf-8") as f:
            put([line.rstrip("\n").split("\t") for line in f if line.strip() and not line.startswith("#")])
    elif len(argv) == 2 and argv[1] == "check":
        keys = {c: set(load(n)) for c, n in FILES.items()}
        base = keys["zh-CN"]
        bad = {c: sorted(base ^ k) for c, k in keys.items() if k != base}
        if bad:
            print("resource files disagree:", bad)
            return 1
        print(f"{len(base)} strings in step")
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
