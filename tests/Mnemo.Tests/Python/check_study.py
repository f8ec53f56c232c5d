"""What python/mnemo.py makes of a study, written for PythonModuleTests to compare with Mnemo's own.

usage: check_study.py STUDY OUT [--no-torch]
  OUT/<paradigm>.<record>.npy       load_study's arrays [N, T+1, M, K]
  OUT/summary.json                  load_study's seeds, epochs and runs; whether torch was there
  OUT/<paradigm>.seed-<k>.<final|epoch-t>.logits.npy
                                    the network's output on OUT/images.npy (uint8 [B, C, H, W]),
                                    through prepare_images, for the final model and every snapshot
--no-torch hides torch from mnemo, as on a machine with numpy only; then no logits are written.
"""
import json
import os
import sys

study_dir, out = sys.argv[1], sys.argv[2]
no_torch = "--no-torch" in sys.argv[3:]
if no_torch:
    sys.modules["torch"] = None  # makes `import torch` fail
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402
import mnemo  # noqa: E402

study, records = mnemo.load_study(study_dir)
summary = {"torch": mnemo.torch is not None, "paradigms": {}}
for paradigm, entry in records.items():
    for name, value in entry.items():
        if isinstance(value, np.ndarray):
            np.save(os.path.join(out, f"{paradigm}.{name}.npy"), value)
    summary["paradigms"][paradigm] = {"seeds": entry["seeds"], "epochs": entry["epochs"], "runs": entry["runs"]}

if not no_torch:
    import torch

    images = np.load(os.path.join(out, "images.npy"))
    for paradigm, entry in records.items():
        x = torch.from_numpy(mnemo.prepare_images(images, study_dir, paradigm))
        for seed in entry["seeds"]:
            run = os.path.join(study_dir, "runs", paradigm, f"seed-{seed}")
            for epoch in [None] + mnemo.snapshot_epochs(run):
                net = mnemo.load_network(run, epoch=epoch)
                with torch.no_grad():
                    y = net(x).numpy()
                which = "final" if epoch is None else f"epoch-{epoch}"
                np.save(os.path.join(out, f"{paradigm}.seed-{seed}.{which}.logits.npy"), y)

with open(os.path.join(out, "summary.json"), "w", encoding="utf-8") as f:
    json.dump(summary, f)
