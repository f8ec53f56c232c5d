"""Mnemo's study folders from Python: the records as numpy arrays, the trained networks in PyTorch.

Reading records needs numpy only; the network needs torch (Debian 12: ``apt-get install
python3-numpy python3-torch``, run with ``/usr/bin/python3``). Nothing else is required: the
safetensors reader is part of this file.

Records of every paradigm, as the report sees them::

    import mnemo
    study, records = mnemo.load_study("studies/demo")
    rec = records["supervised"]["recognition"]       # uint8 [N, T+1, M, K]
    p = rec.mean(axis=(0, 2))                        # p_t(x) over runs and augmentations: [T+1, K]
    print(study["config"]["models"], records["supervised"]["seeds"], p[-1].mean())

A trained network, loaded strictly, in eval mode, with the input it expects::

    import torch
    net = mnemo.load_network("studies/demo/runs/simclr/seed-0")          # or .../model.safetensors
    early = mnemo.load_network("studies/demo/runs/simclr/seed-0", epoch=10)   # a --keep-models snapshot
    x = mnemo.prepare_images(images_uint8_nchw, "studies/demo", "simclr")  # float32 [B, C, H, W]
    with torch.no_grad():
        z = net(torch.from_numpy(x))                  # [B, d]; net.features(...) gives [B, 8W]

Any tensor file::

    tensors = mnemo.read_safetensors("model.safetensors")   # {name: numpy array}
"""

import json
import os
import struct

import numpy as np

try:
    import torch
    from torch import nn
except ImportError:  # records and safetensors still read with numpy alone
    torch = None

__all__ = [
    "read_safetensors", "read_study_json", "load_study", "normalization", "prepare_images",
    "snapshot_epochs", "load_network", "ResNet18",
]

_SAFETENSORS_DTYPES = {
    "F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4", "I16": "<i2",
    "I8": "i1", "U8": "u1", "U16": "<u2", "U32": "<u4", "U64": "<u8", "BOOL": "?",
}


