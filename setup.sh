#!/usr/bin/env bash
# Installs what Mnemo needs on Debian 12 and builds it. Safe to run again: it skips what is done.
#   - Fashion-MNIST from Debian's dataset-fashion-mnist package (the default study's data)
#   - the .NET build of the CLI (Release), which also patches TorchSharp's native library for Debian 12
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ! -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
  echo "setup: installing Fashion-MNIST (apt-get install dataset-fashion-mnist)" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >/dev/null
fi

if ! command -v dotnet >/dev/null; then
  echo "setup: the .NET 10 SDK is required (https://dotnet.microsoft.com/download)" >&2
  exit 1
fi

if [ "${1:-}" != "--data-only" ]; then
  dotnet build "$root/src/Mnemo.Cli/Mnemo.Cli.csproj" -c Release -nologo -v:q -clp:ErrorsOnly >&2
fi
