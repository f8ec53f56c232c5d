"""The PyTorch side of `mnemo bench --pytorch`: the same steps on the same CIFAR ResNet-18 (mnemo.py's copy
of Mnemo's layout), the same batch, input and thread count, timed as Mnemo times its own.

    /usr/bin/python3 python/bench_pytorch.py --threads 2 --seconds 3 --cases cases.json

cases.json: a list of {"name", "step": "train" | "eval" | "simclr", "channels", "size", "width", "output_dim",
"batch"}. Prints one JSON object {name: images per second}. Mnemo starts this once per round and
alternates rounds with its own, so both sides meet the same noise of a shared machine.
"""

import argparse
import json
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mnemo  # noqa: E402


def rate(seconds, images, step):
    """Images per second of step(), run until `seconds` have passed after one warm-up call (at least 2 calls)."""
    step()
    start = time.perf_counter()
    calls = 0
    while time.perf_counter() - start < seconds or calls < 2:
        step()
        calls += 1
    return calls * images / (time.perf_counter() - start)


def nt_xent(z, temperature):
    # z: [2B, d], rows i and B + i the two views of image i; as Mnemo's SimClr.NtXent.
    b = z.shape[0] // 2
    z = F.normalize(z, dim=1)
    logits = z @ z.t() / temperature
    logits = logits.masked_fill(torch.eye(2 * b, dtype=torch.bool), float("-inf"))
    positives = torch.cat([torch.arange(b, 2 * b), torch.arange(0, b)])
    return F.cross_entropy(logits, positives), (logits.argmax(1) == positives).sum()


def measure(case, seconds):
    torch.manual_seed(0)
    model = mnemo.ResNet18(case["channels"], case["output_dim"], width=case["width"])
    b, c, s = case["batch"], case["channels"], case["size"]
    x = torch.randn(b, c, s, s)
    if case["step"] == "train":
        y = torch.randint(0, case["output_dim"], (b,))
        opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
        model.train()

        def step():
            # As Mnemo's training step: the loss, the batch's correct count, one read of the loss.
            opt.zero_grad()
            logits = model(x)
            loss = F.cross_entropy(logits, y)
            (logits.argmax(1) == y).sum().item()
            loss.backward()
            opt.step()
            loss.item()
        return rate(seconds, b, step)
    if case["step"] == "simclr":
        x2 = torch.randn(b, c, s, s)
        opt = torch.optim.Adam(model.parameters(), lr=0.01, weight_decay=1e-4)
        model.train()

        def step():
            opt.zero_grad()
            loss, correct = nt_xent(model(torch.cat([x, x2])), 0.07)
            correct.item()
            loss.backward()
            opt.step()
            loss.item()
        return rate(seconds, b, step)
    model.eval()

    def step():
        with torch.no_grad():
            model(x).sum().item()
    return rate(seconds, b, step)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--cases", required=True)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    with open(args.cases) as f:
        cases = json.load(f)
    print(json.dumps({case["name"]: measure(case, args.seconds) for case in cases}))


if __name__ == "__main__":
    main()
