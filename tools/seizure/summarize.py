#!/usr/bin/python3
"""Totals of `neurort score --json` reports over several recordings, as SzCORE sums a dataset: counts and durations
summed before the rates are computed. Also the delay to the alarm being raised (the alarm log's `confirmed` minus
the seizure's onset), which the SzCORE delay (first alarm instant, i.e. the alarm's `onset`) does not show.

    /usr/bin/python3 tools/seizure/summarize.py --label NAME REPORT.json[:ALARMS.jsonl] ...
"""
import argparse
import json
import statistics


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--label", default="total")
    parser.add_argument("--json", help="also write the totals here")
    parser.add_argument("reports", nargs="+", help="REPORT.json, or REPORT.json:ALARMS.jsonl for the confirmation delays")
    a = parser.parse_args()
    ref = tp = fp = 0
    seconds = 0.0
    delays, raised = [], []
    for item in a.reports:
        report_path, _, alarms_path = item.partition(":")
        with open(report_path) as f:
            e = json.load(f)["event"]
        ref += e["referenceEvents"]
        tp += e["truePositives"]
        fp += e["falsePositives"]
        seconds += e["scoredSeconds"]
        alarms = []
        if alarms_path:
            with open(alarms_path) as f:
                alarms = [x for x in map(json.loads, f) if x["event"] == "alarm"]
        for s in e["seizures"]:
            if not s["detected"]:
                continue
            delays.append(s["delay"])
            # The first alarm raised within the seizure's SzCORE window [onset - 30 s, offset + 60 s].
            confirmed = [x["confirmed"] for x in alarms if s["onset"] - 30 <= x["confirmed"] <= s["offset"] + 60]
            if confirmed:
                raised.append(min(confirmed) - s["onset"])
    sens = tp / ref if ref else None
    prec = tp / (tp + fp) if tp + fp else None
    f1 = 2 * sens * prec / (sens + prec) if sens is not None and prec is not None and sens + prec > 0 else (0.0 if sens == 0 and prec == 0 else None)
    totals = {"label": a.label, "recordings": len(a.reports), "hours": seconds / 3600, "seizures": ref, "detected": tp,
              "false_alarms": fp, "sensitivity": sens, "precision": prec, "f1": f1,
              "false_alarms_per_24h": fp / seconds * 86400 if seconds else None,
              "false_alarms_per_hour": fp / seconds * 3600 if seconds else None,
              "median_delay_s": statistics.median(delays) if delays else None,
              "median_delay_to_alarm_raised_s": statistics.median(raised) if raised else None}

    def pct(v):
        return "n/a" if v is None else f"{100 * v:.1f}%"

    def num(v, unit=""):
        return "n/a" if v is None else f"{v:+.2f}{unit}" if unit == " s" else f"{v:.2f}{unit}"

    print(f"{a.label}: {len(a.reports)} recording(s), {seconds / 3600:.3f} h, {ref} seizure(s), {tp} detected, {fp} false alarm(s)")
    if ref:
        print(f"  sensitivity {pct(sens)}, precision {pct(prec)}, F1 {pct(f1)}, FA/24h {num(totals['false_alarms_per_24h'])}, "
              f"median delay {num(totals['median_delay_s'], ' s')} (SzCORE: first alarm instant - onset), "
              f"to the alarm being raised {num(totals['median_delay_to_alarm_raised_s'], ' s')}")
    else:
        print(f"  false alarms per hour {num(totals['false_alarms_per_hour'])} (FA/24h {num(totals['false_alarms_per_24h'])})")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(totals, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
