#!/usr/bin/env bash
# Installs what Mnemo needs on Debian 12 and builds it. Safe to run again: it skips what is done.
#   - Fashion-MNIST from Debian's dataset-fashion-mnist package (the default study's data)
#   - tcmalloc from Debian's libtcmalloc-minimal4 (the mnemo script preloads it: level memory, cheaper allocations)
#   - the .NET build of the CLI (Release), which also patches TorchSharp's native library for Debian 12
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] || missing+=(dataset-fashion-mnist)
[ -e /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 ] || [ "$(uname -m)" != x86_64 ] || missing+=(libtcmalloc-minimal4)
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]} (apt-get install)" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null; then
  echo "setup: the .NET 10 SDK is required (https://dotnet.microsoft.com/download)" >&2
  exit 1
fi

if [ "${1:-}" != "--data-only" ]; then
  dotnet build "$root/src/Mnemo.Cli/Mnemo.Cli.csproj" -c Release -nologo -v:q -clp:ErrorsOnly >&2
fi