def read_safetensors(path):
    """Reads a .safetensors file into {name: numpy array} (each its own aligned, writable copy in
    native byte order; BF16, which numpy lacks, widened to float32). __metadata__ is not returned."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ValueError(f"{path}: too short for a safetensors file")
    (header_len,) = struct.unpack("<Q", data[:8])
    if header_len > len(data) - 8:
        raise ValueError(f"{path}: header length {header_len} exceeds the file ({len(data)} bytes)")
    header = json.loads(bytes(data[8:8 + header_len]).decode("utf-8"))
    body = memoryview(data)[8 + header_len:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        shape = tuple(entry["shape"])
        dtype = entry["dtype"]
        if not 0 <= begin <= end <= len(body):
            raise ValueError(f"{path}: {name} lies outside the file ({begin}..{end} of {len(body)} bytes)")
        raw = body[begin:end]
        if dtype == "BF16":
            bits = np.frombuffer(raw, dtype="<u2").astype("<u4") << 16
            array = bits.view("<f4")
        elif dtype in _SAFETENSORS_DTYPES:
            array = np.frombuffer(raw, dtype=_SAFETENSORS_DTYPES[dtype])
        else:
            raise ValueError(f"{path}: {name} has dtype {dtype}, which this reader does not know")
        count = int(np.prod(shape, dtype=np.int64))
        if array.size != count:
            raise ValueError(f"{path}: {name} holds {array.size} values, its shape {list(shape)} needs {count}")
        # A copy: the file's tensors need not be aligned (safetensors does not require it) and
        # frombuffer's arrays are read-only views of the file's bytes.
        tensors[name] = array.reshape(shape).astype(array.dtype.newbyteorder("="))
    return tensors


def read_study_json(study_dir):
    """study.json as a dict: "config" (the resolved settings), "image_shape" [C, H, W],
    "eval_indices", "eval_labels", "class_names", "normalize_mean", "normalize_std", ...

    Each paradigm's settings are under config["settings"][paradigm], enums as words
    ("optimizer": "sgd" or "adam", "augmentation": "none", "crop-flip" or "simclr", "head":
    "linear" or "mlp"); SimCLR's evaluation batch B is settings["simclr"]["eval_batch"]. A study
    made before that moved there (a top-level "simclr_eval_batch") is read as Mnemo reads it."""
    path = os.path.join(study_dir, "study.json")
    if not os.path.isfile(path):
        raise FileNotFoundError(f"{study_dir}: not a study folder (no study.json)")
    with open(path, encoding="utf-8") as f:
        study = json.load(f)
    config = study["config"]
    legacy = config.pop("simclr_eval_batch", None)
    simclr = config.get("settings", {}).get("simclr")
    if legacy is not None and simclr is not None and simclr.get("eval_batch") is None:
        simclr["eval_batch"] = legacy
    return study


def _read_run_status(run_dir):
    path = os.path.join(run_dir, "run.json")
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def load_study(study_dir):
    """Reads a study folder: returns (study, records).

    study is study.json as a dict (its settings under study["config"]). records maps each paradigm
    with at least one recorded run to a dict:

    - one array per record file of the runs, named by the file: "recognition" (uint8),
      "margins" and "confidence" (float16), and where the paradigm writes them "recognition_reverse",
      "margins_reverse", "confidence_reverse" (SimCLR), or any other [T+1, M, K] record;
      each stacked over runs as [N, T+1, M, K];
    - "seeds": the seed of each row of those arrays; "epochs": T;
    - "runs": every run the study plans, as dicts with "seed", "epochs_recorded" (None: no records
      yet), "complete", "state" (from run.json: pending, running, stopped, done, failed) and
      "used" (whether it is in the arrays).

    Unfinished runs are handled as the report handles them: while two or more runs of a paradigm
    have all their epochs, only those are stacked; otherwise every recorded run is, cut to the
    epochs they all have (T is then below the planned epochs).
    """
    study = read_study_json(study_dir)
    config = study["config"]
    m, k = config["augmentations"], config["eval_size"]
    records = {}
    for paradigm in config["paradigms"]:
        planned = config["settings"][paradigm]["epochs"]
        runs, recorded = [], {}
        for seed in range(config["models"]):
            run_dir = os.path.join(study_dir, "runs", paradigm, f"seed-{seed}")
            status = _read_run_status(run_dir)
            arrays = _read_run_records(run_dir, m, k, planned)
            epochs = arrays["recognition"].shape[0] - 1 if "recognition" in arrays else None
            runs.append({
                "seed": seed, "epochs_recorded": epochs, "complete": epochs == planned,
                "state": status.get("state") if status else None, "used": False,
            })
            if epochs is not None:
                recorded[seed] = arrays
        if not recorded:
            continue
        complete = [r["seed"] for r in runs if r["complete"]]
        seeds = complete if len(complete) >= 2 else sorted(recorded)
        rows = min(recorded[s]["recognition"].shape[0] for s in seeds)
        # A record file that some used runs lack (written by a newer Mnemo, say) is left out.
        names = set.intersection(*(set(recorded[s]) for s in seeds))
        entry = {name: np.stack([recorded[s][name][:rows] for s in seeds]) for name in sorted(names)}
        entry.update(seeds=seeds, epochs=rows - 1, runs=runs)
        for r in runs:
            r["used"] = r["seed"] in seeds
        records[paradigm] = entry
    if not records:
        raise FileNotFoundError(f"{study_dir}: no run has recognition records yet (runs/<paradigm>/seed-<k>/recognition.npy)")
    return study, records


def _read_run_records(run_dir, m, k, planned):
    """Every .npy record of shape [t+1, M, K] in a run folder (t <= planned), by file stem."""
    arrays = {}
    if not os.path.isdir(run_dir):
        return arrays
    for name in sorted(os.listdir(run_dir)):
        if not name.endswith(".npy"):
            continue
        path = os.path.join(run_dir, name)
        array = np.load(path)
        if array.ndim == 3 and array.shape[1:] == (m, k):
            if not 1 <= array.shape[0] <= planned + 1:
                raise ValueError(f"{path}: {array.shape[0]} epochs recorded, the study plans {planned} (+1 for the initialisation)")
            arrays[name[:-4]] = array
    if "recognition" in arrays:
        # Files are rewritten one after the other after each epoch: a run read mid-write may
        # have one record an epoch ahead of the others.
        rows = min(a.shape[0] for a in arrays.values())
        arrays = {n: a[:rows] for n, a in arrays.items()}
    return arrays


def normalization(study, paradigm):
    """(mean, std) as float32 arrays [C] when the paradigm's networks read normalised pixels
    (the crop-flip recipes: supervised, random-labels-aug), else None (simclr, random-labels:
    pixels in [0, 1]). study: a study folder or the dict read_study_json returns."""
    if isinstance(study, (str, os.PathLike)):
        study = read_study_json(study)
    settings = study["config"]["settings"][paradigm]
    if not settings.get("normalize", False):
        return None
    return (np.asarray(study["normalize_mean"], dtype=np.float32),
            np.asarray(study["normalize_std"], dtype=np.float32))


def prepare_images(images, study, paradigm):
    """What a paradigm's network reads: images as uint8 [B, C, H, W] (0..255) or floats in [0, 1],
    returned as float32 [B, C, H, W], normalised per channel where the paradigm normalises."""
    x = np.asarray(images)
    x = x.astype(np.float32) / 255.0 if x.dtype == np.uint8 else x.astype(np.float32)
    if x.ndim != 4:
        raise ValueError(f"images must be [B, C, H, W], got shape {x.shape}")
    norm = normalization(study, paradigm)
    if norm is not None:
        mean, std = norm
        x = (x - mean.reshape(1, -1, 1, 1)) / std.reshape(1, -1, 1, 1)
    return x


def _find_study(path):
    """The study folder above a run folder or a file inside one, and the parts of path below it."""
    here = os.path.abspath(path)
    parts = []
    while True:
        if os.path.isfile(os.path.join(here, "study.json")):
            return here, parts
        parent = os.path.dirname(here)
        if parent == here:
            raise FileNotFoundError(f"{path}: no study.json above it; pass study_dir= and paradigm=")
        parts.insert(0, os.path.basename(here))
        here = parent


def snapshot_epochs(run_dir):
    """The epochs after which a run kept its network (a study run with --keep-models E:
    runs/<paradigm>/seed-<k>/models/epoch-<t>.safetensors), ascending."""
    folder = os.path.join(run_dir, "models")
    if not os.path.isdir(folder):
        return []
    epochs = []
    for name in os.listdir(folder):
        stem = name[len("epoch-"):-len(".safetensors")]
        if name.startswith("epoch-") and name.endswith(".safetensors") and stem.isdigit():
            epochs.append(int(stem))
    return sorted(epochs)


def load_network(path, study_dir=None, paradigm=None, weights="model.safetensors", epoch=None):
    """A trained Mnemo ResNet-18, its weights loaded strictly, in eval mode, on the CPU.

    path: a run folder (runs/<paradigm>/seed-<k>; its `weights` file is read, or with epoch=t its
    snapshot models/epoch-<t>.safetensors) or a .safetensors file (a final model or a snapshot).
    The architecture comes from study.json: image_shape[0] input channels, config.width, and the
    paradigm's output_dim and head; the study folder and the paradigm are found from the path
    (runs/<paradigm>/...) unless given."""
    if torch is None:
        raise ImportError("load_network needs PyTorch (Debian: apt-get install python3-torch)")
    if epoch is not None:
        if not os.path.isdir(path):
            raise ValueError(f"{path}: epoch= needs a run folder (runs/<paradigm>/seed-<k>)")
        kept = snapshot_epochs(path)
        if epoch not in kept:
            raise FileNotFoundError(f"{path}: no snapshot after epoch {epoch} "
                                    f"({'it has ' + ', '.join(map(str, kept)) if kept else 'the study was run without --keep-models'})")
        weights = os.path.join("models", f"epoch-{epoch}.safetensors")
    file = os.path.join(path, weights) if os.path.isdir(path) else path
    if study_dir is None:
        study_dir, parts = _find_study(path)
    else:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(study_dir))
        parts = [] if rel.split(os.sep)[0] == os.pardir else rel.split(os.sep)
    if paradigm is None:
        if len(parts) < 2 or parts[0] != "runs":
            raise ValueError(f"{path}: not under <study>/runs/<paradigm>/; pass paradigm=")
        paradigm = parts[1]
    study = read_study_json(study_dir)
    config = study["config"]
    if paradigm not in config["settings"]:
        raise ValueError(f"{study_dir}: the study has no paradigm '{paradigm}' (it has {', '.join(config['settings'])})")
    settings = config["settings"][paradigm]
    net = ResNet18(study["image_shape"][0], settings["output_dim"], width=config.get("width", 64),
                   head=settings.get("head", "linear"))
    state = {name: torch.from_numpy(array) for name, array in read_safetensors(file).items()}
    net.load_state_dict(state, strict=True)
    return net.eval()


if torch is not None:
    class BasicBlock(nn.Module):
        """Two 3x3 convolutions with BatchNorm; the shortcut is a 1x1 convolution with BatchNorm
        where the stride or the width changes, else the identity."""

        def __init__(self, in_planes, planes, stride):
            super().__init__()
            self.conv1 = nn.Conv2d(in_planes, planes, 3, stride=stride, padding=1, bias=False)
            self.bn1 = nn.BatchNorm2d(planes)
            self.conv2 = nn.Conv2d(planes, planes, 3, stride=1, padding=1, bias=False)
            self.bn2 = nn.BatchNorm2d(planes)
            self.shortcut = None
            if stride != 1 or in_planes != planes:
                self.shortcut = nn.Sequential(nn.Conv2d(in_planes, planes, 1, stride=stride, bias=False),
                                              nn.BatchNorm2d(planes))

        def forward(self, x):
            y = self.bn2(self.conv2(torch.relu(self.bn1(self.conv1(x)))))
            return torch.relu(y + (x if self.shortcut is None else self.shortcut(x)))

    class ResNet18(nn.Module):
        """Mnemo's CIFAR ResNet-18 (src/Mnemo/Models/ResNet18.cs), parameter for parameter: a 3x3
        stride-1 stem without max-pool, BasicBlocks [2, 2, 2, 2] of widths W, 2W, 4W, 8W, global
        average pooling, and a head 8W -> d: "linear", or "mlp" (8W -> 8W -> ReLU -> d)."""

        def __init__(self, in_channels, output_dim, width=64, head="linear"):
            super().__init__()
            self.feature_dim = 8 * width
            self.conv1 = nn.Conv2d(in_channels, width, 3, stride=1, padding=1, bias=False)
            self.bn1 = nn.BatchNorm2d(width)
            self.layer1 = self._stage(width, width, 1)
            self.layer2 = self._stage(width, 2 * width, 2)
            self.layer3 = self._stage(2 * width, 4 * width, 2)
            self.layer4 = self._stage(4 * width, 8 * width, 2)
            if head == "linear":
                self.fc = nn.Linear(self.feature_dim, output_dim)
            elif head == "mlp":
                self.fc = nn.Sequential(nn.Linear(self.feature_dim, self.feature_dim), nn.ReLU(),
                                        nn.Linear(self.feature_dim, output_dim))
            else:
                raise ValueError(f"unknown head '{head}' (use linear or mlp)")

        @staticmethod
        def _stage(in_planes, planes, stride):
            return nn.Sequential(BasicBlock(in_planes, planes, stride), BasicBlock(planes, planes, 1))

        def stage_output(self, x, stage):
            """Output of ResNet stage 1..4: [B, W * 2^(stage-1), H', W']."""
            x = torch.relu(self.bn1(self.conv1(x)))
            for layer in (self.layer1, self.layer2, self.layer3, self.layer4)[:stage]:
                x = layer(x)
            return x

        def features(self, x):
            """Penultimate features: [B, 8W]."""
            return torch.flatten(nn.functional.adaptive_avg_pool2d(self.stage_output(x, 4), 1), 1)

        def forward(self, x):
            """Logits or embeddings: [B, d]."""
            return self.fc(self.features(x))
else:
    def ResNet18(*args, **kwargs):
        raise ImportError("mnemo.ResNet18 needs PyTorch (Debian: apt-get install python3-torch)")
