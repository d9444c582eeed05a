"""Compare every experiment's resolved config before and after a rewrite of nbs/experiments/.

Usage: python tools/compare_resolved_configs.py [REF]    (REF: the git ref of "before", default main)

"Before" is each YAML of REF resolved by REF's own panoadapt.config (in a subprocess, from a `git archive`
of REF); "after" is the same experiment resolved by the working tree. The run folder is compared as the
command line's `panoadapt run <name>` named it before (`<name>-seed<seed>`). Prints one line per
experiment and exits 1 when any key differs beyond the differences listed as intended.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INTENDED = {
    "experiment": "new key: the experiment a config belongs to",
    "manifest": "QuIC-360 plan rows now select the published subset (issue 12.1)",
}
DUMP_BEFORE = """
import json, sys
from panoadapt.config import resolve_config
from panoadapt.experiments import experiment_names
out = {}
for name in experiment_names():
    values = resolve_config(name).to_dict()
    values["run_name"] = f"{name}-seed{values['seed']}"   # the folder `panoadapt run <name>` used
    out[name] = values
json.dump(out, sys.stdout)
"""


def resolved_before(ref: str) -> dict:
    "Each experiment of `ref` resolved by `ref`'s own code."
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "panoadapt", "nbs/experiments"],
                             capture_output=True, check=True).stdout
    with tempfile.TemporaryDirectory() as folder:
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        environment = {**os.environ, "PYTHONPATH": folder,
                       "PANOADAPT_EXPERIMENTS": str(Path(folder) / "nbs" / "experiments")}
        done = subprocess.run([sys.executable, "-c", DUMP_BEFORE], capture_output=True, text=True,
                              env=environment, cwd=folder, check=True)
    return json.loads(done.stdout)


def resolved_after() -> dict:
    "Each experiment of the working tree resolved by the working tree's code."
    sys.path.insert(0, str(ROOT))
    from panoadapt.config import resolve_config
    from panoadapt.experiments import experiment_names
    return {name: resolve_config(name).to_dict() for name in experiment_names()}


def main(ref: str = "main") -> int:
    "Print the comparison; 1 when a difference is not an intended one."
    before, after = resolved_before(ref), resolved_after()
    unexpected = 0
    if sorted(before) != sorted(after):
        print(f"experiments differ: only before {sorted(set(before) - set(after))}, "
              f"only after {sorted(set(after) - set(before))}")
        unexpected += 1
    for name in sorted(set(before) & set(after)):
        old, new = before[name], after[name]
        changed = {k: (old.get(k), new.get(k)) for k in sorted(set(old) | set(new)) if old.get(k) != new.get(k)}
        surprising = {k: v for k, v in changed.items() if k not in INTENDED}
        unexpected += bool(surprising)
        shown = ", ".join(f"{k}: {old!r} -> {new!r}" for k, (old, new) in changed.items())
        print(f"{'DIFFERS' if surprising else 'same   '} {name:32} {shown}")
    print(f"\n{len(after)} experiments; {unexpected} with differences beyond the intended ones "
          f"({'; '.join(f'{k}: {why}' for k, why in INTENDED.items())}).")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
