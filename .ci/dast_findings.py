"""Read wapiti's JSON report: print every finding and exit 1 if there is one.

Usage: dast_findings.py REPORT.json

A finding is a vulnerability or an anomaly (a 500 answer, a timeout) of any category. Wapiti's
"additionals" (information such as the technologies it recognised) are printed, not counted.
"""

import json
import sys


def main(path: str) -> int:
    with open(path, encoding="utf-8") as f:
        report = json.load(f)
    found = 0
    for section in ("vulnerabilities", "anomalies"):
        for category, items in sorted(report.get(section, {}).items()):
            for item in items:
                found += 1
                where = f"{item.get('method', '')} {item.get('path', '')}".strip()
                print(f"{section[:-1]}: {category}: {where} {item.get('parameter', '')}")
                print(f"    {item.get('info', '')}")
    for category, items in sorted(report.get("additionals", {}).items()):
        for item in items:
            print(f"note: {category}: {item.get('info', '')}")
    info = report.get("infos", {})
    crawled = len(report.get("infos", {}).get("crawled_pages", [])) or info.get("crawled_pages_nbr")
    print(f"wapiti {info.get('version', '')}: {crawled} pages crawled, {found} findings")
    if not crawled:
        print("FAILED: wapiti crawled nothing, so it tested nothing", file=sys.stderr)
        return 1
    return 1 if found else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
